import { logger } from '@linli/api/observability';
import { createFlagReader, createFlagRuntime, type FlagReader, type FlagRuntime } from '@linli/rollout';
import type { TenantRegistry } from '@linli/tenancy';
import type { AdapterRuntime } from './create-deps.ts';

/**
 * The flag runtime of a process, as every function and the local platform build it: flags live in
 * this process's memory; the stored version is checked at most every `refreshMs`.
 */
export const flagRuntimeOf = (
  runtime: Pick<AdapterRuntime, 'doc' | 'controlTable' | 'flagOptions'>,
  registry: TenantRegistry,
): FlagRuntime => createFlagRuntime(runtime.doc, runtime.controlTable, registry, optionsOf(runtime));

/** The same, read-only: the store and the service a scheduled function evaluates with. */
export const flagReaderOf = (
  runtime: Pick<AdapterRuntime, 'doc' | 'controlTable' | 'flagOptions'>,
): FlagReader => createFlagReader(runtime.doc, runtime.controlTable, optionsOf(runtime));

const optionsOf = (runtime: Pick<AdapterRuntime, 'flagOptions'>) => ({
  log: (msg: string, extra: Record<string, unknown>) => logger.warn(msg, extra),
  ...runtime.flagOptions,
});
