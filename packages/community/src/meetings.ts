/**
 * Residents' meetings (居民会议 and its kin) under self-governance: planned with an ordered agenda,
 * attendance recorded (residents linked to their records, plus a head count of those not recorded
 * one by one), held, minutes written per agenda item, published — optionally as a community notice
 * on the portal, masked (no ID numbers, no mobiles). After publication the minutes change only by a
 * recorded correction (who, when, why, what it replaced).
 *
 * Quorum (《城市居民委员会组织法》第十二条): a 居民会议 can be held only when more than half of those
 * who make it up are present — all residents aged 18 and over, one representative per household, or
 * the representatives the residents' groups elected, as the meeting is composed (`basis`) — and its
 * decisions pass with more than half of those present. The same rule is applied to a 居民代表会议.
 * Other kinds record attendance without a quorum.
 *
 * Every move is conditional on the version the caller saw (`MEETING_CHANGED`) and writes its audit
 * entry in the same transaction; publishing moves the status and writes the notice in one
 * transaction, so publishing twice cannot leave two notices.
 *
 * Keys: meetings `MEETINGS` sk `M#<id>` (ULID: newest last).
 */
import { errorOf, maskMobile, newId } from '@linli/core';
import { type Actor, auditPut, nameOf } from '@linli/population';
import { generalNoticeOps, maskNoticeId } from '@linli/services';
import type { TenantStore, TransactOp } from '@linli/tenancy';
import { commit as commitOps, getStripped, strip } from './items.ts';

export const MeetingErrors = {
  notFound: errorOf('MEETING_NOT_FOUND', 404, '未找到该会议', 'Meeting not found'),
  changed: errorOf(
    'MEETING_CHANGED',
    409,
    '该会议已被他人修改，请刷新',
    'The meeting was changed by someone else; reload',
  ),
  notPlanned: errorOf(
    'MEETING_NOT_PLANNED',
    409,
    '会议已举行，出席情况不能再修改',
    'The meeting was held; its attendance can no longer change',
  ),
  notHeld: errorOf(
    'MEETING_NOT_HELD',
    409,
    '会议尚未举行（或纪要已发布），不能进行此操作',
    'The meeting has not been held (or its minutes are published)',
  ),
  published: errorOf(
    'MEETING_MINUTES_PUBLISHED',
    409,
    '会议纪要已发布，只能通过更正修改',
    'The minutes are published; change them by a correction',
  ),
  notPublished: errorOf(
    'MEETING_MINUTES_NOT_PUBLISHED',
    409,
    '会议纪要尚未发布，无需更正',
    'The minutes are not published; edit them instead',
  ),
  quorum: errorOf(
    'MEETING_QUORUM_NOT_MET',
    409,
    '出席人数未过半数，依法不能举行会议',
    'Fewer than half are present: the meeting cannot be held',
  ),
  expectedRequired: errorOf(
    'MEETING_EXPECTED_REQUIRED',
    400,
    '居民会议和居民代表会议须填写应到人数（或户数）及其组成方式',
    'A residents’ or representatives’ meeting needs the number expected and how it is composed',
  ),
  attendeeOutside: errorOf(
    'MEETING_ATTENDEE_OUTSIDE',
    400,
    '出席人员须为本社区在册居民',
    'Attendees must be active residents of the meeting’s community',
  ),
  agendaUnknown: errorOf('MEETING_AGENDA_UNKNOWN', 400, '会议议程中没有该议题', 'No such agenda item'),
  consultationOutside: errorOf(
    'MEETING_CONSULTATION_OUTSIDE',
    400,
    '关联的议事协商须属于同一社区',
    'The linked consultation must be of the same community',
  ),
  startsPast: errorOf(
    'MEETING_STARTS_PAST',
    400,
    '计划召开的会议时间须晚于现在',
    'A planned meeting must start in the future',
  ),
};

