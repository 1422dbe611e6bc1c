/**
 * Report cycles and community reports: a street (or the district, or a department) opens a cycle
 * of a template for a period; each community prefills its report from the database as of the
 * cut-off, adjusts with reasons, submits; the street returns or accepts and sees the roll-up.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorize, listConstraint, type RequestContext } from '@linli/auth';
import {
  CommunityErrors,
  type Cycle,
  dateOnly,
  editReport,
  fillCounts,
  getCycle,
  getReport,
  listCycles,
  listReports,
  openCycle,
  plainTextOf,
  prefillReport,
  type Report,
  rollUp,
  transitionReport,
} from '@linli/community';
import { Errors } from '@linli/core';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import { actorOf, type C, populationContext, targetOf } from '../population/shared.ts';
import {
  CommunityParam,
  CycleSchema,
  communitiesInScope,
  errors,
  FillCounts,
  IdParam,
  mayOn,
  plain,
  ReportSchema,
  ReportStatus,
} from './shared.ts';

const CycleInput = z
  .object({
    templateCode: z.string().regex(/^[a-z][a-z0-9-]{2,39}$/),
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, 'YYYY-MM or YYYY-Qn'),
    cutoff: dateOnly.optional(),
    due: dateOnly,
    /** A street's cycle (default: the caller's street; the district's whole when absent for the district). */
    streetCode: z
      .string()
      .regex(/^\d{9}$/)
      .optional(),
  })
  .strict()
  .openapi('ReportCycleInput');

const EditInput = z
  .object({
    version: z.number().int().min(1),
    values: z.record(
      z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/),
      z
        .object({
          value: z.union([z.number(), plainTextOf(2000, 0), z.null()]),
          reason: plainTextOf(200).optional(),
        })
        .strict(),
    ),
  })
  .strict()
  .openapi('ReportEdit');

const MoveInput = z
  .object({ version: z.number().int().min(1), reason: plainTextOf(500).optional() })
  .strict()
  .openapi('ReportMove');

const Progress = z
  .object({
    communities: z.number().int(),
    notStarted: z.number().int(),
    draft: z.number().int(),
    submitted: z.number().int(),
    returned: z.number().int(),
    accepted: z.number().int(),
    overdue: z.boolean(),
  })
  .openapi('ReportProgress');

const CycleRow = z.object({ cycle: CycleSchema, progress: Progress }).openapi('ReportCycleRow');

const ReportRow = z
  .object({ communityCode: z.string(), status: ReportStatus, version: z.number().int(), counts: FillCounts })
  .openapi('ReportRow');

const RollUp = z
  .object({
    communities: z.array(z.string()),
    totals: z.record(z.string(), z.number()),
    fromDatabase: z.number().int(),
    typed: z.number().int(),
    adjusted: z.number().int(),
  })
  .openapi('ReportRollUp');

const presentReport = (cycle: Cycle, r: Report) => ({ ...plain(r), counts: fillCounts(cycle, r) });

const inScope = (ctx: RequestContext, cycle: Cycle) =>
  cycle.communities.filter((x) => mayOn(ctx, 'community-work:read', x));

const progressOf = (cycle: Cycle, reports: readonly Report[], today: string) => {
  const n = { communities: reports.length, notStarted: 0, draft: 0, submitted: 0, returned: 0, accepted: 0 };
  for (const r of reports)
    if (r.status === 'not-started') n.notStarted++;
    else n[r.status]++;
  return { ...n, overdue: cycle.due < today && n.submitted + n.accepted < reports.length };
};

