/**
 * Street tasks on the tenant API: the district, a street or a department hands a task down to
 * chosen communities; the community accepts it and reports back; the issuer side returns a report
 * or marks it done. Lists show each task's progress and how many communities are overdue.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorize, grantFor, listConstraint, type RequestContext } from '@linli/auth';
import {
  type Assignment,
  type AssignmentAction,
  CommunityErrors,
  communityAssignments,
  createTask,
  dateOnly,
  getAssignment,
  getTask,
  type Issuer,
  isOverdue,
  listAssignments,
  listTasks,
  moveAssignment,
  plainTextOf,
  type Task,
} from '@linli/community';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import { actorOf, type C, targetOf } from '../population/shared.ts';
import {
  AssignmentSchema,
  assertCommunity,
  CommunityParam,
  errors,
  IdParam,
  mayOn,
  plain,
  TaskCounts,
  TaskSchema,
} from './shared.ts';

const MODULE = 'street-tasks-reports';

const TaskInput = z
  .object({
    title: plainTextOf(100),
    description: plainTextOf(4000),
    deadline: dateOnly,
    feedbackRequired: plainTextOf(500),
    communities: z.array(z.string()).min(1).max(90),
  })
  .strict()
  .openapi('TaskInput');

const MoveInput = z
  .object({ version: z.number().int().min(1), text: plainTextOf(2000).optional() })
  .strict()
  .openapi('TaskAssignmentMove');

const TaskRow = z
  .object({ task: TaskSchema, counts: TaskCounts, assignment: AssignmentSchema.optional() })
  .openapi('TaskRow');

const present = (a: Assignment, now: Date) => ({ ...plain(a), overdue: isOverdue(a, now) });

const countsOf = (as: readonly Assignment[], now: Date) => {
  const n = { assigned: 0, accepted: 0, reported: 0, returned: 0, done: 0, overdue: 0 };
  for (const a of as) {
    n[a.status]++;
    if (isOverdue(a, now)) n.overdue++;
  }
  return n;
};

/** Who the caller hands tasks down as. */
const issuerOf = (ctx: RequestContext): Issuer => {
  if (grantFor(ctx, 'community-work:assign') === 'tenant') {
    if (ctx.roles.includes('district-admin')) return { level: 'district' };
    return { level: 'department', unit: ctx.scope.department ?? 'department' };
  }
  return { level: 'street', unit: ctx.scope.streetCode ?? '' };
};

/** Whether the caller sees the task at all (issued it, or it reached a community in their scope). */
const visible = (ctx: RequestContext, t: Task): boolean => {
  const limit = listConstraint(ctx, 'community-work:read');
  if (limit === 'tenant') {
    // Departments see the tasks they issued; the district sees them all.
    if (ctx.roles.includes('district-admin')) return true;
    return t.issuer.level === 'department' && t.issuer.unit === ctx.scope.department;
  }
  if (limit.communityCode) return t.communities.includes(limit.communityCode);
  if (limit.streetCode) return t.streets.includes(limit.streetCode);
  return false;
};

