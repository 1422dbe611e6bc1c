/**
 * Public notices (公示): staff publish community or district notices with a publish and an expiry
 * date, and a decision that must be published (e.g. 低保 approvals, services with
 * `publishDecision`) goes out as a notice whose names and ID numbers are masked by rule
 * (张*兰, 1101**********1234). Only the masked values are ever written here: the partition
 * `NOTICES` is public (the anonymous portal reads it through the control API, which IAM allows to
 * read this partition and the catalogue only), so nothing in it may identify anyone — and a decision
 * notice names one case's applicant, never a list drawn from the database.
 *
 * Keys: `NOTICES`, sk `N#<id>` (ids are ULIDs, so newest-created sorts last; a decision notice's
 * id is its case's id, which makes it one per case).
 */
import { errorOf, LinliError, newId } from '@linli/core';
import { type Actor, auditPut, transactRetry } from '@linli/population';
import type { TenantStore, TransactOp } from '@linli/tenancy';
import type { ServiceDefinition } from '../catalogue.ts';
import type { NoticeInput } from './notice-inputs.ts';

/** 张桂兰 → 张*兰, 张三 → 张*, 欧阳娜娜 → 欧**娜: the first and last character, the rest starred. */
export const maskNoticeName = (name: string): string => {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
};

/** 110101194003020071 → 1101**********0071: the first four and last four, the rest starred. */
export const maskNoticeId = (id: string): string => {
  const s = id.trim();
  if (s.length < 12) return '*'.repeat(s.length);
  return `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}`;
};

/** Where a notice shows: district-wide or in one community (`noticeScopeSchema`, notice-inputs.ts). */
export type NoticeScope =
  | { readonly kind: 'district' }
  | { readonly kind: 'community'; readonly communityCode: string };

/** One line of a decision notice: masked, never more than the rule allows. */
export interface NoticeEntry {
  readonly name: string;
  readonly idNumber: string;
  readonly detail?: string;
}

export interface Notice {
  readonly id: string;
  readonly kind: 'general' | 'decision';
  readonly title: string;
  readonly body: string;
  readonly scope: NoticeScope;
  readonly publishAt: string;
  readonly expiresAt?: string;
  readonly status: 'published' | 'withdrawn';
  readonly entries?: readonly NoticeEntry[];
  /** For a decision notice: the service it publishes. */
  readonly serviceCode?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly withdrawnAt?: string;
  readonly version: number;
}

export const NoticeErrors = {
  notFound: errorOf('NOTICE_NOT_FOUND', 404, '未找到该公告', 'Notice not found'),
  changed: errorOf(
    'NOTICE_CHANGED',
    409,
    '该公告已撤回或已被他人修改，请刷新',
    'The notice was withdrawn or changed; reload',
  ),
  notPublic: errorOf(
    'NOTICE_NOT_PUBLIC',
    409,
    '该服务事项的决定不需公示，或办件尚未批准',
    'This service’s decisions are not published, or the case is not approved',
  ),
  exists: errorOf('NOTICE_EXISTS', 409, '该办件的公示已发布', 'This case’s notice is already published'),
};

/** How many of the newest notices a list reads: a district's current ones are among them. */
export const NOTICE_WINDOW = 200;
/** 公示期 of a decision notice, in days (e.g. 低保: seven days). */
export const DECISION_NOTICE_DAYS = 7;

const key = (store: TenantStore, id: string) => ({ pk: store.keys.pk('NOTICES'), sk: `N#${id}` });
const strip = (it: Record<string, unknown>): Notice => {
  const { pk: _p, sk: _s, type: _t, communityCode: _c, ...rest } = it;
  return rest as unknown as Notice;
};

/** Whether a notice is shown at `now` (published, started, not expired). */
export const isCurrent = (n: Notice, now: Date): boolean =>
  n.status === 'published' &&
  Date.parse(n.publishAt) <= now.getTime() &&
  (!n.expiresAt || Date.parse(n.expiresAt) > now.getTime());

