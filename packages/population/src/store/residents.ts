/**
 * Residents in DynamoDB: versioned, encrypted, searchable by keyed hashes, counted on write.
 *
 * Every change is one transaction: the resident item (conditional on its version), the search
 * and listing entries it adds or removes, a history item (`VER#n`: who, when, which fields,
 * channel or import id, the old and new values sealed), the counter deltas and the audit entry.
 * Either all of it is written or none.
 */
import { type Bilingual, Errors, LinliError, newId, parseOrThrow, uniqueList } from '@linli/core';
import type { Item, TenantStore, TransactOp } from '@linli/tenancy';
import * as z from 'zod/mini';
import type { TenantCipher } from '../crypto.ts';
import { type Resident, type ValidateOptions, validateResident } from '../resident.ts';
import { type Actor, auditPut, batchDelete, batchGet, nameOf, queryMulti, transactRetry } from './common.ts';
import { type CountedResident, counterOps, countResident, type Deltas } from './counters.ts';
import { frag, popKeys, type ResidentStatus, streetOf, ver } from './keys.ts';

/** Fields sealed in the resident item's `pii` blob (AES-256-GCM, bound to tenant and resident). */
export const SEALED_FIELDS = [
  'name',
  'idNumber',
  'mobile',
  'birthDate',
  'ethnicity',
  'politicalStatus',
  'address',
  'legacyIdNumber',
] as const;
type Sealed = Partial<Pick<Resident, (typeof SEALED_FIELDS)[number]>>;

/** Record metadata and state, never a "changed field" for review rules (the community is one). */
const RECORD_META = [
  'id',
  'status',
  'version',
  'streetCode',
  'createdAt',
  'updatedAt',
  'lastVerifiedAt',
  'movedOut',
  'deceased',
  'movedInFrom',
];

/** Fields a change of which needs a second pair of eyes by default (configurable per tenant). */
export const DEFAULT_REVIEW_FIELDS = ['name', 'idNumber', 'registration', 'tags'] as const;

export interface PopulationSettings {
  /** Four-eyes review of sensitive changes made by staff who cannot review themselves. */
  readonly fourEyes: boolean;
  readonly reviewFields: readonly string[];
  /** State changes that need review when made by a community worker. */
  readonly reviewActions: readonly ('death' | 'move-out' | 'erase')[];
  /** Records not verified for this many days show in the freshness view. */
  readonly staleAfterDays: number;
}

/** Fields the district may put under review, and the state changes. */
export const REVIEWABLE_FIELDS = [
  'name',
  'idNumber',
  'registration',
  'tags',
  'mobile',
  'communityCode',
  'politicalStatus',
  'ethnicity',
] as const;
export const REVIEWABLE_ACTIONS = ['death', 'move-out', 'erase'] as const;

/**
 * The settings as the API takes them: each list a set (no duplicates, at most every value once),
 * so a list of 80 000 entries or a duplicate is a 400, not something quietly stored.
 */
export const populationSettingsSchema = z.strictObject({
  fourEyes: z.boolean(),
  reviewFields: uniqueList(z.enum(REVIEWABLE_FIELDS), REVIEWABLE_FIELDS.length),
  reviewActions: uniqueList(z.enum(REVIEWABLE_ACTIONS), REVIEWABLE_ACTIONS.length),
  staleAfterDays: z.number().check(z.int(), z.gte(1), z.lte(3650)),
});

export const DEFAULT_SETTINGS: PopulationSettings = {
  fourEyes: true,
  reviewFields: [...DEFAULT_REVIEW_FIELDS],
  reviewActions: ['death', 'erase'],
  staleAfterDays: 365,
};

/** A resident as the application sees it (decrypted; mask before showing). */
export interface ResidentView extends Resident {
  readonly id: string;
  readonly streetCode: string;
  readonly status: ResidentStatus;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastVerifiedAt: string;
  readonly movedOut?: { date: string; destination?: string };
  readonly deceased?: { date: string };
  readonly movedInFrom?: string;
}

interface ResidentItem extends Item {
  type: 'resident';
  id: string;
  communityCode: string;
  streetCode: string;
  building?: string;
  unit?: string;
  room?: string;
  householdRef?: string;
  relationship?: string;
  sex: 'male' | 'female';
  birthYear: number;
  registration: 'local' | 'migrant';
  education?: string;
  tags: string[];
  /** Reasons to check the record against the person's papers (not personal: `legacy-id`). */
  verify?: string[];
  status: ResidentStatus;
  pii: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  lastVerifiedAt: string;
  createdBy: string;
  /** Version 1 of the history lives on the item itself (one item less per registration). */
  created: { action: string; role: string; channel: string; fields: string[] };
  importId?: string;
  movedOut?: { date: string; destination?: string };
  deceased?: { date: string };
  movedInFrom?: string;
}

