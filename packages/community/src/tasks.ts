/**
 * Street tasks (任务下派): the district, a street office or a department hands a task down to chosen
 * communities with a deadline and the feedback it needs; each community accepts it and reports
 * back; the issuer returns a report that is not enough or marks it done. A task not reported by its
 * deadline is overdue, and shows so to the street and the district.
 *
 * Keys: the task `CTASKS` sk `T#<id>`; its assignments `CTASK#<id>` sk `A#<community>`, each on
 * GSI1 `CTASKC#<community>` sk `<deadline>#<id>` (a community's list, by deadline).
 */

import { LinliError, newId } from '@linli/core';
import { type Actor, auditPut, nameOf } from '@linli/population';
import type { TenantStore } from '@linli/tenancy';
import { CommunityErrors } from './errors.ts';
import { commit, getStripped, strip } from './items.ts';
import { comKeys } from './keys.ts';

export type Issuer =
  | { readonly level: 'district' }
  | { readonly level: 'street'; readonly unit: string }
  | { readonly level: 'department'; readonly unit: string };

export interface Task {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly deadline: string;
  readonly feedbackRequired: string;
  readonly issuer: Issuer;
  readonly communities: readonly string[];
  readonly streets: readonly string[];
  readonly createdAt: string;
  readonly createdBy: string;
}

export type AssignmentStatus = 'assigned' | 'accepted' | 'reported' | 'returned' | 'done';

export interface Assignment {
  readonly taskId: string;
  readonly communityCode: string;
  readonly title: string;
  readonly deadline: string;
  readonly status: AssignmentStatus;
  readonly feedback?: string;
  readonly reportedAt?: string;
  readonly acceptedAt?: string;
  readonly doneAt?: string;
  readonly returnReason?: string;
  readonly version: number;
}

export interface TaskInput {
  readonly title: string;
  readonly description: string;
  readonly deadline: string;
  readonly feedbackRequired: string;
}

/** Today's date in China (deadlines are China calendar days). */
export const chinaDate = (now: Date): string =>
  new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** Not yet reported (or sent back) and past its deadline. */
export const isOverdue = (a: Pick<Assignment, 'status' | 'deadline'>, now: Date): boolean =>
  (a.status === 'assigned' || a.status === 'accepted' || a.status === 'returned') &&
  a.deadline < chinaDate(now);

/** An assignment as stored: under its task, and in its community's index by deadline. */
const assignmentItem = (store: TenantStore, a: Assignment) => {
  const k = comKeys(store);
  return {
    pk: k.task(a.taskId),
    sk: `A#${a.communityCode}`,
    type: 'task-assignment',
    ...a,
    gsi1pk: k.communityTasks(a.communityCode),
    gsi1sk: `${a.deadline}#${a.taskId}`,
  };
};

/** Hand a task down to communities (already authorized and known by the caller); up to 90 at once. */
export const createTask = async (
  store: TenantStore,
  input: TaskInput,
  issuer: Issuer,
  communities: readonly string[],
  actor: Actor,
  now = new Date(),
): Promise<{ task: Task; assignments: Assignment[] }> => {
  const k = comKeys(store);
  const list = [...new Set(communities)].sort();
  if (list.length === 0 || list.length > 90)
    throw new LinliError('TASK_COMMUNITIES', 400, {
      zh: '请选择 1–90 个社区',
      en: 'Choose 1 to 90 communities',
    });
  const task: Task = {
    id: newId(),
    ...input,
    issuer,
    communities: list,
    streets: [...new Set(list.map((c) => c.slice(0, 9)))],
    createdAt: now.toISOString(),
    createdBy: nameOf(actor),
  };
  const assignments: Assignment[] = list.map((c) => ({
    taskId: task.id,
    communityCode: c,
    title: task.title,
    deadline: task.deadline,
    status: 'assigned',
    version: 1,
  }));
  await commit(
    store,
    [
      {
        put: { pk: k.tasks(), sk: `T#${task.id}`, type: 'task', ...task },
        condition: 'attribute_not_exists(pk)',
      },
      ...assignments.map((a) => ({ put: assignmentItem(store, a), condition: 'attribute_not_exists(pk)' })),
      auditPut(store, actor, 'tasks.create', `task:${task.id}`, {
        detail: { communities: list.length, deadline: task.deadline },
      }),
    ],
    CommunityErrors.taskChanged,
  );
  return { task, assignments };
};

