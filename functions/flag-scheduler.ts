import { awsFlags } from '@linli/adapters/aws/flags';
import { lambdaHandler } from '@linli/adapters/aws/lambda';
import { logger } from '@linli/api/observability';

const flags = awsFlags();

/**
 * Scheduled (EventBridge rule, every minute): applies the flag changes whose time has come as a new
 * version. Request paths also apply them on their version check, so this only bounds the delay
 * when no request arrives.
 */
export const handler = lambdaHandler(async (): Promise<{ applied: boolean; version: number | undefined }> => {
  const change = await flags.service.applyDue();
  if (change) logger.info('flag changes applied', { version: change.version });
  return { applied: change !== undefined, version: change?.version };
});