/** 居民会议, 居民代表会议, 居民小组会议, 楼栋会议, 听证会/协调会. */
export const MEETING_KINDS = ['residents', 'representatives', 'group', 'building', 'hearing'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
/** Whom a quorum meeting is made of: adults (18+), one per household, or elected representatives. */
export const MEETING_BASES = ['adults', 'households', 'representatives'] as const;
export type MeetingBasis = (typeof MEETING_BASES)[number];
export const QUORUM_KINDS: readonly MeetingKind[] = ['residents', 'representatives'];

export type MeetingScope =
  | { readonly kind: 'community' }
  | { readonly kind: 'building'; readonly building: string }
  | { readonly kind: 'grid'; readonly grid: string };

export interface AgendaItem {
  readonly id: string;
  readonly title: string;
}

export interface Attendee {
  readonly residentId: string;
  /** Attends as a resident, a household's representative or an elected representative. */
  readonly as: 'resident' | 'household' | 'representative';
}

export interface MinutesItem {
  readonly agendaId: string;
  readonly discussion: string;
  readonly decision?: string;
  /** A show of hands, if one was taken. */
  readonly votes?: { readonly for: number; readonly against: number; readonly abstain: number };
}

export interface Correction {
  readonly agendaId: string;
  readonly reason: string;
  readonly from: MinutesItem;
  readonly at: string;
  readonly by: string;
}

export interface Quorum {
  readonly expected: number;
  readonly present: number;
  /** The fewest present for the meeting to be held: more than half of `expected`. */
  readonly required: number;
  readonly reached: boolean;
}

export interface Meeting {
  readonly id: string;
  readonly communityCode: string;
  readonly kind: MeetingKind;
  readonly scope: MeetingScope;
  readonly title: string;
  readonly startsAt: string;
  readonly place: string;
  readonly convener: string;
  readonly agenda: readonly AgendaItem[];
  readonly basis?: MeetingBasis;
  /** How many make up the meeting (adults, households or representatives), for the quorum. */
  readonly expected?: number;
  readonly attendees: readonly Attendee[];
  /** Present but not recorded one by one. */
  readonly headCount: number;
  readonly consultationId?: string;
  readonly status: 'planned' | 'held' | 'published';
  readonly summary?: string;
  readonly minutes: readonly MinutesItem[];
  readonly corrections: readonly Correction[];
  readonly noticeId?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly heldAt?: string;
  readonly publishedAt?: string;
  readonly version: number;
}

export interface MeetingInput {
  readonly communityCode: string;
  readonly kind: MeetingKind;
  readonly title: string;
  readonly startsAt: string;
  readonly place: string;
  readonly convener: string;
  readonly agenda: readonly string[];
  readonly basis?: MeetingBasis | undefined;
  readonly expected?: number | undefined;
  readonly building?: string | undefined;
  readonly grid?: string | undefined;
  readonly consultationId?: string | undefined;
}

/** How many are present: those recorded one by one and the head count. */
export const presentOf = (m: Pick<Meeting, 'attendees' | 'headCount'>): number =>
  m.attendees.length + m.headCount;

/**
 * The quorum of a 居民会议 or 居民代表会议: more than half of those who make it up present
 * (组织法第十二条 “过半数出席，才能举行”). Undefined for the kinds without one.
 */
export const quorumOf = (
  m: Pick<Meeting, 'kind' | 'expected' | 'attendees' | 'headCount'>,
): Quorum | undefined => {
  if (!QUORUM_KINDS.includes(m.kind) || !m.expected) return undefined;
  const present = presentOf(m);
  const required = Math.floor(m.expected / 2) + 1;
  return { expected: m.expected, present, required, reached: present >= required };
};

/** A decision passes with more than half of those present voting for it (第十二条). */
export const passed = (votes: MinutesItem['votes'], present: number): boolean | undefined =>
  votes ? votes.for * 2 > present : undefined;

const key = (store: TenantStore, id: string) => ({ pk: store.keys.pk('MEETINGS'), sk: `M#${id}` });

/** A meeting's transaction: a failed condition means it changed since the caller read it. */
const commit = (store: TenantStore, ops: TransactOp[]) => commitOps(store, ops, MeetingErrors.changed);

/** The conditional update of a meeting: same version and status, the next version set. */
const move = (
  store: TenantStore,
  m: Meeting,
  version: number,
  from: Meeting['status'],
  set: Record<string, unknown>,
): TransactOp => {
  if (m.version !== version) throw MeetingErrors.changed();
  const names: Record<string, string> = { '#st': 'status' };
  const values: Record<string, unknown> = { ':v': version, ':nv': version + 1, ':from': from };
  const parts = ['version = :nv'];
  Object.entries(set).forEach(([k, v], i) => {
    names[`#f${i}`] = k;
    values[`:f${i}`] = v;
    parts.push(`#f${i} = :f${i}`);
  });
  return {
    update: key(store, m.id),
    expression: `SET ${parts.join(', ')}`,
    condition: '#st = :from AND version = :v',
    names,
    values,
  };
};

/** Plan a meeting (community, consultation and scope already authorized by the caller). */
export const planMeeting = async (
  store: TenantStore,
  input: MeetingInput,
  actor: Actor,
  now = new Date(),
): Promise<Meeting> => {
  if (QUORUM_KINDS.includes(input.kind) && (!input.expected || !input.basis))
    throw MeetingErrors.expectedRequired();
  const scope: MeetingScope = input.building
    ? { kind: 'building', building: input.building }
    : input.grid
      ? { kind: 'grid', grid: input.grid }
      : { kind: 'community' };
  const m: Meeting = {
    id: newId(),
    communityCode: input.communityCode,
    kind: input.kind,
    scope,
    title: input.title,
    startsAt: new Date(input.startsAt).toISOString(),
    place: input.place,
    convener: input.convener,
    agenda: input.agenda.map((title, i) => ({ id: `a${i + 1}`, title })),
    ...(QUORUM_KINDS.includes(input.kind) ? { basis: input.basis, expected: input.expected } : {}),
    attendees: [],
    headCount: 0,
    ...(input.consultationId ? { consultationId: input.consultationId } : {}),
    status: 'planned',
    minutes: [],
    corrections: [],
    createdAt: now.toISOString(),
    createdBy: nameOf(actor),
    version: 1,
  };
  await commit(store, [
    { put: { ...key(store, m.id), type: 'meeting', ...m }, condition: 'attribute_not_exists(pk)' },
    auditPut(store, actor, 'meetings.plan', `meeting:${m.id}`, {
      detail: { community: m.communityCode, kind: m.kind, agenda: m.agenda.length },
    }),
  ]);
  return m;
};

/** The newest meetings of the district (up to 200), newest first. */
export const listMeetings = async (store: TenantStore): Promise<Meeting[]> =>
  (
    await store.query<Record<string, unknown>>({
      pk: store.keys.pk('MEETINGS'),
      forward: false,
      limit: 200,
    })
  ).items.map((i) => strip<Meeting>(i));

export const getMeeting = (store: TenantStore, id: string): Promise<Meeting> =>
  getStripped<Meeting>(store, key(store, id), MeetingErrors.notFound);

/**
 * Record the attendance (replaces the list and the head count; the residents already checked to be
 * active records of the meeting's community by the caller). While planned only: holding fixes it.
 */
export const recordAttendance = async (
  store: TenantStore,
  m: Meeting,
  input: { version: number; attendees: readonly Attendee[]; headCount: number },
  actor: Actor,
): Promise<Meeting> => {
  if (m.status !== 'planned') throw MeetingErrors.notPlanned();
  const seen = new Set<string>();
  const attendees = input.attendees.filter((a) => !seen.has(a.residentId) && seen.add(a.residentId));
  await commit(store, [
    move(store, m, input.version, 'planned', { attendees, headCount: input.headCount }),
    // The entry counts; who attended is on the meeting, read through the masked view.
    auditPut(store, actor, 'meetings.attendance', `meeting:${m.id}`, {
      detail: { recorded: attendees.length, headCount: input.headCount },
    }),
  ]);
  return { ...m, attendees, headCount: input.headCount, version: input.version + 1 };
};

/** Mark the meeting held: a 居民会议 / 居民代表会议 only with its quorum present. */
export const holdMeeting = async (
  store: TenantStore,
  m: Meeting,
  version: number,
  actor: Actor,
  now = new Date(),
): Promise<Meeting> => {
  if (m.status !== 'planned') throw MeetingErrors.notPlanned();
  const q = quorumOf(m);
  if (q && !q.reached) throw MeetingErrors.quorum();
  const heldAt = now.toISOString();
  await commit(store, [
    move(store, m, version, 'planned', { status: 'held', heldAt }),
    auditPut(store, actor, 'meetings.hold', `meeting:${m.id}`, {
      detail: { present: presentOf(m), ...(q ? { expected: q.expected } : {}) },
    }),
  ]);
  return { ...m, status: 'held', heldAt, version: version + 1 };
};

const checkMinutes = (m: Meeting, items: readonly MinutesItem[]) => {
  for (const it of items)
    if (!m.agenda.some((a) => a.id === it.agendaId)) throw MeetingErrors.agendaUnknown();
};

/** Write (or rewrite) the minutes of a held meeting, per agenda item. Not once published. */
export const writeMinutes = async (
  store: TenantStore,
  m: Meeting,
  input: { version: number; summary?: string | undefined; items: readonly MinutesItem[] },
  actor: Actor,
): Promise<Meeting> => {
  if (m.status === 'published') throw MeetingErrors.published();
  if (m.status !== 'held') throw MeetingErrors.notHeld();
  checkMinutes(m, input.items);
  const minutes = m.agenda
    .map((a) => input.items.find((i) => i.agendaId === a.id))
    .filter((i): i is MinutesItem => !!i);
  await commit(store, [
    move(store, m, input.version, 'held', { minutes, summary: input.summary ?? '' }),
    auditPut(store, actor, 'meetings.minutes', `meeting:${m.id}`, { detail: { items: minutes.length } }),
  ]);
  return { ...m, minutes, summary: input.summary ?? '', version: input.version + 1 };
};

const ID_NUMBER = /(?<!\d)\d{17}[\dXx](?!\d)|(?<!\d)\d{15}(?!\d)/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
/** Free text as a notice may carry it: ID numbers and mobile numbers masked. */
export const maskForNotice = (text: string): string =>
  text.replace(ID_NUMBER, (s) => maskNoticeId(s)).replace(MOBILE, (s) => maskMobile(s));

export const KIND_LABELS: Readonly<Record<MeetingKind, string>> = {
  residents: '居民会议',
  representatives: '居民代表会议',
  group: '居民小组会议',
  building: '楼栋会议',
  hearing: '听证会/协调会',
};

const chinaTime = (iso: string) => {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日 ${d.slice(11, 16)}`;
};

/** The notice that publishes the minutes: counts, never a name; free text masked. */
export const minutesNoticeText = (m: Meeting) => {
  const present = presentOf(m);
  const q = quorumOf(m);
  const lines = m.agenda.map((a, i) => {
    const it = m.minutes.find((x) => x.agendaId === a.id);
    const v = it?.votes;
    const vote = v
      ? `表决：赞成 ${v.for}、反对 ${v.against}、弃权 ${v.abstain}，${passed(v, present) ? '获出席人过半数通过' : '未获出席人过半数通过'}。`
      : '';
    return [
      `${i + 1}. ${a.title}`,
      it?.discussion ? `讨论情况：${it.discussion}` : '',
      it?.decision ? `决定：${it.decision}` : '',
      vote,
    ]
      .filter(Boolean)
      .join('\n');
  });
  const attendance = q ? `应到 ${q.expected}，实到 ${present}，超过半数，会议有效。` : `出席 ${present} 人。`;
  return {
    title: maskForNotice(`${KIND_LABELS[m.kind]}纪要：${m.title}`).slice(0, 100),
    body: maskForNotice(
      `${chinaTime(m.startsAt)}，${m.convener}在${m.place}召开${KIND_LABELS[m.kind]}。${attendance}\n${
        m.summary ? `${m.summary}\n` : ''
      }${lines.join('\n')}`,
    ).slice(0, 5000),
  };
};

/**
 * Publish the minutes of a held meeting; with `notice`, as a community notice in the same
 * transaction (the status condition makes it once).
 */
export const publishMinutes = async (
  store: TenantStore,
  m: Meeting,
  input: { version: number; notice: boolean },
  actor: Actor,
  now = new Date(),
): Promise<Meeting> => {
  if (m.status === 'published') throw MeetingErrors.published();
  if (m.status !== 'held') throw MeetingErrors.notHeld();
  const publishedAt = now.toISOString();
  const n = input.notice
    ? generalNoticeOps(
        store,
        { ...minutesNoticeText(m), scope: { kind: 'community', communityCode: m.communityCode } },
        actor,
        now,
      )
    : undefined;
  await commit(store, [
    move(store, m, input.version, 'held', {
      status: 'published',
      publishedAt,
      ...(n ? { noticeId: n.notice.id } : {}),
    }),
    ...(n?.ops ?? []),
    auditPut(store, actor, 'meetings.publish', `meeting:${m.id}`, {
      detail: { notice: n?.notice.id ?? null },
    }),
  ]);
  return {
    ...m,
    status: 'published',
    publishedAt,
    ...(n ? { noticeId: n.notice.id } : {}),
    version: input.version + 1,
  };
};

/** Correct one agenda item's minutes after publication: the old text kept with the reason. */
export const correctMinutes = async (
  store: TenantStore,
  m: Meeting,
  input: { version: number; item: MinutesItem; reason: string },
  actor: Actor,
  now = new Date(),
): Promise<Meeting> => {
  if (m.status !== 'published') throw MeetingErrors.notPublished();
  checkMinutes(m, [input.item]);
  const from = m.minutes.find((i) => i.agendaId === input.item.agendaId) ?? {
    agendaId: input.item.agendaId,
    discussion: '',
  };
  const correction: Correction = {
    agendaId: input.item.agendaId,
    reason: input.reason,
    from,
    at: now.toISOString(),
    by: nameOf(actor),
  };
  const minutes = m.agenda
    .map((a) => (a.id === input.item.agendaId ? input.item : m.minutes.find((i) => i.agendaId === a.id)))
    .filter((i): i is MinutesItem => !!i);
  const corrections = [...m.corrections, correction];
  await commit(store, [
    move(store, m, input.version, 'published', { minutes, corrections }),
    auditPut(store, actor, 'meetings.correct', `meeting:${m.id}`, {
      reason: input.reason,
      detail: { agenda: input.item.agendaId },
    }),
  ]);
  return { ...m, minutes, corrections, version: input.version + 1 };
};
