/**
 * 好差评: the applicant rates a completed case once, in the national scheme's five levels, with its
 * dimensions and an optional comment. A 不满意 / 非常不满意 rating opens, in the same transaction, a
 * rectification item (整改) for the owning department due in 15 working days and a call-back (回访)
 * record; counters per district and per month keep what the ministry's indicators need
 * (aggregates only: no case, person or comment in them).
 *
 * Keys (all under the tenant prefix):
 * - the rating: the case's partition, sk `RATING` (created once: a second rating is refused);
 * - rectifications: `SVCRECT#<department>`, sk `<caseId>` (a department reads its own partition);
 * - call-backs: `SVCCB`, sk `<caseId>`;
 * - counters: `SVCSTATS`, sk `ALL` and `M#<yyyy-mm>` (the rating's month in China).
 */
import { errorOf, LinliError } from '@linli/core';
import { type Actor, auditPut, transactRetry } from '@linli/population';
import type { TenantStore, TransactOp } from '@linli/tenancy';
import type * as z from 'zod/mini';
import { DEPARTMENTS, type Department } from '../catalogue-vocabulary.ts';
import { chinaDate, type IsoDate, WorkCalendar } from '../workdays.ts';
import { svcKeys } from './keys.ts';
import type { callbackOutcomeSchema, RatingInput } from './rating-inputs.ts';

/** The five levels of the national scheme, best first. */
export const RATING_LEVELS = [
  'very-satisfied',
  'satisfied',
  'basically-satisfied',
  'dissatisfied',
  'very-dissatisfied',
] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];
export const RATING_LABELS: Record<RatingLevel, { zh: string; en: string }> = {
  'very-satisfied': { zh: '非常满意', en: 'Very satisfied' },
  satisfied: { zh: '满意', en: 'Satisfied' },
  'basically-satisfied': { zh: '基本满意', en: 'Basically satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
  'very-dissatisfied': { zh: '非常不满意', en: 'Very dissatisfied' },
};
/** 差评: the levels that open a rectification and a call-back. */
export const UNHAPPY: readonly RatingLevel[] = ['dissatisfied', 'very-dissatisfied'];

/**
 * What the scheme asks the applicant to judge besides the overall level (服务态度, 办事效率,
 * 便利程度, 服务规范, 办理结果), each in the same five levels.
 */
export const RATING_DIMENSIONS = ['attitude', 'efficiency', 'convenience', 'standards', 'outcome'] as const;
export type RatingDimension = (typeof RATING_DIMENSIONS)[number];
export const DIMENSION_LABELS: Record<RatingDimension, { zh: string; en: string }> = {
  attitude: { zh: '服务态度', en: 'Attitude' },
  efficiency: { zh: '办事效率', en: 'Efficiency' },
  convenience: { zh: '便利程度', en: 'Convenience' },
  standards: { zh: '服务规范', en: 'Conduct' },
  outcome: { zh: '办理结果', en: 'Outcome' },
};

/** Working days a department has to rectify after a 差评. */
export const RECTIFICATION_DAYS = 15;

export interface Rating extends RatingInput {
  readonly caseId: string;
  readonly number: string;
  readonly serviceCode: string;
  readonly department: Department;
  readonly at: string;
}

export interface Rectification {
  readonly caseId: string;
  readonly number: string;
  readonly serviceCode: string;
  readonly serviceName: { zh: string; en: string };
  readonly department: Department;
  /** The case's community (a 社区 department's rectification is its community's). */
  readonly communityCode: string;
  readonly level: RatingLevel;
  readonly comment?: string;
  readonly openedOn: IsoDate;
  readonly due: IsoDate;
  /** The due date was counted over a year whose holiday notice is not known yet. */
  readonly provisional: boolean;
  readonly status: 'open' | 'done';
  readonly resolution?: string;
  readonly doneOn?: IsoDate;
  readonly doneBy?: string;
  readonly version: number;
}

export interface Callback {
  readonly caseId: string;
  readonly number: string;
  readonly serviceCode: string;
  readonly serviceName: { zh: string; en: string };
  readonly department: Department;
  readonly communityCode: string;
  /**
   * Why the call-back is due: a 差评 (`rating`, the default of records written before kinds), or
   * the completion of a case the hotline or SMS opened (`completion`: the caller is asked how it went).
   */
  readonly kind?: 'rating' | 'completion';
  /** The rating's level (absent on a completion call-back). */
  readonly level?: RatingLevel;
  readonly comment?: string;
  readonly month: string;
  readonly openedAt: string;
  readonly status: 'pending' | 'done';
  readonly reached?: boolean;
  readonly levelAfter?: RatingLevel;
  readonly note?: string;
  readonly doneAt?: string;
  readonly doneBy?: string;
}

/** The aggregate counters of one period (a month, or `ALL`). */
export interface RatingStats {
  readonly period: string;
  readonly rated: number;
  readonly byLevel: Record<RatingLevel, number>;
  readonly rectificationsOpened: number;
  readonly rectificationsDone: number;
  readonly callbacksDue: number;
  readonly callbacksDone: number;
  /** (非常满意 + 满意 + 基本满意) / rated; null without ratings. */
  readonly satisfactionRate: number | null;
  /** callbacksDone / callbacksDue; null without call-backs. */
  readonly callbackRate: number | null;
}

/** What the rating needs of the case (read by the caller, checked again in the transaction). */
export interface RatedCase {
  readonly id: string;
  readonly number: string;
  readonly serviceCode: string;
  readonly serviceName: { zh: string; en: string };
  readonly status: string;
  readonly applicantRef: string;
  readonly communityCode: string;
  /** The owning department of the definition version the case was filed under. */
  readonly department: Department;
}

export const RatingErrors = {
  notCompleted: errorOf(
    'RATING_NOT_OPEN',
    409,
    '办件办结后才能评价',
    'A case can be rated once it is completed',
  ),
  alreadyRated: errorOf('RATING_EXISTS', 409, '该办件已评价', 'This case has already been rated'),
  rectificationNotFound: errorOf(
    'RECTIFICATION_NOT_FOUND',
    404,
    '未找到该整改事项',
    'Rectification not found',
  ),
  rectificationDone: errorOf(
    'RECTIFICATION_CHANGED',
    409,
    '该整改事项已办结或已被他人修改，请刷新',
    'The rectification was completed or changed; reload',
  ),
  callbackNotFound: errorOf('CALLBACK_NOT_FOUND', 404, '未找到该回访记录', 'Call-back not found'),
  callbackDone: errorOf('CALLBACK_DONE', 409, '该回访已记录', 'The call-back was already recorded'),
};

/** A case is rated after completion: approved (办结) or rejected with a reason (不予办理). */
const RATEABLE = ['approved', 'rejected'];

const month = (day: IsoDate) => day.slice(0, 7);
const statsKeys = (store: TenantStore, day: IsoDate) =>
  ['ALL', `M#${month(day)}`].map((sk) => ({ pk: store.keys.pk('SVCSTATS'), sk }));
const counterOp = (key: { pk: string; sk: string }, add: Record<string, number>): TransactOp => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const parts = Object.entries(add).map(([k, v], i) => {
    names[`#c${i}`] = k;
    values[`:c${i}`] = v;
    return `#c${i} :c${i}`;
  });
  return { update: key, expression: `ADD ${parts.join(', ')}`, names, values };
};

