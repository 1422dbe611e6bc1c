import { LambdaClient } from '@aws-sdk/client-lambda';
import { createAwsDeps, createControlApp } from '@linli/api';
import { LambdaTenantDataJobs } from '@linli/api/tenant-data-jobs';
import { loadConfig } from '@linli/core';
import { handle } from 'hono/aws-lambda';
import { z } from 'zod';

const cfg = loadConfig(
  z.object({
    AWS_REGION: z.string().min(1),
    /** The tenant-lifecycle function: offboarding export, archive download, erasure. */
    TENANT_LIFECYCLE_FUNCTION: z.string().min(1),
  }),
);
const base = createAwsDeps();
// Whole-tenant reads and deletes run in their own function (the only role that may Scan a tenant
// table); this role holds no tenant-table permission. Wired here, not in createAwsDeps, so the
// tenant API bundle does not carry the Lambda client.
const deps = {
  ...base,
  tenantDataJobs: new LambdaTenantDataJobs(
    new LambdaClient({ region: cfg.AWS_REGION }),
    cfg.TENANT_LIFECYCLE_FUNCTION,
  ),
};
const app = handle(createControlApp(deps));

/** Lambda entry point of the control-plane HTTP API. Thin: the app lives in `@linli/api`. */
export const handler: typeof app = async (event, context) => {
  await deps.flags?.service.ensureFresh();
  return app(event, context);
};