export interface HistoryEntry {
  readonly version: number;
  readonly action: string;
  readonly at: string;
  readonly actor: string;
  readonly role: string;
  readonly channel: string;
  readonly importId?: string;
  readonly reviewedBy?: string;
  readonly reviewId?: string;
  readonly fields: string[];
  /** Old and new values (decrypted; the API masks them). */
  readonly changes: Record<string, { from: unknown; to: unknown }>;
}

export interface ReviewView {
  readonly id: string;
  readonly residentId: string;
  readonly action: 'update' | 'death' | 'move-out' | 'erase' | 'move-in';
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly communityCode: string;
  readonly streetCode: string;
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly baseVersion: number;
  readonly fields: string[];
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly note?: string;
}

export const PopErrors = {
  exists: (residentId?: string) =>
    new LinliError(
      'RESIDENT_EXISTS',
      409,
      { zh: '该身份证号的居民已登记', en: 'A resident with this ID number is already registered' },
      residentId
        ? {
            issues: [
              { field: 'idNumber', code: 'RESIDENT_EXISTS', message: { zh: residentId, en: residentId } },
            ],
          }
        : {},
    ),
  notFound: () => Errors.notFound({ zh: '居民', en: 'resident' }),
  versionConflict: () =>
    new LinliError('VERSION_CONFLICT', 409, {
      zh: '记录已被他人修改，请刷新后重试',
      en: 'The record was changed by someone else; reload and retry',
    }),
  notActive: (status: string) =>
    new LinliError('RESIDENT_NOT_ACTIVE', 409, {
      zh: `居民当前状态为“${status}”，不能执行此操作`,
      en: `The resident is ${status}; this change is not possible`,
    }),
  invalid: (issues: readonly { field: string; code: string; message: Bilingual }[]) =>
    Errors.validation(undefined, { issues }),
  selfReview: () =>
    new LinliError('REVIEW_SELF', 403, {
      zh: '不能审核自己提交的变更',
      en: 'You cannot review your own change',
    }),
  reviewClosed: () =>
    new LinliError('REVIEW_CLOSED', 409, { zh: '该变更已处理', en: 'This change has already been decided' }),
  outOfScope: () =>
    new LinliError('RESIDENT_OUT_OF_SCOPE', 403, {
      zh: '该社区不在您的管辖范围内',
      en: 'This community is outside your scope',
    }),
  unknownCommunity: () =>
    new LinliError('COMMUNITY_UNKNOWN', 400, {
      zh: '社区代码不属于本区县的已登记社区',
      en: 'The community is not one of this district’s communities',
    }),
};

const today = (now: Date) => now.toISOString();
const birthYearOf = (r: Resident) => Number(r.birthDate.slice(0, 4));

/** The resident-specific part of every write: what a transaction needs besides counters and audit. */
export interface ResidentWrite {
  readonly main: ResidentItem;
  readonly index: Item[];
}

/** Everything a storage operation needs for one tenant. */
export class PopulationStore {
  readonly keys: ReturnType<typeof popKeys>;
  constructor(
    readonly store: TenantStore,
    readonly cipher: TenantCipher,
    readonly opts: Omit<ValidateOptions, 'now'> & { districtCode: string; now?: () => Date } = {
      districtCode: '',
    },
  ) {
    this.keys = popKeys(store);
  }

  now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  // --- settings ------------------------------------------------------------------------------

  async settings(): Promise<PopulationSettings> {
    const it = await this.store.get<Record<string, unknown>>(this.keys.settings(), 'SETTINGS');
    return { ...DEFAULT_SETTINGS, ...((it?.value as Partial<PopulationSettings>) ?? {}) };
  }

  async saveSettings(input: PopulationSettings, actor: Actor): Promise<void> {
    const value = parseOrThrow(populationSettingsSchema, input);
    await this.store.transact([
      { put: { pk: this.keys.settings(), sk: 'SETTINGS', value } },
      auditPut(this.store, actor, 'population.settings', 'settings', { detail: { ...value } }),
    ]);
  }

  // --- encoding ------------------------------------------------------------------------------

  private seal(rid: string, r: Resident): string {
    const s: Sealed = {};
    for (const f of SEALED_FIELDS) if (r[f] !== undefined) (s as Record<string, unknown>)[f] = r[f];
    return this.cipher.encrypt(JSON.stringify(s), `resident:${rid}`);
  }

  /** Decrypt a stored item into the application view. */
  view(item: Record<string, unknown>): ResidentView {
    const it = item as ResidentItem;
    const sealed = JSON.parse(this.cipher.decrypt(it.pii, `resident:${it.id}`)) as Sealed;
    const v: Record<string, unknown> = {
      id: it.id,
      ...sealed,
      sex: it.sex,
      registration: it.registration,
      education: it.education,
      tags: it.tags ?? [],
      communityCode: it.communityCode,
      streetCode: it.streetCode,
      building: it.building,
      unit: it.unit,
      room: it.room,
      householdRef: it.householdRef,
      relationship: it.relationship,
      verify: it.verify?.length ? it.verify : undefined,
      status: it.status,
      version: it.version,
      createdAt: it.createdAt,
      updatedAt: it.updatedAt,
      lastVerifiedAt: it.lastVerifiedAt,
      movedOut: it.movedOut,
      deceased: it.deceased,
      movedInFrom: it.movedInFrom,
    };
    for (const k of Object.keys(v)) if (v[k] === undefined) delete v[k];
    return v as unknown as ResidentView;
  }

