/**
 * Base records besides residents — households, buildings, housing units, grids, organizations — and
 * the departments' thematic records. One generic versioned write: the record item (conditional
 * on its version), a history item, counter deltas and the audit entry in one transaction.
 */
import { type Bilingual, Errors, type FieldIssue, LinliError, newId } from '@linli/core';
import type { Item, TransactOp } from '@linli/tenancy';
import { lookupRelationship } from '../codes.ts';
import { validateCitizenId } from '../ids.ts';
import {
  type Building,
  type Grid,
  type Household,
  type HousingUnit,
  householdHeadIssue,
  type Organization,
  validateBuilding,
  validateGrid,
  validateHousehold,
  validateHousingUnit,
  validateOrganization,
} from '../resident.ts';
import { type Actor, auditPut, batchGet, nameOf, queryMulti, transactRetry } from './common.ts';
import { countAttr, counterOps, type Deltas } from './counters.ts';
import { frag, streetOf, ver } from './keys.ts';
import type { ThematicKind } from './kinds.ts';
import { PopErrors, type PopulationStore } from './residents.ts';

type Rec = Record<string, unknown>;

export interface StoredRecord<T> {
  readonly id: string;
  readonly communityCode: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastVerifiedAt: string;
  readonly value: T;
  readonly warnings?: readonly FieldIssue[];
}

const META = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'type',
  'version',
  'createdAt',
  'updatedAt',
  'lastVerifiedAt',
  'createdBy',
  'id',
  'sealed',
];

const strip = (it: Rec): Rec => Object.fromEntries(Object.entries(it).filter(([k]) => !META.includes(k)));

const diff = (a: Rec | undefined, b: Rec): string[] => {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b)]);
  return [...keys].filter((k) => !META.includes(k) && JSON.stringify(a?.[k]) !== JSON.stringify(b[k]));
};

const invalid = (issues: readonly FieldIssue[]) => Errors.validation(undefined, { issues });
const notFound = (what: Bilingual) => Errors.notFound(what);

export class RecordStore {
  constructor(readonly pop: PopulationStore) {}
  private get store() {
    return this.pop.store;
  }
  private get keys() {
    return this.pop.keys;
  }
  private vopts() {
    return { districtCode: this.pop.opts.districtCode, now: this.pop.now() };
  }

  /**
   * Create (prev undefined) or replace a record as one versioned change. `sealedChanges`: the
   * history holds field names only when a field is sensitive (its values are sealed in the item).
   */
  private async save(
    key: { pk: string; sk: string },
    item: Rec,
    prev: Rec | undefined,
    actor: Actor,
    action: string,
    deltas: Deltas,
    sensitiveChanged: readonly string[] = [],
  ): Promise<Rec> {
    const now = this.pop.now().toISOString();
    const version = ((prev?.version as number) ?? 0) + 1;
    const full: Item = {
      ...item,
      ...key,
      version,
      createdAt: (prev?.createdAt as string) ?? now,
      updatedAt: now,
      lastVerifiedAt: (item.lastVerifiedAt as string) ?? (prev?.lastVerifiedAt as string) ?? now,
      createdBy: (prev?.createdBy as string) ?? nameOf(actor),
    };
    const fields = diff(prev, full);
    const changes: Rec = {};
    for (const f of fields) changes[f] = { from: prev?.[f] ?? null, to: full[f] ?? null };
    // Sealed fields: the history names them; their values stay sealed in the record.
    fields.push(...sensitiveChanged.map((f) => `data.${f}`));
    const ops: TransactOp[] = [
      prev
        ? { put: full, condition: '#v = :v', names: { '#v': 'version' }, values: { ':v': prev.version } }
        : { put: full, condition: 'attribute_not_exists(pk)' },
      {
        put: {
          pk: key.pk,
          sk: `${key.sk === 'CUR' ? '' : `H#${key.sk}#`}${ver(version)}`,
          type: 'version',
          version,
          action,
          at: now,
          actor: nameOf(actor),
          role: actor.role,
          channel: actor.channel,
          fields,
          change: this.pop.cipher.encrypt(JSON.stringify(changes), `record:${key.pk}:${key.sk}:${version}`),
        },
      },
      ...counterOps(this.store, deltas),
      auditPut(this.store, actor, action, `${key.pk.slice(this.store.keys.prefix.length)}/${key.sk}`, {
        detail: { version, fields },
      }),
    ];
    try {
      await transactRetry(this.store, ops);
    } catch (err) {
      if (err instanceof LinliError && err.code === 'CONFLICT')
        throw prev
          ? PopErrors.versionConflict()
          : new LinliError('RECORD_EXISTS', 409, { zh: '该记录已存在', en: 'The record already exists' });
      throw err;
    }
    return full;
  }

