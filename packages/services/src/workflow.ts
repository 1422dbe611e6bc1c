/**
 * The workflow engine: pure functions from (definition version, case state, actor, action) to the
 * next state. Storage applies the result with a write conditional on the state it was computed
 * from, so two workers acting on one case at once cannot both win.
 *
 * Visibility before permission: a case outside the actor's scope answers `CASE_NOT_FOUND` (404),
 * never a hint that it exists; a visible case whose current step is someone else's answers
 * `CASE_NOT_YOUR_STEP` (403); an action that does not fit the current step or status (a stale
 * page, a double click) answers `CASE_WRONG_STEP` (409).
 */
import type { ServiceDefinition } from './catalogue.ts';
import {
  DEPARTMENTS,
  type Department,
  ROLE_OF_LEVEL,
  type ScopeLevel,
  type StaffAction,
  stepDepartment,
} from './catalogue-vocabulary.ts';
import { ServiceErrors } from './errors.ts';
import { type IsoDate, WorkCalendar } from './workdays.ts';

export const CASE_STATUSES = ['pending', 'returned', 'approved', 'rejected', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CLOSED_STATUSES: readonly CaseStatus[] = ['approved', 'rejected', 'withdrawn'];

/** What the engine needs of a case (storage keeps more). */
export interface CaseState {
  readonly status: CaseStatus;
  readonly stepIndex: number;
  readonly communityCode: string;
  readonly streetCode: string;
  /** The department acting at the current department step (differs from the definition after a transfer). */
  readonly department?: Department;
  readonly filedOn: IsoDate;
  /** The promised completion date of the whole case. */
  readonly due: IsoDate;
  readonly stepStartedOn: IsoDate;
  readonly stepDue: IsoDate;
  /** True when a due date was counted over a year whose holiday notice is not yet known. */
  readonly provisional: boolean;
  readonly closedOn?: IsoDate;
  /** When the case was last returned to the applicant for materials (补正). */
  readonly returnedOn?: IsoDate;
}

/** A staff member as the workflow sees them: roles and the unit they belong to. */
export interface StaffActor {
  readonly id: string;
  readonly roles: readonly string[];
  readonly scope: {
    readonly communityCode?: string;
    readonly streetCode?: string;
    readonly department?: string;
  };
}

export type StaffActionInput =
  | { readonly action: 'accept' | 'approve'; readonly step: number; readonly note?: string }
  | { readonly action: 'return' | 'reject'; readonly step: number; readonly reason: string }
  | { readonly action: 'transfer'; readonly step: number; readonly to: string; readonly reason: string };

/** The desk a case waits at: the level of its current step and the unit at that level. */
export interface Desk {
  readonly level: ScopeLevel;
  readonly unit: string;
}

export const deskOf = (def: ServiceDefinition, state: CaseState): Desk => {
  const step = def.workflow[state.stepIndex];
  if (!step) throw ServiceErrors.wrongStep();
  switch (step.level) {
    case 'community':
      return { level: 'community', unit: state.communityCode };
    case 'street':
      return { level: 'street', unit: state.streetCode };
    case 'department':
      return { level: 'department', unit: state.department ?? stepDepartment(def, step) ?? def.department };
    default:
      return { level: 'district', unit: 'ALL' };
  }
};

/** Departments that take part in a case: the owner, every department step, a transfer target. */
const departmentsOf = (def: ServiceDefinition, state: CaseState): Set<string> => {
  const out = new Set<string>([def.department]);
  for (const s of def.workflow) {
    const d = stepDepartment(def, s);
    if (d) out.add(d);
  }
  if (state.department) out.add(state.department);
  return out;
};

/** Whether the actor may see the case at all (its community, street, department, or the district). */
export const canSee = (def: ServiceDefinition, state: CaseState, actor: StaffActor): boolean => {
  const { roles, scope } = actor;
  if (roles.includes('district-admin')) return true;
  if (roles.includes('community-worker') && scope.communityCode === state.communityCode) return true;
  if (roles.includes('street-staff') && scope.streetCode === state.streetCode) return true;
  if (roles.includes('call-centre-operator')) return true;
  return (
    roles.includes('department-staff') &&
    !!scope.department &&
    departmentsOf(def, state).has(scope.department)
  );
};

/** Whether the actor is the one who acts at the case's current step. */
export const isAtDesk = (def: ServiceDefinition, state: CaseState, actor: StaffActor): boolean => {
  const desk = deskOf(def, state);
  if (!actor.roles.includes(ROLE_OF_LEVEL[desk.level])) return false;
  switch (desk.level) {
    case 'community':
      return actor.scope.communityCode === desk.unit;
    case 'street':
      return actor.scope.streetCode === desk.unit;
    case 'department':
      return actor.scope.department === desk.unit;
    default:
      return true;
  }
};

/** The actions the actor may take now (empty when the case is not waiting for them). */
export const allowedActions = (
  def: ServiceDefinition,
  state: CaseState,
  actor: StaffActor,
): StaffAction[] => {
  if (state.status !== 'pending' || !canSee(def, state, actor) || !isAtDesk(def, state, actor)) return [];
  return [...(def.workflow[state.stepIndex]?.actions ?? [])];
};

export interface Transition {
  readonly next: CaseState;
  /** What the timeline records. */
  readonly event: {
    readonly action: StaffAction | 'resubmit' | 'withdraw';
    readonly fromStep: number;
    readonly toStep: number;
    readonly status: CaseStatus;
    readonly reason?: string;
    readonly to?: string;
  };
}

const stepClock = (def: ServiceDefinition, stepIndex: number, today: IsoDate, cal: WorkCalendar) => {
  const step = def.workflow[stepIndex];
  if (!step) throw ServiceErrors.wrongStep();
  return cal.addWorkingDays(today, step.timeLimitDays);
};

/** The state of a newly filed case: at the first step, both clocks started today. */
export const startCase = (
  def: ServiceDefinition,
  where: { communityCode: string; streetCode: string },
  today: IsoDate,
  cal: WorkCalendar = new WorkCalendar(),
): CaseState => {
  const step = stepClock(def, 0, today, cal);
  const all = cal.addWorkingDays(today, def.timeLimitDays);
  const first = def.workflow[0];
  const department = first ? stepDepartment(def, first) : undefined;
  return {
    status: 'pending',
    stepIndex: 0,
    communityCode: where.communityCode,
    streetCode: where.streetCode,
    ...(department ? { department } : {}),
    filedOn: today,
    due: all.due,
    stepStartedOn: today,
    stepDue: step.due,
    provisional: step.provisional || all.provisional,
  };
};

/** Apply a staff action: checks scope, step and permission, and returns the next state. */
export const applyStaffAction = (
  def: ServiceDefinition,
  state: CaseState,
  actor: StaffActor,
  input: StaffActionInput,
  today: IsoDate,
  cal: WorkCalendar = new WorkCalendar(),
): Transition => {
  if (!canSee(def, state, actor)) throw ServiceErrors.caseNotFound();
  if (state.status !== 'pending' || input.step !== state.stepIndex) throw ServiceErrors.wrongStep();
  if (!isAtDesk(def, state, actor)) throw ServiceErrors.notYourStep();
  const step = def.workflow[state.stepIndex];
  if (!step?.actions.includes(input.action)) throw ServiceErrors.wrongStep();
  const base = { fromStep: state.stepIndex, action: input.action };
  switch (input.action) {
    case 'accept': {
      const nextIndex = state.stepIndex + 1;
      const nextStep = def.workflow[nextIndex];
      // A definition never lets the last step accept (schema rule); this guards a hand-made one.
      if (!nextStep) throw ServiceErrors.wrongStep();
      const clock = stepClock(def, nextIndex, today, cal);
      const department = stepDepartment(def, nextStep);
      const { department: _previous, ...rest } = state;
      const next: CaseState = {
        ...rest,
        ...(department ? { department } : {}),
        stepIndex: nextIndex,
        stepStartedOn: today,
        stepDue: clock.due,
        provisional: state.provisional || clock.provisional,
      };
      return { next, event: { ...base, toStep: nextIndex, status: 'pending' } };
    }
    case 'approve':
      return {
        next: { ...state, status: 'approved', closedOn: today },
        event: { ...base, toStep: state.stepIndex, status: 'approved' },
      };
    case 'reject':
    case 'return': {
      const reason = input.reason.trim();
      if (!reason) throw ServiceErrors.reasonRequired();
      const status: CaseStatus = input.action === 'reject' ? 'rejected' : 'returned';
      return {
        next: { ...state, status, ...(status === 'rejected' ? { closedOn: today } : { returnedOn: today }) },
        event: { ...base, toStep: state.stepIndex, status, reason },
      };
    }
    case 'transfer': {
      const reason = input.reason.trim();
      if (!reason) throw ServiceErrors.reasonRequired();
      if (!(input.to in DEPARTMENTS) || input.to === deskOf(def, state).unit)
        throw ServiceErrors.transferTarget();
      // The step keeps its clock: a transfer does not buy the case more time.
      return {
        next: { ...state, department: input.to as Department },
        event: { ...base, toStep: state.stepIndex, status: 'pending', reason, to: input.to },
      };
    }
  }
};

/**
 * The applicant's actions: `resubmit` after a return for materials (the step starts again with a
 * fresh clock, as 补正 restarts the time limit) and `withdraw` while the case is open.
 */
export const applyApplicantAction = (
  def: ServiceDefinition,
  state: CaseState,
  action: 'resubmit' | 'withdraw',
  today: IsoDate,
  cal: WorkCalendar = new WorkCalendar(),
): Transition => {
  const base = { action, fromStep: state.stepIndex, toStep: state.stepIndex };
  if (action === 'resubmit') {
    if (state.status !== 'returned') throw ServiceErrors.wrongStep();
    const clock = stepClock(def, state.stepIndex, today, cal);
    // The time with the applicant does not count against the promised date: move it by as many
    // working days as the case spent returned.
    const away = cal.workingDaysBetween(state.returnedOn ?? today, today).days;
    const total = cal.addWorkingDays(state.due, Math.max(0, away));
    return {
      next: {
        ...state,
        status: 'pending',
        stepStartedOn: today,
        stepDue: clock.due,
        due: later(total.due, clock.due),
        provisional: state.provisional || clock.provisional || total.provisional,
      },
      event: { ...base, status: 'pending' },
    };
  }
  if (state.status !== 'pending' && state.status !== 'returned') throw ServiceErrors.wrongStep();
  return {
    next: { ...state, status: 'withdrawn', closedOn: today },
    event: { ...base, status: 'withdrawn' },
  };
};

/** The later of two `YYYY-MM-DD` dates (they compare as strings). */
const later = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? b : a);

export interface Clock {
  readonly stepDue: IsoDate;
  readonly due: IsoDate;
  /** Working days from today to the step's due date (negative when overdue). */
  readonly remaining: number;
  readonly overdue: boolean;
  /** Due within `soonDays` working days (default 1) and not yet overdue. */
  readonly soonDue: boolean;
  readonly provisional: boolean;
}

/** The step clock of an open case on `today`; `undefined` when the case is not waiting for staff. */
export const clockOf = (
  state: CaseState,
  today: IsoDate,
  cal: WorkCalendar = new WorkCalendar(),
  soonDays = 1,
): Clock | undefined => {
  if (state.status !== 'pending') return undefined;
  const between = cal.workingDaysBetween(today, state.stepDue);
  const overdue = today > state.stepDue;
  return {
    stepDue: state.stepDue,
    due: state.due,
    remaining: between.days,
    overdue,
    soonDue: !overdue && between.days <= soonDays,
    provisional: state.provisional || between.provisional,
  };
};
