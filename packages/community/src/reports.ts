/**
 * Report cycles and community reports. A cycle is one template for one period (a month or a
 * quarter) handed to the communities of a street or of the district; each community's report is
 * prefilled from the database as of the cycle's cut-off, checked and adjusted (a change to a
 * database figure keeps the figure it replaced and the reason), submitted, and returned or
 * accepted by the street. The roll-up is the sum of the accepted reports.
 *
 * Keys: templates `RTPL` sk `T#<code>` (+ `RTPLV#<code>` sk `V#n`), cycles `RCYCLES` sk `C#<id>`,
 * a guard `RCYCU#<template>#<period>#<scope>`, reports `RCYC#<cycle>` sk `R#<community>`.
 */
import { LinliError, newId } from '@linli/core';
import { type Actor, auditPut, nameOf, type PopulationStore } from '@linli/population';
import type { TenantStore } from '@linli/tenancy';
import { CommunityErrors } from './errors.ts';
import { commit, getStripped, strip } from './items.ts';
import { comKeys, versionKey } from './keys.ts';
import { endOfChinaDay, periodEnd, periodStart, prefillFigures } from './prefill.ts';
import {
  BINDINGS,
  boundShare,
  DEFAULT_TEMPLATES,
  type Template,
  type TemplateField,
  type TemplateInput,
  templateInputSchema,
} from './templates.ts';

// --- templates ----------------------------------------------------------------------------------

const builtIn = (t: TemplateInput): Template => ({
  ...t,
  version: 0,
  builtIn: true,
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'system',
});

/** The district's templates: the defaults, each replaced by the district's own version if saved. */
export const listTemplates = async (store: TenantStore): Promise<Template[]> => {
  const saved = (await store.queryAll<Record<string, unknown>>({ pk: comKeys(store).templates() })).map((i) =>
    strip<Template>(i),
  );
  const byCode = new Map<string, Template>(DEFAULT_TEMPLATES.map((t) => [t.code, builtIn(t)]));
  for (const t of saved) byCode.set(t.code, t);
  return [...byCode.values()];
};

export const getTemplate = async (store: TenantStore, code: string): Promise<Template> => {
  const it = await store.get<Record<string, unknown>>(comKeys(store).templates(), `T#${code}`, true);
  if (it) return strip<Template>(it);
  const d = DEFAULT_TEMPLATES.find((t) => t.code === code);
  if (!d) throw CommunityErrors.templateNotFound();
  return builtIn(d);
};

/** Save a template as its next version (`expectedVersion` 0 adapts a default or creates one). */
export const saveTemplate = async (
  store: TenantStore,
  input: TemplateInput,
  expectedVersion: number,
  actor: Actor,
  now = new Date(),
): Promise<Template> => {
  const t = templateInputSchema.parse(input);
  const k = comKeys(store);
  const version = expectedVersion + 1;
  const saved: Template = {
    ...t,
    version,
    builtIn: false,
    updatedAt: now.toISOString(),
    updatedBy: nameOf(actor),
  };
  await commit(
    store,
    [
      {
        put: { pk: k.templates(), sk: `T#${t.code}`, type: 'report-template', ...saved },
        ...(expectedVersion === 0
          ? { condition: 'attribute_not_exists(pk)' }
          : { condition: 'version = :v', values: { ':v': expectedVersion } }),
      },
      {
        put: { pk: k.template(t.code), sk: versionKey(version), ...saved },
        condition: 'attribute_not_exists(pk)',
      },
      auditPut(store, actor, 'reports.template.save', `report-template:${t.code}`, {
        detail: { version, ...boundShare(t) },
      }),
    ],
    CommunityErrors.templateChanged,
  );
  return saved;
};

// --- cycles ---------------------------------------------------------------------------------------

export type CycleScope = { kind: 'district' } | { kind: 'street'; streetCode: string };

export interface Cycle {
  readonly id: string;
  readonly templateCode: string;
  readonly templateVersion: number;
  readonly name: { zh: string; en: string };
  readonly fields: readonly TemplateField[];
  readonly period: string;
  readonly cutoff: string;
  readonly due: string;
  readonly scope: CycleScope;
  readonly communities: readonly string[];
  readonly status: 'open' | 'closed';
  readonly createdAt: string;
  readonly createdBy: string;
  readonly version: number;
}

export interface CycleInput {
  readonly templateCode: string;
  /** `YYYY-MM` for a monthly template, `YYYY-Qn` for a quarterly one. */
  readonly period: string;
  /** Default: the last day of the period. */
  readonly cutoff?: string | undefined;
  readonly due: string;
}