  private out<T>(it: Rec, value: T, warnings?: readonly FieldIssue[]): StoredRecord<T> {
    return {
      id: it.id as string,
      communityCode: it.communityCode as string,
      version: it.version as number,
      createdAt: it.createdAt as string,
      updatedAt: it.updatedAt as string,
      lastVerifiedAt: it.lastVerifiedAt as string,
      value,
      ...(warnings?.length ? { warnings } : {}),
    };
  }

  // --- households -----------------------------------------------------------------------------

  /** Members are given by ID number and stored by resident id (no ID number in the household item). */
  async saveHousehold(input: Rec, actor: Actor, expectVersion?: number): Promise<StoredRecord<Rec>> {
    const res = validateHousehold(input, this.vopts());
    if (!res.ok) throw invalid(res.issues);
    const h: Household = res.value;
    const guards = h.members.map((m) => ({
      pk: this.keys.idGuard(this.pop.cipher.hash('idNumber', m.idNumber)),
      sk: 'ID',
    }));
    const found = await batchGet<{ rid: string }>(this.store, guards);
    const issues: FieldIssue[] = [];
    const members = h.members.map((m, i) => {
      const g = found.get(`${guards[i]!.pk}|ID`);
      if (!g)
        issues.push({
          field: `members.${i}.idNumber`,
          code: 'HOUSEHOLD_MEMBER_UNKNOWN',
          message: { zh: '该成员尚未登记为居民', en: 'This member is not a registered resident' },
        });
      return { residentId: g?.rid ?? '', relationship: m.relationship };
    });
    if (issues.length) throw invalid(issues);
    const pk = this.keys.household(h.householdRef);
    const prev = await this.store.get<Rec>(pk, 'CUR', true);
    if (expectVersion !== undefined && prev && prev.version !== expectVersion)
      throw PopErrors.versionConflict();
    const deltas: Deltas = new Map();
    if (!prev) countAttr(deltas, h.communityCode, 'hh', 1);
    else if (prev.communityCode !== h.communityCode) {
      countAttr(deltas, prev.communityCode as string, 'hh', -1);
      countAttr(deltas, h.communityCode, 'hh', 1);
    }
    const item = {
      type: 'household',
      id: h.householdRef,
      householdRef: h.householdRef,
      communityCode: h.communityCode,
      streetCode: streetOf(h.communityCode),
      kind: h.type,
      ...(h.building ? { building: h.building } : {}),
      ...(h.unit ? { unit: h.unit } : {}),
      ...(h.room ? { room: h.room } : {}),
      members,
      gsi1pk: this.keys.householdsOf(h.communityCode),
      gsi1sk: `${frag(h.building)}#${frag(h.unit)}#${frag(h.room)}#${h.householdRef}`,
    };
    const saved = await this.save(
      { pk, sk: 'CUR' },
      item,
      prev,
      actor,
      prev ? 'households.update' : 'households.create',
      deltas,
    );
    return this.out(saved, strip(saved));
  }