const strip = <T>(it: Record<string, unknown>): T => {
  const { pk: _p, sk: _s, type: _t, ...rest } = it;
  return rest as T;
};

/** Ratings, rectifications, call-backs and their counters of one tenant. */
export class RatingStore {
  private readonly calendar: WorkCalendar;

  constructor(
    readonly store: TenantStore,
    readonly opts: { calendar?: WorkCalendar; now?: () => Date } = {},
  ) {
    this.calendar = opts.calendar ?? new WorkCalendar();
  }

  private now() {
    return this.opts.now?.() ?? new Date();
  }

  private async run(ops: TransactOp[], onConflict: () => LinliError) {
    try {
      await transactRetry(this.store, ops);
    } catch (e) {
      if (e instanceof LinliError && e.code === 'CONFLICT') throw onConflict();
      throw e;
    }
  }

  /** The case's rating, if any. */
  async get(caseId: string): Promise<Rating | undefined> {
    const it = await this.store.get<Record<string, unknown>>(
      svcKeys(this.store).case(caseId),
      'RATING',
      true,
    );
    return it ? strip<Rating>(it) : undefined;
  }

  /**
   * Rate a completed case as its applicant (`applicantRef`). One transaction: the rating (only if
   * none exists), a check that the case is still completed and still the applicant's, the
   * counters, the audit entry and, for a 差评, the rectification and the call-back.
   */
  async rate(
    c: RatedCase,
    applicantRef: string,
    input: RatingInput,
    actor: Actor,
  ): Promise<{ rating: Rating; rectification?: Rectification; callback?: Callback }> {
    if (c.applicantRef !== applicantRef)
      throw new LinliError('CASE_NOT_FOUND', 404, { zh: '未找到该办件', en: 'Case not found' });
    if (!RATEABLE.includes(c.status)) throw RatingErrors.notCompleted();
    if (await this.get(c.id)) throw RatingErrors.alreadyRated();
    const now = this.now();
    const at = now.toISOString();
    const today = chinaDate(now);
    const k = svcKeys(this.store);
    const rating: Rating = {
      ...input,
      caseId: c.id,
      number: c.number,
      serviceCode: c.serviceCode,
      department: c.department,
      at,
    };
    const unhappy = UNHAPPY.includes(input.level);
    const ops: TransactOp[] = [
      {
        put: { pk: k.case(c.id), sk: 'RATING', type: 'case-rating', ...rating },
        condition: 'attribute_not_exists(pk)',
      },
      {
        check: { pk: k.case(c.id), sk: 'CUR' },
        condition: '#st IN (:a, :r) AND applicantRef = :ref',
        names: { '#st': 'status' },
        values: { ':a': 'approved', ':r': 'rejected', ':ref': applicantRef },
      },
      ...statsKeys(this.store, today).map((key) =>
        counterOp(key, {
          rated: 1,
          [`level_${input.level}`]: 1,
          ...(unhappy ? { rectificationsOpened: 1, callbacksDue: 1 } : {}),
        }),
      ),
      auditPut(this.store, actor, 'case.rate', `case:${c.id}`, {
        detail: { number: c.number, level: input.level },
      }),
    ];
    let rectification: Rectification | undefined;
    let callback: Callback | undefined;
    if (unhappy) {
      const due = this.calendar.addWorkingDays(today, RECTIFICATION_DAYS);
      const common = {
        caseId: c.id,
        number: c.number,
        serviceCode: c.serviceCode,
        serviceName: c.serviceName,
        department: c.department,
        communityCode: c.communityCode,
        level: input.level,
        ...(input.comment ? { comment: input.comment } : {}),
      };
      rectification = {
        ...common,
        openedOn: today,
        due: due.due,
        provisional: due.provisional,
        status: 'open',
        version: 1,
      };
      callback = { ...common, kind: 'rating', month: month(today), openedAt: at, status: 'pending' };
      ops.push(
        {
          put: {
            pk: this.store.keys.pk('SVCRECT', c.department),
            sk: c.id,
            type: 'rectification',
            ...rectification,
          },
          condition: 'attribute_not_exists(pk)',
        },
        {
          // A completion call-back of the same case (hotline/SMS) gives way to the 差评's.
          put: { pk: this.store.keys.pk('SVCCB'), sk: c.id, type: 'callback', ...callback },
          condition: 'attribute_not_exists(pk) OR #kind = :completion',
          names: { '#kind': 'kind' },
          values: { ':completion': 'completion' },
        },
      );
    }
    // A lost race (two ratings at once) or a case that changed since it was read.
    await this.run(ops, RatingErrors.alreadyRated);
    return { rating, ...(rectification ? { rectification } : {}), ...(callback ? { callback } : {}) };
  }

