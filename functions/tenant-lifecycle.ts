import { runTenantDataJob } from '@linli/adapters';
import { awsLifecycle } from '@linli/adapters/aws/control-plane';

const lifecycle = awsLifecycle();

/**
 * `{ action: 'offboard' | 'erase' | 'archive', tenantId, … }` → `{ ok, result | error }`, invoked
 * synchronously by the control API: the only role allowed to Scan a tenant table.
 */
export const handler = async (event: unknown) => runTenantDataJob(lifecycle, event);
