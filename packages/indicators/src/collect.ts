/**
 * A district's aggregates, computed inside its own data boundary: every read goes through the
 * district's guarded `TenantStore` (in AWS bound to STS credentials pinned to its key prefix), and
 * what leaves is the `Snapshot` — numbers about the whole district after disclosure control, no
 * key, id, name or code of a person. Reads are Queries on existing partitions and counters
 * (population counters, freshness index, the district's inbox partitions, rating counters, audit by
 * actor), never a Scan.
 *
 * Run by the scheduled collector (`functions/indicator-collector.ts`, EventBridge, once a day) and
 * locally by the platform's timer and the console's "compute now".
 */
import { type Cycle, comKeys, fillCounts, listReports } from '@linli/community';
import { popKeys, readStats } from '@linli/population';
import {
  CASE_STATUSES,
  type Channel,
  CLOSED_STATUSES,
  type Department,
  listCatalogue,
  RatingStore,
  svcKeys,
  UNHAPPY,
  WorkCalendar,
} from '@linli/services';
import { countCalls, countInbound } from '@linli/services/channels';
import type { Tenant, TenantRegistry, TenantStore, TenantStores } from '@linli/tenancy';
import { AGGREGATES } from './aggregates.ts';
import type { AggregateValue } from './expr.ts';
import { suppressCount, suppressTable } from './sdc.ts';
import { addDays, chinaDay, type IndicatorStore, type PublishedTable, type Snapshot } from './store.ts';

export const CHANNEL_GROUPS = ['online', 'assisted', 'counter'] as const;
export type ChannelGroup = (typeof CHANNEL_GROUPS)[number];
export const channelGroup = (c: Channel): ChannelGroup =>
  c === 'portal' || c === 'open311' ? 'online' : c === 'counter' ? 'counter' : 'assisted';

/** Which department's services show a public-service module is in use. */
const MODULE_DEPARTMENTS: Readonly<Record<string, readonly Department[]>> = {
  'civil-affairs': ['civil-affairs', 'disabled-persons-federation'],
  employment: ['labour'],
  'social-security': ['labour'],
  'community-health': ['health'],
  'public-safety': ['public-security', 'judicial-affairs'],
};

export interface CollectInput {
  readonly store: TenantStore;
  readonly tenantId: string;
  /** The modules the flags engine enables for the district (control-plane knowledge). */
  readonly modulesEnabled: readonly string[];
  /** The district's staff accounts (Cognito subs, from the membership registry). */
  readonly staff: readonly string[];
  readonly now?: number;
  readonly calendar?: WorkCalendar;
}

/** The raw (unsuppressed) figures, kept inside the boundary; only `publish` output leaves. */
export interface RawAggregates {
  readonly counts: Record<string, number | null>;
  readonly measures: Record<string, number | null>;
  /** Requests filed in the window, street × channel group. */
  readonly casesByStreet: { streets: string[]; cells: number[][] };
  readonly modulesAdopted: string[];
}

interface Entry {
  readonly serviceCode: string;
  readonly channel: Channel;
  readonly communityCode: string;
  readonly filedOn: string;
  readonly due: string;
  readonly status: string;
  readonly sk: string;
}