  /** Rectifications of the given departments, open ones first by due date. */
  async rectifications(departments: readonly string[], status?: 'open' | 'done'): Promise<Rectification[]> {
    const all = (
      await Promise.all(
        departments.map((d) =>
          this.store.queryAll<Record<string, unknown>>({ pk: this.store.keys.pk('SVCRECT', d) }),
        ),
      )
    )
      .flat()
      .map((it) => strip<Rectification>(it));
    return all
      .filter((r) => !status || r.status === status)
      .sort((a, b) => (a.status === b.status ? a.due.localeCompare(b.due) : a.status === 'open' ? -1 : 1));
  }

  async rectification(department: string, caseId: string): Promise<Rectification> {
    const it = await this.store.get<Record<string, unknown>>(
      this.store.keys.pk('SVCRECT', department),
      caseId,
      true,
    );
    if (!it) throw RatingErrors.rectificationNotFound();
    return strip<Rectification>(it);
  }

  /** Complete an open rectification with what was done; conditional on the version the editor saw. */
  async completeRectification(
    r: Rectification,
    input: { resolution: string; version: number },
    actor: Actor,
  ): Promise<Rectification> {
    if (r.status !== 'open' || r.version !== input.version) throw RatingErrors.rectificationDone();
    const today = chinaDate(this.now());
    const next: Rectification = {
      ...r,
      status: 'done',
      resolution: input.resolution,
      doneOn: today,
      doneBy: actor.name ?? actor.id,
      version: r.version + 1,
    };
    const ratedOn = await this.get(r.caseId);
    await this.run(
      [
        {
          put: {
            pk: this.store.keys.pk('SVCRECT', r.department),
            sk: r.caseId,
            type: 'rectification',
            ...next,
          },
          condition: '#st = :open AND version = :v',
          names: { '#st': 'status' },
          values: { ':open': 'open', ':v': input.version },
        },
        // Counted in the month of the rating, so a month's rate compares like with like.
        ...statsKeys(this.store, ratedOn?.at ? chinaDate(new Date(ratedOn.at)) : r.openedOn).map((key) =>
          counterOp(key, { rectificationsDone: 1 }),
        ),
        auditPut(this.store, actor, 'rectification.complete', `case:${r.caseId}`, {
          detail: { number: r.number, department: r.department },
        }),
      ],
      RatingErrors.rectificationDone,
    );
    return next;
  }

