import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '@linli/api/observability';
import { loadConfig } from '@linli/core';
import { createFlagRuntime, type FlagRuntime } from '@linli/rollout';
import { TenantRegistry } from '@linli/tenancy';
import * as z from 'zod/mini';

const flagsConfig = z.object({
  AWS_REGION: z.string().check(z.minLength(1)),
  CONTROL_TABLE: z.string().check(z.minLength(1)),
  FLAG_REFRESH_MS: z._default(z.coerce.number().check(z.int(), z.gte(1_000)), 30_000),
  FLAG_APPROVAL_THRESHOLD: z._default(z.coerce.number().check(z.int(), z.gte(0)), 2),
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
