/**
 * Requests (办件) in DynamoDB. A submission is one transaction: the idempotency key, the case
 * number guard, the case, its first timeline event, its inbox entries and the audit entry — a
 * retried submission meets its own key and returns the same case. A transition is one transaction
 * conditional on the case's version, step and status, so a stale page or a second worker acting
 * at once cannot move a case twice.
 *
 * Personal answers (the fields with a mask kind) are sealed with the tenant's data key, bound to
 * the case id; the rest of the form is stored in clear because lists and notices need it.
 */
import { createHash } from 'node:crypto';
import { Errors, LinliError, newId } from '@linli/core';
import { type Actor, auditPut, type TenantCipher, transactRetry } from '@linli/population';
import type { Item, TenantStore, TransactOp } from '@linli/tenancy';
import type { Channel, ServiceDefinition, StaffAction } from '../catalogue.ts';
import { ServiceErrors } from '../errors.ts';
import { type FormData, maskForm, sealedKeys } from '../forms.ts';
import { formatCaseNumber, MAX_CASES_PER_DAY } from '../numbers.ts';
import { chinaDate, type IsoDate, WorkCalendar } from '../workdays.ts';
import {
  applyApplicantAction,
  applyStaffAction,
  type CaseState,
  type CaseStatus,
  CLOSED_STATUSES,
  canSee,
  deskOf,
  type StaffActionInput,
  type StaffActor,
  startCase,
  type Transition,
} from '../workflow.ts';
import { getCatalogueEntry, getDefinitionVersion } from './catalogue.ts';
import { type InboxScope, svcKeys } from './keys.ts';

/** Who a case is for: a signed-in resident, or a caller known only by mobile (call centre, SMS). */
export type Applicant =
  | { readonly kind: 'resident'; readonly id: string }
  | { readonly kind: 'caller'; readonly mobile: string };

export interface Submission {
  readonly serviceCode: string;
  readonly channel: Channel;
  readonly applicant: Applicant;
  readonly communityCode: string;
  /** Validated with `formSchemaOf(definition, today)` by the caller. */
  readonly form: FormData;
  /** Client-chosen, 8–64 of `[A-Za-z0-9_-]`; the same key and body return the same case. */
  readonly idempotencyKey: string;
  /** The mobile the applicant is texted at (a resident's verified number), sealed with the form. */
  readonly contact?: string;
  /** The worker who filed it at the counter (channel `counter`) on the applicant's behalf. */
  readonly filedBy?: string;
}

/** More steps for a write's own transaction (a portal message, attaching uploads). */
export type ExtraOps = (next: CaseView) => TransactOp[];

