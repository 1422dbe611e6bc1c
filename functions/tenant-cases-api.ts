import { awsRuntime, createDeps, lambdaHandler } from '@linli/adapters/aws';
import { awsMaterials } from '@linli/adapters/aws/materials';
import { createTenantApp } from '@linli/api';
import { handle } from 'hono/aws-lambda';

// Materials are uploaded with the same signed-upload design as imports (S3 presigned POST).
const deps = createDeps(awsRuntime({ extend: [awsMaterials] }));
const app = handle(createTenantApp(deps));

/**
 * Lambda entry point of the request lifecycle (办件) on the tenant HTTP API: `/api/t/cases*`,
 * `/api/t/materials`, the resident's cases, materials, messages and prefill (route group `cases`,
 * infra/src/bundling.ts). Same role and scoped credentials as the other tenant functions.
 */
export const handler = lambdaHandler<Parameters<typeof app>[0], Awaited<ReturnType<typeof app>>>(
  async (event, context) => {
    await deps.flags?.service.ensureFresh();
    return app(event, context);
  },
);
