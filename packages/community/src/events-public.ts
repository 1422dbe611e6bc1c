/**
 * The district's upcoming events as anyone may read them (the digital-TV view, `@linli/community/
 * events-public`): title, community, time, place and seats left — never who signed up.
 *
 * Each event has a calendar item in the district's `EVDATE` partition, sort key
 * `<startsAt>#<id>`, written in the transaction that publishes it; the public read is one Query of
 * that partition from now on (bounded), then one GetItem per event for its current counts. In AWS
 * the control API's role may read only these public partitions (`EVDATE`, `EVENTS`); sign-ups live
 * under `EVSIGN#<id>`, out of its reach. Kept free of the domain's other imports so the control API
 * bundles only this file.
 */
import type { TenantStore } from '@linli/tenancy';

interface CalendarSource {
  readonly id: string;
  readonly communityCode: string;
  readonly communityName?: string | undefined;
  readonly startsAt: string;
}

/** The calendar item of an event (put in the same transaction as the event). */
export const calendarItem = (store: TenantStore, e: CalendarSource) => ({
  pk: store.keys.pk('EVDATE'),
  sk: `${e.startsAt}#${e.id}`,
  type: 'event-date',
  id: e.id,
  communityCode: e.communityCode,
  ...(e.communityName ? { communityName: e.communityName } : {}),
  startsAt: e.startsAt,
});

export interface PublicEvent {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly communityCode: string;
  readonly communityName: string;
  readonly place: string;
  readonly startsAt: string;
  readonly capacity: number;
  readonly seatsLeft: number;
  readonly waitlist: boolean;
}

/**
 * Open events starting between `now` and `now + days`, soonest first, at most `limit`. Counts are
 * read from each event's own item (they move with every sign-up).
 */
export const upcomingPublicEvents = async (
  store: TenantStore,
  opts: { now: Date; days?: number; limit?: number },
): Promise<PublicEvent[]> => {
  const from = opts.now.toISOString();
  const to = new Date(opts.now.getTime() + (opts.days ?? 60) * 86_400_000).toISOString();
  const limit = Math.min(opts.limit ?? 12, 30);
  const dates = await store.query<Record<string, unknown>>({
    pk: store.keys.pk('EVDATE'),
    // `~` sorts after every `#<id>`, so an event starting exactly at `to` is still in.
    skBetween: [from, `${to}~`],
    limit,
  });
  const events = await Promise.all(
    dates.items.map(async (d) => {
      const it = await store.get<Record<string, unknown>>(store.keys.pk('EVENTS'), `E#${String(d.id)}`);
      if (it?.status !== 'open') return undefined; // gone or cancelled
      const capacity = Number(it.capacity);
      return {
        id: String(it.id),
        title: String(it.title),
        description: String(it.description ?? ''),
        communityCode: String(it.communityCode),
        communityName: String(d.communityName ?? it.communityName ?? ''),
        place: String(it.place),
        startsAt: String(it.startsAt),
        capacity,
        seatsLeft: Math.max(0, capacity - Number(it.confirmed ?? 0)),
        waitlist: it.waitlist === true,
      } satisfies PublicEvent;
    }),
  );
  return events.filter((e): e is PublicEvent => e !== undefined);
};