export interface CaseRecord extends CaseState {
  readonly id: string;
  readonly number: string;
  readonly serviceCode: string;
  readonly serviceVersion: number;
  readonly serviceName: { zh: string; en: string };
  readonly channel: Channel;
  readonly applicantRef: string;
  readonly filedBy?: string;
  /** The colleague the case is assigned to (a staff `sub`), if any. */
  readonly assignee?: string;
  /** 督办: the step that ran over its time limit and the level it was escalated to. */
  readonly escalation?: Escalation;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A case as the application sees it: the form decrypted (mask it before showing). */
export interface CaseView extends CaseRecord {
  readonly form: FormData;
}

/** A step that ran over its time limit, escalated (督办) to the level above its desk. */
export interface Escalation {
  readonly stepIndex: number;
  /** The level that now supervises it: the street above a community desk, else the district. */
  readonly level: 'street' | 'district';
  readonly unit: string;
  readonly at: string;
}

export interface TimelineEvent {
  readonly at: string;
  readonly action: StaffAction | 'submit' | 'resubmit' | 'withdraw' | 'escalate';
  readonly actor: string;
  readonly role: string;
  readonly fromStep: number;
  readonly toStep: number;
  readonly status: CaseStatus;
  readonly reason?: string;
  readonly to?: string;
}

export interface CaseNote {
  readonly id: string;
  readonly at: string;
  readonly author: string;
  readonly visibility: 'internal' | 'resident';
  readonly text: string;
}

/** An inbox row: no personal field, enough to list and sort. */
export interface InboxEntry {
  readonly caseId: string;
  readonly assignee?: string;
  readonly number: string;
  readonly serviceCode: string;
  readonly serviceName: { zh: string; en: string };
  readonly status: CaseStatus;
  readonly stepIndex: number;
  readonly stepDue: IsoDate;
  readonly due: IsoDate;
  readonly channel: Channel;
  readonly communityCode: string;
  /** The department handling it (absent on entries written before it was recorded). */
  readonly department?: string;
  readonly filedOn: IsoDate;
  readonly provisional: boolean;
  /** When the case was filed and last changed (entries written before these were kept may lack them). */
  readonly requestedAt?: string;
  readonly updatedAt?: string;
  /** The level the current step was escalated to (督办), while it waits at that step. */
  readonly escalated?: 'street' | 'district';
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;
const AUDIT_CHANNEL = {
  portal: 'web',
  counter: 'web',
  kiosk: 'kiosk',
  'call-centre': 'call-centre',
  sms: 'sms',
  open311: 'api',
} as const;

const sha = (s: string) => createHash('sha256').update(s).digest('base64url');

/** Cases of the same person stay together; a caller's mobile only ever appears hashed. */
const applicantRefOf = (cipher: TenantCipher, a: Applicant): string =>
  a.kind === 'resident' ? `R.${a.id}` : `M.${cipher.hash('mobile', a.mobile)}`;

const CASE_FIELDS = [
  'id',
  'number',
  'serviceCode',
  'serviceVersion',
  'serviceName',
  'channel',
  'applicantRef',
  'filedBy',
  'assignee',
  'escalation',
  'version',
  'createdAt',
  'updatedAt',
  'status',
  'stepIndex',
  'communityCode',
  'streetCode',
  'department',
  'filedOn',
  'due',
  'stepStartedOn',
  'stepDue',
  'provisional',
  'closedOn',
  'returnedOn',
] as const;

const STATE_FIELDS = [
  'status',
  'stepIndex',
  'department',
  'due',
  'stepStartedOn',
  'stepDue',
  'provisional',
  'closedOn',
  'returnedOn',
] as const satisfies readonly (keyof CaseState)[];

export const recordOf = (it: Record<string, unknown>): CaseRecord =>
  Object.fromEntries(
    CASE_FIELDS.filter((k) => it[k] !== undefined).map((k) => [k, it[k]]),
  ) as unknown as CaseRecord;

/** Every inbox partition a case is listed in, with its sort key. */
export const entryKeys = (
  store: TenantStore,
  def: ServiceDefinition,
  c: CaseRecord,
): { pk: string; sk: string }[] => {
  const k = svcKeys(store);
  const closed = CLOSED_STATUSES.includes(c.status);
  const sk = `${closed ? (c.closedOn ?? c.filedOn) : c.stepDue}#${c.id}`;
  const scopes: InboxScope[] = [
    { kind: 'community', unit: c.communityCode },
    { kind: 'street', unit: c.streetCode },
    { kind: 'department', unit: c.department ?? def.department },
    { kind: 'district' },
  ];
  if (c.status === 'pending') {
    const desk = deskOf(def, c);
    scopes.push({ kind: 'desk', level: desk.level, unit: desk.unit });
  }
  // Each scope's entry, then the same under the service (a service filter reads one partition),
  // then the assignee's own list.
  return [
    ...scopes.map((s) => ({ pk: k.inbox(s, c.status), sk })),
    ...scopes.map((s) => ({ pk: k.inbox(s, c.status, c.serviceCode), sk })),
    ...(c.assignee ? [{ pk: k.assigned(c.assignee, c.status), sk }] : []),
  ];
};

/** Whether an entry lies in a scope (for a page read from the assignee's list). */
const inScope = (scope: InboxScope, e: Record<string, unknown>): boolean => {
  switch (scope.kind) {
    case 'community':
      return e.communityCode === scope.unit;
    case 'street':
      return (e.streetCode ?? String(e.communityCode).slice(0, 9)) === scope.unit;
    case 'department':
      return e.department === scope.unit;
    case 'district':
      return true;
    default:
      return e.desk === `${scope.level}#${scope.unit}`;
  }
};

export const entryItem = (c: CaseRecord, key: { pk: string; sk: string }, def: ServiceDefinition): Item => ({
  ...key,
  type: 'case-entry',
  caseId: c.id,
  number: c.number,
  serviceCode: c.serviceCode,
  serviceName: c.serviceName,
  status: c.status,
  stepIndex: c.stepIndex,
  stepDue: c.stepDue,
  due: c.due,
  channel: c.channel,
  communityCode: c.communityCode,
  streetCode: c.streetCode,
  // Where the case is (or was last) handled: the work-order view shows it without a case read.
  department: c.department ?? def.department,
  ...(c.status === 'pending' ? { desk: `${deskOf(def, c).level}#${deskOf(def, c).unit}` } : {}),
  filedOn: c.filedOn,
  provisional: c.provisional,
  requestedAt: c.createdAt,
  updatedAt: c.updatedAt,
  ...(c.assignee ? { assignee: c.assignee } : {}),
  // Only while the case still waits at the step that ran over.
  ...(c.escalation && c.status === 'pending' && c.escalation.stepIndex === c.stepIndex
    ? { escalated: c.escalation.level }
    : {}),
});

/** A timeline event of a case, written with the change it records. */
export const eventOp = (
  store: TenantStore,
  id: string,
  at: string,
  e: Omit<TimelineEvent, 'at'>,
): TransactOp => ({
  put: { pk: svcKeys(store).case(id), sk: `EV#${at}#${newId()}`, type: 'case-event', at, ...e },
  condition: 'attribute_not_exists(pk)',
});

/** The inbox entries a case is listed under (bulk loads such as the inbox benchmark). */
export const inboxItemsOf = (store: TenantStore, def: ServiceDefinition, c: CaseRecord): Item[] =>
  entryKeys(store, def, c).map((k) => entryItem(c, k, def));

/** What an inbox page may be narrowed by (all optional; dates are step due dates, inclusive). */
export interface InboxFilter {
  readonly limit?: number;
  readonly cursor?: string;
  readonly service?: string;
  readonly channel?: Channel;
  readonly assignee?: string;
  /** Only cases whose current step was escalated (督办). */
  readonly escalated?: boolean;
  readonly dueFrom?: IsoDate;
  readonly dueTo?: IsoDate;
}

/** Entries read per Query while an inbox page is filtered in code (entries are small). */
const INBOX_READ = 300;
/** Queries one inbox page may cost at most; a page cut short still carries a cursor. */
const INBOX_ROUNDS = 8;

/** Requests of one tenant: submit, read, act, list. */
export class CaseStore {
  readonly keys: ReturnType<typeof svcKeys>;
  private readonly definitions = new Map<string, ServiceDefinition>();

