import { createAwsDeps, createTenantApp } from '@linli/api';
import { handle } from 'hono/aws-lambda';

const deps = createAwsDeps();
const app = handle(createTenantApp(deps));

/**
 * The tenant app again, for `/api/t/imports/*` and `/api/t/exports/*` only: this bundle includes
 * exceljs (XLSX parsing) and runs with more memory and a longer timeout; the main tenant API's
 * bundle leaves exceljs out. Same role, same scoped credentials, same routes and checks.
 */
export const handler: typeof app = async (event, context) => {
  await deps.flags?.service.ensureFresh();
  return app(event, context);
};
