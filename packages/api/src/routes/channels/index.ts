/**
 * The assisted channels (issue 13) on the tenant API, staff side: the call-centre console
 * (`/api/t/hotline/*`) and SMS (`/api/t/sms/*`), behind the usual JWT chain, `permit` and the
 * channel's module. The routes systems call with a key are in `intake.ts`. In AWS both are route
 * groups (`channels`, `channel-intake`) of the `tenant-channels-api` function.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { registerCallRoutes } from './calls.ts';
import { registerHotlineRoutes } from './hotline.ts';
import { registerChannelKeyRoutes } from './keys.ts';
import { registerSmsRoutes } from './sms.ts';

export const registerChannelRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  registerChannelKeyRoutes(app, deps);
  registerCallRoutes(app, deps);
  registerHotlineRoutes(app, deps);
  registerSmsRoutes(app, deps);
};