  private counted(r: Resident, status: ResidentStatus): CountedResident {
    return {
      communityCode: r.communityCode,
      status,
      sex: r.sex,
      birthYear: birthYearOf(r),
      registration: r.registration,
      tags: r.tags,
    };
  }

  /** The search, listing and guard entries of a resident in a given state. */
  indexItems(rid: string, r: Resident, status: ResidentStatus): Item[] {
    const c = r.communityCode;
    const out: Item[] = [
      { pk: this.keys.idGuard(this.cipher.hash('idNumber', r.idNumber)), sk: 'ID', rid, communityCode: c },
    ];
    // Prefixes of 1–4 characters: workers search by surname alone (张), so the first character is
    // indexed too. A common surname's partition holds ~7 % of the district, sorted by community, so
    // a worker's query reads only their community's slice and pages through it.
    for (const h of new Set(this.cipher.namePrefixes(r.name)))
      out.push({ pk: this.keys.nameTerm(h), sk: `${c}#${rid}`, rid });
    if (r.mobile)
      out.push({ pk: this.keys.mobileTerm(this.cipher.hash('mobile', r.mobile)), sk: `${c}#${rid}`, rid });
    if (status === 'active')
      for (const t of r.tags) out.push({ pk: this.keys.tag(t), sk: `${c}#${rid}`, rid });
    return out;
  }

  /** The resident item in a given state (index keys included). */
  mainItem(
    rid: string,
    r: Resident,
    state: {
      status: ResidentStatus;
      version: number;
      createdAt: string;
      updatedAt: string;
      lastVerifiedAt: string;
      createdBy: string;
      created: ResidentItem['created'];
      importId?: string;
      movedOut?: ResidentItem['movedOut'];
      deceased?: ResidentItem['deceased'];
      movedInFrom?: string;
    },
  ): ResidentItem {
    const c = r.communityCode;
    const street = streetOf(c);
    const place = `${frag(r.building)}#${frag(r.unit)}#${frag(r.room)}#${rid}`;
    const item: ResidentItem = {
      pk: this.keys.resident(rid),
      sk: 'CUR',
      type: 'resident',
      id: rid,
      communityCode: c,
      streetCode: street,
      sex: r.sex,
      birthYear: birthYearOf(r),
      registration: r.registration,
      tags: [...r.tags],
      pii: this.seal(rid, r),
      ...state,
      gsi1pk: this.keys.byCommunity(c, state.status),
      gsi1sk: place,
      gsi3pk: this.keys.byStreet(street, state.status),
      gsi3sk: `${c}#${place}`,
    };
    for (const f of ['building', 'unit', 'room', 'householdRef', 'relationship', 'education'] as const)
      if (r[f] !== undefined) item[f] = r[f];
    if (r.verify?.length) item.verify = [...r.verify];
    if (state.status === 'active') {
      item.gsi2pk = this.keys.freshness(c);
      item.gsi2sk = `${state.lastVerifiedAt}#${rid}`;
    }
    for (const k of Object.keys(item)) if (item[k] === undefined) delete item[k];
    return item;
  }

  private versionItem(
    rid: string,
    n: number,
    action: string,
    actor: Actor,
    changes: Record<string, { from: unknown; to: unknown }>,
    extra: { reviewedBy?: string; reviewId?: string } = {},
  ): Item {
    return {
      pk: this.keys.resident(rid),
      sk: ver(n),
      type: 'version',
      version: n,
      action,
      at: today(this.now()),
      actor: nameOf(actor),
      role: actor.role,
      channel: actor.channel,
      ...(actor.importId ? { importId: actor.importId } : {}),
      ...(extra.reviewedBy ? { reviewedBy: extra.reviewedBy } : {}),
      ...(extra.reviewId ? { reviewId: extra.reviewId } : {}),
      fields: Object.keys(changes),
      // Old and new values may be personal: sealed, bound to the resident and the version.
      change: this.cipher.encrypt(JSON.stringify(changes), `resident:${rid}:${n}`),
    };
  }

  /**
   * The items of a new resident (main, index entries, history v1), without counters or audit —
   * the import and the benchmark's raw loop write exactly these.
   */
  newResidentItems(
    r: Resident,
    actor: Actor,
    opts: { movedInFrom?: string; rid?: string } = {},
  ): ResidentWrite {
    const rid = opts.rid ?? newId();
    const at = today(this.now());
    const main = this.mainItem(rid, r, {
      status: 'active',
      version: 1,
      createdAt: at,
      updatedAt: at,
      lastVerifiedAt: at,
      createdBy: nameOf(actor),
      created: {
        action: opts.movedInFrom ? 'move-in' : 'create',
        role: actor.role,
        channel: actor.channel,
        fields: Object.keys(r),
      },
      ...(actor.importId ? { importId: actor.importId } : {}),
      ...(opts.movedInFrom ? { movedInFrom: opts.movedInFrom } : {}),
    });
    return { main, index: this.indexItems(rid, r, 'active') };
  }

