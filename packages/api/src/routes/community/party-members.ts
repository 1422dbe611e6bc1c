/**
 * 社区党建: a branch's members. Party membership is sensitive personal information (PIPL art. 28):
 * names are masked as the caller's role sees residents' names (`maskRecord` of @linli/population),
 * every view of a member list is written to the audit log, and a name is shown in clear only through
 * the reveal route with a reason (audited, as a resident's reveal). A member is linked to a resident
 * record only with their consent recorded; nothing of it reaches the portal or the ministry.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  changeMember,
  getMember,
  listMembers,
  type PartyBranch,
  PartyErrors,
  type PartyMember,
  recordMember,
} from '@linli/community';
import { maskRecord, revealRecord } from '@linli/population';
import type { Role } from '@linli/tables';
import { appendTenantAudit } from '@linli/tenancy';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { json, problems, security } from '../../openapi.ts';
import { actorOf, type C, populationContext, roleOf } from '../population/shared.ts';
import {
  BranchParam,
  branchFor,
  MemberChangeInput,
  MemberInput,
  MemberParam,
  MemberSchema,
  PARTY,
  RevealInput,
} from './party-schemas.ts';
import { plain } from './shared.ts';

// 503: no key service for the data key the names are encrypted with.
const errors = problems([400, 401, 403, 404, 409, 429, 503]);

/** A member as `role` sees it: the name masked (or left out), nothing else personal. */
const present = (m: PartyMember, role: Role, name?: string) => {
  const { name: clear, ...rest } = m;
  const shown = name ?? (maskRecord({ name: clear }, role).name as string | undefined);
  return { ...plain(rest), ...(shown ? { name: shown } : {}), linked: !!m.residentId };
};

export const registerPartyMemberRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const now = () => new Date(deps.now?.() ?? Date.now());
  const mod = requireModule(deps, 'party-building');
  const pop = populationContext(deps);
  const audit = (c: C, action: string, b: PartyBranch, extra: { reason?: string; detail?: object } = {}) => {
    const ctx = c.get('ctx');
    return appendTenantAudit(c.get('store'), {
      actor: ctx.sub,
      actorName: ctx.username,
      role: roleOf(c),
      action,
      target: `party-branch:${b.id}`,
      channel: c.get('channel'),
      ...(extra.reason ? { reason: extra.reason } : {}),
      ...(extra.detail ? { detail: extra.detail as Record<string, unknown> } : {}),
    });
  };
  /** One member of a branch the caller may work with (the branch's 404 outside their scope). */
  const memberFor = async (c: C, id: string, member: string) => {
    const b = await branchFor(c, id);
    const people = await pop.popOf(c);
    return { b, people, m: await getMember(c.get('store'), people.cipher, b.id, member) };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/party/branches/{id}/members',
      summary: 'The branch’s members, names masked by role; the view is written to the audit log',
      security,
      middleware: [permit(PARTY), mod] as const,
      request: { params: BranchParam },
      responses: { 200: json(z.object({ items: z.array(MemberSchema) })), ...errors },
    }),
    async (c) => {
      const b = await branchFor(c as C, c.req.valid('param').id);
      const people = await pop.popOf(c as C);
      const items = await listMembers(c.get('store'), people.cipher, b.id);
      await audit(c as C, 'party.members.view', b, { detail: { count: items.length } });
      const role = roleOf(c as C);
      return c.json({ items: items.map((m) => present(m, role)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/party/branches/{id}/members',
      summary:
        'Record a member: linked to an active resident of the community with their consent (written/oral), or by name alone',
      security,
      middleware: [permit(PARTY), mod] as const,
      request: {
        params: BranchParam,
        body: { content: { 'application/json': { schema: MemberInput } }, required: true },
      },
      responses: { 201: json(MemberSchema), ...errors },
    }),
    async (c) => {
      const b = await branchFor(c as C, c.req.valid('param').id);
      const body = c.req.valid('json');
      const people = await pop.popOf(c as C);
      let residentName: string | undefined;
      if (body.residentId && body.consent) {
        // Only a record the caller could look up: an active resident of the branch's community.
        const it = await people.getItem(body.residentId, true);
        if (it?.status !== 'active' || it.communityCode !== b.communityCode)
          throw PartyErrors.residentElsewhere();
        residentName = String(people.view(it).name ?? '');
      }
      const m = await recordMember(
        c.get('store'),
        people.cipher,
        b,
        body,
        actorOf(c as C),
        now(),
        residentName,
      );
      return c.json(present(m, roleOf(c as C)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/t/community/party/branches/{id}/members/{member}',
      summary:
        'Change a member (conditional on `version`): 转正 (standing), 转出 (transfer out: the link is released), or remove the resident link when consent is withdrawn',
      security,
      middleware: [permit(PARTY), mod] as const,
      request: {
        params: MemberParam,
        body: { content: { 'application/json': { schema: MemberChangeInput } }, required: true },
      },
      responses: { 200: json(MemberSchema), ...errors },
    }),
    async (c) => {
      const { id, member } = c.req.valid('param');
      const { people, m } = await memberFor(c as C, id, member);
      const next = await changeMember(c.get('store'), people.cipher, m, c.req.valid('json'), actorOf(c as C));
      return c.json(present(next, roleOf(c as C)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/party/branches/{id}/members/{member}/reveal',
      summary: 'A member’s name in clear, with a reason; written to the audit log',
      security,
      middleware: [permit(PARTY), mod] as const,
      request: {
        params: MemberParam,
        body: { content: { 'application/json': { schema: RevealInput } }, required: true },
      },
      responses: { 200: json(MemberSchema), ...errors },
    }),
    async (c) => {
      const { id, member } = c.req.valid('param');
      const { b, m } = await memberFor(c as C, id, member);
      const role = roleOf(c as C);
      const res = revealRecord({ name: m.name }, role, {
        fields: ['name'],
        reason: c.req.valid('json').reason,
      });
      await audit(c as C, 'party.members.reveal', b, {
        reason: res.reason,
        detail: { member: m.id, fields: res.revealed },
      });
      return c.json(present(m, role, res.record.name), 200);
    },
  );
};
