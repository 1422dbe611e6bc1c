/**
 * 督办: the escalation of steps that ran over their time limit. Run by a schedule (in AWS an
 * EventBridge rule starting `functions/case-escalation.ts` in each application-plane stack; locally
 * a timer of the local platform), never on a request path.
 */
import { LinliError } from '@linli/core';
import { type Actor, auditPut, transactRetry } from '@linli/population';
import type { Tenant, TenantStore, TenantStores } from '@linli/tenancy';
import type { ServiceDefinition } from '../catalogue.ts';
import { chinaDate, type IsoDate } from '../workdays.ts';
import { deskOf } from '../workflow.ts';
import { type CaseRecord, type Escalation, entryItem, entryKeys, eventOp, recordOf } from './cases.ts';
import { getDefinitionVersion } from './catalogue.ts';
import { svcKeys } from './keys.ts';

export interface EscalationRun {
  /** Overdue inbox entries looked at. */
  readonly checked: number;
  readonly escalated: readonly { caseId: string; number: string; level: Escalation['level'] }[];
}

const SYSTEM: Actor = { id: 'system:escalation', role: 'system', channel: 'system' };

/**
 * Escalates every pending case of one district whose current step ran over its time limit (its
 * step due date is before `today`) to the level above the desk it waits at: a community's intake
 * to its street, anything else to the district. One Query of the district's pending inbox by due
 * date (the sort key), oldest first; each case once per step, written with a condition on the
 * state it read (step, status, version: a case acted on meanwhile is left for the next run). The
 * case's version is not raised, so a worker's open page stays valid. The escalated level sees the
 * case flagged in its inbox (`due=escalated`), the timeline records it, and the audit log holds it.
 * At most `limit` cases a run; the rest wait for the next.
 */
export const escalateOverdue = async (
  store: TenantStore,
  opts: { readonly now?: Date; readonly today?: IsoDate; readonly limit?: number } = {},
): Promise<EscalationRun> => {
  const keys = svcKeys(store);
  const now = opts.now ?? new Date();
  const today = opts.today ?? chinaDate(now);
  const limit = opts.limit ?? 500;
  const definitions = new Map<string, ServiceDefinition>();
  const definition = async (code: string, version: number) => {
    const k = `${code}@${version}`;
    const known = definitions.get(k);
    if (known) return known;
    const d = await getDefinitionVersion(store, code, version);
    definitions.set(k, d);
    return d;
  };
  const out: EscalationRun['escalated'][number][] = [];
  let checked = 0;
  let cursor: string | undefined;
  do {
    // Sort keys are `<stepDue>#<id>`: everything below `today` is due before today.
    const page = await store.query<Record<string, unknown>>({
      pk: keys.inbox({ kind: 'district' }, 'pending'),
      skBetween: ['0', today],
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    cursor = page.cursor;
    for (const e of page.items) {
      if (out.length >= limit) return { checked, escalated: out };
      checked++;
      if (e.escalated !== undefined) continue;
      const item = await store.get<Record<string, unknown>>(keys.case(String(e.caseId)), 'CUR', true);
      if (!item) continue;
      const c = recordOf(item);
      if (c.status !== 'pending' || c.stepDue >= today || c.escalation?.stepIndex === c.stepIndex) continue;
      const def = await definition(c.serviceCode, c.serviceVersion);
      const at = now.toISOString();
      const escalation: Escalation =
        deskOf(def, c).level === 'community'
          ? { stepIndex: c.stepIndex, level: 'street', unit: c.streetCode, at }
          : { stepIndex: c.stepIndex, level: 'district', unit: 'ALL', at };
      const next: CaseRecord = { ...c, escalation };
      try {
        await transactRetry(store, [
          {
            update: { pk: keys.case(c.id), sk: 'CUR' },
            expression: 'SET escalation = :e',
            condition: '#version = :v AND #step = :s AND #status = :st',
            names: { '#version': 'version', '#step': 'stepIndex', '#status': 'status' },
            values: { ':e': escalation, ':v': c.version, ':s': c.stepIndex, ':st': 'pending' },
          },
          // Same keys as before (the sort key is the step's due date): the entries gain the flag.
          ...entryKeys(store, def, next).map((k) => ({ put: entryItem(next, k, def) })),
          eventOp(store, c.id, at, {
            action: 'escalate',
            actor: SYSTEM.id,
            role: SYSTEM.role,
            fromStep: c.stepIndex,
            toStep: c.stepIndex,
            status: 'pending',
            to: escalation.level,
          }),
          auditPut(store, SYSTEM, 'case.escalate', `case:${c.id}`, {
            detail: { number: c.number, step: c.stepIndex, level: escalation.level, stepDue: c.stepDue },
          }),
        ]);
        out.push({ caseId: c.id, number: c.number, level: escalation.level });
      } catch (err) {
        if (err instanceof LinliError && err.code === 'CONFLICT') continue;
        throw err;
      }
    }
  } while (cursor);
  return { checked, escalated: out };
};

/**
 * The sweep over every active district of `tenants` whose data lives in `table` (one
 * application-plane stack's: the pooled table, or a silo's); each with its own scoped store. A
 * district whose sweep fails is reported and the others still run.
 */
export const escalateDistricts = async (
  tenants: readonly Tenant[],
  stores: Pick<TenantStores, 'for'>,
  opts: { readonly table?: string; readonly now?: Date } = {},
): Promise<{ tenantId: string; run?: EscalationRun; error?: string }[]> => {
  const out: { tenantId: string; run?: EscalationRun; error?: string }[] = [];
  for (const t of tenants) {
    if (t.status !== 'active' || (opts.table && t.dataTable !== opts.table)) continue;
    try {
      out.push({
        tenantId: t.id,
        run: await escalateOverdue(stores.for(t), opts.now ? { now: opts.now } : {}),
      });
    } catch (err) {
      out.push({ tenantId: t.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
};
