import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';

/** Join flow, applications queue, provisioning status, invitations (issue: onboarding). */
export const registerOnboardingRoutes = (_app: OpenAPIHono<AppEnv>, _deps: ApiDeps): void => {};