  /**
   * Change a household where it stands (`version` = the version seen): only the fields given
   * change. The address fields take a value, or `''` to clear. `members`, when given, is the new
   * member list: members kept are named by `residentId` (what the masked view shows), new ones by
   * ID number — so a worker never re-enters what they may only see masked.
   */
  async patchHousehold(
    ref: string,
    patch: Rec,
    actor: Actor,
    expectVersion: number,
  ): Promise<StoredRecord<Rec> | undefined> {
    const pk = this.keys.household(ref);
    const prev = await this.store.get<Rec>(pk, 'CUR', true);
    if (!prev) return undefined;
    if (prev.version !== expectVersion) throw PopErrors.versionConflict();
    const issues: FieldIssue[] = [];
    const issue = (field: string, code: string, zh: string, en: string) =>
      issues.push({ field, code, message: { zh, en } });
    let kind = prev.kind as string;
    if (patch.type !== undefined) {
      const k = (
        { family: 'family', 家庭户: 'family', collective: 'collective', 集体户: 'collective' } as Rec
      )[String(patch.type)];
      if (typeof k === 'string') kind = k;
      else
        issue(
          'type',
          'HOUSEHOLD_TYPE_INVALID',
          '户别应为“家庭户”或“集体户”',
          'expected family or collective',
        );
    }
    const place: Rec = {};
    for (const f of ['building', 'unit', 'room'] as const) {
      const v = patch[f];
      if (v === undefined) place[f] = prev[f];
      else if (v === null || (typeof v === 'string' && !v.trim())) place[f] = undefined;
      else if (typeof v === 'string' && v.trim().length <= 20) place[f] = v.trim();
      else issue(f, `HOUSEHOLD_${f.toUpperCase()}_INVALID`, '最多 20 个字符', 'at most 20 characters');
    }
    let members = prev.members as { residentId: string; relationship: string }[];
    if (patch.members !== undefined) {
      const list = Array.isArray(patch.members) ? (patch.members as Rec[]) : [];
      if (!Array.isArray(patch.members))
        issue('members', 'HOUSEHOLD_MEMBERS_INVALID', '成员应为列表', 'members must be a list');
      const kept = new Set(members.map((m) => m.residentId));
      const byId = list.map((m) => {
        const raw = typeof m?.idNumber === 'string' ? m.idNumber.trim() : '';
        return raw ? validateCitizenId(raw) : undefined;
      });
      const guards = byId.map((r) =>
        r?.ok ? { pk: this.keys.idGuard(this.pop.cipher.hash('idNumber', r.id)), sk: 'ID' } : undefined,
      );
      const found = await batchGet<{ rid: string }>(
        this.store,
        guards.filter((g): g is { pk: string; sk: string } => !!g),
      );
      const next: { residentId: string; relationship: string }[] = [];
      list.forEach((m, i) => {
        const rel = lookupRelationship(typeof m?.relationship === 'string' ? m.relationship : '');
        if (!rel)
          issue(
            `members.${i}.relationship`,
            'HOUSEHOLD_RELATIONSHIP_INVALID',
            '与户主关系应为 GB/T 4761 家庭关系',
            'expected a GB/T 4761 relationship code',
          );
        let rid: string | undefined;
        const r = byId[i];
        if (r && !r.ok) issues.push({ field: `members.${i}.idNumber`, code: r.code, message: r.message });
        else if (r?.ok) {
          rid = found.get(`${guards[i]!.pk}|ID`)?.rid;
          if (!rid)
            issue(
              `members.${i}.idNumber`,
              'HOUSEHOLD_MEMBER_UNKNOWN',
              '该成员尚未登记为居民',
              'This member is not a registered resident',
            );
        } else if (typeof m?.residentId === 'string' && kept.has(m.residentId)) rid = m.residentId;
        else
          issue(
            `members.${i}.idNumber`,
            'HOUSEHOLD_MEMBER_REQUIRED',
            '请填写新成员的身份证号',
            'Enter the new member’s ID number',
          );
        if (rid && next.some((x) => x.residentId === rid))
          issue(
            `members.${i}.idNumber`,
            'HOUSEHOLD_DUPLICATE_MEMBER',
            '同一人在本户中重复出现',
            'The same person appears twice in the household',
          );
        else if (rid && rel) next.push({ residentId: rid, relationship: rel });
      });
      members = next;
    }
    const head = householdHeadIssue(kind, members);
    if (head) issues.push(head);
    if (issues.length) throw invalid(issues);
    const c = prev.communityCode as string;
    const item: Rec = {
      type: 'household',
      id: ref,
      householdRef: ref,
      communityCode: c,
      streetCode: streetOf(c),
      kind,
      ...(place.building ? { building: place.building } : {}),
      ...(place.unit ? { unit: place.unit } : {}),
      ...(place.room ? { room: place.room } : {}),
      members,
      gsi1pk: this.keys.householdsOf(c),
      gsi1sk: `${frag(place.building as string | undefined)}#${frag(place.unit as string | undefined)}#${frag(place.room as string | undefined)}#${ref}`,
    };
    const saved = await this.save({ pk, sk: 'CUR' }, item, prev, actor, 'households.update', new Map());
    return this.out(saved, strip(saved));
  }

