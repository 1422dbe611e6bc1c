/**
 * Community events (文化教育体育): a community publishes an event with a capacity; residents sign
 * up on the portal, past the capacity onto a waiting list (if the event keeps one); a cancellation
 * promotes the first on the list in the same transaction; staff check people in at the door.
 *
 * Keys: events `EVENTS` sk `E#<id>`; sign-ups `EVSIGN#<id>` sk `S#<residentId>` (one per resident);
 * the district's calendar `EVDATE` sk `<startsAt>#<id>` (written with the event, read by the public
 * TV view: `events-public.ts`).
 * The counts on the event item move in the same transaction as the sign-up, conditional on the
 * capacity, so concurrent sign-ups never overfill it.
 */
import { errorOf, newId } from '@linli/core';
import { type Actor, auditPut, nameOf, transactRetry } from '@linli/population';
import type { TenantStore, TransactOp } from '@linli/tenancy';
import { calendarItem } from './events-public.ts';
import { commit, conflict, getStripped, strip } from './items.ts';

export const EventErrors = {
  notFound: errorOf('EVENT_NOT_FOUND', 404, '未找到该活动', 'Event not found'),
  full: errorOf('EVENT_FULL', 409, '活动名额已满', 'The event is full'),
  already: errorOf('EVENT_ALREADY_SIGNED_UP', 409, '您已报名该活动', 'You have already signed up'),
  notSignedUp: errorOf('EVENT_NOT_SIGNED_UP', 409, '您没有报名该活动', 'You have not signed up'),
  closed: errorOf(
    'EVENT_CLOSED',
    409,
    '活动已开始或已取消，不能报名',
    'The event has started or was cancelled',
  ),
  notCancellable: errorOf(
    'EVENT_NOT_CANCELLABLE',
    409,
    '活动已开始或已取消，不能再取消',
    'The event has started or was already cancelled',
  ),
  notEligible: errorOf(
    'EVENT_NOT_ELIGIBLE',
    403,
    '该活动只对本社区居民开放',
    'The event is open to its community’s residents only',
  ),
};

export interface CommunityEvent {
  readonly id: string;
  readonly communityCode: string;
  readonly title: string;
  readonly description: string;
  readonly place: string;
  readonly startsAt: string;
  readonly capacity: number;
  readonly waitlist: boolean;
  /** The community's name when it was published (the public calendar shows it). */
  readonly communityName?: string;
  readonly status: 'open' | 'cancelled';
  readonly confirmed: number;
  readonly waiting: number;
  readonly checkedIn: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly version: number;
  /** Set when staff cancel it: when, by whom, and the reason the residents are texted. */
  readonly cancelledAt?: string;
  readonly cancelledBy?: string;
  readonly cancelReason?: string;
}

export interface EventInput {
  readonly communityCode: string;
  readonly title: string;
  readonly description: string;
  readonly place: string;
  readonly startsAt: string;
  readonly capacity: number;
  readonly waitlist: boolean;
  readonly communityName?: string | undefined;
}

export interface SignUp {
  readonly residentId: string;
  readonly status: 'confirmed' | 'waiting';
  readonly at: string;
  readonly checkedInAt?: string;
}

const key = (store: TenantStore, id: string) => ({ pk: store.keys.pk('EVENTS'), sk: `E#${id}` });
const signKey = (store: TenantStore, id: string, rid: string) => ({
  pk: store.keys.pk('EVSIGN', id),
  sk: `S#${rid}`,
});

export const createEvent = async (store: TenantStore, input: EventInput, actor: Actor, now = new Date()) => {
  const { communityName, ...rest } = input;
  const e: CommunityEvent = {
    id: newId(),
    ...rest,
    ...(communityName ? { communityName } : {}),
    startsAt: new Date(input.startsAt).toISOString(),
    status: 'open',
    confirmed: 0,
    waiting: 0,
    checkedIn: 0,
    createdAt: now.toISOString(),
    createdBy: nameOf(actor),
    version: 1,
  };
  await transactRetry(store, [
    { put: { ...key(store, e.id), type: 'event', ...e }, condition: 'attribute_not_exists(pk)' },
    { put: calendarItem(store, e), condition: 'attribute_not_exists(pk)' },
    auditPut(store, actor, 'events.create', `event:${e.id}`, {
      detail: { community: e.communityCode, capacity: e.capacity },
    }),
  ]);
  return e;
};

