/**
 * Kiosk sign-in (自助终端): the resident types their ID number on the terminal's keypad; if the
 * district's database knows it with a mobile number, a six-digit code goes to that mobile (the
 * answer is the same whether or not it does: the terminal never tells who is on record). The code,
 * hashed, waits five minutes under `KIOSK#<challenge>` (five tries); the right code answers a
 * session token sealed with the deployment's cursor key, bound to the district and the record,
 * valid 15 minutes (the terminal signs out after 60 s idle on its own). No Cognito account needed:
 * kiosks serve the residents who have none.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { RequestContext } from '@linli/auth';
import { TtlCache } from '@linli/auth';
import { Errors, LinliError, newId } from '@linli/core';
import { maskName, type ResidentView } from '@linli/population';
import type { Tenant } from '@linli/tenancy';
import type { Context } from 'hono';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { type RateRule, sourceAddress } from '../../rate-limit.ts';
import type { CasesContext } from '../services/cases-shared.ts';

export type C = Context<AppEnv>;

export const KIOSK_RULES = {
  codePerAddress: { name: 'kiosk-code-ip', limit: 30, windowSeconds: 600 },
  codePerId: { name: 'kiosk-code-id', limit: 3, windowSeconds: 600 },
  statusPerAddress: { name: 'kiosk-status-ip', limit: 60, windowSeconds: 600 },
} as const satisfies Record<string, RateRule>;

const CODE_TTL_MS = 5 * 60_000;
const SESSION_TTL_MS = 15 * 60_000;
const MAX_TRIES = 5;
const SLUG = /^[a-z0-9-]{3,64}$/;

const sha = (s: string) => createHash('sha256').update(s).digest();

export const sessionInvalid = () =>
  new LinliError('KIOSK_SESSION_INVALID', 401, {
    zh: '登录已失效，请重新登录',
    en: 'The session has ended, please sign in again',
  });

/** The district of the path's slug with one of `modules` on; binds `ctx` (no roles) and its store. */
export const kioskDistrict = (deps: ApiDeps) => {
  const tenants = new TtlCache<Tenant | undefined>(30_000);
  return async (c: C, modules: readonly string[]): Promise<Tenant> => {
    const slug = c.req.param('slug') ?? '';
    const t = SLUG.test(slug) ? await tenants.get(slug, () => deps.registry.getBySlug(slug)) : undefined;
    if (!t || (t.status !== 'active' && t.status !== 'suspended')) throw Errors.tenantNotFound();
    await deps.flags?.service.ensureFresh();
    const on = deps.modulesFor(t);
    const m = modules.find((x) => on.includes(x));
    if (!m) throw Errors.moduleNotEnabled({ zh: modules[0]!, en: modules[0]! });
    if (t.status === 'suspended' && c.req.method !== 'GET') throw Errors.tenantSuspended();
    const ctx: RequestContext = {
      sub: 'kiosk',
      username: 'kiosk',
      name: 'Kiosk',
      pool: 'residents',
      kind: 'resident',
      roles: [],
      scope: {},
      tenant: t,
    };
    c.set('ctx', ctx);
    c.set('channel', 'kiosk');
    // A fixed binding: session tokens are sealed and opened by the same (tenant, 'kiosk') key.
    c.set('store', deps.stores.for(t).boundTo('kiosk'));
    return t;
  };
};

const hit = async (deps: ApiDeps, rule: RateRule, key: string) => {
  await deps.limiter?.hit(rule, key);
};

/** Sends the code to the record's mobile (if any) and answers the challenge either way. */
export const sendCode = async (deps: ApiDeps, ctx: CasesContext, c: C, tenant: Tenant, idNumber: string) => {
  await hit(deps, KIOSK_RULES.codePerAddress, `${tenant.id}:${sourceAddress(c)}`);
  const pop = await ctx.popOf(c);
  await hit(deps, KIOSK_RULES.codePerId, `${tenant.id}:${pop.cipher.hash('idNumber', idNumber)}`);
  const r = await pop.findByIdNumber(idNumber);
  const usable = r && r.status === 'active' && typeof r.mobile === 'string' && /^1\d{10}$/.test(r.mobile);
  const challenge = newId();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = deps.now?.() ?? Date.now();
  const store = c.get('store');
  await store.put(
    {
      pk: store.keys.pk('KIOSK', challenge),
      sk: 'CODE',
      type: 'kiosk-code',
      hash: sha(`${challenge}:${code}`).toString('base64url'),
      ...(usable ? { rid: r.id } : {}),
      expiresAt: now + CODE_TTL_MS,
      tries: 0,
      ttl: Math.floor((now + CODE_TTL_MS) / 1000) + 3600,
    },
    'create',
  );
  if (usable && deps.notifier)
    await deps.notifier.send({
      channel: 'sms',
      to: `+86${r.mobile}`,
      text: `【${tenant.name}】您在自助终端登录的验证码是 ${code}，5 分钟内有效。如非本人操作请忽略。`,
      code,
    });
  return { challenge, expiresAt: new Date(now + CODE_TTL_MS).toISOString() };
};

/** Checks the code (five tries); answers the session token and the masked name. */
export const verifyCode = async (deps: ApiDeps, ctx: CasesContext, c: C, challenge: string, code: string) => {
  const store = c.get('store');
  const pk = store.keys.pk('KIOSK', challenge);
  const it = await store.get<Record<string, unknown>>(pk, 'CODE', true);
  const now = deps.now?.() ?? Date.now();
  const wrong = new LinliError('KIOSK_CODE_INVALID', 400, {
    zh: '验证码不正确或已过期',
    en: 'The code is wrong or has expired',
  });
  if (!it || Number(it.expiresAt) < now || Number(it.tries) >= MAX_TRIES) throw wrong;
  await store.update(pk, 'CODE', {
    UpdateExpression: 'ADD tries :one',
    ConditionExpression: 'tries < :max',
    ExpressionAttributeValues: { ':one': 1, ':max': MAX_TRIES },
  });
  const ok = timingSafeEqual(Buffer.from(String(it.hash), 'base64url'), sha(`${challenge}:${code}`));
  if (!ok || typeof it.rid !== 'string') throw wrong;
  await store.delete(pk, 'CODE');
  const pop = await ctx.popOf(c);
  const r = await pop.get(it.rid);
  if (!r || r.status !== 'active') throw wrong;
  const exp = now + SESSION_TTL_MS;
  return {
    token: store.sealCursor('kiosk-session', { rid: r.id, exp }),
    expiresAt: new Date(exp).toISOString(),
    name: maskName(r.name),
  };
};

/** The signed-in resident's record, from the `X-Kiosk-Session` header, or 401. */
export const sessionResident = async (deps: ApiDeps, ctx: CasesContext, c: C): Promise<ResidentView> => {
  const token = c.req.header('x-kiosk-session');
  if (!token) throw sessionInvalid();
  let v: { rid?: unknown; exp?: unknown } | null;
  try {
    v = c.get('store').openCursor('kiosk-session', token) as typeof v;
  } catch {
    throw sessionInvalid();
  }
  if (!v || typeof v.rid !== 'string' || typeof v.exp !== 'number' || v.exp < (deps.now?.() ?? Date.now()))
    throw sessionInvalid();
  const r = await (await ctx.popOf(c)).get(v.rid);
  if (!r || r.status !== 'active' || !r.mobile) throw sessionInvalid();
  return r;
};