const periodFits = (period: string, kind: Template['period']) =>
  kind === 'monthly' ? /^\d{4}-(0[1-9]|1[0-2])$/.test(period) : /^\d{4}-Q[1-4]$/.test(period);

/** Open a cycle of a template for the given communities (already authorized by the caller). */
export const openCycle = async (
  store: TenantStore,
  input: CycleInput,
  scope: CycleScope,
  communities: readonly string[],
  actor: Actor,
  now = new Date(),
): Promise<Cycle> => {
  const t = await getTemplate(store, input.templateCode);
  if (!periodFits(input.period, t.period))
    throw new LinliError('REPORT_PERIOD_INVALID', 400, {
      zh: t.period === 'monthly' ? '月报的期别应为 YYYY-MM' : '季报的期别应为 YYYY-Qn',
      en: t.period === 'monthly' ? 'A monthly period is YYYY-MM' : 'A quarterly period is YYYY-Qn',
    });
  const k = comKeys(store);
  const cycle: Cycle = {
    id: newId(),
    templateCode: t.code,
    templateVersion: t.version,
    name: t.name,
    fields: t.fields,
    period: input.period,
    cutoff: input.cutoff ?? periodEnd(input.period),
    due: input.due,
    scope,
    communities: [...communities].sort(),
    status: 'open',
    createdAt: now.toISOString(),
    createdBy: nameOf(actor),
    version: 1,
  };
  const scopeKey = scope.kind === 'district' ? 'ALL' : scope.streetCode;
  await commit(
    store,
    [
      {
        put: { pk: k.cycleGuard(t.code, input.period, scopeKey), sk: 'U', cycleId: cycle.id },
        condition: 'attribute_not_exists(pk)',
      },
      {
        put: { pk: k.cycles(), sk: `C#${cycle.id}`, type: 'report-cycle', ...cycle },
        condition: 'attribute_not_exists(pk)',
      },
      auditPut(store, actor, 'reports.cycle.open', `report-cycle:${cycle.id}`, {
        detail: { template: t.code, period: input.period, scope: scopeKey, communities: communities.length },
      }),
    ],
    CommunityErrors.cycleExists,
  );
  return cycle;
};

export const listCycles = async (store: TenantStore): Promise<Cycle[]> =>
  (
    await store.query<Record<string, unknown>>({ pk: comKeys(store).cycles(), forward: false, limit: 200 })
  ).items.map((i) => strip<Cycle>(i));

export const getCycle = (store: TenantStore, id: string): Promise<Cycle> =>
  getStripped<Cycle>(store, { pk: comKeys(store).cycles(), sk: `C#${id}` }, CommunityErrors.cycleNotFound);

// --- reports --------------------------------------------------------------------------------------

export type ReportStatus = 'not-started' | 'draft' | 'submitted' | 'returned' | 'accepted';

export interface ReportValue {
  readonly value: number | string | null;
  readonly source: 'database' | 'typed';
  /** The database figure as of the cut-off (bound fields). */
  readonly prefill?: number;
  /** A bound field changed by hand: the figure it replaced, why, by whom, when. */
  readonly adjustment?: {
    readonly from: number;
    readonly reason: string;
    readonly by: string;
    readonly at: string;
  };
}

export interface ReportEvent {
  readonly at: string;
  readonly action: 'prefill' | 'edit' | 'submit' | 'return' | 'accept';
  readonly by: string;
  readonly reason?: string;
}

export interface Report {
  readonly cycleId: string;
  readonly communityCode: string;
  readonly status: ReportStatus;
  readonly values: Readonly<Record<string, ReportValue>>;
  readonly cutoff: string;
  readonly prefilledAt?: string;
  readonly returnReason?: string;
  readonly events: readonly ReportEvent[];
  readonly version: number;
}

/** How a report's fields were filled: from the database (unchanged), adjusted, typed, empty. */
export const fillCounts = (cycle: Pick<Cycle, 'fields'>, r: Pick<Report, 'values'>) => {
  let fromDatabase = 0;
  let adjusted = 0;
  let typed = 0;
  let empty = 0;
  for (const f of cycle.fields) {
    const v = r.values[f.key];
    if (!v || v.value === null || v.value === '') empty++;
    else if (f.bind) v.adjustment ? adjusted++ : fromDatabase++;
    else typed++;
  }
  return { fromDatabase, adjusted, typed, empty, total: cycle.fields.length };
};

