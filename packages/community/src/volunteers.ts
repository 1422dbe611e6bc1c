/**
 * Volunteers and their hours (社区民间组织, module `civil-organizations`). The organizations and
 * volunteer teams are the base data's organization records (`@linli/population`); this file keeps
 * what is new: a volunteer (a resident record joined to teams), a team's activities, and the hours
 * each volunteer gave to an activity.
 *
 * Keys (docs/community.md), every partition through `store.keys.pk`:
 * - `VOLUNTEERS` / `V#<id>`: a volunteer; GSI1 `VOLC#<community>` / `V#<id>`
 * - `VOLRES#<residentId>` / `U`: one volunteer per resident record (conditional put)
 * - `VACTS` / `A#<id>`: an activity; GSI1 `VACTC#<community>` / `<date>#<id>`
 * - `VACTH#<activityId>` / `V#<volunteerId>`: a volunteer's current minutes for the activity (who
 *   took part), versioned: a correction is conditional on the version it corrects
 * - `VHRS#<volunteerId>` / `<date>#<entryId>`: hours entries, never changed (a correction is a new
 *   entry of the difference); GSI1 `VHRSC#<community>` / `<date>#<entryId>` for a community's totals
 */
import { errorOf, newId } from '@linli/core';
import { type Actor, auditPut, nameOf, popKeys, transactRetry } from '@linli/population';
import type { TenantStore, TransactOp } from '@linli/tenancy';
import { commit, getStripped, strip } from './items.ts';
import { correctionMinutes } from './volunteer-hours.ts';

export const VolunteerErrors = {
  notFound: errorOf('VOLUNTEER_NOT_FOUND', 404, '未找到该志愿者', 'Volunteer not found'),
  exists: errorOf('VOLUNTEER_EXISTS', 409, '该居民已登记为志愿者', 'This resident is already a volunteer'),
  changed: errorOf(
    'VOLUNTEER_CHANGED',
    409,
    '志愿者信息已被他人修改，请刷新',
    'The volunteer was changed by someone else; reload',
  ),
  inactive: errorOf(
    'VOLUNTEER_INACTIVE',
    409,
    '该志愿者已停止服务，不能登记新的时长',
    'This volunteer is inactive; no new hours can be recorded',
  ),
  otherCommunity: errorOf(
    'VOLUNTEER_OTHER_COMMUNITY',
    400,
    '志愿者与活动不在同一社区',
    'The volunteer and the activity are of different communities',
  ),
  residentInvalid: errorOf(
    'VOLUNTEER_RESIDENT_INVALID',
    400,
    '只能登记本社区在册居民为志愿者',
    'Only an active resident record of the community can be a volunteer',
  ),
  teamInvalid: errorOf(
    'VOLUNTEER_TEAM_INVALID',
    400,
    '所选队伍不是本社区的志愿服务队或民间组织',
    'The team is not a volunteer team or civil organization of the community',
  ),
  activityNotFound: errorOf('VOLUNTEER_ACTIVITY_NOT_FOUND', 404, '未找到该活动', 'Activity not found'),
  hoursExist: errorOf(
    'VOLUNTEER_HOURS_EXIST',
    409,
    '该志愿者本次活动的时长已登记，如需修改请更正',
    'Hours for this volunteer and activity are recorded; correct them instead',
  ),
  hoursNotFound: errorOf(
    'VOLUNTEER_HOURS_NOT_FOUND',
    404,
    '该志愿者没有登记本次活动的时长',
    'No hours are recorded for this volunteer and activity',
  ),
  hoursChanged: errorOf(
    'VOLUNTEER_HOURS_CHANGED',
    409,
    '时长已被他人更正，请刷新后重试',
    'The hours were corrected by someone else; reload and retry',
  ),
  hoursUnchanged: errorOf(
    'VOLUNTEER_HOURS_UNCHANGED',
    400,
    '更正后的时长与原时长相同',
    'The corrected hours equal the recorded ones',
  ),
  futureDate: errorOf(
    'VOLUNTEER_ACTIVITY_FUTURE',
    400,
    '活动日期不能晚于今天',
    'The activity date is in the future',
  ),
};

