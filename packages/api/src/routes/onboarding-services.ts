import { Errors } from '@linli/core';
import { type OnboardingServices, onboardingServices } from '@linli/onboarding';
import type { ApiDeps } from '../deps.ts';

const cache = new WeakMap<ApiDeps, OnboardingServices>();

/** One set of onboarding services per deps object, shared by the control and tenant apps. */
export const servicesOf = (deps: ApiDeps): OnboardingServices => {
  let s = cache.get(deps);
  if (!s) {
    if (!deps.onboarding)
      throw Errors.internal({ zh: '未配置开通服务', en: 'onboarding is not configured in this deployment' });
    s = onboardingServices(deps, deps.onboarding);
    cache.set(deps, s);
  }
  return s;
};