export const listEvents = async (store: TenantStore): Promise<CommunityEvent[]> =>
  (
    await store.query<Record<string, unknown>>({ pk: store.keys.pk('EVENTS'), forward: false, limit: 200 })
  ).items.map((i) => strip<CommunityEvent>(i));

export const getEvent = (store: TenantStore, id: string): Promise<CommunityEvent> =>
  getStripped<CommunityEvent>(store, key(store, id), EventErrors.notFound);

export const signUpOf = async (store: TenantStore, id: string, rid: string): Promise<SignUp | undefined> => {
  const k = signKey(store, id, rid);
  const it = await store.get<Record<string, unknown>>(k.pk, k.sk, true);
  return it ? strip<SignUp>(it) : undefined;
};

export const listSignUps = async (store: TenantStore, id: string): Promise<SignUp[]> =>
  (await store.queryAll<Record<string, unknown>>({ pk: store.keys.pk('EVSIGN', id) }))
    .map((i) => strip<SignUp>(i))
    .sort((a, b) => a.at.localeCompare(b.at));

/** Sign a resident up: a seat while there is one, else the waiting list (if kept), else EVENT_FULL. */
export const signUp = async (
  store: TenantStore,
  e: CommunityEvent,
  rid: string,
  actor: Actor,
  now = new Date(),
): Promise<SignUp> => {
  if (e.status !== 'open' || Date.parse(e.startsAt) <= now.getTime()) throw EventErrors.closed();
  const at = now.toISOString();
  const attempt = async (status: SignUp['status']) => {
    const ops: TransactOp[] = [
      {
        put: { ...signKey(store, e.id, rid), type: 'event-sign-up', residentId: rid, status, at },
        condition: 'attribute_not_exists(pk)',
      },
      status === 'confirmed'
        ? {
            update: key(store, e.id),
            expression: 'SET #cf = #cf + :one',
            condition: '#st = :open AND #cf < #cap',
            names: { '#st': 'status', '#cf': 'confirmed', '#cap': 'capacity' },
            values: { ':one': 1, ':open': 'open' },
          }
        : {
            update: key(store, e.id),
            expression: 'SET #wt = #wt + :one',
            condition: '#st = :open AND #wl = :yes',
            names: { '#st': 'status', '#wt': 'waiting', '#wl': 'waitlist' },
            values: { ':one': 1, ':open': 'open', ':yes': true },
          },
      auditPut(store, actor, `events.sign-up`, `event:${e.id}`, { detail: { status } }),
    ];
    await transactRetry(store, ops, 30);
    return { residentId: rid, status, at };
  };
  try {
    return await attempt('confirmed');
  } catch (err) {
    if (!conflict(err)) throw err;
    if (await signUpOf(store, e.id, rid)) throw EventErrors.already();
  }
  try {
    return await attempt('waiting');
  } catch (err) {
    if (!conflict(err)) throw err;
    if (await signUpOf(store, e.id, rid)) throw EventErrors.already();
    throw EventErrors.full();
  }
};