  async getHousehold(ref: string): Promise<StoredRecord<Rec> | undefined> {
    const it = await this.store.get<Rec>(this.keys.household(ref), 'CUR');
    return it ? this.out(it, strip(it)) : undefined;
  }

  async listHouseholds(community: string, limit: number, cursor?: string) {
    const page = await this.store.query<Rec>({
      index: 'gsi1',
      pk: this.keys.householdsOf(community),
      limit,
      ...(cursor ? { cursor } : {}),
    });
    return {
      items: page.items.map((i) => this.out(i, strip(i))),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  }

  // --- buildings and housing units ---------------------------------------------------------------

  /** Create or replace a building; `expectVersion` (the version the caller saw) guards a replace. */
  async saveBuilding(input: Rec, actor: Actor, expectVersion?: number): Promise<StoredRecord<Building>> {
    const res = validateBuilding(input, this.vopts());
    if (!res.ok) throw invalid(res.issues);
    const b = res.value;
    const key = { pk: this.keys.buildings(b.communityCode), sk: `B#${frag(b.number)}` };
    const prev = await this.store.get<Rec>(key.pk, key.sk, true);
    if (expectVersion !== undefined && (prev?.version ?? 0) !== expectVersion)
      throw PopErrors.versionConflict();
    const deltas: Deltas = new Map();
    if (!prev) countAttr(deltas, b.communityCode, 'b', 1);
    const saved = await this.save(
      key,
      { type: 'building', id: b.number, ...b },
      prev,
      actor,
      prev ? 'buildings.update' : 'buildings.create',
      deltas,
    );
    return this.out(saved, strip(saved) as Building);
  }

  async listBuildings(community: string, limit: number, cursor?: string) {
    const page = await this.store.query<Rec>({
      pk: this.keys.buildings(community),
      skPrefix: 'B#',
      limit,
      ...(cursor ? { cursor } : {}),
    });
    return {
      items: page.items.map((i) => this.out(i, strip(i) as Building)),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  }

  /** Create or replace a housing unit; `expectVersion` guards a replace. */
  async saveUnit(input: Rec, actor: Actor, expectVersion?: number): Promise<StoredRecord<HousingUnit>> {
    const res = validateHousingUnit(input, this.vopts());
    if (!res.ok) throw invalid(res.issues);
    const u = res.value;
    const building = await this.store.get<Rec>(this.keys.buildings(u.communityCode), `B#${frag(u.building)}`);
    if (!building)
      throw invalid([
        {
          field: 'building',
          code: 'HOUSING_UNIT_BUILDING_UNKNOWN',
          message: { zh: '该楼栋尚未登记', en: 'The building is not registered' },
        },
      ]);
    const key = {
      pk: this.keys.buildings(u.communityCode),
      sk: `U#${frag(u.building)}#${frag(u.unit)}#${frag(u.room)}`,
    };
    const prev = await this.store.get<Rec>(key.pk, key.sk, true);
    if (expectVersion !== undefined && (prev?.version ?? 0) !== expectVersion)
      throw PopErrors.versionConflict();
    const deltas: Deltas = new Map();
    if (prev) countAttr(deltas, u.communityCode, `u_${prev.occupancy as string}`, -1);
    countAttr(deltas, u.communityCode, `u_${u.occupancy}`, 1);
    const saved = await this.save(
      key,
      { type: 'unit', id: key.sk.slice(2), ...u },
      prev,
      actor,
      prev ? 'units.update' : 'units.create',
      deltas,
    );
    return this.out(saved, strip(saved) as HousingUnit);
  }

  // --- grids ------------------------------------------------------------------------------------

  /**
   * Create or replace a grid. Its buildings must be registered in the community and may belong to
   * no other grid of it (`GRID_BUILDING_TAKEN`, 409).
   */
  async saveGrid(input: Rec, actor: Actor, expectVersion?: number): Promise<StoredRecord<Grid>> {
    const res = validateGrid(input, this.vopts());
    if (!res.ok) throw invalid(res.issues);
    const g = res.value;
    const key = { pk: this.keys.grids(g.communityCode), sk: `G#${g.code}` };
    const [prev, others, known] = await Promise.all([
      this.store.get<Rec>(key.pk, key.sk, true),
      this.store.queryAll<Rec>({ pk: key.pk, skPrefix: 'G#' }),
      batchGet<Rec>(
        this.store,
        g.buildings.map((b) => ({ pk: this.keys.buildings(g.communityCode), sk: `B#${frag(b)}` })),
      ),
    ]);
    if (expectVersion !== undefined && (prev?.version ?? 0) !== expectVersion)
      throw PopErrors.versionConflict();
    const unknown = g.buildings.filter(
      (b) => !known.has(`${this.keys.buildings(g.communityCode)}|B#${frag(b)}`),
    );
    if (unknown.length)
      throw invalid([
        {
          field: 'buildings',
          code: 'GRID_BUILDING_UNKNOWN',
          message: {
            zh: `楼栋尚未登记：${unknown.join('、')}`,
            en: `Buildings not registered: ${unknown.join(', ')}`,
          },
        },
      ]);
    const taken = others
      .filter((o) => o.code !== g.code)
      .flatMap((o) =>
        ((o.buildings as string[]) ?? []).filter((b) => g.buildings.includes(b)).map((b) => ({ b, o })),
      );
    if (taken.length)
      throw new LinliError(
        'GRID_BUILDING_TAKEN',
        409,
        {
          zh: `楼栋已属于其他网格：${taken.map((t) => `${t.b}（${String(t.o.name)}）`).join('、')}`,
          en: `Buildings already in another grid: ${taken.map((t) => `${t.b} (${String(t.o.name)})`).join(', ')}`,
        },
        {
          issues: [
            {
              field: 'buildings',
              code: 'GRID_BUILDING_TAKEN',
              message: { zh: '楼栋已属于其他网格', en: 'A building is already in another grid' },
            },
          ],
        },
      );
    const deltas: Deltas = new Map();
    if (!prev) countAttr(deltas, g.communityCode, 'g', 1);
    const saved = await this.save(
      key,
      { type: 'grid', id: g.code, ...g },
      prev,
      actor,
      prev ? 'grids.update' : 'grids.create',
      deltas,
    );
    return this.out(saved, strip(saved) as Grid);
  }

  async getGrid(community: string, code: string): Promise<StoredRecord<Grid> | undefined> {
    const it = await this.store.get<Rec>(this.keys.grids(community), `G#${code}`);
    return it ? this.out(it, strip(it) as Grid) : undefined;
  }

  async listGrids(community: string, limit: number, cursor?: string) {
    const page = await this.store.query<Rec>({
      pk: this.keys.grids(community),
      skPrefix: 'G#',
      limit,
      ...(cursor ? { cursor } : {}),
    });
    return {
      items: page.items.map((i) => this.out(i, strip(i) as Grid)),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  }

  /** Active residents living in a grid's buildings, building by building (composite cursor). */
  async listGridResidents(grid: Grid, limit: number, cursor?: string) {
    return queryMulti(this.store, grid.buildings, cursor, limit, (building, c, l) =>
      this.pop.listCommunity(grid.communityCode, { building, limit: l, ...(c ? { cursor: c } : {}) }),
    );
  }

  async listUnits(community: string, building: string, limit: number, cursor?: string) {
    const page = await this.store.query<Rec>({
      pk: this.keys.buildings(community),
      skPrefix: `U#${frag(building)}#`,
      limit,
      ...(cursor ? { cursor } : {}),
    });
    return {
      items: page.items.map((i) => this.out(i, strip(i) as HousingUnit)),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  }

  // --- organizations ------------------------------------------------------------------------------

  /** Credit-code failures come back as warnings; the record is stored all the same. */
  async saveOrganization(
    input: Rec,
    actor: Actor,
    id?: string,
    expectVersion?: number,
  ): Promise<StoredRecord<Organization>> {
    const res = validateOrganization(input, this.vopts());
    if (!res.ok) throw invalid(res.issues);
    const o = res.value;
    const oid = id ?? newId();
    const pk = this.keys.organization(oid);
    const prev = id ? await this.store.get<Rec>(pk, 'CUR', true) : undefined;
    if (id && !prev) throw notFound({ zh: '组织', en: 'organization' });
    if (expectVersion !== undefined && prev && prev.version !== expectVersion)
      throw PopErrors.versionConflict();
    const deltas: Deltas = new Map();
    if (prev) countAttr(deltas, prev.communityCode as string, `o_${prev.orgType as string}`, -1);
    countAttr(deltas, o.communityCode, `o_${o.type}`, 1);
    const { type: orgType, ...rest } = o;
    const item = {
      type: 'organization',
      id: oid,
      orgType,
      ...rest,
      streetCode: streetOf(o.communityCode),
      creditCodeWarnings: res.warnings.map((w) => w.code),
      gsi1pk: this.keys.organizationsOf(o.communityCode),
      gsi1sk: `${orgType}#${oid}`,
    };
    const saved = await this.save(
      { pk, sk: 'CUR' },
      item,
      prev,
      actor,
      prev ? 'organizations.update' : 'organizations.create',
      deltas,
    );
    return this.out(saved, orgValue(saved), res.warnings);
  }

  async getOrganization(id: string): Promise<StoredRecord<Organization> | undefined> {
    if (!/^[0-9A-Z]{26}$/.test(id)) return undefined;
    const it = await this.store.get<Rec>(this.keys.organization(id), 'CUR');
    return it ? this.out(it, orgValue(it)) : undefined;
  }

  async listOrganizations(community: string, type: string | undefined, limit: number, cursor?: string) {
    const page = await this.store.query<Rec>({
      index: 'gsi1',
      pk: this.keys.organizationsOf(community),
      ...(type ? { skPrefix: `${type}#` } : {}),
      limit,
      ...(cursor ? { cursor } : {}),
    });
    return {
      items: page.items.map((i) => this.out(i, orgValue(i))),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  }

  // --- thematic records ------------------------------------------------------------------------

  /** Create or update a thematic record of `kind`; sensitive fields are sealed in the item. */
  async saveThematic(
    kind: ThematicKind,
    input: { subjectId: string; communityCode: string; data: unknown },
    actor: Actor,
    id?: string,
    expectVersion?: number,
  ): Promise<StoredRecord<Rec>> {
    const parsed = kind.schema.safeParse(input.data ?? {});
    if (!parsed.success)
      throw invalid(
        parsed.error.issues.map((i) => ({
          field: `data.${i.path.join('.')}`,
          code: 'THEMATIC_FIELD_INVALID',
          message: { zh: `字段不符合要求：${i.message}`, en: i.message },
        })),
      );
    const tid = id ?? newId();
    const pk = this.keys.thematic(kind.key, tid);
    const prev = id ? await this.store.get<Rec>(pk, 'CUR', true) : undefined;
    if (id && !prev) throw notFound({ zh: '专题记录', en: 'thematic record' });
    if (expectVersion !== undefined && prev && prev.version !== expectVersion)
      throw PopErrors.versionConflict();
    const data = parsed.data as Rec;
    const plain: Rec = {};
    const secret: Rec = {};
    for (const [k, v] of Object.entries(data)) (kind.sensitive.includes(k) ? secret : plain)[k] = v;
    const item = {
      type: 'thematic',
      id: tid,
      kind: kind.key,
      department: kind.department,
      subjectType: kind.subject,
      subjectId: input.subjectId,
      communityCode: input.communityCode,
      data: plain,
      sealed: this.pop.cipher.encrypt(JSON.stringify(secret), `thematic:${kind.key}:${tid}`),
      gsi1pk: this.keys.thematicOf(kind.key, input.communityCode),
      gsi1sk: tid,
      gsi2pk: this.keys.thematicBySubject(input.subjectId),
      gsi2sk: `${kind.key}#${tid}`,
    };
    const deltas: Deltas = new Map();
    if (!prev) countAttr(deltas, input.communityCode, `k_${kind.key}`, 1);
    const before = prev ? (this.thematicOut(kind, prev).value.data as Rec) : {};
    const changedSecret = kind.sensitive.filter(
      (f) => JSON.stringify(before[f]) !== JSON.stringify(secret[f]),
    );
    const saved = await this.save(
      { pk, sk: 'CUR' },
      item,
      prev,
      actor,
      prev ? `thematic.${kind.key}.update` : `thematic.${kind.key}.create`,
      deltas,
      changedSecret,
    );
    return this.thematicOut(kind, saved);
  }

  thematicOut(kind: ThematicKind, it: Rec): StoredRecord<Rec> {
    const secret = JSON.parse(
      this.pop.cipher.decrypt(it.sealed as string, `thematic:${kind.key}:${it.id as string}`),
    ) as Rec;
    return this.out(it, {
      kind: it.kind,
      department: it.department,
      subjectType: it.subjectType,
      subjectId: it.subjectId,
      data: { ...(it.data as Rec), ...secret },
    });
  }

  async getThematic(kind: ThematicKind, id: string) {
    if (!/^[0-9A-Z]{26}$/.test(id)) return undefined;
    const it = await this.store.get<Rec>(this.keys.thematic(kind.key, id), 'CUR');
    return it ? this.thematicOut(kind, it) : undefined;
  }

  async listThematic(kind: ThematicKind, community: string, limit: number, cursor?: string) {
    const page = await this.store.query<Rec>({
      index: 'gsi1',
      pk: this.keys.thematicOf(kind.key, community),
      limit,
      ...(cursor ? { cursor } : {}),
    });
    return {
      items: page.items.map((i) => this.thematicOut(kind, i)),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  }

  /** Records of a kind over several communities in order (composite cursor). */
  async listThematicIn(kind: ThematicKind, communities: readonly string[], limit: number, cursor?: string) {
    const page = await queryMulti<Rec>(
      this.store,
      communities.map((c) => this.keys.thematicOf(kind.key, c)),
      cursor,
      limit,
      (pk, c, l) => this.store.query<Rec>({ index: 'gsi1', pk, limit: l, ...(c ? { cursor: c } : {}) }),
    );
    return {
      items: page.items.map((i) => this.thematicOut(kind, i)),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  }

  /** Records about one subject, of the given kinds only (the caller's departments). */
  async thematicOfSubject(subjectId: string, kinds: readonly ThematicKind[]) {
    const items = await this.store.queryAll<Rec>({
      index: 'gsi2',
      pk: this.keys.thematicBySubject(subjectId),
    });
    const out: StoredRecord<Rec>[] = [];
    for (const it of items) {
      const k = kinds.find((x) => x.key === it.kind);
      if (k) out.push(this.thematicOut(k, it));
    }
    return out;
  }

  async history(pk: string, sk: string) {
    const items = await this.store.queryAll<Rec>({ pk, skPrefix: sk === 'CUR' ? 'VER#' : `H#${sk}#VER#` });
    return items.map((it) => ({
      version: it.version,
      action: it.action,
      at: it.at,
      actor: it.actor,
      role: it.role,
      channel: it.channel,
      fields: it.fields,
      changes: JSON.parse(
        this.pop.cipher.decrypt(it.change as string, `record:${pk}:${sk}:${it.version as number}`),
      ),
    }));
  }
}

const orgValue = (it: Rec): Organization => {
  const s = strip(it);
  const { orgType, streetCode: _s, creditCodeWarnings: _w, ...rest } = s;
  return { ...rest, type: orgType } as unknown as Organization;
};
