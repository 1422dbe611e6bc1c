import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '@linli/api/observability';
import { loadConfig } from '@linli/core';
import { createFlagRuntime, type FlagRuntime } from '@linli/rollout';
import { TenantRegistry } from '@linli/tenancy';
import { z } from 'zod';

const flagsConfig = z.object({
  AWS_REGION: z.string().min(1),
  CONTROL_TABLE: z.string().min(1),
  FLAG_REFRESH_MS: z.coerce.number().int().min(1_000).default(30_000),
  FLAG_APPROVAL_THRESHOLD: z.coerce.number().int().min(0).default(2),
});

/**
 * The stored flags alone (the flag scheduler): the registry and the flag runtime on the control
 * table, without the API's token verification, tenant sessions, key service or notifier.
 */
export const awsFlags = (env: Record<string, string | undefined> = process.env): FlagRuntime => {
  const cfg = loadConfig(flagsConfig, env);
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: cfg.AWS_REGION }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return createFlagRuntime(doc, cfg.CONTROL_TABLE, new TenantRegistry(doc, cfg.CONTROL_TABLE), {
    refreshMs: cfg.FLAG_REFRESH_MS,
    threshold: cfg.FLAG_APPROVAL_THRESHOLD,
    log: (msg, extra) => logger.warn(msg, extra),
  });
};
