/**
 * What the request-lifecycle route files (办件: requests, cases, inbox, materials, messages) share:
 * the tenant's case store (with its cached data-key cipher), the acting staff member or resident,
 * the module check of a service, and the notification of a status change (a portal message in
 * the transition's own transaction, then the SMS through the notifier).
 */
import type { RequestContext } from '@linli/auth';
import { Errors, LinliError } from '@linli/core';
import type { PopulationStore, ResidentView } from '@linli/population';
import {
  type CaseEventKind,
  CaseStore,
  type CaseView,
  caseText,
  completionCallbackOp,
  type ExtraOps,
  markSms,
  messageOp,
  type ServiceDefinition,
  UploadStore,
} from '@linli/services';
import { SmsStore } from '@linli/services/channels';
import { ROLES, type Role } from '@linli/tables';
import type { TransactOp } from '@linli/tenancy';
import type { Context } from 'hono';
import type { ApiDeps, ImportFiles } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { bearer } from '../../middleware.ts';
import { populationContext } from '../population/shared.ts';

export type C = Context<AppEnv>;

/** One per app: the case store of the caller's tenant, the population store for resident lookups. */
export interface CasesContext {
  readonly deps: ApiDeps;
  readonly casesOf: (c: C) => Promise<CaseStore>;
  readonly popOf: (c: C) => Promise<PopulationStore>;
  readonly uploadsOf: (c: C) => UploadStore;
}

export const casesContext = (deps: ApiDeps): CasesContext => {
  const pop = populationContext(deps);
  return {
    deps,
    popOf: pop.popOf,
    casesOf: async (c) => {
      const p = await pop.popOf(c);
      const t = c.get('ctx').tenant!;
      return new CaseStore(c.get('store'), p.cipher, {
        districtCode: t.divisionCode,
        ...(deps.now ? { now: () => new Date(deps.now!()) } : {}),
      });
    },
    uploadsOf: (c) => new UploadStore(c.get('store'), deps.now ? () => new Date(deps.now!()) : undefined),
  };
};

/** The staff member as the workflow sees them (roles and unit), with the audit's role and channel. */
export const staffActor = (c: C) => {
  const ctx = c.get('ctx');
  if (ctx.kind !== 'staff') throw Errors.forbidden({ zh: '仅限工作人员', en: 'staff only' });
  return {
    id: ctx.sub,
    name: ctx.username,
    role: primaryRole(ctx),
    roles: ctx.roles,
    scope: ctx.scope,
    channel: c.get('channel'),
  };
};

const primaryRole = (ctx: RequestContext): Role => {
  for (const r of ROLES) if (ctx.roles.includes(r)) return r;
  throw Errors.forbidden();
};

/** The signed-in resident (residents' pool), or 403. */
export const residentOf = (c: C) => {
  const ctx = c.get('ctx');
  if (ctx.kind !== 'resident' || ctx.pool !== 'residents')
    throw Errors.forbidden({ zh: '仅限居民账号', en: 'resident accounts only' });
  return {
    applicant: { kind: 'resident' as const, id: ctx.sub },
    actor: { id: ctx.sub, name: ctx.username, role: 'resident', channel: c.get('channel') },
  };
};

/**
 * A service of a module the district has not enabled answers `MODULE_NOT_ENABLED` on every route
 * (services of no module — community services — are offered in every tier).
 */
export const assertModule = async (deps: ApiDeps, c: C, def: Pick<ServiceDefinition, 'module'>) => {
  if (!def.module) return;
  await deps.flags?.service.ensureFresh();
  const tenant = c.get('ctx').tenant;
  if (!tenant || !deps.modulesFor(tenant).includes(def.module))
    throw Errors.moduleNotEnabled({ zh: def.module, en: def.module });
};

/** A channel's module (`channel-call-centre`, `channel-sms`) or `MODULE_NOT_ENABLED`. */
export const assertChannelModule = async (deps: ApiDeps, c: C, module: string) => {
  await deps.flags?.service.ensureFresh();
  const tenant = c.get('ctx').tenant;
  if (!tenant || !deps.modulesFor(tenant).includes(module))
    throw Errors.moduleNotEnabled({ zh: module, en: module });
};

