/**
 * Resident identity on the control plane: a resident who signed up in the residents' pool (mobile
 * number verified by SMS) registers with one district, which creates their Linli membership.
 * One district per resident account: the membership decides the tenant of every later request.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Errors, LinliError } from '@linli/core';
import { maskMobile } from '@linli/population';
import { TIERS } from '@linli/tables';
import { appendTenantAudit, type Membership, TENANT_STATUSES, type Tenant } from '@linli/tenancy';
import type { ApiDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { bearer } from '../middleware.ts';
import { json, problems, security } from '../openapi.ts';
import { publicDistrict } from '../public-district.ts';

/** Stable codes of this flow (clients match on them). */
export const ResidentErrors = {
  otherDistrict: () =>
    new LinliError('RESIDENT_OTHER_DISTRICT', 409, {
      zh: '此手机号账号已在其他区县注册。一个居民账号只能属于一个区县，请使用原区县的门户，或用另一个手机号注册',
      en: "This mobile account is already registered with another district. A resident account belongs to one district only: use that district's portal, or sign up with another mobile number",
    }),
  residentsOnly: () =>
    new LinliError('RESIDENT_ACCOUNT_REQUIRED', 403, {
      zh: '只有居民账号可以在区县门户注册',
      en: 'Only resident accounts can register with a district portal',
    }),
  phoneNotVerified: () =>
    new LinliError('PHONE_NOT_VERIFIED', 403, {
      zh: '手机号尚未通过短信验证',
      en: 'The mobile number has not been verified by SMS',
    }),
  unavailable: () =>
    new LinliError('RESIDENT_SIGNUP_UNAVAILABLE', 503, {
      zh: '居民注册服务暂不可用',
      en: 'Resident registration is not available',
    }),
} as const;

/** `+8613812345678` → `138****5678`: the only form of the number the API returns. */
export const maskedMobile = (e164: string | undefined): string | undefined =>
  e164 ? maskMobile(e164.replace(/^\+86/, '')) : undefined;

/** The district as its residents see it (no internal fields). */
export const ResidentDistrict = z
  .object({
    slug: z.string(),
    name: z.string(),
    divisionCode: z.string(),
    province: z.string(),
    city: z.string(),
    tier: z.enum(TIERS),
    status: z.enum(TENANT_STATUSES),
    hotline: z.string(),
  })
  .openapi('ResidentDistrict');

export const residentDistrict = (t: Tenant): z.infer<typeof ResidentDistrict> => ({
  ...publicDistrict(t),
  status: t.status,
  hotline: t.hotline ?? '12345',
});

const Body = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(40)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters
      .regex(/^[^\u0000-\u001f\u007f<>]+$/)
      .optional(),
  })
  .strict();

const Registered = z
  .object({
    registered: z.boolean(),
    created: z.boolean(),
    resident: z.object({
      name: z.string(),
      /** Masked, e.g. `138****5678`. */
      mobile: z.string().optional(),
    }),
    district: ResidentDistrict,
  })
  .openapi('ResidentRegistration');

export const registerResidentIdentityRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/public/districts/{slug}/residents',
      summary: 'Register the signed-in resident (residents pool) with this district (idempotent)',
      security,
      request: {
        params: z.object({ slug: z.string().regex(/^[a-z0-9-]{3,64}$/) }),
        body: { content: { 'application/json': { schema: Body } }, required: false },
      },
      responses: {
        200: json(Registered, 'already registered here'),
        201: json(Registered, 'registered'),
        ...problems([400, 401, 403, 404, 409, 503], {
          403: 'not a resident account, phone not verified, or district suspended',
          404: 'unknown district or no portal',
          409: 'RESIDENT_OTHER_DISTRICT: registered with another district',
          503: 'resident registration is not available',
        }),
      },
    }),
    async (c) => {
      const header = c.req.header('authorization');
      const token = bearer(header);
      if (!token) throw header ? Errors.tokenInvalid() : Errors.unauthenticated();
      // Not `authenticate`: a resident has no membership until this call creates it.
      const verified = await deps.verifier.verify(token);
      if (verified.pool !== 'residents') throw ResidentErrors.residentsOnly();
      if (!deps.getCognitoUser) throw ResidentErrors.unavailable();

      const tenant = await deps.registry.getBySlug(c.req.valid('param').slug);
      if (!tenant || (tenant.status !== 'active' && tenant.status !== 'suspended'))
        throw Errors.tenantNotFound();

      const existing = await deps.registry.getMembership(verified.sub);
      const answer = (m: Membership, mobile: string | undefined, created: boolean) =>
        c.json(
          {
            registered: true,
            created,
            resident: { name: m.name, ...(mobile ? { mobile } : {}) },
            district: residentDistrict(tenant),
          },
          created ? 201 : 200,
        );
      const sameDistrict = (m: Membership | undefined) =>
        !!m && m.pool === 'residents' && m.kind === 'resident' && m.tenantId === tenant.id;
      if (existing && !sameDistrict(existing)) throw ResidentErrors.otherDistrict();

      // The number is Cognito's verified attribute, never a request field.
      const user = await deps.getCognitoUser(token);
      if (user.sub && user.sub !== verified.sub) throw Errors.tokenInvalid();
      if (!user.phone || !user.phoneVerified) throw ResidentErrors.phoneNotVerified();
      const mobile = maskedMobile(user.phone);
      if (existing) return answer(existing, mobile, false);

      if (tenant.status === 'suspended') throw Errors.tenantSuspended();
      await deps.flags?.service.ensureFresh();
      if (!deps.modulesFor(tenant).includes('channel-portal'))
        throw Errors.moduleNotEnabled({ zh: 'channel-portal', en: 'channel-portal' });

      const body = c.req.valid('json') ?? {};
      const membership: Membership = {
        sub: verified.sub,
        pool: 'residents',
        kind: 'resident',
        // Cognito (phone as username attribute) names the user by its sub; cognito-local by the
        // number itself, which must not land in the registry (minimum collection).
        username: verified.sub,
        name: body.name ?? user.name ?? mobile ?? verified.username,
        tenantId: tenant.id,
        roles: ['resident'],
        scope: {},
        createdAt: new Date(deps.now?.() ?? Date.now()).toISOString(),
      };
      // Conditional: two concurrent registrations cannot put one account into two districts.
      if (!(await deps.registry.putMembership(membership, { ifAbsent: true }))) {
        const winner = await deps.registry.getMembership(verified.sub);
        if (!sameDistrict(winner)) throw ResidentErrors.otherDistrict();
        deps.resolver.invalidate(verified.sub);
        return answer(winner!, mobile, false);
      }
      deps.resolver.invalidate(verified.sub);
      const ch = c.req.header('x-linli-channel');
      await appendTenantAudit(deps.stores.for(tenant), {
        actor: verified.sub,
        role: 'resident',
        action: 'resident:register',
        target: `MEMBER#${verified.sub}`,
        channel: ch === 'kiosk' ? 'kiosk' : 'web',
      });
      return answer(membership, mobile, true);
    },
  );
};