/** The newest tasks (up to 200), newest first. */
export const listTasks = async (store: TenantStore): Promise<Task[]> =>
  (
    await store.query<Record<string, unknown>>({ pk: comKeys(store).tasks(), forward: false, limit: 200 })
  ).items.map((i) => strip<Task>(i));

export const getTask = (store: TenantStore, id: string): Promise<Task> =>
  getStripped<Task>(store, { pk: comKeys(store).tasks(), sk: `T#${id}` }, CommunityErrors.taskNotFound);

export const listAssignments = async (store: TenantStore, taskId: string): Promise<Assignment[]> =>
  (await store.queryAll<Record<string, unknown>>({ pk: comKeys(store).task(taskId), skPrefix: 'A#' })).map(
    (i) => strip<Assignment>(i),
  );

/** A community's assignments, by deadline (the newest 200 deadlines). */
export const communityAssignments = async (store: TenantStore, community: string): Promise<Assignment[]> =>
  (
    await store.query<Record<string, unknown>>({
      index: 'gsi1',
      pk: comKeys(store).communityTasks(community),
      forward: false,
      limit: 200,
    })
  ).items.map((i) => strip<Assignment>(i));

export const getAssignment = (store: TenantStore, taskId: string, community: string): Promise<Assignment> =>
  getStripped<Assignment>(
    store,
    { pk: comKeys(store).task(taskId), sk: `A#${community}` },
    CommunityErrors.taskNotFound,
  );

export type AssignmentAction = 'accept' | 'report' | 'return' | 'done';

const FROM: Record<AssignmentAction, AssignmentStatus[]> = {
  accept: ['assigned'],
  report: ['assigned', 'accepted', 'returned'],
  return: ['reported'],
  done: ['reported'],
};
const TO: Record<AssignmentAction, AssignmentStatus> = {
  accept: 'accepted',
  report: 'reported',
  return: 'returned',
  done: 'done',
};

/**
 * Move one community's assignment: the community accepts and reports back (feedback required);
 * the issuer returns (reason required) or closes it. Conditional on the version the caller saw.
 */
export const moveAssignment = async (
  store: TenantStore,
  a: Assignment,
  action: AssignmentAction,
  opts: { version: number; text?: string | undefined },
  actor: Actor,
  now = new Date(),
): Promise<Assignment> => {
  if (a.version !== opts.version) throw CommunityErrors.taskChanged();
  if (!FROM[action].includes(a.status)) throw CommunityErrors.taskWrongStep();
  const text = opts.text?.trim();
  if ((action === 'report' || action === 'return') && !text) throw CommunityErrors.feedbackRequired();
  const at = now.toISOString();
  const { returnReason: _r, ...rest } = a;
  const next: Assignment = {
    ...(action === 'return' ? a : rest),
    status: TO[action],
    ...(action === 'accept' ? { acceptedAt: at } : {}),
    ...(action === 'report' ? { feedback: text!, reportedAt: at } : {}),
    ...(action === 'return' ? { returnReason: text! } : {}),
    ...(action === 'done' ? { doneAt: at } : {}),
    version: a.version + 1,
  };
  await commit(
    store,
    [
      {
        put: assignmentItem(store, next),
        condition: 'version = :v',
        values: { ':v': a.version },
      },
      auditPut(
        store,
        actor,
        `tasks.${action}`,
        `task:${a.taskId}:${a.communityCode}`,
        text ? { reason: text.slice(0, 200) } : {},
      ),
    ],
    CommunityErrors.taskChanged,
  );
  return next;
};