  constructor(
    readonly store: TenantStore,
    readonly cipher: TenantCipher,
    readonly opts: { districtCode: string; calendar?: WorkCalendar; now?: () => Date },
  ) {
    this.keys = svcKeys(store);
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }
  private get calendar(): WorkCalendar {
    return this.opts.calendar ?? new WorkCalendar();
  }

  /** A definition version, cached (versions never change). */
  async definition(code: string, version: number): Promise<ServiceDefinition> {
    const key = `${code}@${version}`;
    let def = this.definitions.get(key);
    if (!def) {
      def = await getDefinitionVersion(this.store, code, version);
      this.definitions.set(key, def);
    }
    return def;
  }

  // --- submission ------------------------------------------------------------------------------

  /**
   * File a case, exactly once per idempotency key: a retry with the same key and body returns the
   * case the first attempt created (`created: false`); the same key with another body is refused.
   */
  async submit(
    sub: Submission,
    actor: Actor,
    opts: { extraOps?: ExtraOps } = {},
  ): Promise<{ case: CaseView; created: boolean }> {
    const { applicantRef, idemKey, fingerprint } = this.idempotencyOf(sub);
    const existing = await this.replay(idemKey, fingerprint);
    if (existing) return { case: existing, created: false };

    const entry = await getCatalogueEntry(this.store, sub.serviceCode);
    if (!entry.enabled) throw ServiceErrors.serviceDisabled();
    const def = entry.definition;
    if (!def.channels.includes(sub.channel)) throw ServiceErrors.channelNotOffered();
    this.definitions.set(`${def.code}@${def.version}`, def);

    const now = this.now();
    const today = chinaDate(now);
    const number = await this.allocateNumber(today);
    const id = newId();
    const at = now.toISOString();
    const state = startCase(
      def,
      { communityCode: sub.communityCode, streetCode: sub.communityCode.slice(0, 9) },
      today,
      this.calendar,
    );
    const record: CaseRecord = {
      ...state,
      id,
      number,
      serviceCode: def.code,
      serviceVersion: def.version,
      serviceName: def.name,
      channel: sub.channel,
      applicantRef,
      ...(sub.filedBy ? { filedBy: sub.filedBy } : {}),
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    const sealed = sealedKeys(def);
    const clear: FormData = {};
    const secret: FormData = {};
    for (const [key, v] of Object.entries(sub.form)) (sealed.has(key) ? secret : clear)[key] = v;
    const contact = sub.applicant.kind === 'caller' ? sub.applicant.mobile : sub.contact;
    if (contact) secret['applicant.mobile'] = contact;
    const view: CaseView = { ...record, form: sub.form };
    const ops: TransactOp[] = [
      {
        put: { ...idemKey, type: 'case-idempotency', caseId: id, fingerprint, createdAt: at },
        condition: 'attribute_not_exists(pk)',
      },
      {
        put: { pk: this.keys.number(number), sk: 'CASE', type: 'case-number', caseId: id },
        condition: 'attribute_not_exists(pk)',
      },
      {
        put: {
          pk: this.keys.case(id),
          sk: 'CUR',
          type: 'case',
          ...record,
          form: clear,
          pii: this.cipher.encrypt(JSON.stringify(secret), `case:${id}`),
          gsi1pk: this.keys.applicantCases(applicantRef),
          gsi1sk: `${at}#${id}`,
        },
        condition: 'attribute_not_exists(pk)',
      },
      this.eventPut(id, at, {
        action: 'submit',
        actor: actor.id,
        role: actor.role,
        fromStep: 0,
        toStep: 0,
        status: 'pending',
      }),
      ...entryKeys(this.store, def, record).map((k) => ({ put: entryItem(record, k, def) })),
      auditPut(this.store, { ...actor, channel: AUDIT_CHANNEL[sub.channel] }, 'case.submit', `case:${id}`, {
        detail: { number, service: def.code },
      }),
      ...(opts.extraOps?.(view) ?? []),
    ];
    try {
      await transactRetry(this.store, ops);
    } catch (err) {
      // Another attempt with the same key won the race: answer with its case.
      if (err instanceof LinliError && err.code === 'CONFLICT') {
        const winner = await this.replay(idemKey, fingerprint);
        if (winner) return { case: winner, created: false };
      }
      throw err;
    }
    return { case: view, created: true };
  }

  private idempotencyOf(sub: Submission) {
    if (!IDEMPOTENCY_KEY.test(sub.idempotencyKey))
      throw Errors.validation({ zh: '幂等键格式无效', en: 'invalid idempotency key' });
    const applicantRef = applicantRefOf(this.cipher, sub.applicant);
    const idemKey = { pk: this.keys.idempotency(applicantRef, sub.idempotencyKey), sk: 'KEY' };
    const fingerprint = sha(
      JSON.stringify([sub.serviceCode, sub.channel, sub.communityCode, sub.form, sub.applicant.kind]),
    );
    return { applicantRef, idemKey, fingerprint };
  }

  /**
   * The case an earlier attempt with this key filed, if any (checked before the work a first
   * attempt needs, e.g. verifying its uploads); the same key with another body is refused.
   */
  async existing(sub: Submission): Promise<CaseView | undefined> {
    const { idemKey, fingerprint } = this.idempotencyOf(sub);
    return this.replay(idemKey, fingerprint);
  }

  private async replay(key: { pk: string; sk: string }, fingerprint: string): Promise<CaseView | undefined> {
    const it = await this.store.get<Record<string, unknown>>(key.pk, key.sk, true);
    if (!it) return undefined;
    if (it.fingerprint !== fingerprint) throw ServiceErrors.idempotencyReused();
    return this.read(String(it.caseId));
  }

  /** The next number of the day, from a counter that refuses to pass 9999. */
  private async allocateNumber(today: IsoDate): Promise<string> {
    const day = today.replaceAll('-', '');
    try {
      const out = await this.store.update(this.keys.numbers(), day, {
        UpdateExpression: 'ADD #n :one',
        ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
        ExpressionAttributeNames: { '#n': 'n' },
        ExpressionAttributeValues: { ':one': 1, ':max': MAX_CASES_PER_DAY },
      });
      return formatCaseNumber(this.opts.districtCode, today, Number(out?.n));
    } catch (err) {
      if (err instanceof LinliError && err.code === 'CONFLICT') throw ServiceErrors.caseNumbersExhausted();
      throw err;
    }
  }

  private eventPut(id: string, at: string, e: Omit<TimelineEvent, 'at'>): TransactOp {
    return eventOp(this.store, id, at, e);
  }

  // --- reading ---------------------------------------------------------------------------------

  /** A case with its form decrypted; `undefined` when there is none. No scope check: see `getFor`. */
  async read(id: string): Promise<CaseView | undefined> {
    const it = await this.store.get<Record<string, unknown>>(this.keys.case(id), 'CUR', true);
    if (!it) return undefined;
    const secret = JSON.parse(this.cipher.decrypt(String(it.pii), `case:${id}`)) as FormData;
    const { 'applicant.mobile': _mobile, ...sealed } = secret;
    return { ...recordOf(it), form: { ...(it.form as FormData), ...sealed } };
  }

  /** A case as a staff member sees it: in scope or `CASE_NOT_FOUND`, the form masked. */
  async getFor(id: string, actor: StaffActor): Promise<CaseView & { definition: ServiceDefinition }> {
    const c = await this.read(id);
    if (!c) throw ServiceErrors.caseNotFound();
    const def = await this.definition(c.serviceCode, c.serviceVersion);
    if (!canSee(def, c, actor)) throw ServiceErrors.caseNotFound();
    return { ...c, form: maskForm(def, c.form), definition: def };
  }

  /** The case number's case id (call-centre lookups). */
  async idOfNumber(number: string): Promise<string | undefined> {
    const it = await this.store.get<Record<string, unknown>>(this.keys.number(number), 'CASE');
    return it ? String(it.caseId) : undefined;
  }

  /** Timeline events, oldest first. */
  async timeline(id: string): Promise<TimelineEvent[]> {
    const items = await this.store.queryAll<Record<string, unknown>>({
      pk: this.keys.case(id),
      skPrefix: 'EV#',
    });
    return items.map(({ pk: _p, sk: _s, type: _t, ...e }) => e as unknown as TimelineEvent);
  }

  /** Notes, oldest first; a resident gets only the notes meant for them. */
  async notes(id: string, audience: 'staff' | 'resident'): Promise<CaseNote[]> {
    const items = await this.store.queryAll<Record<string, unknown>>({
      pk: this.keys.case(id),
      skPrefix: 'NOTE#',
    });
    return items
      .map((it) => ({
        id: String(it.id),
        at: String(it.at),
        author: String(it.author),
        visibility: it.visibility === 'resident' ? ('resident' as const) : ('internal' as const),
        text: String(it.text),
      }))
      .filter((n) => audience === 'staff' || n.visibility === 'resident');
  }

  /** A note on a case the actor can see, with its audit entry in the same transaction. */
  async addNote(
    id: string,
    actor: StaffActor & { role: string; channel?: Actor['channel'] },
    note: { text: string; visibility: 'internal' | 'resident' },
  ): Promise<CaseNote> {
    await this.getFor(id, actor);
    const at = this.now().toISOString();
    const n: CaseNote = { id: newId(), at, author: actor.id, visibility: note.visibility, text: note.text };
    await this.store.transact([
      {
        put: { pk: this.keys.case(id), sk: `NOTE#${at}#${n.id}`, type: 'case-note', ...n },
        condition: 'attribute_not_exists(pk)',
      },
      auditPut(
        this.store,
        { id: actor.id, role: actor.role, channel: actor.channel ?? 'web' },
        'case.note',
        `case:${id}`,
        { detail: { visibility: note.visibility } },
      ),
    ]);
    return n;
  }

  /** The mobile number the applicant is texted at (sealed with the form), if known. */
  async contactOf(id: string): Promise<string | undefined> {
    const it = await this.store.get<Record<string, unknown>>(this.keys.case(id), 'CUR', true);
    if (!it) return undefined;
    const secret = JSON.parse(this.cipher.decrypt(String(it.pii), `case:${id}`)) as FormData;
    const m = secret['applicant.mobile'];
    return typeof m === 'string' ? m : undefined;
  }

  /**
   * Assign a case to a colleague (or clear it): the case and its inbox entries carry the
   * assignee; conditional on the version read, so a stale page cannot overwrite a newer change.
   */
  async assign(
    id: string,
    actor: StaffActor & { role: string; channel?: Actor['channel'] },
    assignee: string | null,
  ): Promise<CaseView> {
    const c = await this.getFor(id, actor);
    if (CLOSED_STATUSES.includes(c.status)) throw ServiceErrors.wrongStep();
    const at = this.now().toISOString();
    const next: CaseRecord = {
      ...recordOf(c as unknown as Record<string, unknown>),
      version: c.version + 1,
      updatedAt: at,
    };
    const { assignee: _a, ...rest } = next;
    const after: CaseRecord = assignee ? { ...rest, assignee } : rest;
    const ops: TransactOp[] = [
      {
        update: { pk: this.keys.case(id), sk: 'CUR' },
        expression: assignee
          ? 'SET #version = :nv, updatedAt = :at, assignee = :as'
          : 'SET #version = :nv, updatedAt = :at REMOVE assignee',
        condition: '#version = :v',
        names: { '#version': 'version' },
        values: {
          ':v': c.version,
          ':nv': after.version,
          ':at': at,
          ...(assignee ? { ':as': assignee } : {}),
        },
      },
      // The previous assignee's list loses the entry; every other entry is rewritten in place.
      ...(c.assignee && c.assignee !== assignee
        ? entryKeys(this.store, c.definition, c as CaseRecord)
            .filter((k) => k.pk === this.keys.assigned(c.assignee!, c.status))
            .map((k) => ({ delete: k }))
        : []),
      ...entryKeys(this.store, c.definition, after).map((k) => ({ put: entryItem(after, k, c.definition) })),
      auditPut(
        this.store,
        { id: actor.id, role: actor.role, channel: actor.channel ?? 'web' },
        'case.assign',
        `case:${id}`,
        { detail: { number: c.number, assignee } },
      ),
    ];
    try {
      await transactRetry(this.store, ops);
    } catch (err) {
      if (err instanceof LinliError && err.code === 'CONFLICT') throw ServiceErrors.wrongStep();
      throw err;
    }
    const { definition: _d, ...view } = c;
    const { assignee: _old, ...base } = view;
    return { ...base, ...(assignee ? { assignee } : {}), version: after.version, updatedAt: at };
  }

  /** An applicant's cases, newest first. */
  async ofApplicant(applicant: Applicant, opts: { limit?: number; cursor?: string } = {}) {
    const page = await this.store.query<Record<string, unknown>>({
      index: 'gsi1',
      pk: this.keys.applicantCases(applicantRefOf(this.cipher, applicant)),
      forward: false,
      limit: opts.limit ?? 20,
      ...(opts.cursor ? { cursor: opts.cursor } : {}),
    });
    return { items: page.items.map(recordOf), ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  /** The applicant's reference (`R.<sub>`, or `M.<keyed hash>` of a caller's mobile). */
  refOf(applicant: Applicant): string {
    return applicantRefOf(this.cipher, applicant);
  }

  /** Whether a case belongs to the applicant (the portal's own-cases check). */
  isApplicant(c: CaseRecord, applicant: Applicant): boolean {
    return c.applicantRef === applicantRefOf(this.cipher, applicant);
  }

  /**
   * One inbox page: a scope and a status, by due date (soonest first). The due range is the key
   * condition of one partition's Query; service, channel and assignee are checked on the small
   * entries as they are read, a few Queries at most, never a Scan. The cursor is the sort key of
   * the last entry given (sealed by the store, bound to this request), so no entry is skipped.
   */
  async inbox(
    scope: InboxScope,
    status: CaseStatus,
    opts: InboxFilter = {},
  ): Promise<{ items: InboxEntry[]; cursor?: string }> {
    // The narrowest partition that holds the page: the assignee's list, else the scope's entries
    // of the one service, else the scope's; what the partition does not narrow is checked in code.
    const pk = opts.assignee
      ? this.keys.assigned(opts.assignee, status)
      : this.keys.inbox(scope, status, opts.service);
    const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
    const sealedAs = `inbox:${pk}`;
    let after: string | undefined;
    if (opts.cursor) {
      const v = this.store.openCursor(sealedAs, opts.cursor) as { after?: unknown } | null;
      if (!v || typeof v.after !== 'string') throw Errors.cursorInvalid();
      after = v.after;
    }
    // `~` sorts after every character of a sort key (`<date>#<ULID>`): the range starts past `after`.
    const from = after ? `${after}~` : (opts.dueFrom ?? '0');
    const to = opts.dueTo ? `${opts.dueTo}#~` : '9999~';
    const keep = (e: Record<string, unknown>) =>
      (!opts.assignee || inScope(scope, e)) &&
      (!opts.service || e.serviceCode === opts.service) &&
      (!opts.channel || e.channel === opts.channel) &&
      (!opts.assignee || e.assignee === opts.assignee) &&
      (!opts.escalated || e.escalated !== undefined);
    const out: InboxEntry[] = [];
    let inner: string | undefined;
    let last: string | undefined;
    let more = false;
    for (let round = 0; round < INBOX_ROUNDS; round++) {
      const page = await this.store.query<Record<string, unknown>>({
        pk,
        skBetween: [from, to],
        limit: opts.channel || opts.assignee || opts.escalated ? INBOX_READ : limit - out.length,
        ...(inner ? { cursor: inner } : {}),
      });
      for (const it of page.items) {
        last = String(it.sk);
        if (!keep(it)) continue;
        const { pk: _p, sk: _s, type: _t, ...e } = it;
        out.push(e as unknown as InboxEntry);
        if (out.length === limit) break;
      }
      more = !!page.cursor || page.items.at(-1)?.sk !== last;
      inner = page.cursor;
      if (out.length === limit || !page.cursor) break;
    }
    return {
      items: out,
      ...(more && last ? { cursor: this.store.sealCursor(sealedAs, { after: last }) } : {}),
    };
  }

  // --- transitions -----------------------------------------------------------------------------

  /** A staff action, checked by the workflow and written conditionally on the state it saw. */
  async act(
    id: string,
    actor: StaffActor & { role: string; channel?: Actor['channel'] },
    input: StaffActionInput,
    opts: { extraOps?: ExtraOps } = {},
  ): Promise<CaseView> {
    const c = await this.read(id);
    if (!c) throw ServiceErrors.caseNotFound();
    const def = await this.definition(c.serviceCode, c.serviceVersion);
    const today = chinaDate(this.now());
    const t = applyStaffAction(def, c, actor, input, today, this.calendar);
    return this.commit(def, c, t, { id: actor.id, role: actor.role, channel: actor.channel ?? 'web' }, opts);
  }

  /** The applicant resubmits after a return (补正) or withdraws. */
  async actAsApplicant(
    id: string,
    applicant: Applicant,
    action: 'resubmit' | 'withdraw',
    actor: Actor,
    opts: {
      /** With `resubmit`: the corrected form (validated by the caller), replacing the old answers. */
      form?: FormData;
      /** Called with the case as read (e.g. to check the form against its definition version). */
      check?: (c: CaseView, def: ServiceDefinition) => void | Promise<void>;
      extraOps?: ExtraOps;
    } = {},
  ): Promise<CaseView> {
    const c = await this.read(id);
    if (!c || !this.isApplicant(c, applicant)) throw ServiceErrors.caseNotFound();
    const def = await this.definition(c.serviceCode, c.serviceVersion);
    const t = applyApplicantAction(def, c, action, chinaDate(this.now()), this.calendar);
    await opts.check?.(c, def);
    return this.commit(def, c, t, actor, action === 'resubmit' ? opts : { ...opts, form: undefined });
  }

  private async commit(
    def: ServiceDefinition,
    c: CaseView,
    t: Transition,
    actor: Actor,
    opts: { form?: FormData | undefined; extraOps?: ExtraOps } = {},
  ): Promise<CaseView> {
    const at = this.now().toISOString();
    const { department: _d, closedOn: _c, returnedOn: _r, ...kept } = c;
    const next: CaseView = {
      ...kept,
      ...Object.fromEntries(STATE_FIELDS.filter((k) => t.next[k] !== undefined).map((k) => [k, t.next[k]])),
      ...(opts.form ? { form: opts.form } : {}),
      version: c.version + 1,
      updatedAt: at,
    };
    const oldKeys = entryKeys(this.store, def, c);
    const newKeys = entryKeys(this.store, def, next);
    const same = (a: { pk: string; sk: string }) => newKeys.some((b) => b.pk === a.pk && b.sk === a.sk);
    // The engine spreads whatever it was given; only the workflow's own fields are written.
    const set = STATE_FIELDS.flatMap((k) => (t.next[k] === undefined ? [] : [[k, t.next[k]] as const]));
    const removed = (['department', 'closedOn', 'returnedOn'] as const).filter(
      (k) => c[k] !== undefined && t.next[k] === undefined,
    );
    const names: Record<string, string> = {
      '#version': 'version',
      '#step': 'stepIndex',
      '#status': 'status',
    };
    const values: Record<string, unknown> = {
      ':v': c.version,
      ':s': c.stepIndex,
      ':st': c.status,
      ':nv': next.version,
      ':at': at,
    };
    const assignments = ['#version = :nv', 'updatedAt = :at'];
    for (const [i, [k, v]] of set.entries()) {
      if (k === 'stepIndex' || k === 'status') {
        values[k === 'status' ? ':nst' : ':ns'] = v;
        assignments.push(k === 'status' ? '#status = :nst' : '#step = :ns');
        continue;
      }
      names[`#f${i}`] = k;
      values[`:f${i}`] = v;
      assignments.push(`#f${i} = :f${i}`);
    }
    const removes = removed.map((k, i) => {
      names[`#r${i}`] = k;
      return `#r${i}`;
    });
    if (opts.form) {
      // The corrected answers replace the old ones; the contact stays sealed with them.
      const sealed = sealedKeys(def);
      const clear: FormData = {};
      const secret: FormData = {};
      for (const [key, v] of Object.entries(opts.form)) (sealed.has(key) ? secret : clear)[key] = v;
      const contact = await this.contactOf(c.id);
      if (contact) secret['applicant.mobile'] = contact;
      names['#form'] = 'form';
      names['#pii'] = 'pii';
      values[':form'] = clear;
      values[':pii'] = this.cipher.encrypt(JSON.stringify(secret), `case:${c.id}`);
      assignments.push('#form = :form', '#pii = :pii');
    }
    const ops: TransactOp[] = [
      {
        update: { pk: this.keys.case(c.id), sk: 'CUR' },
        expression: `SET ${assignments.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        condition: '#version = :v AND #step = :s AND #status = :st',
        names,
        values,
      },
      ...oldKeys.filter((k) => !same(k)).map((k) => ({ delete: k })),
      ...newKeys.map((k) => ({ put: entryItem(next, k, def) })),
      this.eventPut(c.id, at, { ...t.event, actor: actor.id, role: actor.role }),
      auditPut(this.store, actor, `case.${t.event.action}`, `case:${c.id}`, {
        ...(t.event.reason ? { reason: t.event.reason } : {}),
        detail: { number: c.number, step: t.event.fromStep },
      }),
      ...(opts.extraOps?.(next) ?? []),
    ];
    try {
      await transactRetry(this.store, ops);
    } catch (err) {
      // Someone else moved the case since it was read.
      if (err instanceof LinliError && err.code === 'CONFLICT') throw ServiceErrors.wrongStep();
      throw err;
    }
    return next;
  }
}