const emptyReport = (cycle: Cycle, community: string): Report => ({
  cycleId: cycle.id,
  communityCode: community,
  status: 'not-started',
  values: {},
  cutoff: cycle.cutoff,
  events: [],
  version: 0,
});

export const getReport = async (store: TenantStore, cycle: Cycle, community: string): Promise<Report> => {
  const it = await store.get<Record<string, unknown>>(comKeys(store).cycle(cycle.id), `R#${community}`, true);
  return it ? strip<Report>(it) : emptyReport(cycle, community);
};

export const listReports = async (store: TenantStore, cycle: Cycle): Promise<Report[]> => {
  const items = await store.queryAll<Record<string, unknown>>({
    pk: comKeys(store).cycle(cycle.id),
    skPrefix: 'R#',
  });
  const got = new Map(items.map((i) => [String(i.communityCode), strip<Report>(i)]));
  return cycle.communities.map((c) => got.get(c) ?? emptyReport(cycle, c));
};

const write = async (
  store: TenantStore,
  next: Report,
  prevVersion: number,
  actor: Actor,
  action: string,
  extra: { reason?: string; detail?: Record<string, unknown> } = {},
) => {
  const k = comKeys(store);
  await commit(
    store,
    [
      {
        put: { pk: k.cycle(next.cycleId), sk: `R#${next.communityCode}`, type: 'report', ...next },
        ...(prevVersion === 0
          ? { condition: 'attribute_not_exists(pk)' }
          : { condition: 'version = :v', values: { ':v': prevVersion } }),
      },
      auditPut(store, actor, action, `report:${next.cycleId}:${next.communityCode}`, extra),
    ],
    CommunityErrors.reportChanged,
  );
  return next;
};

const editable = (r: Report) => r.status === 'not-started' || r.status === 'draft' || r.status === 'returned';

/**
 * Prefill (or refresh) a community's report from the database as of the cut-off. Typed values and
 * adjusted figures are kept; the untouched database figures are replaced by the fresh ones.
 */
export const prefillReport = async (
  pop: PopulationStore,
  cycle: Cycle,
  community: string,
  actor: Actor,
  now = new Date(),
): Promise<Report> => {
  const store = pop.store;
  if (cycle.status !== 'open') throw CommunityErrors.reportWrongStatus();
  const prev = await getReport(store, cycle, community);
  if (!editable(prev)) throw CommunityErrors.reportWrongStatus();
  const { figures } = await prefillFigures(pop, community, {
    cutoff: cycle.cutoff,
    periodStart: periodStart(cycle.period),
    now,
  });
  const values: Record<string, ReportValue> = {};
  for (const f of cycle.fields) {
    const old = prev.values[f.key];
    if (f.bind) {
      const fig = figures[f.bind];
      values[f.key] = old?.adjustment
        ? { ...old, prefill: fig, source: 'database', adjustment: { ...old.adjustment, from: fig } }
        : { value: fig, source: 'database', prefill: fig };
    } else values[f.key] = old ?? { value: null, source: 'typed' };
  }
  const at = now.toISOString();
  const next: Report = {
    ...prev,
    status: prev.status === 'not-started' ? 'draft' : prev.status,
    values,
    cutoff: cycle.cutoff,
    prefilledAt: at,
    events: [...prev.events, { at, action: 'prefill', by: nameOf(actor) }],
    version: prev.version + 1,
  };
  return write(store, next, prev.version, actor, 'reports.prefill', { detail: { cutoff: cycle.cutoff } });
};

export interface ReportEdit {
  readonly version: number;
  readonly values: Readonly<Record<string, { value: number | string | null; reason?: string | undefined }>>;
}

