import { Errors } from '@linli/core';
import { Lifecycle, type OnboardingServices, onboardingServices } from '@linli/onboarding';
import type { ApiDeps } from '../deps.ts';
import { logger } from '../observability.ts';
import type { TenantDataJobs } from '../tenant-data-jobs.ts';

/** Suspend / resume only touch the registry (in-process); whole-tenant operations go to the jobs. */
class DelegatingLifecycle extends Lifecycle {
  constructor(
    deps: OnboardingServices['deps'],
    private readonly jobs: TenantDataJobs,
  ) {
    super(deps);
  }
  override offboard(...a: Parameters<Lifecycle['offboard']>) {
    return this.jobs.offboard(...a);
  }
  override erase(...a: Parameters<Lifecycle['erase']>) {
    return this.jobs.erase(...a);
  }
  override archive(...a: Parameters<Lifecycle['archive']>) {
    return this.jobs.archive(...a);
  }
}

const cache = new WeakMap<ApiDeps, OnboardingServices>();

/** One set of onboarding services per deps object, shared by the control and tenant apps. */
export const servicesOf = (deps: ApiDeps): OnboardingServices => {
  let s = cache.get(deps);
  if (!s) {
    if (!deps.onboarding)
      throw Errors.internal({ zh: '未配置开通服务', en: 'onboarding is not configured in this deployment' });
    s = onboardingServices(deps, { log: (msg, extra) => logger.warn(msg, extra), ...deps.onboarding });
    if (deps.tenantDataJobs) s = { ...s, lifecycle: new DelegatingLifecycle(s.deps, deps.tenantDataJobs) };
    cache.set(deps, s);
  }
  return s;
};
