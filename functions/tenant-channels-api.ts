import { awsRuntime, createDeps, lambdaHandler } from '@linli/adapters/aws';
import { createTenantApp } from '@linli/api';
import { handle } from 'hono/aws-lambda';

const deps = createDeps(awsRuntime());
const app = handle(createTenantApp(deps));

/**
 * The tenant API's channels function: the call-centre console (`/api/t/hotline/*`), SMS
 * (`/api/t/sms/*`), call events (`/api/t/calls`) and the inbound SMS webhook — the `channels` and
 * `channel-intake` route groups (infra/src/bundling.ts); every other group is stubbed out here.
 */
export const handler = lambdaHandler<Parameters<typeof app>[0], Awaited<ReturnType<typeof app>>>(
  async (event, context) => {
    await deps.flags?.service.ensureFresh();
    return app(event, context);
  },
);