/** The newest notices (up to {@link NOTICE_WINDOW}), newest first. */
export const listNotices = async (store: TenantStore): Promise<Notice[]> => {
  const page = await store.query<Record<string, unknown>>({
    pk: store.keys.pk('NOTICES'),
    skPrefix: 'N#',
    forward: false,
    limit: NOTICE_WINDOW,
  });
  return page.items.map(strip);
};

/**
 * What the portal shows: the current district notices and, with `communityCode`, that community's,
 * the latest publication first.
 */
export const currentNotices = async (
  store: TenantStore,
  opts: { communityCode?: string | undefined; now?: Date; limit?: number } = {},
): Promise<Notice[]> => {
  const now = opts.now ?? new Date();
  return (await listNotices(store))
    .filter((n) => isCurrent(n, now))
    .filter((n) => n.scope.kind === 'district' || n.scope.communityCode === opts.communityCode)
    .sort((a, b) => b.publishAt.localeCompare(a.publishAt))
    .slice(0, opts.limit ?? 20);
};

export const getNotice = async (store: TenantStore, id: string): Promise<Notice> => {
  const it = await store.get<Record<string, unknown>>(key(store, id).pk, key(store, id).sk, true);
  if (!it) throw NoticeErrors.notFound();
  return strip(it);
};

const putOps = (store: TenantStore, n: Notice, actor: Actor, action: string): TransactOp[] => [
  {
    put: {
      ...key(store, n.id),
      type: 'notice',
      ...n,
      ...(n.scope.kind === 'community' ? { communityCode: n.scope.communityCode } : {}),
    },
    condition: 'attribute_not_exists(pk)',
  },
  auditPut(store, actor, action, `notice:${n.id}`, {
    detail: { kind: n.kind, scope: n.scope.kind === 'district' ? 'district' : n.scope.communityCode },
  }),
];

const commit = async (store: TenantStore, ops: TransactOp[], onConflict: () => LinliError) => {
  try {
    await transactRetry(store, ops);
  } catch (e) {
    if (e instanceof LinliError && e.code === 'CONFLICT') throw onConflict();
    throw e;
  }
};

/**
 * A staff notice and the transaction steps that publish it (the notice, once, and its audit entry):
 * for a change that must publish its notice together or not at all (e.g. a meeting's minutes, whose
 * status moves in the same transaction, so publishing twice cannot leave two notices).
 */
export const generalNoticeOps = (
  store: TenantStore,
  input: NoticeInput,
  actor: Actor,
  now: Date = new Date(),
): { notice: Notice; ops: TransactOp[] } => {
  const at = now.toISOString();
  const n: Notice = {
    id: newId(),
    kind: 'general',
    title: input.title,
    body: input.body,
    scope: input.scope,
    publishAt: input.publishAt ? new Date(input.publishAt).toISOString() : at,
    ...(input.expiresAt ? { expiresAt: new Date(input.expiresAt).toISOString() } : {}),
    status: 'published',
    createdAt: at,
    createdBy: actor.id,
    version: 1,
  };
  return { notice: n, ops: putOps(store, n, actor, 'notice.publish') };
};

/** Publish a staff notice (scope already authorized by the caller). */
export const publishNotice = async (
  store: TenantStore,
  input: NoticeInput,
  actor: Actor,
  now: Date = new Date(),
): Promise<Notice> => {
  const { notice, ops } = generalNoticeOps(store, input, actor, now);
  await commit(store, ops, NoticeErrors.changed);
  return notice;
};

