import { awsSweep, lambdaHandler } from '@linli/adapters/aws/sweep';
import { logger } from '@linli/api/observability';
import { escalateDistricts } from '@linli/services';

const deps = awsSweep();

/**
 * Scheduled (EventBridge rule of each tenant API, hourly): 督办 — escalates the pending cases of
 * every active district of this stack's table whose step ran over its time limit
 * (`escalateOverdue` in @linli/services), each district with its own scoped credentials.
 */
export const handler = lambdaHandler(async () => {
  const results = await escalateDistricts(await deps.registry.list(), deps.stores, {
    ...(process.env.TENANT_TABLE ? { table: process.env.TENANT_TABLE } : {}),
  });
  for (const r of results)
    if (r.error) logger.error('escalation failed', { tenantId: r.tenantId, error: r.error });
    else if (r.run?.escalated.length)
      logger.info('cases escalated', {
        tenantId: r.tenantId,
        count: r.run.escalated.length,
        checked: r.run.checked,
      });
  return {
    districts: results.length,
    escalated: results.reduce((n, r) => n + (r.run?.escalated.length ?? 0), 0),
  };
});
