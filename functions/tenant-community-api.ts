import { awsRuntime, createDeps, lambdaHandler } from '@linli/adapters/aws';
import { createTenantApp } from '@linli/api';
import { handle } from 'hono/aws-lambda';

const deps = createDeps(awsRuntime());
const app = handle(createTenantApp(deps));

/**
 * Lambda entry point of community work on the tenant HTTP API (`/api/t/community/*`, `/api/t/resident/community/*`; route group `community`, infra/src/bundling.ts). Before each invocation the
 * in-memory flags are checked against the stored version — one GetItem at most every
 * FLAG_REFRESH_MS, usually none.
 */
export const handler = lambdaHandler<Parameters<typeof app>[0], Awaited<ReturnType<typeof app>>>(
  async (event, context) => {
    await deps.flags?.service.ensureFresh();
    return app(event, context);
  },
);
