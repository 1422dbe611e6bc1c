import type { ApiDeps, ImportRunner } from '@linli/api';
import { ContextResolver, type PoolTrust, TokenVerifier } from '@linli/auth';
import type { FlagRuntimeOptions } from '@linli/rollout';
import { TenantRegistry } from '@linli/tenancy';
import { flagRuntimeOf } from './flag-runtime.ts';
import type { ImportWorkerDeps } from './jobs.ts';

/**
 * What differs between AWS and the local platform: the clients, the trusted pools and the
 * adapters behind each port. `awsRuntime()` (`@linli/adapters/aws`) and `localRuntime()`
 * (`@linli/adapters/local`) each build one; {@link createDeps} turns either into the apps' deps.
 */
export interface AdapterRuntime
  extends Omit<ApiDeps, 'registry' | 'verifier' | 'resolver' | 'flags' | 'modulesFor' | 'importRunner'> {
  /** The user pools whose tokens the APIs accept. */
  readonly trust: readonly PoolTrust[];
  /** How long a resolved request context is reused. @default 30_000 */
  readonly contextCacheMs?: number;
  readonly flagOptions: FlagRuntimeOptions;
  /** The runner of background imports, given the worker's deps (absent: no background imports). */
  readonly importRunner?: (worker: () => ImportWorkerDeps) => ImportRunner;
  /** Chunks in flight and progress interval of the background import. */
  readonly importOptions?: Pick<ImportWorkerDeps, 'concurrency' | 'progressEveryMs'>;
}

/**
 * The one factory of the API dependencies: `functions/*` call it with `awsRuntime()`,
 * `packages/local` with `localRuntime(…)`. Registry, flags, token verification and context
 * resolution are assembled here the same way for both.
 */
export const createDeps = (
  runtime: AdapterRuntime,
): ApiDeps & { readonly worker?: () => ImportWorkerDeps } => {
  const {
    trust,
    contextCacheMs,
    flagOptions: _flagOptions,
    importRunner,
    importOptions: _importOptions,
    ...rest
  } = runtime;
  const registry = new TenantRegistry(runtime.doc, runtime.controlTable);
  const flags = flagRuntimeOf(runtime, registry);
  const worker = importWorkerOf(runtime, registry);
  return {
    ...rest,
    registry,
    verifier: new TokenVerifier(trust),
    resolver: new ContextResolver(registry, contextCacheMs),
    flags,
    modulesFor: (tenant) => flags.service.modulesFor(tenant),
    ...(worker ? { worker } : {}),
    ...(worker && importRunner ? { importRunner: importRunner(worker) } : {}),
  };
};

/**
 * The background import's deps (the import API runs it in-request, the worker function per job):
 * present when the runtime has the data keys and the upload store.
 */
export const importWorkerOf = (
  runtime: Pick<AdapterRuntime, 'stores' | 'keys' | 'importFiles' | 'importOptions'>,
  registry: TenantRegistry,
): (() => ImportWorkerDeps) | undefined => {
  const { keys, importFiles, importOptions } = runtime;
  return keys && importFiles
    ? () => ({ registry, stores: runtime.stores, keys, files: importFiles, ...importOptions })
    : undefined;
};
