import { awsRuntime, createDeps, lambdaHandler } from '@linli/adapters/aws';
import { createTenantApp } from '@linli/api';
import { handle } from 'hono/aws-lambda';

const deps = createDeps(awsRuntime());
const app = handle(createTenantApp(deps));

/**
 * The tenant app for Open311 GeoReport v2 (`/open311/*`, public routes of the tenant HTTP API):
 * bundled with the `open311` route group only. The district comes from the path's slug through
 * the registry, writes need a district-issued api_key; same role and scoped credentials.
 */
export const handler = lambdaHandler<Parameters<typeof app>[0], Awaited<ReturnType<typeof app>>>(
  async (event, context) => {
    await deps.flags?.service.ensureFresh();
    return app(event, context);
  },
);