/** Check and adjust: typed fields are set; a database figure changed by hand needs a reason. */
export const editReport = async (
  store: TenantStore,
  cycle: Cycle,
  community: string,
  edit: ReportEdit,
  actor: Actor,
  now = new Date(),
): Promise<Report> => {
  if (cycle.status !== 'open') throw CommunityErrors.reportWrongStatus();
  const prev = await getReport(store, cycle, community);
  if (prev.status === 'not-started' || !editable(prev)) throw CommunityErrors.reportWrongStatus();
  if (prev.version !== edit.version) throw CommunityErrors.reportChanged();
  const at = now.toISOString();
  const values: Record<string, ReportValue> = { ...prev.values };
  const reasons: string[] = [];
  for (const [key, change] of Object.entries(edit.values)) {
    const f = cycle.fields.find((x) => x.key === key);
    if (!f) throw CommunityErrors.unknownField();
    if (
      f.kind === 'number' &&
      change.value !== null &&
      (typeof change.value !== 'number' ||
        !Number.isFinite(change.value) ||
        change.value < 0 ||
        change.value > 1e12)
    )
      throw new LinliError('REPORT_VALUE_INVALID', 400, {
        zh: `${f.label.zh}应为非负数`,
        en: `${f.label.en} is a number ≥ 0`,
      });
    if (
      f.kind === 'text' &&
      change.value !== null &&
      (typeof change.value !== 'string' || change.value.length > 2000)
    )
      throw new LinliError('REPORT_VALUE_INVALID', 400, {
        zh: `${f.label.zh}应为文字`,
        en: `${f.label.en} is text`,
      });
    const old = prev.values[key];
    if (f.bind) {
      const prefill = old?.prefill ?? 0;
      if (change.value === prefill) values[key] = { value: prefill, source: 'database', prefill };
      else {
        const reason = change.reason?.trim();
        if (!reason) throw CommunityErrors.reasonRequired();
        reasons.push(`${key}: ${reason}`);
        values[key] = {
          value: change.value,
          source: 'database',
          prefill,
          adjustment: { from: prefill, reason: reason.slice(0, 200), by: nameOf(actor), at },
        };
      }
    } else values[key] = { value: change.value, source: 'typed' };
  }
  const next: Report = {
    ...prev,
    status: 'draft',
    values,
    events: [
      ...prev.events,
      {
        at,
        action: 'edit',
        by: nameOf(actor),
        ...(reasons.length ? { reason: reasons.join('; ').slice(0, 500) } : {}),
      },
    ],
    version: prev.version + 1,
  };
  return write(store, next, prev.version, actor, 'reports.edit', {
    detail: { fields: Object.keys(edit.values), adjusted: reasons.length },
  });
};

/** Submit (community), return with a reason or accept (street / district). */
export const transitionReport = async (
  store: TenantStore,
  cycle: Cycle,
  community: string,
  action: 'submit' | 'return' | 'accept',
  opts: { version: number; reason?: string | undefined },
  actor: Actor,
  now = new Date(),
): Promise<Report> => {
  const prev = await getReport(store, cycle, community);
  if (prev.version !== opts.version) throw CommunityErrors.reportChanged();
  const from: Record<typeof action, ReportStatus[]> = {
    submit: ['draft', 'returned'],
    return: ['submitted', 'accepted'],
    accept: ['submitted'],
  };
  if (!from[action].includes(prev.status)) throw CommunityErrors.reportWrongStatus();
  if (action === 'return' && !opts.reason?.trim())
    throw new LinliError('REPORT_REASON_REQUIRED', 400, {
      zh: '退回须填写理由',
      en: 'A return needs a reason',
    });
  const to: Record<typeof action, ReportStatus> = {
    submit: 'submitted',
    return: 'returned',
    accept: 'accepted',
  };
  const at = now.toISOString();
  const { returnReason: _r, ...rest } = prev;
  const next: Report = {
    ...rest,
    status: to[action],
    ...(action === 'return' ? { returnReason: opts.reason!.trim() } : {}),
    events: [
      ...prev.events,
      { at, action, by: nameOf(actor), ...(opts.reason ? { reason: opts.reason.trim() } : {}) },
    ],
    version: prev.version + 1,
  };
  return write(
    store,
    next,
    prev.version,
    actor,
    `reports.${action}`,
    opts.reason ? { reason: opts.reason } : {},
  );
};

/** The sum of the accepted reports' numeric fields (the street's or the district's roll-up). */
export const rollUp = (cycle: Pick<Cycle, 'fields'>, reports: readonly Report[]) => {
  const accepted = reports.filter((r) => r.status === 'accepted');
  const totals: Record<string, number> = {};
  for (const f of cycle.fields) {
    if (f.kind !== 'number') continue;
    totals[f.key] = accepted.reduce(
      (s, r) => s + (typeof r.values[f.key]?.value === 'number' ? (r.values[f.key]!.value as number) : 0),
      0,
    );
  }
  return { communities: accepted.map((r) => r.communityCode), totals };
};

/** The cut-off instant the prefill counts residents at (end of the cut-off day, China time). */
export const cutoffInstant = endOfChinaDay;
export { BINDINGS };