/** The files of materials (S3 in AWS, the upload folder locally), or 503. */
export const materialFiles = (deps: ApiDeps): ImportFiles => {
  if (!deps.materialFiles)
    throw new LinliError('MATERIALS_UNAVAILABLE', 503, {
      zh: '材料上传服务未配置',
      en: 'Material uploads are not configured',
    });
  return deps.materialFiles;
};

/**
 * The resident's own record in the district's database, found by the mobile number their account
 * verified by SMS (read with their own token; the number is never a request field). `undefined`
 * when the district does not know them (or knows the number twice: no guessing).
 */
export const ownRecord = async (
  ctx: CasesContext,
  c: C,
  mobile?: string,
): Promise<ResidentView | undefined> => {
  const m = mobile ?? (await ownMobile(ctx.deps, c));
  if (!m) return undefined;
  const pop = await ctx.popOf(c);
  const found = (await pop.searchTerm({ mobile: m }, undefined, 3)).items.filter(
    (r) => r.status === 'active',
  );
  return found.length === 1 ? found[0] : undefined;
};

/** The verified mobile of the signed-in resident (11 digits), for texts about their cases. */
export const ownMobile = async (deps: ApiDeps, c: C): Promise<string | undefined> => {
  const token = bearer(c.req.header('authorization'));
  if (!token || !deps.getCognitoUser) return undefined;
  const user = await deps.getCognitoUser(token);
  return user.phoneVerified ? user.phone?.replace(/^\+86/, '') : undefined;
};

/** Channels whose completed cases get a completion call-back (回访) from the hotline. */
const CALLED_BACK = new Set<string>(['call-centre', 'sms']);

/**
 * A status change told to the applicant: the portal message goes into the transition's own
 * transaction (`ops`); `send` then texts them through the notifier and records whether it went.
 * A resident's messages are listed under their account; a caller without one gets the SMS only.
 */
export const notification = (deps: ApiDeps, c: C, cases: CaseStore, def: ServiceDefinition) => {
  let pending: { key: { pk: string; sk: string }; text: string; caseId: string } | undefined;
  const hotline = c.get('ctx').tenant?.hotline ?? '12345';
  const ops =
    (
      action: CaseEventKind,
      extra: { reason?: string; to?: string } = {},
      more: TransactOp[] = [],
    ): ExtraOps =>
    (next: CaseView) => {
      const text = caseText(
        def,
        {
          action,
          number: next.number,
          status: next.status,
          stepIndex: next.stepIndex,
          due: next.due,
          ...extra,
        },
        hotline,
      );
      const out = [...more];
      // The hotline calls back whoever it (or SMS) opened a case for, once the case is decided.
      if ((next.status === 'approved' || next.status === 'rejected') && CALLED_BACK.has(next.channel))
        out.push(completionCallbackOp(cases.store, { ...next, department: def.department }));
      if (next.applicantRef.startsWith('R.')) {
        const m = messageOp(cases.store, next.applicantRef, {
          at: next.updatedAt,
          caseId: next.id,
          number: next.number,
          action,
          text,
          sms: deps.notifier ? 'pending' : 'none',
        });
        out.push(m.op);
        pending = { key: m.key, text: text.zh, caseId: next.id };
      } else pending = { key: { pk: '', sk: '' }, text: text.zh, caseId: next.id };
      return out;
    };
  /** After the commit: text the applicant (never fails the request that made the change). */
  const send = async () => {
    if (!pending || !deps.notifier) return;
    const { key, text, caseId } = pending;
    let state: 'sent' | 'failed' | 'none' = 'none';
    let to: string | undefined;
    try {
      to = await cases.contactOf(caseId);
      if (to) {
        const district = c.get('ctx').tenant?.name ?? '邻里';
        await deps.notifier.send({ channel: 'sms', to: `+86${to}`, text: `【${district}】${text}` });
        state = 'sent';
      }
    } catch {
      state = 'failed';
    }
    if (key.pk) await markSms(cases.store, key, state).catch(() => undefined);
    // Every text is in the district's SMS log with its delivery state, case notices included.
    if (to && state !== 'none')
      await new SmsStore(cases.store, cases.cipher, cases.opts.now)
        .log(to, { direction: 'out', kind: 'notice', text, state })
        .catch(() => undefined);
  };
  return { ops, send };
};
