/**
 * Calls to the district's hotline (12345): the telephony system posts a call event with the
 * caller's number (`POST /api/t/calls`, district-issued key), which opens a pending call record;
 * the operator's console polls the pending calls, pops the newest, looks the caller up and closes
 * the call with its outcome (a case filed, a status answered, anything else).
 *
 * Keys: `CALLS#<yyyymmdd>` (the call's day in China), sk the call id `<yyyymmdd>-<ulid>` — or, when
 * the telephony system gives its own call id, `<yyyymmdd>-E<hash>` so a retried event opens the
 * same record. A day's partition bounds what the console reads (today and yesterday). The number is
 * a value, never part of a key.
 */
import { createHash } from 'node:crypto';
import { LinliError, newId } from '@linli/core';
import { type Actor, auditPut, transactRetry } from '@linli/population';
import type { TenantStore } from '@linli/tenancy';
import type * as z from 'zod/mini';
import type { callCloseSchema, callEventSchema } from './inputs.ts';

export const CALL_OUTCOMES = ['case-filed', 'status-answered', 'other'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface CallRecord {
  readonly id: string;
  /** The caller's number as the telephony system gave it (digits, `+`), or `withheld`. */
  readonly from: string;
  readonly receivedAt: string;
  /** The hotline line or queue the call came in on, if the system says. */
  readonly line?: string;
  readonly status: 'pending' | 'closed';
  readonly outcome?: CallOutcome;
  readonly caseNumber?: string;
  readonly note?: string;
  readonly closedAt?: string;
  readonly closedBy?: string;
}

export const CallErrors = {
  notFound: () => new LinliError('CALL_NOT_FOUND', 404, { zh: '未找到该来电', en: 'Call not found' }),
  closed: () => new LinliError('CALL_CLOSED', 409, { zh: '该来电已处理', en: 'The call was already closed' }),
};

/** The China calendar day of an instant as `yyyymmdd`. */
export const callDay = (at: Date): string =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');

const ID = /^(\d{8})-(?:[0-9A-Z]{26}|E[0-9a-f]{24})$/;

const view = (it: Record<string, unknown>): CallRecord => {
  const out: Record<string, unknown> = {};
  for (const k of [
    'id',
    'from',
    'receivedAt',
    'line',
    'status',
    'outcome',
    'caseNumber',
    'note',
    'closedAt',
    'closedBy',
  ])
    if (it[k] !== undefined) out[k] = it[k];
  return out as unknown as CallRecord;
};

/**
 * Calls the telephony system opened on the China days `fromDay`–`toDay` (`yyyy-mm-dd`, inclusive):
 * one COUNT Query per day partition (the ministry's indicators read a year: 366 at most).
 */
export const countCalls = async (store: TenantStore, fromDay: string, toDay: string): Promise<number> => {
  let n = 0;
  for (let d = Date.parse(`${fromDay}T00:00:00Z`); d <= Date.parse(`${toDay}T00:00:00Z`); d += 86_400_000)
    n += await store.count({
      pk: store.keys.pk('CALLS', new Date(d).toISOString().slice(0, 10).replaceAll('-', '')),
    });
  return n;
};

export class CallStore {
  constructor(
    readonly store: TenantStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private pk(day: string) {
    return this.store.keys.pk('CALLS', day);
  }

  /** Open a pending call (or answer the one a retried event already opened). */
  async open(
    event: z.infer<typeof callEventSchema>,
    actor: Actor,
  ): Promise<{ call: CallRecord; created: boolean }> {
    const at = this.now();
    const day = callDay(at);
    const id = event.callId
      ? `${day}-E${createHash('sha256').update(event.callId).digest('hex').slice(0, 24)}`
      : `${day}-${newId()}`;
    const call: CallRecord = {
      id,
      from: event.from,
      receivedAt: at.toISOString(),
      ...(event.line ? { line: event.line } : {}),
      status: 'pending',
    };
    try {
      await transactRetry(this.store, [
        { put: { pk: this.pk(day), sk: id, type: 'call', ...call }, condition: 'attribute_not_exists(pk)' },
        auditPut(this.store, actor, 'call.open', `call:${id}`, { detail: { line: event.line ?? null } }),
      ]);
      return { call, created: true };
    } catch (e) {
      if (!(e instanceof LinliError && e.code === 'CONFLICT')) throw e;
      const existing = await this.get(id);
      return { call: existing, created: false };
    }
  }

  async get(id: string): Promise<CallRecord> {
    const m = ID.exec(id);
    if (!m) throw CallErrors.notFound();
    const it = await this.store.get<Record<string, unknown>>(this.pk(m[1]!), id, true);
    if (!it) throw CallErrors.notFound();
    return view(it);
  }

  /** Today's and yesterday's calls (China days), newest first, optionally of one status. */
  async recent(status?: CallRecord['status']): Promise<CallRecord[]> {
    const now = this.now();
    const days = [callDay(now), callDay(new Date(now.getTime() - 86_400_000))];
    const out: CallRecord[] = [];
    for (const day of days) {
      const items = await this.store.queryAll<Record<string, unknown>>({ pk: this.pk(day) });
      out.push(...items.map(view));
    }
    return out
      .filter((c) => !status || c.status === status)
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  }

  /** Close a pending call with what came of it (once). */
  async close(id: string, input: z.infer<typeof callCloseSchema>, actor: Actor): Promise<CallRecord> {
    const call = await this.get(id);
    if (call.status !== 'pending') throw CallErrors.closed();
    const next: CallRecord = {
      ...call,
      status: 'closed',
      outcome: input.outcome,
      ...(input.caseNumber ? { caseNumber: input.caseNumber } : {}),
      ...(input.note ? { note: input.note } : {}),
      closedAt: this.now().toISOString(),
      closedBy: actor.name ?? actor.id,
    };
    try {
      await transactRetry(this.store, [
        {
          put: { pk: this.pk(id.slice(0, 8)), sk: id, type: 'call', ...next },
          condition: '#s = :p',
          names: { '#s': 'status' },
          values: { ':p': 'pending' },
        },
        auditPut(this.store, actor, 'call.close', `call:${id}`, {
          detail: { outcome: input.outcome, caseNumber: input.caseNumber ?? null },
        }),
      ]);
    } catch (e) {
      if (e instanceof LinliError && e.code === 'CONFLICT') throw CallErrors.closed();
      throw e;
    }
    return next;
  }
}
