import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '@linli/api/observability';
import { createFlagRuntime, type FlagRuntime } from '@linli/rollout';
import { TenantRegistry } from '@linli/tenancy';
import { flagsConfig } from './config.ts';

/**
 * The stored flags alone (the flag scheduler): the registry and the flag runtime on the control
 * table, without the API's token verification, tenant sessions, key service or notifier.
 */
export const awsFlags = (env: Record<string, string | undefined> = process.env): FlagRuntime => {
  const cfg = flagsConfig(env);
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: cfg.AWS_REGION }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return createFlagRuntime(doc, cfg.CONTROL_TABLE, new TenantRegistry(doc, cfg.CONTROL_TABLE), {
    refreshMs: cfg.FLAG_REFRESH_MS,
    threshold: cfg.FLAG_APPROVAL_THRESHOLD,
    log: (msg, extra) => logger.warn(msg, extra),
  });
};