  /**
   * Transaction operations creating residents (guards conditional), with counters on `shard`.
   * `entries: false` leaves the search entries (name, mobile, tag) out: the bulk writer puts them
   * first, outside the transaction, and the transaction that writes the resident commits them.
   */
  createOps(
    writes: readonly { w: ResidentWrite; r: Resident }[],
    shard?: number,
    opts: { entries?: boolean } = {},
  ): TransactOp[] {
    const deltas: Deltas = new Map();
    const ops: TransactOp[] = [];
    for (const { w, r } of writes) {
      // A fresh ULID cannot collide: only the ID guard needs a condition (one read less per row).
      ops.push({ put: w.main });
      for (const it of w.index)
        if (it.sk === 'ID') ops.push({ put: it, condition: 'attribute_not_exists(pk)' });
        else if (opts.entries !== false) ops.push({ put: it });
      countResident(deltas, this.counted(r, 'active'), 1);
    }
    return [...ops, ...counterOps(this.store, deltas, shard)];
  }

  // --- validation --------------------------------------------------------------------------

  validate(input: Record<string, unknown>): Resident {
    const res = validateResident(input, { districtCode: this.opts.districtCode, now: this.now() });
    if (!res.ok) throw PopErrors.invalid(res.issues);
    return res.value;
  }

  // --- reads ---------------------------------------------------------------------------------

  async getItem(rid: string, consistent = false): Promise<ResidentItem | undefined> {
    if (!/^[0-9A-Z]{26}$/.test(rid)) return undefined;
    return this.store.get<ResidentItem>(this.keys.resident(rid), 'CUR', consistent);
  }

  async get(rid: string): Promise<ResidentView | undefined> {
    const it = await this.getItem(rid);
    return it ? this.view(it) : undefined;
  }

  /** Exact search by ID number: one read of the guard item, one of the resident. */
  async findByIdNumber(idNumber: string): Promise<ResidentView | undefined> {
    const g = await this.store.get<{ rid: string }>(
      this.keys.idGuard(this.cipher.hash('idNumber', idNumber)),
      'ID',
    );
    return g ? this.get(g.rid) : undefined;
  }

  private async viewsOf(rids: string[]): Promise<ResidentView[]> {
    const got = await batchGet<ResidentItem>(
      this.store,
      rids.map((rid) => ({ pk: this.keys.resident(rid), sk: 'CUR' })),
    );
    return rids
      .map((rid) => got.get(`${this.keys.resident(rid)}|CUR`))
      .filter((x): x is ResidentItem => !!x)
      .map((it) => this.view(it));
  }