/** Cancel a sign-up; a freed seat goes to the first on the waiting list in the same transaction. */
export const cancelSignUp = async (
  store: TenantStore,
  e: CommunityEvent,
  rid: string,
  actor: Actor,
): Promise<void> => {
  for (let attempt = 0; attempt < 5; attempt++) {
    const mine = await signUpOf(store, e.id, rid);
    if (!mine) throw EventErrors.notSignedUp();
    const ops: TransactOp[] = [
      { delete: signKey(store, e.id, rid), condition: 'attribute_exists(pk)' },
      auditPut(store, actor, 'events.cancel', `event:${e.id}`),
    ];
    if (mine.status === 'waiting')
      ops.push({
        update: key(store, e.id),
        expression: 'SET waiting = waiting - :one',
        values: { ':one': 1 },
      });
    else {
      const next = (await listSignUps(store, e.id)).find((s) => s.status === 'waiting');
      if (next) {
        ops.push(
          {
            update: signKey(store, e.id, next.residentId),
            expression: 'SET #st = :c',
            condition: '#st = :w',
            names: { '#st': 'status' },
            values: { ':c': 'confirmed', ':w': 'waiting' },
          },
          {
            update: key(store, e.id),
            expression: 'SET #wt = #wt - :one',
            names: { '#wt': 'waiting' },
            values: { ':one': 1 },
          },
        );
      } else
        ops.push({
          update: key(store, e.id),
          expression: 'SET confirmed = confirmed - :one',
          values: { ':one': 1 },
        });
    }
    try {
      await transactRetry(store, ops, 30);
      return;
    } catch (err) {
      // Someone else promoted or cancelled meanwhile: read again and retry.
      if (!conflict(err)) throw err;
    }
  }
  throw EventErrors.notSignedUp();
};

/**
 * Cancel an event before it starts (rain, a closed hall): the event is marked cancelled with the
 * reason, its public calendar item goes, sign-ups stop — one transaction, conditional on the version
 * read, so a cancel racing a sign-up or a second cancel cannot half-happen. Telling the residents who
 * signed up is the caller's (after the commit).
 */
export const cancelEvent = async (
  store: TenantStore,
  e: CommunityEvent,
  reason: string,
  actor: Actor,
  now = new Date(),
): Promise<CommunityEvent> => {
  if (e.status !== 'open' || Date.parse(e.startsAt) <= now.getTime()) throw EventErrors.notCancellable();
  const at = now.toISOString();
  const by = nameOf(actor);
  try {
    await transactRetry(store, [
      {
        update: key(store, e.id),
        expression:
          'SET #st = :c, cancelledAt = :at, cancelledBy = :by, cancelReason = :r, version = version + :one',
        condition: '#st = :open AND version = :v',
        names: { '#st': 'status' },
        values: {
          ':c': 'cancelled',
          ':at': at,
          ':by': by,
          ':r': reason,
          ':one': 1,
          ':open': 'open',
          ':v': e.version,
        },
      },
      { delete: { pk: calendarItem(store, e).pk, sk: calendarItem(store, e).sk } },
      auditPut(store, actor, 'events.cancel-event', `event:${e.id}`, { detail: { reason } }),
    ]);
  } catch (err) {
    if (conflict(err)) {
      // A sign-up moved the version meanwhile: read again once; a cancelled event stays refused.
      const fresh = await getEvent(store, e.id);
      if (fresh.version !== e.version && fresh.status === 'open')
        return cancelEvent(store, fresh, reason, actor, now);
      throw EventErrors.notCancellable();
    }
    throw err;
  }
  return {
    ...e,
    status: 'cancelled',
    cancelledAt: at,
    cancelledBy: by,
    cancelReason: reason,
    version: e.version + 1,
  };
};

/** Check a confirmed resident in at the event (once). */
export const checkIn = async (
  store: TenantStore,
  e: CommunityEvent,
  rid: string,
  actor: Actor,
  now = new Date(),
) => {
  await commit(
    store,
    [
      {
        update: signKey(store, e.id, rid),
        expression: 'SET checkedInAt = :at',
        condition: '#st = :c AND attribute_not_exists(checkedInAt)',
        names: { '#st': 'status' },
        values: { ':at': now.toISOString(), ':c': 'confirmed' },
      },
      {
        update: key(store, e.id),
        expression: 'SET #ci = #ci + :one',
        names: { '#ci': 'checkedIn' },
        values: { ':one': 1 },
      },
      auditPut(store, actor, 'events.check-in', `event:${e.id}`),
    ],
    EventErrors.notSignedUp,
  );
};