export const registerTaskRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const now = () => new Date(deps.now?.() ?? Date.now());
  const mod = requireModule(deps, MODULE);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/tasks',
      summary: 'Tasks the caller issued or received, with progress and overdue communities (newest first)',
      security,
      middleware: [permit('community-work:read'), mod] as const,
      responses: { 200: json(z.object({ items: z.array(TaskRow) })), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const store = c.get('store');
      const at = now();
      const own = ctx.scope.communityCode;
      const limit = listConstraint(ctx, 'community-work:read');
      const tasks = (await listTasks(store)).filter((t) => visible(ctx, t)).slice(0, 100);
      if (limit !== 'tenant' && limit.communityCode && own) {
        const mine = new Map((await communityAssignments(store, own)).map((a) => [a.taskId, a]));
        const items = tasks
          .filter((t) => mine.has(t.id))
          .map((t) => {
            const a = mine.get(t.id)!;
            return { task: plain(t), counts: countsOf([a], at), assignment: present(a, at) };
          });
        return c.json({ items }, 200);
      }
      const items = await Promise.all(
        tasks.map(async (t) => {
          const as = await listAssignments(store, t.id);
          const scoped =
            limit === 'tenant' ? as : as.filter((a) => mayOn(ctx, 'community-work:read', a.communityCode));
          return { task: plain(t), counts: countsOf(scoped, at) };
        }),
      );
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/tasks',
      summary: 'Hand a task down to chosen communities (deadline, description, the feedback required)',
      security,
      middleware: [permit('community-work:assign'), mod] as const,
      request: { body: { content: { 'application/json': { schema: TaskInput } }, required: true } },
      responses: {
        201: json(z.object({ task: TaskSchema, assignments: z.array(AssignmentSchema) })),
        ...errors,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const communities: string[] = [];
      for (const code of body.communities)
        communities.push(await assertCommunity(c as C, 'community-work:assign', code));
      const { communities: _c, ...input } = body;
      const at = now();
      const out = await createTask(
        c.get('store'),
        input,
        issuerOf(c.get('ctx')),
        communities,
        actorOf(c as C),
        at,
      );
      return c.json({ task: plain(out.task), assignments: out.assignments.map((a) => present(a, at)) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/tasks/{id}',
      summary: 'One task with the communities in the caller’s scope and where each stands',
      security,
      middleware: [permit('community-work:read'), mod] as const,
      request: { params: IdParam },
      responses: {
        200: json(z.object({ task: TaskSchema, counts: TaskCounts, assignments: z.array(AssignmentSchema) })),
        ...errors,
      },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const task = await getTask(c.get('store'), c.req.valid('param').id);
      if (!visible(ctx, task)) throw CommunityErrors.taskNotFound();
      const at = now();
      const issuedHere =
        ctx.roles.includes('district-admin') ||
        (task.issuer.level === 'department' && task.issuer.unit === ctx.scope.department);
      const as = (await listAssignments(c.get('store'), task.id)).filter(
        (a) => issuedHere || mayOn(ctx, 'community-work:read', a.communityCode),
      );
      return c.json(
        { task: plain(task), counts: countsOf(as, at), assignments: as.map((a) => present(a, at)) },
        200,
      );
    },
  );

  const MOVES: {
    action: AssignmentAction;
    summary: string;
    who: 'community-work:write' | 'community-work:assign';
  }[] = [
    { action: 'accept', summary: 'The community accepts the task', who: 'community-work:write' },
    {
      action: 'report',
      summary: 'The community reports back (the feedback the task asks for)',
      who: 'community-work:write',
    },
    {
      action: 'return',
      summary: 'The issuer side sends a report back, with the reason',
      who: 'community-work:assign',
    },
    {
      action: 'done',
      summary: 'The issuer side accepts the report: done for this community',
      who: 'community-work:assign',
    },
  ];
  for (const m of MOVES)
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/t/community/tasks/{id}/communities/{community}/${m.action}`,
        summary: m.summary,
        security,
        middleware: [permit(m.who), mod] as const,
        request: {
          params: CommunityParam,
          body: { content: { 'application/json': { schema: MoveInput } }, required: true },
        },
        responses: { 200: json(AssignmentSchema), ...errors },
      }),
      async (c) => {
        const ctx = c.get('ctx');
        const { id, community } = c.req.valid('param');
        // Outside the caller's read scope the assignment does not exist for them.
        if (!mayOn(ctx, 'community-work:read', community)) throw CommunityErrors.taskNotFound();
        if (!visible(ctx, await getTask(c.get('store'), id))) throw CommunityErrors.taskNotFound();
        const a = await getAssignment(c.get('store'), id, community);
        authorize(ctx, m.who, targetOf(community));
        const body = c.req.valid('json');
        const at = now();
        const next = await moveAssignment(
          c.get('store'),
          a,
          m.action,
          { version: body.version, text: body.text },
          actorOf(c as C),
          at,
        );
        return c.json(present(next, at), 200);
      },
    );
};