const today = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export const registerReportRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const pop = populationContext(deps);
  const now = () => new Date(deps.now?.() ?? Date.now());
  const mod = requireModule(deps, 'street-tasks-reports');

  /** The cycle if the caller sees any of its communities (404 otherwise). */
  const cycleFor = async (c: C, id: string) => {
    const cycle = await getCycle(c.get('store'), id);
    if (inScope(c.get('ctx'), cycle).length === 0) throw CommunityErrors.cycleNotFound();
    return cycle;
  };
  /** The cycle and one of its communities the caller may read. */
  const reportScope = async (c: C, id: string, community: string) => {
    if (!mayOn(c.get('ctx'), 'community-work:read', community)) throw CommunityErrors.reportNotFound();
    const cycle = await cycleFor(c, id);
    if (!cycle.communities.includes(community)) throw CommunityErrors.reportNotFound();
    return cycle;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/report-cycles',
      summary: 'Report cycles reaching the caller’s communities, newest first, with their progress',
      security,
      middleware: [permit('community-work:read'), mod] as const,
      responses: { 200: json(z.object({ items: z.array(CycleRow) })), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const store = c.get('store');
      const t = today(now());
      const cycles = (await listCycles(store)).filter((x) => inScope(ctx, x).length > 0).slice(0, 50);
      const items = await Promise.all(
        cycles.map(async (cycle) => {
          const mine = new Set(inScope(ctx, cycle));
          const reports = (await listReports(store, cycle)).filter((r) => mine.has(r.communityCode));
          return { cycle: plain(cycle), progress: progressOf(cycle, reports, t) };
        }),
      );
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/report-cycles',
      summary: 'Open a report cycle of a template for a period, for a street’s communities or the district’s',
      security,
      middleware: [permit('community-work:assign'), mod] as const,
      request: { body: { content: { 'application/json': { schema: CycleInput } }, required: true } },
      responses: { 201: json(CycleSchema), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const body = c.req.valid('json');
      const wide = listConstraint(ctx, 'community-work:assign') === 'tenant';
      const street = body.streetCode ?? (wide ? undefined : ctx.scope.streetCode);
      if (street) authorize(ctx, 'community-work:assign', { streetCode: street });
      else if (!wide)
        throw Errors.forbidden({
          zh: '仅区县可下发全区报表',
          en: 'district-wide cycles are opened by the district',
        });
      const all = await communitiesInScope(c as C, 'community-work:assign');
      const communities = street ? all.filter((x) => x.startsWith(street)) : all;
      if (communities.length === 0)
        throw Errors.validation(undefined, {
          issues: [
            {
              field: 'streetCode',
              code: 'REPORT_NO_COMMUNITIES',
              message: { zh: '该范围内没有社区', en: 'No communities in this scope' },
            },
          ],
        });
      if (body.cutoff && !body.period.includes('Q') && !body.cutoff.startsWith(body.period))
        throw Errors.validation(undefined, {
          issues: [
            {
              field: 'cutoff',
              code: 'REPORT_CUTOFF_OUTSIDE',
              message: { zh: '截止日期应在本期内', en: 'The cut-off lies inside the period' },
            },
          ],
        });
      const cycle = await openCycle(
        c.get('store'),
        { templateCode: body.templateCode, period: body.period, cutoff: body.cutoff, due: body.due },
        street ? { kind: 'street', streetCode: street } : { kind: 'district' },
        communities,
        actorOf(c as C),
        now(),
      );
      return c.json(plain(cycle), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/report-cycles/{id}',
      summary:
        'A cycle: each community’s report status and fill counts in the caller’s scope, and the roll-up of the accepted ones',
      security,
      middleware: [permit('community-work:read'), mod] as const,
      request: { params: IdParam },
      responses: {
        200: json(
          z.object({ cycle: CycleSchema, progress: Progress, reports: z.array(ReportRow), rollUp: RollUp }),
        ),
        ...errors,
      },
    }),
    async (c) => {
      const cycle = await cycleFor(c as C, c.req.valid('param').id);
      const mine = new Set(inScope(c.get('ctx'), cycle));
      const reports = (await listReports(c.get('store'), cycle)).filter((r) => mine.has(r.communityCode));
      const roll = rollUp(cycle, reports);
      const accepted = reports.filter((r) => r.status === 'accepted').map((r) => fillCounts(cycle, r));
      return c.json(
        {
          cycle: plain(cycle),
          progress: progressOf(cycle, reports, today(now())),
          reports: reports.map((r) => ({
            communityCode: r.communityCode,
            status: r.status,
            version: r.version,
            counts: fillCounts(cycle, r),
          })),
          rollUp: {
            ...roll,
            fromDatabase: accepted.reduce((s, x) => s + x.fromDatabase, 0),
            typed: accepted.reduce((s, x) => s + x.typed, 0),
            adjusted: accepted.reduce((s, x) => s + x.adjusted, 0),
          },
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/report-cycles/{id}/reports/{community}',
      summary:
        'A community’s report: each value, whether it came from the database or was typed, adjustments with reasons',
      security,
      middleware: [permit('community-work:read'), mod] as const,
      request: { params: CommunityParam },
      responses: { 200: json(ReportSchema), ...errors },
    }),
    async (c) => {
      const { id, community } = c.req.valid('param');
      const cycle = await reportScope(c as C, id, community);
      return c.json(presentReport(cycle, await getReport(c.get('store'), cycle, community)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/report-cycles/{id}/reports/{community}/prefill',
      summary:
        'Prefill (or refresh) the report from the database as of the cycle’s cut-off; typed values and adjustments are kept',
      security,
      middleware: [permit('community-work:write'), mod] as const,
      request: { params: CommunityParam },
      responses: { 200: json(ReportSchema), ...errors },
    }),
    async (c) => {
      const { id, community } = c.req.valid('param');
      const cycle = await reportScope(c as C, id, community);
      authorize(c.get('ctx'), 'community-work:write', targetOf(community));
      const report = await prefillReport(await pop.popOf(c as C), cycle, community, actorOf(c as C), now());
      return c.json(presentReport(cycle, report), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/t/community/report-cycles/{id}/reports/{community}',
      summary:
        'Check and adjust: set typed values; a database figure changed by hand needs a reason, kept with it',
      security,
      middleware: [permit('community-work:write'), mod] as const,
      request: {
        params: CommunityParam,
        body: { content: { 'application/json': { schema: EditInput } }, required: true },
      },
      responses: { 200: json(ReportSchema), ...errors },
    }),
    async (c) => {
      const { id, community } = c.req.valid('param');
      const cycle = await reportScope(c as C, id, community);
      authorize(c.get('ctx'), 'community-work:write', targetOf(community));
      const report = await editReport(
        c.get('store'),
        cycle,
        community,
        c.req.valid('json'),
        actorOf(c as C),
        now(),
      );
      return c.json(presentReport(cycle, report), 200);
    },
  );

  const MOVES = [
    {
      action: 'submit',
      who: 'community-work:write',
      summary: 'The community submits its report to the street',
    },
    {
      action: 'return',
      who: 'community-work:assign',
      summary: 'The street returns a report, with the reason',
    },
    {
      action: 'accept',
      who: 'community-work:assign',
      summary: 'The street accepts a report (it joins the roll-up)',
    },
  ] as const;
  for (const m of MOVES)
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/t/community/report-cycles/{id}/reports/{community}/${m.action}`,
        summary: m.summary,
        security,
        middleware: [permit(m.who), mod] as const,
        request: {
          params: CommunityParam,
          body: { content: { 'application/json': { schema: MoveInput } }, required: true },
        },
        responses: { 200: json(ReportSchema), ...errors },
      }),
      async (c) => {
        const { id, community } = c.req.valid('param');
        const cycle = await reportScope(c as C, id, community);
        authorize(c.get('ctx'), m.who, targetOf(community));
        const body = c.req.valid('json');
        const report = await transitionReport(
          c.get('store'),
          cycle,
          community,
          m.action,
          body,
          actorOf(c as C),
          now(),
        );
        return c.json(presentReport(cycle, report), 200);
      },
    );
};
