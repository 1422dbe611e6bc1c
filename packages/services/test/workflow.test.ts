import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  applyApplicantAction,
  applyStaffAction,
  type CaseState,
  clockOf,
  deskOf,
  type StaffActor,
  startCase,
} from '../src/index.ts';
import { templateByCode } from '../src/templates.ts';

const def = templateByCode('elderly-allowance')!;
const C = '110101001001';
const S = '110101001';
const where = { communityCode: C, streetCode: S };

const worker: StaffActor = {
  id: 'w',
  roles: ['community-worker'],
  scope: { communityCode: C, streetCode: S },
};
const otherWorker: StaffActor = {
  id: 'w2',
  roles: ['community-worker'],
  scope: { communityCode: '110101002001', streetCode: '110101002' },
};
const street: StaffActor = { id: 's', roles: ['street-staff'], scope: { streetCode: S } };
const civil: StaffActor = { id: 'c', roles: ['department-staff'], scope: { department: 'civil-affairs' } };
const labour: StaffActor = { id: 'l', roles: ['department-staff'], scope: { department: 'labour' } };

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string; status?: number }).code;
  }
  return 'no error';
};

describe('workflow engine', () => {
  it('a case filed before 国庆 runs community → street → civil affairs with working-day clocks', () => {
    const s0 = startCase(def, where, '2026-09-30');
    expect(s0).toMatchObject({ status: 'pending', stepIndex: 0, stepDue: '2026-10-10', provisional: false });
    expect(deskOf(def, s0)).toEqual({ level: 'community', unit: C });
    expect(allowedActions(def, s0, worker)).toEqual(['accept', 'return', 'reject']);
    expect(allowedActions(def, s0, street)).toEqual([]);

    const t1 = applyStaffAction(def, s0, worker, { action: 'accept', step: 0 }, '2026-10-08');
    // 5 working days: 10-09, Saturday 10-10 (make-up), 10-12, 10-13, 10-14.
    expect(t1.next).toMatchObject({ stepIndex: 1, stepStartedOn: '2026-10-08', stepDue: '2026-10-14' });
    expect(t1.event).toMatchObject({ action: 'accept', fromStep: 0, toStep: 1, status: 'pending' });

    const t2 = applyStaffAction(def, t1.next, street, { action: 'accept', step: 1 }, '2026-10-09');
    expect(t2.next.department).toBe('civil-affairs');
    expect(deskOf(def, t2.next)).toEqual({ level: 'department', unit: 'civil-affairs' });

    const t3 = applyStaffAction(def, t2.next, civil, { action: 'approve', step: 2 }, '2026-10-12');
    expect(t3.next).toMatchObject({ status: 'approved', closedOn: '2026-10-12' });
    expect(clockOf(t3.next, '2026-10-12')).toBeUndefined();
  });

  it('wrong step is 409, not your step 403, another community 404', () => {
    const s0 = startCase(def, where, '2026-11-02');
    expect(code(() => applyStaffAction(def, s0, worker, { action: 'accept', step: 1 }, '2026-11-02'))).toBe(
      'CASE_WRONG_STEP',
    );
    expect(code(() => applyStaffAction(def, s0, worker, { action: 'approve', step: 0 }, '2026-11-02'))).toBe(
      'CASE_WRONG_STEP',
    );
    expect(code(() => applyStaffAction(def, s0, street, { action: 'accept', step: 0 }, '2026-11-02'))).toBe(
      'CASE_NOT_YOUR_STEP',
    );
    expect(
      code(() => applyStaffAction(def, s0, otherWorker, { action: 'accept', step: 0 }, '2026-11-02')),
    ).toBe('CASE_NOT_FOUND');
    expect(code(() => applyStaffAction(def, s0, labour, { action: 'accept', step: 0 }, '2026-11-02'))).toBe(
      'CASE_NOT_FOUND',
    );
    const done = applyStaffAction(
      def,
      s0,
      worker,
      { action: 'reject', step: 0, reason: '年龄不符' },
      '2026-11-02',
    );
    expect(done.next.status).toBe('rejected');
    expect(
      code(() => applyStaffAction(def, done.next, worker, { action: 'accept', step: 0 }, '2026-11-03')),
    ).toBe('CASE_WRONG_STEP');
    expect(
      code(() =>
        applyStaffAction(def, s0, worker, { action: 'return', step: 0, reason: '  ' }, '2026-11-02'),
      ),
    ).toBe('CASE_REASON_REQUIRED');
  });

  it('return for materials (补正) and resubmit: the step restarts and the promise moves by the time away', () => {
    const s0 = startCase(def, where, '2026-11-02');
    const back = applyStaffAction(
      def,
      s0,
      worker,
      { action: 'return', step: 0, reason: '请补充身份证' },
      '2026-11-03',
    );
    expect(back.next).toMatchObject({ status: 'returned', returnedOn: '2026-11-03' });
    expect(allowedActions(def, back.next, worker)).toEqual([]);
    const again = applyApplicantAction(def, back.next, 'resubmit', '2026-11-06');
    expect(again.next).toMatchObject({
      status: 'pending',
      stepIndex: 0,
      stepStartedOn: '2026-11-06',
      stepDue: '2026-11-11',
    });
    // 3 working days away (11-04, 11-05, 11-06) move the promised date by 3 working days.
    expect(s0.due).toBe('2026-11-23');
    expect(again.next.due).toBe('2026-11-26');
    expect(code(() => applyApplicantAction(def, again.next, 'resubmit', '2026-11-06'))).toBe(
      'CASE_WRONG_STEP',
    );
  });

  it('transfer at a department step changes the desk, keeps the clock', () => {
    let s: CaseState = startCase(def, where, '2026-11-02');
    s = applyStaffAction(def, s, worker, { action: 'accept', step: 0 }, '2026-11-02').next;
    s = applyStaffAction(def, s, street, { action: 'accept', step: 1 }, '2026-11-02').next;
    const moved = applyStaffAction(
      def,
      s,
      civil,
      { action: 'transfer', step: 2, to: 'disabled-persons-federation', reason: '由残联审核' },
      '2026-11-03',
    );
    expect(deskOf(def, moved.next)).toEqual({ level: 'department', unit: 'disabled-persons-federation' });
    expect(moved.next.stepDue).toBe(s.stepDue);
    expect(allowedActions(def, moved.next, civil)).toEqual([]);
    expect(
      code(() =>
        applyStaffAction(
          def,
          s,
          civil,
          { action: 'transfer', step: 2, to: 'nowhere', reason: 'x' },
          '2026-11-03',
        ),
      ),
    ).toBe('CASE_TRANSFER_TARGET');
  });

  it('clocks: soon due and overdue in working days; a 2027 due date is provisional', () => {
    const s0 = startCase(def, where, '2026-09-30');
    expect(clockOf(s0, '2026-10-09')).toMatchObject({ remaining: 1, soonDue: true, overdue: false });
    expect(clockOf(s0, '2026-09-30')).toMatchObject({ remaining: 3, soonDue: false, overdue: false });
    expect(clockOf(s0, '2026-10-12')).toMatchObject({ remaining: -1, overdue: true, soonDue: false });
    const late = startCase(def, where, '2026-12-28');
    expect(late.provisional).toBe(true);
    expect(late.stepDue).toBe('2026-12-31');
  });

  it('withdraw while open, not after a decision', () => {
    const s0 = startCase(def, where, '2026-11-02');
    expect(applyApplicantAction(def, s0, 'withdraw', '2026-11-02').next.status).toBe('withdrawn');
    const done = applyStaffAction(
      def,
      s0,
      worker,
      { action: 'reject', step: 0, reason: '不符' },
      '2026-11-02',
    );
    expect(code(() => applyApplicantAction(def, done.next, 'withdraw', '2026-11-03'))).toBe(
      'CASE_WRONG_STEP',
    );
  });
});
