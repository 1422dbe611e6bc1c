/**
 * 社区党建 (module `party-building`): the party branches of a community, their members and the
 * branch's meetings (三会一课) and activities with attendance.
 *
 * Keys (docs/community.md): branches `PBRANCH` / `B#<id>`; a branch's members `PMEM#<branch>` /
 * `M#<id>`; one member record per resident `PMRES#<residentId>` / `L` (the link guard, put only if
 * absent); a branch's meetings `PMEET#<branch>` / `<date>#<id>` (a year is one key range).
 * Party membership is sensitive personal information (PIPL art. 28): the member's name is stored
 * encrypted with the district's data key, and no key carries a personal value.
 */
import { newId } from '@linli/core';
import { type Actor, auditPut, nameOf, type TenantCipher, transactRetry } from '@linli/population';
import type { TenantStore, TransactOp } from '@linli/tenancy';
import { commit, conflict, getStripped, strip as stripKeys } from './items.ts';
import {
  type Consent,
  type ConsentMethod,
  linkOf,
  PartyErrors,
  type PartyMeetingKind,
} from './party-rules.ts';

export type BranchKind = 'branch' | 'general-branch';

export interface PartyBranch {
  readonly id: string;
  readonly communityCode: string;
  readonly name: string;
  /** 党支部 or 党总支. */
  readonly kind: BranchKind;
  /** The secretary as the branch is known publicly (书记). */
  readonly secretary: string;
  readonly foundedOn: string;
  /** Active members (transferred-out ones not counted). */
  readonly members: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly version: number;
}

export type Standing = 'full' | 'probationary';

export interface PartyMember {
  readonly id: string;
  readonly branchId: string;
  readonly communityCode: string;
  /** In clear here; stored encrypted. The API masks it by role. */
  readonly name: string;
  readonly residentId?: string;
  readonly consent?: Consent;
  readonly standing: Standing;
  readonly joinedOn: string;
  readonly transferredIn?: { readonly date: string; readonly from: string };
  readonly status: 'active' | 'transferred-out';
  readonly transferredOut?: { readonly date: string; readonly to: string };
  readonly createdAt: string;
  readonly createdBy: string;
  readonly version: number;
}

export interface PartyAttendance {
  readonly memberId: string;
  readonly present: boolean;
  /** Why absent (请假 etc.); none recorded means absent without leave. */
  readonly reason?: string;
}

