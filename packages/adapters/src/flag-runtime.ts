import { logger } from '@linli/api/observability';
import { createFlagRuntime, type FlagRuntime } from '@linli/rollout';
import type { TenantRegistry } from '@linli/tenancy';
import type { AdapterRuntime } from './create-deps.ts';

/**
 * The flag runtime of a process, as every function and the local platform build it: flags live in
 * this process's memory; the stored version is checked at most every `refreshMs`.
 */
export const flagRuntimeOf = (
  runtime: Pick<AdapterRuntime, 'doc' | 'controlTable' | 'flagOptions'>,
  registry: TenantRegistry,
): FlagRuntime =>
  createFlagRuntime(runtime.doc, runtime.controlTable, registry, {
    log: (msg, extra) => logger.warn(msg, extra),
    ...runtime.flagOptions,
  });