  /** Call-backs, pending first (oldest first), optionally of some departments only. */
  async callbacks(
    opts: { status?: 'pending' | 'done'; departments?: readonly string[] } = {},
  ): Promise<Callback[]> {
    const items = (
      await this.store.queryAll<Record<string, unknown>>({ pk: this.store.keys.pk('SVCCB') })
    ).map((it) => strip<Callback>(it));
    return items
      .filter((cb) => !opts.status || cb.status === opts.status)
      .filter((cb) => !opts.departments || opts.departments.includes(cb.department))
      .sort((a, b) =>
        a.status === b.status ? a.openedAt.localeCompare(b.openedAt) : a.status === 'pending' ? -1 : 1,
      );
  }

  async callback(caseId: string): Promise<Callback> {
    const it = await this.store.get<Record<string, unknown>>(this.store.keys.pk('SVCCB'), caseId, true);
    if (!it) throw RatingErrors.callbackNotFound();
    return strip<Callback>(it);
  }

  /** Record the call-back's outcome (once). A completion call-back is not counted in the rating scheme. */
  async recordCallback(
    cb: Callback,
    input: z.infer<typeof callbackOutcomeSchema>,
    actor: Actor,
  ): Promise<Callback> {
    if (cb.status !== 'pending') throw RatingErrors.callbackDone();
    const next: Callback = {
      ...cb,
      status: 'done',
      reached: input.reached,
      ...(input.reached && input.levelAfter ? { levelAfter: input.levelAfter } : {}),
      note: input.note,
      doneAt: this.now().toISOString(),
      doneBy: actor.name ?? actor.id,
    };
    await this.run(
      [
        {
          put: { pk: this.store.keys.pk('SVCCB'), sk: cb.caseId, type: 'callback', ...next },
          condition: '#st = :p',
          names: { '#st': 'status' },
          values: { ':p': 'pending' },
        },
        // Only a 差评's call-back counts in the rating scheme's call-back rate.
        ...(cb.kind === 'completion' ? [] : ['ALL', `M#${cb.month}`]).map((sk) =>
          counterOp({ pk: this.store.keys.pk('SVCSTATS'), sk }, { callbacksDone: 1 }),
        ),
        auditPut(this.store, actor, 'callback.record', `case:${cb.caseId}`, {
          detail: { number: cb.number, reached: input.reached },
        }),
      ],
      RatingErrors.callbackDone,
    );
    return next;
  }

  /** The counters of a month (`yyyy-mm`) or of all time. */
  async stats(period: string = 'ALL'): Promise<RatingStats> {
    const sk = period === 'ALL' ? 'ALL' : `M#${period}`;
    const it = (await this.store.get<Record<string, unknown>>(this.store.keys.pk('SVCSTATS'), sk)) ?? {};
    const n = (k: string) => Number(it[k] ?? 0);
    const byLevel = Object.fromEntries(RATING_LEVELS.map((l) => [l, n(`level_${l}`)])) as Record<
      RatingLevel,
      number
    >;
    const rated = n('rated');
    const happy = byLevel['very-satisfied'] + byLevel.satisfied + byLevel['basically-satisfied'];
    const due = n('callbacksDue');
    return {
      period,
      rated,
      byLevel,
      rectificationsOpened: n('rectificationsOpened'),
      rectificationsDone: n('rectificationsDone'),
      callbacksDue: due,
      callbacksDone: n('callbacksDone'),
      satisfactionRate: rated ? happy / rated : null,
      callbackRate: due ? n('callbacksDone') / due : null,
    };
  }
}

/** Departments a rectification list may name. */
export const RECTIFICATION_DEPARTMENTS = Object.keys(DEPARTMENTS) as Department[];

/**
 * The call-back (回访) of a completed case the hotline or SMS opened, as a step of the transition
 * that completes it: the operator calls the applicant to ask how it went. Written only when no
 * call-back of the case exists (a 差评's own call-back replaces it later).
 */
export const completionCallbackOp = (
  store: TenantStore,
  c: {
    id: string;
    number: string;
    serviceCode: string;
    serviceName: { zh: string; en: string };
    department: Department;
    communityCode: string;
    updatedAt: string;
  },
): TransactOp => {
  const cb: Callback = {
    caseId: c.id,
    number: c.number,
    serviceCode: c.serviceCode,
    serviceName: c.serviceName,
    department: c.department,
    communityCode: c.communityCode,
    kind: 'completion',
    month: month(chinaDate(new Date(c.updatedAt))),
    openedAt: c.updatedAt,
    status: 'pending',
  };
  return {
    put: { pk: store.keys.pk('SVCCB'), sk: c.id, type: 'callback', ...cb },
    condition: 'attribute_not_exists(pk)',
  };
};