export interface PartyMeeting {
  readonly id: string;
  readonly branchId: string;
  readonly communityCode: string;
  readonly kind: PartyMeetingKind;
  readonly date: string;
  readonly topic: string;
  readonly place: string;
  readonly host: string;
  readonly notes: string;
  readonly attendance: readonly PartyAttendance[];
  readonly present: number;
  readonly absent: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

const keys = (store: TenantStore) => ({
  branch: (id: string) => ({ pk: store.keys.pk('PBRANCH'), sk: `B#${id}` }),
  member: (branch: string, id: string) => ({ pk: store.keys.pk('PMEM', branch), sk: `M#${id}` }),
  link: (residentId: string) => ({ pk: store.keys.pk('PMRES', residentId), sk: 'L' }),
  meetings: (branch: string) => store.keys.pk('PMEET', branch),
});

/** A stored item as the domain knows it; a member's sealed name is opened only by `readMember`. */
const strip = <T>(it: Record<string, unknown>): T => {
  const { nameEnc: _n, ...rest } = it;
  return stripKeys<T>(rest);
};
const nameContext = (id: string) => `party-member:${id}`;

// --- branches --------------------------------------------------------------------------------

export interface BranchInput {
  readonly communityCode: string;
  readonly name: string;
  readonly kind: BranchKind;
  readonly secretary: string;
  readonly foundedOn: string;
}

export const createBranch = async (
  store: TenantStore,
  input: BranchInput,
  actor: Actor,
  now = new Date(),
) => {
  const b: PartyBranch = {
    id: newId(),
    ...input,
    members: 0,
    createdAt: now.toISOString(),
    createdBy: nameOf(actor),
    version: 1,
  };
  await transactRetry(store, [
    {
      put: { ...keys(store).branch(b.id), type: 'party-branch', ...b },
      condition: 'attribute_not_exists(pk)',
    },
    auditPut(store, actor, 'party.branches.create', `party-branch:${b.id}`, {
      detail: { community: b.communityCode },
    }),
  ]);
  return b;
};

/** Every branch of the district (a district has tens or hundreds: one partition, paged). */
export const listBranches = async (store: TenantStore): Promise<PartyBranch[]> =>
  (await store.queryAll<Record<string, unknown>>({ pk: store.keys.pk('PBRANCH') })).map((i) =>
    strip<PartyBranch>(i),
  );

export const getBranch = (store: TenantStore, id: string): Promise<PartyBranch> =>
  getStripped<PartyBranch>(store, keys(store).branch(id), PartyErrors.branchNotFound);

// --- members ---------------------------------------------------------------------------------

export interface MemberInput {
  readonly name?: string | undefined;
  readonly residentId?: string | undefined;
  readonly consent?: { readonly method: ConsentMethod; readonly givenOn: string } | undefined;
  readonly standing: Standing;
  readonly joinedOn: string;
  readonly transferredIn?: { readonly date: string; readonly from: string } | undefined;
}

const readMember = (cipher: TenantCipher, it: Record<string, unknown>): PartyMember => ({
  ...strip<Omit<PartyMember, 'name'>>(it),
  name: cipher.decrypt(String(it.nameEnc), nameContext(String(it.id))),
});

/**
 * Record a member of the branch. With `residentId` the member is linked to that resident record —
 * only with their consent (`linkOf`), once per resident (the link guard), and `name` is the record's
 * (`residentName`, read by the caller, which also checked the record is an active resident of the
 * branch's community). Member, guard, the branch's count and the audit entry are one transaction.
 */
export const recordMember = async (
  store: TenantStore,
  cipher: TenantCipher,
  branch: PartyBranch,
  input: MemberInput,
  actor: Actor,
  now = new Date(),
  residentName?: string,
): Promise<PartyMember> => {
  const link = linkOf(input, nameOf(actor), now);
  const id = newId();
  const name = (link.residentId ? residentName : input.name)?.trim();
  if (!name) throw PartyErrors.nameRequired();
  const m: PartyMember = {
    id,
    branchId: branch.id,
    communityCode: branch.communityCode,
    name,
    ...link,
    standing: input.standing,
    joinedOn: input.joinedOn,
    ...(input.transferredIn ? { transferredIn: input.transferredIn } : {}),
    status: 'active',
    createdAt: now.toISOString(),
    createdBy: nameOf(actor),
    version: 1,
  };
  const k = keys(store);
  const { name: _clear, ...stored } = m;
  const ops: TransactOp[] = [
    {
      put: {
        ...k.member(branch.id, id),
        type: 'party-member',
        ...stored,
        nameEnc: cipher.encrypt(name, nameContext(id)),
      },
      condition: 'attribute_not_exists(pk)',
    },
    {
      update: k.branch(branch.id),
      expression: 'SET members = members + :one',
      condition: 'attribute_exists(pk)',
      values: { ':one': 1 },
    },
    // Never the name or the resident in the audit detail: the entry says a member was recorded.
    auditPut(store, actor, 'party.members.create', `party-branch:${branch.id}`, {
      detail: {
        member: id,
        linked: !!link.residentId,
        ...(link.consent ? { consent: link.consent.method } : {}),
      },
    }),
  ];
  if (link.residentId)
    ops.push({
      put: { ...k.link(link.residentId), type: 'party-member-link', branchId: branch.id, memberId: id },
      condition: 'attribute_not_exists(pk)',
    });
  try {
    await transactRetry(store, ops);
  } catch (err) {
    if (!conflict(err)) throw err;
    if (link.residentId && (await linkedMember(store, link.residentId))) throw PartyErrors.residentLinked();
    throw PartyErrors.branchNotFound();
  }
  return m;
};

/** The member record a resident is linked to, if any. */
export const linkedMember = async (store: TenantStore, residentId: string) => {
  const k = keys(store).link(residentId);
  return store.get<{ branchId: string; memberId: string }>(k.pk, k.sk, true);
};

export const listMembers = async (
  store: TenantStore,
  cipher: TenantCipher,
  branchId: string,
): Promise<PartyMember[]> =>
  (await store.queryAll<Record<string, unknown>>({ pk: store.keys.pk('PMEM', branchId) }))
    .map((i) => readMember(cipher, i))
    .sort((a, b) => a.joinedOn.localeCompare(b.joinedOn) || a.id.localeCompare(b.id));

export const getMember = async (
  store: TenantStore,
  cipher: TenantCipher,
  branchId: string,
  id: string,
): Promise<PartyMember> => {
  const k = keys(store).member(branchId, id);
  const it = await store.get<Record<string, unknown>>(k.pk, k.sk, true);
  if (!it) throw PartyErrors.memberNotFound();
  return readMember(cipher, it);
};

export interface MemberChange {
  readonly version: number;
  /** 预备党员转正 (or the rare reverse correction). */
  readonly standing?: Standing | undefined;
  /** 转出: the member leaves the branch; the resident link is released. */
  readonly transferOut?: { readonly date: string; readonly to: string } | undefined;
  /** The member withdrew consent: the link to the resident record is removed (the member stays). */
  readonly unlink?: boolean | undefined;
}

/** Change a member, conditional on the version the caller saw; one transaction with its effects. */
export const changeMember = async (
  store: TenantStore,
  cipher: TenantCipher,
  member: PartyMember,
  change: MemberChange,
  actor: Actor,
): Promise<PartyMember> => {
  if (member.status !== 'active') throw PartyErrors.memberInactive();
  const k = keys(store);
  const sets = ['version = version + :one'];
  const removes: string[] = [];
  const values: Record<string, unknown> = { ':one': 1, ':v': change.version, ':active': 'active' };
  const ops: TransactOp[] = [];
  if (change.standing) {
    sets.push('standing = :standing');
    values[':standing'] = change.standing;
  }
  const release = (change.transferOut || change.unlink) && member.residentId;
  if (change.transferOut) {
    sets.push('#st = :out', 'transferredOut = :to');
    values[':out'] = 'transferred-out';
    values[':to'] = change.transferOut;
    ops.push({
      update: k.branch(member.branchId),
      expression: 'SET members = members - :one',
      condition: 'attribute_exists(pk)',
      values: { ':one': 1 },
    });
  }
  if (change.unlink && member.residentId) removes.push('residentId', 'consent');
  if (release && member.residentId)
    ops.push({ delete: k.link(member.residentId), condition: 'attribute_exists(pk)' });
  ops.unshift({
    update: k.member(member.branchId, member.id),
    expression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    condition: 'version = :v AND #st = :active',
    names: { '#st': 'status' },
    values,
  });
  ops.push(
    auditPut(store, actor, 'party.members.change', `party-branch:${member.branchId}`, {
      detail: {
        member: member.id,
        ...(change.standing ? { standing: change.standing } : {}),
        ...(change.transferOut ? { transferOut: change.transferOut.date } : {}),
        ...(change.unlink ? { unlink: true } : {}),
      },
    }),
  );
  await commit(store, ops, PartyErrors.changed);
  return getMember(store, cipher, member.branchId, member.id);
};

// --- meetings --------------------------------------------------------------------------------

export interface PartyMeetingInput {
  readonly kind: PartyMeetingKind;
  readonly date: string;
  readonly topic: string;
  readonly place: string;
  readonly host: string;
  readonly notes: string;
  readonly attendance: readonly PartyAttendance[];
}

/**
 * Record a meeting that was held (its date no later than `today`, China date) with attendance: each
 * name on it a member of the branch who was active (not transferred out before the meeting), once.
 */
export const recordPartyMeeting = async (
  store: TenantStore,
  branch: PartyBranch,
  input: PartyMeetingInput,
  actor: Actor,
  today: string,
  now = new Date(),
): Promise<PartyMeeting> => {
  if (input.date > today) throw PartyErrors.meetingInFuture();
  const members = new Map(
    (await store.queryAll<Record<string, unknown>>({ pk: store.keys.pk('PMEM', branch.id) })).map((i) => [
      String(i.id),
      strip<Omit<PartyMember, 'name'>>(i),
    ]),
  );
  const seen = new Set<string>();
  for (const a of input.attendance) {
    const m = members.get(a.memberId);
    const gone = m?.transferredOut && m.transferredOut.date < input.date;
    if (!m || gone || seen.has(a.memberId)) throw PartyErrors.attendeeUnknown();
    seen.add(a.memberId);
  }
  const attendance = input.attendance.map((a) => ({
    memberId: a.memberId,
    present: a.present,
    ...(!a.present && a.reason?.trim() ? { reason: a.reason.trim() } : {}),
  }));
  const m: PartyMeeting = {
    id: newId(),
    branchId: branch.id,
    communityCode: branch.communityCode,
    kind: input.kind,
    date: input.date,
    topic: input.topic,
    place: input.place,
    host: input.host,
    notes: input.notes,
    attendance,
    present: attendance.filter((a) => a.present).length,
    absent: attendance.filter((a) => !a.present).length,
    createdAt: now.toISOString(),
    createdBy: nameOf(actor),
  };
  await transactRetry(store, [
    {
      put: { pk: keys(store).meetings(branch.id), sk: `${m.date}#${m.id}`, type: 'party-meeting', ...m },
      condition: 'attribute_not_exists(pk)',
    },
    // The branch must still exist (a condition on it, nothing written there).
    { check: keys(store).branch(branch.id), condition: 'attribute_exists(pk)' },
    auditPut(store, actor, 'party.meetings.create', `party-branch:${branch.id}`, {
      detail: { meeting: m.id, kind: m.kind, date: m.date },
    }),
  ]);
  return m;
};

/** A branch's meetings and activities of one year, newest first (one key range). */
export const listPartyMeetings = async (
  store: TenantStore,
  branchId: string,
  year: number,
): Promise<PartyMeeting[]> =>
  (
    await store.queryAll<Record<string, unknown>>({
      pk: keys(store).meetings(branchId),
      skBetween: [`${year}-01-01`, `${year}-12-31~`],
      forward: false,
    })
  ).map((i) => strip<PartyMeeting>(i));