  /**
   * Search-term lookups (name prefix, mobile, tag): one query of a hashed term partition, limited
   * to the caller's scope by sort-key prefix (`<street>` or `<community>#`).
   */
  async searchTerm(
    term: { name?: string; mobile?: string; tag?: string },
    scopePrefix: string | undefined,
    limit: number,
    cursor?: string,
  ): Promise<{ items: ResidentView[]; cursor?: string }> {
    let pk: string;
    let nameFilter: string | undefined;
    if (term.mobile) pk = this.keys.mobileTerm(this.cipher.hash('mobile', term.mobile));
    else if (term.tag) pk = this.keys.tag(term.tag);
    else {
      const chars = Array.from((term.name ?? '').normalize('NFKC').replace(/\s+/g, ''));
      if (!chars.length) return { items: [] };
      const prefix = chars.slice(0, 4).join('');
      pk = this.keys.nameTerm(this.cipher.hash('name', prefix));
      // Only 4-character prefixes are indexed; longer input is checked on the decrypted name.
      if (chars.length > 4) nameFilter = chars.join('');
    }
    const page = await this.store.query<{ rid: string }>({
      pk,
      ...(scopePrefix ? { skPrefix: scopePrefix } : {}),
      limit,
      ...(cursor ? { cursor } : {}),
    });
    let items = await this.viewsOf(page.items.map((i) => i.rid));
    if (nameFilter)
      items = items.filter((v) => v.name.normalize('NFKC').replace(/\s+/g, '').startsWith(nameFilter!));
    return { items, ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  /**
   * Writes the one-character (surname) name entries of residents stored before surnames were
   * indexed. Idempotent (plain puts of derived items), Query-only: each street's partitions of the
   * by-street index, every status. Returns the number of residents visited.
   */
  async backfillSurnameIndex(streets: readonly string[]): Promise<number> {
    let visited = 0;
    for (const street of streets)
      for (const status of ['active', 'moved-out', 'deceased'] as const) {
        let cursor: string | undefined;
        do {
          const page = await this.store.query<ResidentItem>({
            index: 'gsi3',
            pk: this.keys.byStreet(street, status),
            limit: 500,
            ...(cursor ? { cursor } : {}),
          });
          const items = page.items.map((it) => {
            const v = this.view(it);
            const [surname] = this.cipher.namePrefixes(v.name, 1);
            return { pk: this.keys.nameTerm(surname!), sk: `${v.communityCode}#${v.id}`, rid: v.id };
          });
          if (items.length) await this.store.batchPut(items);
          visited += items.length;
          cursor = page.cursor;
        } while (cursor);
      }
    return visited;
  }

  /** Residents of one community (optionally one building), by status. */
  async listCommunity(
    community: string,
    opts: { status?: ResidentStatus; building?: string; limit: number; cursor?: string },
  ): Promise<{ items: ResidentView[]; cursor?: string }> {
    const page = await this.store.query<ResidentItem>({
      index: 'gsi1',
      pk: this.keys.byCommunity(community, opts.status ?? 'active'),
      ...(opts.building ? { skPrefix: `${frag(opts.building)}#` } : {}),
      limit: opts.limit,
      ...(opts.cursor ? { cursor: opts.cursor } : {}),
    });
    return { items: page.items.map((i) => this.view(i)), ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  /** Residents of several streets in order (district-wide lists), one street partition at a time. */
  async listStreets(
    streets: readonly string[],
    opts: { status?: ResidentStatus; limit: number; cursor?: string },
  ): Promise<{ items: ResidentView[]; cursor?: string }> {
    const page = await queryMulti<ResidentItem>(
      this.store,
      streets.map((s) => this.keys.byStreet(s, opts.status ?? 'active')),
      opts.cursor,
      opts.limit,
      (pk, c, limit) =>
        this.store.query<ResidentItem>({ index: 'gsi3', pk, limit, ...(c ? { cursor: c } : {}) }),
    );
    return { items: page.items.map((i) => this.view(i)), ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  /** Active residents not verified since `before` (ISO), community by community. */
  async stale(
    communities: readonly string[],
    before: string,
    limit: number,
    cursor?: string,
  ): Promise<{ items: ResidentView[]; cursor?: string }> {
    const page = await queryMulti<ResidentItem>(
      this.store,
      communities.map((c) => this.keys.freshness(c)),
      cursor,
      limit,
      (pk, c, l) =>
        this.store.query<ResidentItem>({
          index: 'gsi2',
          pk,
          skBetween: ['0', `${before}#~`],
          limit: l,
          ...(c ? { cursor: c } : {}),
        }),
    );
    return { items: page.items.map((i) => this.view(i)), ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  async history(rid: string): Promise<HistoryEntry[]> {
    const items = await this.store.queryAll<Record<string, unknown>>({ pk: this.keys.resident(rid) });
    const cur = items.find((i) => i.sk === 'CUR') as ResidentItem | undefined;
    const out: HistoryEntry[] = [];
    if (cur)
      out.push({
        version: 1,
        action: cur.created.action,
        at: cur.createdAt,
        actor: cur.createdBy,
        role: cur.created.role,
        channel: cur.created.channel,
        ...(cur.importId ? { importId: cur.importId } : {}),
        fields: cur.created.fields,
        changes: {},
      });
    for (const it of items) {
      if (!String(it.sk).startsWith('VER#')) continue;
      const n = it.version as number;
      out.push({
        version: n,
        action: it.action as string,
        at: it.at as string,
        actor: it.actor as string,
        role: it.role as string,
        channel: it.channel as string,
        ...(it.importId ? { importId: it.importId as string } : {}),
        ...(it.reviewedBy ? { reviewedBy: it.reviewedBy as string } : {}),
        ...(it.reviewId ? { reviewId: it.reviewId as string } : {}),
        fields: (it.fields as string[]) ?? [],
        changes: JSON.parse(this.cipher.decrypt(it.change as string, `resident:${rid}:${n}`)),
      });
    }
    return out;
  }

  // --- writes --------------------------------------------------------------------------------

  /** Register a new resident. RESIDENT_EXISTS (409) when the ID number is already registered. */
  async create(r: Resident, actor: Actor, opts: { movedInFrom?: string } = {}): Promise<ResidentView> {
    const w = this.newResidentItems(r, actor, opts);
    try {
      await transactRetry(this.store, [
        ...this.createOps([{ w, r }]),
        auditPut(this.store, actor, opts.movedInFrom ? 'residents.move-in' : 'residents.create', w.main.id),
      ]);
    } catch (err) {
      if (err instanceof LinliError && err.code === 'CONFLICT') {
        const g = await this.store.get<{ rid: string }>(
          this.keys.idGuard(this.cipher.hash('idNumber', r.idNumber)),
          'ID',
          true,
        );
        throw PopErrors.exists(g?.rid);
      }
      throw err;
    }
    return this.view(w.main);
  }

  /**
   * Replace a resident's state by `next` (already validated) as one versioned change. `expect`
   * is the version the caller saw: a concurrent change fails with VERSION_CONFLICT.
   */
  async apply(
    current: ResidentItem,
    next: Resident,
    change: {
      action: string;
      actor: Actor;
      status?: ResidentStatus;
      verified?: boolean;
      movedOut?: ResidentItem['movedOut'];
      deceased?: ResidentItem['deceased'];
      movedInFrom?: string;
      reviewedBy?: string;
      reviewId?: string;
      extraOps?: TransactOp[];
      auditReason?: string;
    },
  ): Promise<ResidentView> {
    const before = this.view(current);
    const status = change.status ?? current.status;
    const at = today(this.now());
    const n = current.version + 1;
    const main = this.mainItem(current.id, next, {
      status,
      version: n,
      createdAt: current.createdAt,
      updatedAt: at,
      lastVerifiedAt: change.verified ? at : current.lastVerifiedAt,
      createdBy: current.createdBy,
      created: current.created,
      ...(current.importId ? { importId: current.importId } : {}),
      ...(status === 'moved-out' ? { movedOut: change.movedOut ?? current.movedOut } : {}),
      ...(status === 'deceased' ? { deceased: change.deceased ?? current.deceased } : {}),
      ...((change.movedInFrom ?? current.movedInFrom)
        ? { movedInFrom: change.movedInFrom ?? current.movedInFrom }
        : {}),
    } as Parameters<PopulationStore['mainItem']>[2]);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const keysOf = new Set([...Object.keys(next), ...Object.keys(before)]);
    for (const k of keysOf) {
      if (
        [
          'id',
          'streetCode',
          'version',
          'createdAt',
          'updatedAt',
          'lastVerifiedAt',
          'status',
          'movedOut',
          'deceased',
          'movedInFrom',
        ].includes(k)
      )
        continue;
      const a = (before as unknown as Record<string, unknown>)[k];
      const b = (next as unknown as Record<string, unknown>)[k];
      if (JSON.stringify(a) !== JSON.stringify(b)) changes[k] = { from: a ?? null, to: b ?? null };
    }
    if (status !== current.status) changes.status = { from: current.status, to: status };
    if (change.verified) changes.lastVerifiedAt = { from: current.lastVerifiedAt, to: at };

    const oldIdx = new Map(
      this.indexItems(current.id, before, current.status).map((i) => [`${i.pk}|${i.sk}`, i]),
    );
    const newIdx = this.indexItems(current.id, next, status);
    const ops: TransactOp[] = [
      { put: main, condition: '#v = :v', names: { '#v': 'version' }, values: { ':v': current.version } },
    ];
    for (const it of newIdx) {
      const key = `${it.pk}|${it.sk}`;
      const had = oldIdx.get(key);
      oldIdx.delete(key);
      if (had && JSON.stringify(had) === JSON.stringify(it)) continue;
      ops.push(
        it.sk === 'ID' && !had
          ? {
              put: it,
              condition: 'attribute_not_exists(pk) OR #r = :r',
              names: { '#r': 'rid' },
              values: { ':r': current.id },
            }
          : { put: it },
      );
    }
    for (const it of oldIdx.values()) ops.push({ delete: { pk: it.pk, sk: it.sk } });
    ops.push({ put: this.versionItem(current.id, n, change.action, change.actor, changes, change) });
    const deltas: Deltas = new Map();
    countResident(deltas, this.counted(before, current.status), -1);
    countResident(deltas, this.counted(next, status), 1);
    ops.push(...counterOps(this.store, deltas));
    ops.push(...(change.extraOps ?? []));
    ops.push(
      auditPut(this.store, change.actor, `residents.${change.action}`, current.id, {
        ...(change.auditReason ? { reason: change.auditReason } : {}),
        detail: {
          version: n,
          fields: Object.keys(changes),
          ...(change.reviewId ? { reviewId: change.reviewId } : {}),
        },
      }),
    );
    if (ops.length > 100) throw Errors.internal({ zh: '单次变更过大', en: 'change too large' });
    try {
      await transactRetry(this.store, ops);
    } catch (err) {
      if (err instanceof LinliError && err.code === 'CONFLICT') {
        const fresh = await this.getItem(current.id, true);
        if (!fresh || fresh.version !== current.version) throw PopErrors.versionConflict();
        throw PopErrors.exists();
      }
      throw err;
    }
    return this.view(main);
  }

  /** The personal fields `next` changes compared with the stored record (what review rules look at). */
  changedFields(current: ResidentItem, next: Resident): string[] {
    const before = this.view(current) as unknown as Record<string, unknown>;
    const after = next as unknown as Record<string, unknown>;
    return Object.keys({ ...before, ...after }).filter(
      (k) => !RECORD_META.includes(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]),
    );
  }

  /**
   * Move a person into a community (issue 11: a transfer is a process, not a lookup by ID number).
   * - Unknown in the district: registered as moved in from outside (201).
   * - Known, in another community the actor may not confirm for (no review rights over it): a
   *   `move-in` review parked in the **source** street's queue — its street (or the district)
   *   confirms; nothing moves and nothing of the person is shown until then (202).
   * - Known, and the change touches reviewed fields (name, registration, tags… as set by the
   *   district) while the actor's changes need review: parked the same way as the same PATCH (202).
   * - Otherwise transferred at once (200, same id, history `move-in`).
   */
  async moveIn(
    input: Record<string, unknown>,
    actor: Actor,
    policy: {
      /** May the actor take a resident out of this community without asking (review rights)? */
      readonly confirmsSource: (communityCode: string) => boolean;
      /** Fields whose change this actor may not make without review ([] when none). */
      readonly reviewFields: readonly string[];
      readonly from?: string;
    },
  ): Promise<
    | { readonly status: 201 | 200; readonly resident: ResidentView }
    | { readonly status: 202; readonly review: ReviewView }
  > {
    const existing =
      typeof input.idNumber === 'string' ? await this.findByIdNumber(input.idNumber) : undefined;
    if (!existing) {
      const r = this.validate(input);
      const resident = await this.create(r, actor, { movedInFrom: policy.from?.trim() || 'outside' });
      return { status: 201, resident };
    }
    const current = await this.getItem(existing.id, true);
    if (!current) throw PopErrors.notFound();
    if (current.status === 'deceased') throw PopErrors.notActive('deceased');
    const next = this.merged(current, input);
    const fields = this.changedFields(current, next);
    const transfer = next.communityCode !== current.communityCode;
    if (
      (transfer && !policy.confirmsSource(current.communityCode)) ||
      fields.some((f) => policy.reviewFields.includes(f))
    ) {
      const review = await this.propose(
        current,
        'move-in',
        next as unknown as Record<string, unknown>,
        fields,
        actor,
      );
      return { status: 202, review };
    }
    const resident = await this.applyMoveIn(current, next, actor);
    return { status: 200, resident };
  }

  /** The transfer itself (directly, or when its review is approved). */
  applyMoveIn(
    current: ResidentItem,
    next: Resident,
    actor: Actor,
    extra: { reviewedBy?: string; reviewId?: string; extraOps?: TransactOp[] } = {},
  ): Promise<ResidentView> {
    return this.apply(current, next, {
      action: 'move-in',
      actor,
      status: 'active',
      verified: true,
      movedInFrom: current.communityCode,
      ...extra,
    });
  }

  /** Merge a partial change into the current record and validate the result. */
  merged(current: ResidentItem, patch: Record<string, unknown>): Resident {
    const before = this.view(current) as unknown as Record<string, unknown>;
    const input: Record<string, unknown> = {};
    for (const k of [
      'name',
      'idNumber',
      'ethnicity',
      'registration',
      'mobile',
      'education',
      'politicalStatus',
      'tags',
      'communityCode',
      'building',
      'unit',
      'room',
      'householdRef',
      'relationship',
      'address',
      'legacyIdNumber',
      'verify',
    ])
      if (before[k] !== undefined) input[k] = before[k];
    for (const [k, v] of Object.entries(patch)) input[k] = v === null ? undefined : v;
    // Sex and birth date follow from the ID number; an explicit value is still cross-checked.
    return this.validate(input);
  }

  /** Erase a person (PIPL art. 47): every personal item goes, counters follow, a tombstone stays. */
  async erase(
    current: ResidentItem,
    actor: Actor,
    reason: string,
    extra: { reviewedBy?: string; reviewId?: string; extraOps?: TransactOp[] } = {},
  ): Promise<void> {
    const before = this.view(current);
    // attribute_exists: a concurrent erasure of the same person fails instead of counting twice.
    const ops: TransactOp[] = [{ delete: { pk: current.pk, sk: 'CUR' }, condition: 'attribute_exists(pk)' }];
    for (const it of this.indexItems(current.id, before, current.status))
      ops.push({ delete: { pk: it.pk, sk: it.sk } });
    const deltas: Deltas = new Map();
    countResident(deltas, this.counted(before, current.status), -1);
    ops.push(...counterOps(this.store, deltas));
    ops.push({
      put: {
        pk: current.pk,
        sk: 'ERASED',
        type: 'erased',
        id: current.id,
        erasedAt: today(this.now()),
        erasedBy: nameOf(actor),
        communityCode: current.communityCode,
        ...(extra.reviewedBy ? { reviewedBy: extra.reviewedBy } : {}),
      },
      condition: 'attribute_not_exists(pk)',
    });
    ops.push(...(extra.extraOps ?? []));
    ops.push(
      auditPut(this.store, actor, 'residents.erase', current.id, {
        reason,
        ...(extra.reviewId ? { detail: { reviewId: extra.reviewId } } : {}),
      }),
    );
    await transactRetry(this.store, ops);
    // History and pending reviews hold sealed personal values: delete the rest of the partition.
    const rest = await this.store.queryAll<Item>({ pk: current.pk });
    await batchDelete(
      this.store,
      rest.filter((i) => i.sk !== 'ERASED').map((i) => ({ pk: i.pk, sk: i.sk })),
    );
    // Pending reviews of this person leave the queues (their items were in the partition).
  }

  // --- four-eyes review ------------------------------------------------------------------------

  /** Park a change for review by the street; returns the review. */
  async propose(
    current: ResidentItem,
    action: ReviewView['action'],
    payload: Record<string, unknown>,
    fields: string[],
    actor: Actor,
  ): Promise<ReviewView> {
    const id = `${current.id}.${newId()}`;
    const at = today(this.now());
    const street = current.streetCode;
    const review = {
      pk: current.pk,
      sk: `REVIEW#${id}`,
      type: 'review',
      id,
      residentId: current.id,
      action,
      status: 'pending',
      communityCode: current.communityCode,
      streetCode: street,
      proposedBy: nameOf(actor),
      proposerId: actor.id,
      proposedRole: actor.role,
      proposedChannel: actor.channel,
      proposedAt: at,
      baseVersion: current.version,
      fields,
      payload: this.cipher.encrypt(JSON.stringify(payload), `review:${id}`),
      gsi1pk: this.keys.reviewQueue(street, 'pending'),
      gsi1sk: `${at}#${id}`,
      gsi2pk: this.keys.reviewQueue('ALL', 'pending'),
      gsi2sk: `${at}#${id}`,
    };
    await this.store.transact([
      { put: review, condition: 'attribute_not_exists(pk)' },
      auditPut(this.store, actor, `residents.propose.${action}`, current.id, {
        detail: { reviewId: id, fields },
      }),
    ]);
    return reviewView(review);
  }

  async getReview(id: string): Promise<
    | (ReviewView & {
        payload: Record<string, unknown>;
        proposedRole: string;
        proposedChannel: string;
        /** Who proposed it, as the actor of the change once approved. */
        proposer: Actor;
      })
    | undefined
  > {
    const rid = id.split('.')[0] ?? '';
    if (!/^[0-9A-Z]{26}\.[0-9A-Z]{26}$/.test(id)) return undefined;
    const it = await this.store.get<Record<string, unknown>>(this.keys.resident(rid), `REVIEW#${id}`, true);
    if (!it) return undefined;
    return {
      ...reviewView(it),
      payload: JSON.parse(this.cipher.decrypt(it.payload as string, `review:${id}`)),
      proposedRole: it.proposedRole as string,
      proposedChannel: it.proposedChannel as string,
      proposer: {
        // Reviews proposed before the audit used the stable id carry the sign-in name only.
        id: (it.proposerId as string | undefined) ?? (it.proposedBy as string),
        name: it.proposedBy as string,
        role: it.proposedRole as string,
        channel: it.proposedChannel as Actor['channel'],
      },
    };
  }

  async listReviews(street: string | 'ALL', status: ReviewView['status'], limit: number, cursor?: string) {
    const page = await this.store.query<Record<string, unknown>>({
      index: street === 'ALL' ? 'gsi2' : 'gsi1',
      pk: this.keys.reviewQueue(street, status),
      limit,
      forward: status === 'pending',
      ...(cursor ? { cursor } : {}),
    });
    return { items: page.items.map(reviewView), ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  /** The op closing a review in the same transaction as the change it approves (or alone, rejected). */
  closeReviewOp(
    review: ReviewView,
    decision: 'approved' | 'rejected',
    by: string,
    note?: string,
  ): TransactOp {
    const at = today(this.now());
    return {
      update: { pk: this.keys.resident(review.residentId), sk: `REVIEW#${review.id}` },
      expression:
        'SET #s = :s, decidedBy = :by, decidedAt = :at, gsi1pk = :q1, gsi2pk = :q2' +
        (note ? ', note = :note' : ''),
      condition: '#s = :pending',
      names: { '#s': 'status' },
      values: {
        ':s': decision,
        ':by': by,
        ':at': at,
        ':pending': 'pending',
        ':q1': this.keys.reviewQueue(review.streetCode, decision),
        ':q2': this.keys.reviewQueue('ALL', decision),
        ...(note ? { ':note': note } : {}),
      },
    };
  }
}

const reviewView = (it: Record<string, unknown>): ReviewView => ({
  id: it.id as string,
  residentId: it.residentId as string,
  action: it.action as ReviewView['action'],
  status: it.status as ReviewView['status'],
  communityCode: it.communityCode as string,
  streetCode: it.streetCode as string,
  proposedBy: it.proposedBy as string,
  proposedAt: it.proposedAt as string,
  baseVersion: it.baseVersion as number,
  fields: (it.fields as string[]) ?? [],
  ...(it.decidedBy ? { decidedBy: it.decidedBy as string } : {}),
  ...(it.decidedAt ? { decidedAt: it.decidedAt as string } : {}),
  ...(it.note ? { note: it.note as string } : {}),
});

export type { ResidentItem };
