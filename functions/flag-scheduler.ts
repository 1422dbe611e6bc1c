import { awsRuntime, createDeps } from '@linli/adapters/aws';

const deps = createDeps(awsRuntime());

/**
 * Scheduled (EventBridge rule, every minute): applies the flag changes whose time has come as a new
 * version. Request paths also apply them on their version check, so this only bounds the delay
 * when no request arrives.
 */
export const handler = async (): Promise<{ applied: boolean; version: number | undefined }> => {
  const change = await deps.flags?.service.applyDue();
  return { applied: change !== undefined, version: change?.version };
};
