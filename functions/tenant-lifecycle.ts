import { runTenantDataJob } from '@linli/adapters';
import { lambdaHandler } from '@linli/adapters/aws';
import { awsLifecycle } from '@linli/adapters/aws/control-plane';

const lifecycle = awsLifecycle();

/**
 * `{ action: 'offboard' | 'erase' | 'archive', tenantId, … }` → `{ ok, result | error }`, invoked
 * synchronously by the control API: the only role allowed to Scan a tenant table.
 */
export const handler = lambdaHandler(async (event: unknown) => runTenantDataJob(lifecycle, event));
