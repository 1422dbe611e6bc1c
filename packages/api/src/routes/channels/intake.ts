/**
 * The channel routes systems call without a user — the telephony system's call events and the SMS
 * provider's inbound webhook — authenticated by a district-issued key (the key names and proves
 * the district; never the body). The tenant app registers them before its JWT chain. In AWS a
 * route group of its own (`channel-intake`, infra/src/bundling.ts), served by `tenant-channels-api`.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { registerCallIntakeRoutes } from './calls.ts';
import { registerSmsInboundRoutes } from './sms-inbound.ts';

export const registerChannelIntakeRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openAPIRegistry.registerComponent('securitySchemes', 'channelKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'A district-issued channel key (`lcall.…` for call events), issued by the district admin',
  });
  registerCallIntakeRoutes(app, deps);
  registerSmsInboundRoutes(app, deps);
};
