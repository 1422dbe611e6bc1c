import { awsRuntime, createDeps, lambdaHandler } from '@linli/adapters/aws';
import { awsOnboarding, awsPublicTenantReads, awsTenantDataJobs } from '@linli/adapters/aws/control-plane';
import { createControlApp } from '@linli/api';
import { handle } from 'hono/aws-lambda';

const deps = createDeps(awsRuntime({ extend: [awsOnboarding, awsTenantDataJobs, awsPublicTenantReads] }));
const app = handle(createControlApp(deps));

/** Lambda entry point of the control-plane HTTP API. Thin: the app lives in `@linli/api`. */
export const handler = lambdaHandler<Parameters<typeof app>[0], Awaited<ReturnType<typeof app>>>(
  async (event, context) => {
    await deps.flags?.service.ensureFresh();
    return app(event, context);
  },
);