const medianOf = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Read the district's figures (inside its boundary). */
export const collectRaw = async (input: CollectInput): Promise<RawAggregates> => {
  const { store } = input;
  const now = input.now ?? Date.now();
  const today = chinaDay(now);
  const from = addDays(today, -365);
  const calendar = input.calendar ?? new WorkCalendar();

  // Population: the counters partition (a few hundred items), then the freshness index per community.
  const stats = await readStats(store, {}, new Date(now));
  const pk = popKeys(store);
  let verified = 0;
  for (const c of stats.byCommunity) {
    verified += await store.count({
      index: 'gsi2',
      pk: pk.freshness(c.communityCode),
      skBetween: [from, '9'],
    });
  }

  // Requests: the district's inbox partitions (open ones whole, closed ones by closing date).
  const sk = svcKeys(store);
  const entries: Entry[] = [];
  for (const status of CASE_STATUSES) {
    const closed = CLOSED_STATUSES.includes(status);
    const items = await store.queryAll<Entry>({
      pk: sk.inbox({ kind: 'district' }, status),
      ...(closed ? { skBetween: [from, '9'] as const } : {}),
    });
    entries.push(...items.map((it) => ({ ...it, status })));
  }
  const filed = entries.filter((e) => e.filedOn >= from);
  const byChannel: Record<ChannelGroup, number> = { online: 0, assisted: 0, counter: 0 };
  const streets = new Map<string, number[]>();
  const perCommunity = new Map<string, number>();
  for (const e of filed) {
    const g = channelGroup(e.channel);
    byChannel[g]++;
    const street = e.communityCode.slice(0, 9);
    const row = streets.get(street) ?? [0, 0, 0];
    row[CHANNEL_GROUPS.indexOf(g)]!++;
    streets.set(street, row);
    perCommunity.set(e.communityCode, (perCommunity.get(e.communityCode) ?? 0) + 1);
  }
  const decided = entries.filter((e) => e.status === 'approved' || e.status === 'rejected');
  const closedOn = (e: Entry) => e.sk.slice(0, 10);
  const onTime = decided.filter((e) => closedOn(e) <= e.due).length;
  const days = decided.map((e) => calendar.workingDaysBetween(e.filedOn as never, closedOn(e) as never).days);

  // Equity: requests per 1,000 residents, the least- against the best-served fifth of communities.
  const rates = stats.byCommunity
    .filter((c) => c.residents >= 100)
    .map((c) => ((perCommunity.get(c.communityCode) ?? 0) / c.residents) * 1000)
    .sort((a, b) => a - b);
  const fifth = Math.max(1, Math.floor(rates.length / 5));
  const avg = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const least = rates.length >= 2 ? avg(rates.slice(0, fifth)) : null;
  const best = rates.length >= 2 ? avg(rates.slice(-fifth)) : null;

  // Ratings: the month counters of the last 12 months.
  const ratings = new RatingStore(store);
  let rated = 0;
  let unhappy = 0;
  let callbacksDue = 0;
  let callbacksDone = 0;
  for (let i = 0; i < 12; i++) {
    const d = new Date(Date.parse(`${today.slice(0, 7)}-15T00:00:00Z`));
    d.setUTCMonth(d.getUTCMonth() - i);
    const s = await ratings.stats(d.toISOString().slice(0, 7));
    rated += s.rated;
    unhappy += UNHAPPY.reduce((n, l) => n + (s.byLevel[l] ?? 0), 0);
    callbacksDue += s.callbacksDue;
    callbacksDone += s.callbacksDone;
  }

  // Staff active in the last 30 days: one bounded Query per account on the audit-by-actor index.
  const since = new Date(now - 30 * 86400_000).toISOString();
  let active = 0;
  for (const sub of input.staff) {
    const page = await store.query({
      index: 'gsi1',
      pk: store.keys.pk('AUDIT-BY-ACTOR', sub),
      skBetween: [since, '9'],
      limit: 1,
    });
    if (page.items.length) active++;
  }

  // Community reports (issue 15): the fields of reports submitted or accepted whose cut-off is in
  // the window, and how many of them came from the database unchanged (adjusted or typed ones do
  // not count). Cycles newest first, read until they were opened well before the window.
  let reportFieldsTotal = 0;
  let reportFieldsPrefilled = 0;
  const openedSince = addDays(from, -120);
  let cursor: string | undefined;
  cycles: do {
    const page = await store.query<Cycle & { pk: string; sk: string }>({
      pk: comKeys(store).cycles(),
      forward: false,
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    for (const cycle of page.items) {
      if (cycle.createdAt.slice(0, 10) < openedSince) break cycles;
      if (cycle.cutoff < from || cycle.cutoff > today) continue;
      for (const r of await listReports(store, cycle)) {
        if (r.status !== 'submitted' && r.status !== 'accepted') continue;
        const n = fillCounts(cycle, r);
        reportFieldsTotal += n.total;
        reportFieldsPrefilled += n.fromDatabase;
      }
    }
    cursor = page.cursor;
  } while (cursor);

  // Channels (issue 13): calls the telephony system opened and texts residents sent the hotline.
  const hotlineContacts =
    (await countCalls(store, from, today)) + (await countInbound(store, `${from}T00:00:00.000Z`));

  // Modules in use: evidence in the district's own data.
  const catalogue = await listCatalogue(store);
  const deptOf = new Map(catalogue.map((c) => [c.definition.code, c.definition.department]));
  const usedDepts = new Set(filed.map((e) => deptOf.get(e.serviceCode)).filter(Boolean));
  const channelsUsed = new Set(filed.map((e) => e.channel));
  const evidence: Record<string, boolean> = {
    'population-family-planning': stats.residents > 0,
    'migrant-population': stats.registration.migrant > 0,
    'channel-portal': channelsUsed.has('portal'),
    'channel-call-centre': channelsUsed.has('call-centre'),
    'channel-sms': channelsUsed.has('sms'),
    'channel-kiosk': channelsUsed.has('kiosk'),
    'data-exchange': channelsUsed.has('open311'),
    'civil-organizations': Object.values(stats.organizations).some((n) => n > 0),
  };
  for (const [m, depts] of Object.entries(MODULE_DEPARTMENTS))
    evidence[m] = depts.some((d) => usedDepts.has(d));
  const modulesAdopted = input.modulesEnabled.filter((m) => evidence[m]);

  return {
    counts: {
      residents: stats.residents,
      households: stats.households,
      verified12m: verified,
      casesFiled: filed.length,
      casesOnline: byChannel.online,
      casesAssisted: byChannel.assisted,
      casesCounter: byChannel.counter,
      casesClosed: decided.length,
      casesClosedOnTime: onTime,
      rated,
      ratedSatisfied: rated - unhappy,
      callbacksDue,
      callbacksDone,
      staffActive30d: active,
      hotlineContacts,
    },
    measures: {
      handlingDaysMedian: medianOf(days),
      casesPer1000Least: least === null ? null : Math.round(least * 100) / 100,
      casesPer1000Best: best === null ? null : Math.round(best * 100) / 100,
      modulesEnabled: input.modulesEnabled.length,
      modulesAdopted: modulesAdopted.length,
      reportFieldsTotal,
      reportFieldsPrefilled,
    },
    casesByStreet: {
      streets: [...streets.keys()].sort(),
      cells: [...streets.keys()].sort().map((s) => streets.get(s)!),
    },
    modulesAdopted,
  };
};

/**
 * What crosses the boundary: counts under disclosure control (the street × channel table with
 * complementary suppression, its margins as the channel counts; other counts primary-suppressed),
 * measures as they are, aggregates whose source is not built left out ("no data").
 */
export const publish = (
  raw: RawAggregates,
  meta: { tenantId: string; now: number; modulesEnabled: readonly string[] },
): Snapshot => {
  const table = suppressTable({
    cells: raw.casesByStreet.cells.length ? raw.casesByStreet.cells : [[0, 0, 0]],
  });
  const casesByStreet: PublishedTable = {
    rows: raw.casesByStreet.streets.length ? raw.casesByStreet.streets : ['-'],
    cols: [...CHANNEL_GROUPS],
    cells: table.cells,
    rowTotals: table.rowTotals,
    colTotals: table.colTotals,
    total: table.total,
  };
  const fromTable: Record<string, number | null> = {
    casesFiled: table.total,
    casesOnline: table.colTotals[0] ?? null,
    casesAssisted: table.colTotals[1] ?? null,
    casesCounter: table.colTotals[2] ?? null,
  };
  const aggregates: Record<string, AggregateValue> = {};
  for (const def of AGGREGATES) {
    if (!def.collected) continue;
    if (def.kind === 'measure') {
      const v = raw.measures[def.name];
      aggregates[def.name] = v === undefined ? null : v;
      continue;
    }
    const v = raw.counts[def.name];
    if (v === undefined || v === null) {
      aggregates[def.name] = null;
      continue;
    }
    if (def.name in fromTable) {
      aggregates[def.name] = fromTable[def.name] === null ? 'suppressed' : v;
      continue;
    }
    aggregates[def.name] = suppressCount(v) === null ? 'suppressed' : v;
  }
  return {
    tenantId: meta.tenantId,
    day: chinaDay(meta.now),
    aggregates,
    tables: { casesByStreet },
    computedAt: new Date(meta.now).toISOString(),
    modules: { enabled: [...meta.modulesEnabled], adopted: raw.modulesAdopted },
  };
};

/** Collect and publish one district (the scheduled function's unit of work). */
export const collectDistrict = async (input: CollectInput) => {
  const now = input.now ?? Date.now();
  const raw = await collectRaw({ ...input, now });
  return publish(raw, { tenantId: input.tenantId, now, modulesEnabled: input.modulesEnabled });
};

export interface CollectAllDeps {
  readonly registry: Pick<TenantRegistry, 'list' | 'listMembers'>;
  readonly stores: Pick<TenantStores, 'for'>;
  readonly indicators: Pick<IndicatorStore, 'putSnapshot'>;
  readonly modulesFor: (tenant: Tenant) => string[];
  readonly now?: () => number;
  /** Where a district's failure is reported (the Powertools logger in Lambda and locally). */
  readonly log?: (msg: string, extra: Record<string, unknown>) => void;
}

/** Districts whose platform is running: the ones indicators are computed for. */
const COLLECTED = new Set(['active', 'suspended']);

/**
 * Compute and store today's snapshot of every running district (or the ones named), one district
 * at a time, each with its own store. A district that fails is reported and skipped, not fatal.
 */
export const collectAll = async (
  deps: CollectAllDeps,
  opts: { readonly tenantIds?: readonly string[] } = {},
): Promise<{ day: string; districts: number; failed: string[] }> => {
  const now = deps.now?.() ?? Date.now();
  const tenants = (await deps.registry.list()).filter(
    (t) => COLLECTED.has(t.status) && (!opts.tenantIds || opts.tenantIds.includes(t.id)),
  );
  let districts = 0;
  const failed: string[] = [];
  for (const t of tenants) {
    try {
      const staff = (await deps.registry.listMembers(t.id))
        .filter((m) => m.kind === 'staff')
        .map((m) => m.sub);
      const snap = await collectDistrict({
        store: deps.stores.for(t),
        tenantId: t.id,
        modulesEnabled: deps.modulesFor(t),
        staff,
        now,
      });
      await deps.indicators.putSnapshot(snap);
      districts++;
    } catch (err) {
      failed.push(t.id);
      deps.log?.('indicators: district failed', { tenantId: t.id, error: String(err) });
    }
  }
  return { day: chinaDay(now), districts, failed };
};
