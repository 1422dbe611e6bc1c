import { awsRuntime, createDeps, lambdaHandler } from '@linli/adapters/aws';
import { awsImports } from '@linli/adapters/aws/imports';
import { createTenantApp } from '@linli/api';
import { handle } from 'hono/aws-lambda';

const deps = createDeps(awsRuntime({ extend: [awsImports] }));
const app = handle(createTenantApp(deps));

/**
 * The tenant app again, for `/api/t/imports/*` and `/api/t/exports/*` only: this bundle carries
 * exceljs (XLSX parsing, a chunk loaded with the first XLSX file) and runs with more memory and a
 * longer timeout. Same role, same scoped credentials, same routes and checks.
 */
export const handler = lambdaHandler<Parameters<typeof app>[0], Awaited<ReturnType<typeof app>>>(
  async (event, context) => {
    await deps.flags?.service.ensureFresh();
    return app(event, context);
  },
);
