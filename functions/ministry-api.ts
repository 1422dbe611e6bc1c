import { awsRuntime, createDeps, lambdaHandler } from '@linli/adapters/aws';
import { createControlApp } from '@linli/api';
import { handle } from 'hono/aws-lambda';

const deps = createDeps(awsRuntime());
const app = handle(createControlApp(deps));

/**
 * Lambda entry point of the ministry console's indicator API (`/api/ministry/indicators/*`): the
 * control app bundled with the `ministry` route group (infra/src/bundling.ts ROUTE_GROUPS), which
 * the control-api function leaves out. Aggregates in the control table only; no tenant-table access.
 */
export const handler = lambdaHandler<Parameters<typeof app>[0], Awaited<ReturnType<typeof app>>>(
  async (event, context) => {
    await deps.flags?.service.ensureFresh();
    return app(event, context);
  },
);
