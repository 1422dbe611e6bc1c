import { awsSweepWithFlags, lambdaHandler } from '@linli/adapters/aws/sweep';
import { logger } from '@linli/api/observability';
import { IndicatorStore } from '@linli/indicators';
import { collectAll } from '@linli/indicators/collect';

const deps = awsSweepWithFlags();
const silo = process.env.SILO_TENANT_ID;

/**
 * The daily indicator collector of one application-plane stack (EventBridge schedule): each
 * district of this stack — the pooled ones, or the silo's own — is read through its own
 * STS-scoped store, and only its published aggregates are written to the control table.
 */
export const handler = lambdaHandler(async () => {
  await deps.flags.service.ensureFresh();
  const registry = {
    list: async () =>
      (await deps.registry.list()).filter((t) => (silo ? t.id === silo : t.placement === 'pooled')),
    listMembers: (id: string) => deps.registry.listMembers(id),
  };
  const out = await collectAll({
    registry,
    stores: deps.stores,
    indicators: new IndicatorStore(deps.doc, deps.controlTable),
    modulesFor: deps.modulesFor,
    log: (msg, extra) => logger.warn(msg, extra),
  });
  logger.info('indicators collected', { day: out.day, districts: out.districts, failed: out.failed });
  return out;
});
