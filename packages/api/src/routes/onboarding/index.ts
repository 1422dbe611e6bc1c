import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { registerJoinRoutes } from './join.ts';
import { registerOnboardingMinistryRoutes } from './ministry.ts';

/**
 * Join flow (public), applications queue and approval policy, provisioning status and retry,
 * tenant lifecycle (suspend / resume / offboard / erase), invitation acceptance, archive download.
 */
export const registerOnboardingRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  if (!deps.onboarding) return;
  registerJoinRoutes(app, deps);
  registerOnboardingMinistryRoutes(app, deps);
};