/** Withdraw a published notice (conditional: still published, same version). */
export const withdrawNotice = async (
  store: TenantStore,
  n: Notice,
  actor: Actor,
  opts: { version: number; reason?: string; now?: Date },
): Promise<Notice> => {
  if (n.status !== 'published' || n.version !== opts.version) throw NoticeErrors.changed();
  const at = (opts.now ?? new Date()).toISOString();
  await commit(
    store,
    [
      {
        update: key(store, n.id),
        expression: 'SET #st = :w, withdrawnAt = :at, version = :nv',
        condition: '#st = :p AND version = :v',
        names: { '#st': 'status' },
        values: {
          ':w': 'withdrawn',
          ':p': 'published',
          ':at': at,
          ':v': opts.version,
          ':nv': opts.version + 1,
        },
      },
      auditPut(store, actor, 'notice.withdraw', `notice:${n.id}`, opts.reason ? { reason: opts.reason } : {}),
    ],
    NoticeErrors.changed,
  );
  return { ...n, status: 'withdrawn', withdrawnAt: at, version: opts.version + 1 };
};

/** What a decision notice is made of: the approved case, its definition, the applicant's answers. */
export interface DecisionSource {
  readonly caseId: string;
  readonly number: string;
  readonly communityCode: string;
  readonly status: string;
  readonly closedOn?: string;
  readonly form: Readonly<Record<string, unknown>>;
}

/**
 * The decision notice of an approved case of a service marked for publicity, masked by rule, for
 * the case's community for {@link DECISION_NOTICE_DAYS} days. Pure: see {@link decisionNoticeOps}.
 */
export const decisionNotice = (
  def: ServiceDefinition,
  c: DecisionSource,
  actor: Actor,
  now: Date,
): Notice => {
  if (!def.publishDecision || c.status !== 'approved') throw NoticeErrors.notPublic();
  const name = typeof c.form['applicant-name'] === 'string' ? c.form['applicant-name'] : '';
  const id = typeof c.form['id-number'] === 'string' ? c.form['id-number'] : '';
  const at = now.toISOString();
  const until = new Date(now.getTime() + DECISION_NOTICE_DAYS * 86_400_000).toISOString();
  const day = (iso: string) => `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
  return {
    id: c.caseId,
    kind: 'decision',
    title: `${def.name.zh}审批结果公示`,
    body: `经审核，下列申请人的${def.name.zh}已获批准，现予公示。公示期自${day(at)}至${day(until)}，如有异议，请向社区居委会或主管部门反映。`,
    scope: { kind: 'community', communityCode: c.communityCode },
    publishAt: at,
    expiresAt: until,
    status: 'published',
    entries: [{ name: maskNoticeName(name), idNumber: maskNoticeId(id) }],
    serviceCode: def.code,
    createdAt: at,
    createdBy: actor.id,
    version: 1,
  };
};

/**
 * The transaction steps that publish a case's decision notice (the notice, once per case, and its
 * audit entry): for the approval's own transaction, so an approval of a 低保 case and its 公示 are
 * written together or not at all.
 */
export const decisionNoticeOps = (
  store: TenantStore,
  def: ServiceDefinition,
  c: DecisionSource,
  actor: Actor,
  now: Date = new Date(),
): TransactOp[] => putOps(store, decisionNotice(def, c, actor, now), actor, 'notice.decision');

/** What a decision notice reads of a case (its form as the store decrypted it). */
export const decisionSourceOfCase = (c: {
  readonly id: string;
  readonly number: string;
  readonly communityCode: string;
  readonly status: string;
  readonly closedOn?: string | undefined;
  readonly form: Readonly<Record<string, unknown>>;
}): DecisionSource => ({
  caseId: c.id,
  number: c.number,
  communityCode: c.communityCode,
  status: c.status,
  ...(c.closedOn ? { closedOn: c.closedOn } : {}),
  form: c.form,
});

/** Publish a case's decision notice on its own (a staff action after the approval). */
export const publishDecisionNotice = async (
  store: TenantStore,
  def: ServiceDefinition,
  c: DecisionSource,
  actor: Actor,
  now: Date = new Date(),
): Promise<Notice> => {
  const n = decisionNotice(def, c, actor, now);
  await commit(store, putOps(store, n, actor, 'notice.decision'), NoticeErrors.exists);
  return n;
};