export type VolunteerStatus = 'active' | 'inactive';

export interface Volunteer {
  readonly id: string;
  readonly residentId: string;
  readonly communityCode: string;
  /** Organization record ids (volunteer teams, civil organizations) of the same community. */
  readonly teams: readonly string[];
  readonly skills: readonly string[];
  readonly status: VolunteerStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface VolunteerActivity {
  readonly id: string;
  readonly communityCode: string;
  /** The team (organization record) that held it. */
  readonly orgId: string;
  readonly orgName: string;
  readonly date: string;
  readonly title: string;
  readonly place: string;
  readonly description: string;
  /** Everyone who took part, volunteers or not. */
  readonly participants: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface HoursEntry {
  readonly id: string;
  readonly volunteerId: string;
  readonly activityId: string;
  readonly activityTitle: string;
  readonly orgId: string;
  readonly orgName: string;
  readonly communityCode: string;
  /** The activity's date: a correction counts in the same period as what it corrects. */
  readonly date: string;
  /** Whole minutes; a correction's may be negative (the difference). */
  readonly minutes: number;
  readonly kind: 'record' | 'correction';
  readonly reason?: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/** A volunteer's current minutes for one activity (the sum of its entries there). */
export interface ActivityHours {
  readonly volunteerId: string;
  readonly minutes: number;
  readonly version: number;
}

const k = (store: TenantStore) => ({
  volunteer: (id: string) => ({ pk: store.keys.pk('VOLUNTEERS'), sk: `V#${id}` }),
  volunteersOf: (community: string) => store.keys.pk('VOLC', community),
  residentGuard: (rid: string) => ({ pk: store.keys.pk('VOLRES', rid), sk: 'U' }),
  activity: (id: string) => ({ pk: store.keys.pk('VACTS'), sk: `A#${id}` }),
  activitiesOf: (community: string) => store.keys.pk('VACTC', community),
  activityHours: (id: string, vid: string) => ({ pk: store.keys.pk('VACTH', id), sk: `V#${vid}` }),
  entries: (vid: string) => store.keys.pk('VHRS', vid),
  communityEntries: (community: string) => store.keys.pk('VHRSC', community),
});

// --- teams: the base data's organization records ------------------------------------------------

/** The kinds of organization records volunteers join. */
export const TEAM_TYPES = ['volunteer-team', 'civil-organization'] as const;
export type TeamType = (typeof TEAM_TYPES)[number];

export interface Team {
  readonly id: string;
  readonly communityCode: string;
  readonly name: string;
  readonly type: TeamType;
  readonly memberCount?: number;
}

const teamOf = (it: Record<string, unknown> | undefined): Team | undefined =>
  it && (TEAM_TYPES as readonly unknown[]).includes(it.orgType)
    ? {
        id: String(it.id),
        communityCode: String(it.communityCode),
        name: String(it.name),
        type: it.orgType as TeamType,
        ...(typeof it.memberCount === 'number' ? { memberCount: it.memberCount } : {}),
      }
    : undefined;

/**
 * A team or civil organization of the base data, read from its record item (`popKeys`) rather than
 * through the population store's record layer, which would bring every base record's validators
 * into the community function; the population store stays the only writer. Other kinds: undefined.
 */
export const getTeam = async (store: TenantStore, id: string): Promise<Team | undefined> =>
  /^[0-9A-Z]{26}$/.test(id)
    ? teamOf(await store.get<Record<string, unknown>>(popKeys(store).organization(id), 'CUR'))
    : undefined;

/** A community's teams and civil organizations (the base data's GSI1 of its organizations). */
export const listTeams = async (store: TenantStore, community: string): Promise<Team[]> => {
  const pages = await Promise.all(
    TEAM_TYPES.map((t) =>
      store.queryAll<Record<string, unknown>>({
        index: 'gsi1',
        pk: popKeys(store).organizationsOf(community),
        skPrefix: `${t}#`,
      }),
    ),
  );
  return pages.flat().flatMap((it) => teamOf(it) ?? []);
};

// --- volunteers ----------------------------------------------------------------------------------

export interface VolunteerInput {
  readonly residentId: string;
  readonly communityCode: string;
  readonly teams: readonly string[];
  readonly skills: readonly string[];
}

/** Register a resident record as a volunteer (once per record). */
export const createVolunteer = async (
  store: TenantStore,
  input: VolunteerInput,
  actor: Actor,
  now = new Date(),
): Promise<Volunteer> => {
  const keys = k(store);
  const at = now.toISOString();
  const v: Volunteer = {
    id: newId(),
    residentId: input.residentId,
    communityCode: input.communityCode,
    teams: [...new Set(input.teams)],
    skills: [...new Set(input.skills)],
    status: 'active',
    createdAt: at,
    createdBy: nameOf(actor),
    updatedAt: at,
    version: 1,
  };
  await commit(
    store,
    [
      {
        put: { ...keys.residentGuard(v.residentId), volunteerId: v.id },
        condition: 'attribute_not_exists(pk)',
      },
      {
        put: {
          ...keys.volunteer(v.id),
          type: 'volunteer',
          ...v,
          gsi1pk: keys.volunteersOf(v.communityCode),
          gsi1sk: `V#${v.id}`,
        },
        condition: 'attribute_not_exists(pk)',
      },
      auditPut(store, actor, 'volunteers.create', `volunteer:${v.id}`, {
        detail: { community: v.communityCode, resident: v.residentId, teams: v.teams },
      }),
    ],
    VolunteerErrors.exists,
  );
  return v;
};

export const getVolunteer = (store: TenantStore, id: string): Promise<Volunteer> =>
  getStripped<Volunteer>(store, k(store).volunteer(id), VolunteerErrors.notFound);

/** The volunteer registered for a resident record, if any. */
export const volunteerOfResident = async (
  store: TenantStore,
  rid: string,
): Promise<Volunteer | undefined> => {
  const g = k(store).residentGuard(rid);
  const it = await store.get<{ volunteerId: string }>(g.pk, g.sk, true);
  return it ? getVolunteer(store, it.volunteerId) : undefined;
};

export const listVolunteers = async (store: TenantStore, community: string): Promise<Volunteer[]> =>
  (
    await store.queryAll<Record<string, unknown>>({ index: 'gsi1', pk: k(store).volunteersOf(community) })
  ).map((i) => strip<Volunteer>(i));

export interface VolunteerChange {
  readonly teams?: readonly string[] | undefined;
  readonly skills?: readonly string[] | undefined;
  readonly status?: VolunteerStatus | undefined;
}

/** Change teams, skills or status, conditional on the version the caller saw. */
export const changeVolunteer = async (
  store: TenantStore,
  v: Volunteer,
  change: VolunteerChange,
  expectedVersion: number,
  actor: Actor,
  now = new Date(),
): Promise<Volunteer> => {
  const next: Volunteer = {
    ...v,
    ...(change.teams ? { teams: [...new Set(change.teams)] } : {}),
    ...(change.skills ? { skills: [...new Set(change.skills)] } : {}),
    ...(change.status ? { status: change.status } : {}),
    updatedAt: now.toISOString(),
    version: expectedVersion + 1,
  };
  await commit(
    store,
    [
      {
        update: k(store).volunteer(v.id),
        expression: 'SET #tm = :t, #sk = :s, #st = :st, #up = :u, #ver = :n',
        condition: '#ver = :v',
        names: { '#tm': 'teams', '#sk': 'skills', '#st': 'status', '#up': 'updatedAt', '#ver': 'version' },
        values: {
          ':t': next.teams,
          ':s': next.skills,
          ':st': next.status,
          ':u': next.updatedAt,
          ':n': next.version,
          ':v': expectedVersion,
        },
      },
      auditPut(store, actor, 'volunteers.update', `volunteer:${v.id}`, {
        detail: { teams: next.teams, status: next.status },
      }),
    ],
    VolunteerErrors.changed,
  );
  return next;
};

// --- activities and hours ----------------------------------------------------------------------

export interface ActivityInput {
  readonly communityCode: string;
  readonly orgId: string;
  readonly orgName: string;
  readonly date: string;
  readonly title: string;
  readonly place: string;
  readonly description: string;
  readonly participants: number;
  /** Hours of the volunteers who took part (each once), recorded with the activity. */
  readonly hours: readonly { readonly volunteer: Volunteer; readonly minutes: number }[];
}

/** One line of a volunteer's hours ledger for an activity: a record, or a correction with its reason. */
const ledgerEntry = (
  a: VolunteerActivity,
  volunteerId: string,
  minutes: number,
  actor: Actor,
  at: string,
  correction?: string,
): HoursEntry => ({
  id: newId(),
  volunteerId,
  activityId: a.id,
  activityTitle: a.title,
  orgId: a.orgId,
  orgName: a.orgName,
  communityCode: a.communityCode,
  date: a.date,
  minutes,
  ...(correction === undefined ? { kind: 'record' } : { kind: 'correction', reason: correction }),
  recordedBy: nameOf(actor),
  recordedAt: at,
});

/** The ledger line's put: under the volunteer by date, and in its community's index. */
const entryPut = (store: TenantStore, e: HoursEntry): TransactOp => {
  const keys = k(store);
  return {
    put: {
      pk: keys.entries(e.volunteerId),
      sk: `${e.date}#${e.id}`,
      type: 'volunteer-hours',
      ...e,
      gsi1pk: keys.communityEntries(e.communityCode),
      gsi1sk: `${e.date}#${e.id}`,
    },
    condition: 'attribute_not_exists(pk)',
  };
};

const recordOps = (
  store: TenantStore,
  a: VolunteerActivity,
  v: Volunteer,
  minutes: number,
  actor: Actor,
  at: string,
): TransactOp[] => {
  if (v.communityCode !== a.communityCode) throw VolunteerErrors.otherCommunity();
  if (v.status !== 'active') throw VolunteerErrors.inactive();
  return [
    {
      put: {
        ...k(store).activityHours(a.id, v.id),
        type: 'volunteer-activity-hours',
        volunteerId: v.id,
        minutes,
        version: 1,
      },
      condition: 'attribute_not_exists(pk)',
    },
    entryPut(store, ledgerEntry(a, v.id, minutes, actor, at)),
  ];
};

/** Record an activity and its volunteers' hours in one transaction (at most 40 volunteers). */
export const createActivity = async (
  store: TenantStore,
  input: ActivityInput,
  actor: Actor,
  now = new Date(),
): Promise<VolunteerActivity> => {
  const { hours, ...rest } = input;
  const at = now.toISOString();
  const a: VolunteerActivity = { id: newId(), ...rest, createdAt: at, createdBy: nameOf(actor) };
  const keys = k(store);
  const ops: TransactOp[] = [
    {
      put: {
        ...keys.activity(a.id),
        type: 'volunteer-activity',
        ...a,
        gsi1pk: keys.activitiesOf(a.communityCode),
        gsi1sk: `${a.date}#${a.id}`,
      },
      condition: 'attribute_not_exists(pk)',
    },
    ...hours.flatMap((h) => recordOps(store, a, h.volunteer, h.minutes, actor, at)),
    auditPut(store, actor, 'volunteers.activity', `volunteer-activity:${a.id}`, {
      detail: {
        community: a.communityCode,
        org: a.orgId,
        hours: hours.map((h) => ({ volunteer: h.volunteer.id, minutes: h.minutes })),
      },
    }),
  ];
  await transactRetry(store, ops);
  return a;
};

export const getActivity = (store: TenantStore, id: string): Promise<VolunteerActivity> =>
  getStripped<VolunteerActivity>(store, k(store).activity(id), VolunteerErrors.activityNotFound);

/** A community's activities, newest first (at most `limit`). */
export const listActivities = async (
  store: TenantStore,
  community: string,
  limit = 100,
): Promise<VolunteerActivity[]> =>
  (
    await store.query<Record<string, unknown>>({
      index: 'gsi1',
      pk: k(store).activitiesOf(community),
      forward: false,
      limit,
    })
  ).items.map((i) => strip<VolunteerActivity>(i));

/** Who took part in an activity and their current minutes there. */
export const activityHours = async (store: TenantStore, id: string): Promise<ActivityHours[]> =>
  (await store.queryAll<Record<string, unknown>>({ pk: store.keys.pk('VACTH', id) })).map((i) => ({
    volunteerId: String(i.volunteerId),
    minutes: Number(i.minutes),
    version: Number(i.version),
  }));

/** Add a volunteer's hours to an activity recorded earlier (once; afterwards, a correction). */
export const recordHours = async (
  store: TenantStore,
  a: VolunteerActivity,
  v: Volunteer,
  minutes: number,
  actor: Actor,
  now = new Date(),
): Promise<void> => {
  await commit(
    store,
    [
      ...recordOps(store, a, v, minutes, actor, now.toISOString()),
      auditPut(store, actor, 'volunteers.hours', `volunteer-activity:${a.id}`, {
        detail: { volunteer: v.id, minutes },
      }),
    ],
    VolunteerErrors.hoursExist,
  );
};

/**
 * Correct a volunteer's hours for an activity to `minutes`: a new entry of the difference, with
 * the reason; the running figure moves in the same transaction, conditional on the version seen.
 */
export const correctHours = async (
  store: TenantStore,
  a: VolunteerActivity,
  volunteerId: string,
  change: { minutes: number; reason: string; expectedVersion: number },
  actor: Actor,
  now = new Date(),
): Promise<HoursEntry> => {
  const keys = k(store);
  const cur = await store.get<Record<string, unknown>>(
    keys.activityHours(a.id, volunteerId).pk,
    keys.activityHours(a.id, volunteerId).sk,
    true,
  );
  if (!cur) throw VolunteerErrors.hoursNotFound();
  if (Number(cur.version) !== change.expectedVersion) throw VolunteerErrors.hoursChanged();
  const delta = correctionMinutes(Number(cur.minutes), change.minutes);
  if (delta === 0) throw VolunteerErrors.hoursUnchanged();
  const entry = ledgerEntry(a, volunteerId, delta, actor, now.toISOString(), change.reason);
  await commit(
    store,
    [
      {
        update: keys.activityHours(a.id, volunteerId),
        expression: 'SET #m = :m, #ver = :n',
        condition: '#ver = :v',
        names: { '#m': 'minutes', '#ver': 'version' },
        values: { ':m': change.minutes, ':n': change.expectedVersion + 1, ':v': change.expectedVersion },
      },
      entryPut(store, entry),
      auditPut(store, actor, 'volunteers.hours.correct', `volunteer-activity:${a.id}`, {
        reason: change.reason,
        detail: { volunteer: volunteerId, from: Number(cur.minutes), to: change.minutes },
      }),
    ],
    VolunteerErrors.hoursChanged,
  );
  return entry;
};

/** A volunteer's entries (records and corrections), oldest first, optionally within dates. */
export const volunteerEntries = async (
  store: TenantStore,
  volunteerId: string,
  range?: { from: string; to: string },
): Promise<HoursEntry[]> =>
  (
    await store.queryAll<Record<string, unknown>>({
      pk: k(store).entries(volunteerId),
      ...(range ? { skBetween: [range.from, `${range.to}#~`] as const } : {}),
    })
  ).map((i) => strip<HoursEntry>(i));

/** A community's entries within dates (its volunteers' hours, every team). */
export const communityEntries = async (
  store: TenantStore,
  community: string,
  range: { from: string; to: string },
): Promise<HoursEntry[]> =>
  (
    await store.queryAll<Record<string, unknown>>({
      index: 'gsi1',
      pk: k(store).communityEntries(community),
      skBetween: [range.from, `${range.to}#~`],
    })
  ).map((i) => strip<HoursEntry>(i));
