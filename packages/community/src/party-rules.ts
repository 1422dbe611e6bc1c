/**
 * 社区党建: the rules that need no storage — the kinds of meetings, the usual cadence of 三会一课,
 * the yearly overview a street reads to see which branch is behind, and when a member may be linked
 * to a resident record (only with the member's consent recorded).
 */
import { errorOf } from '@linli/core';

export const PartyErrors = {
  branchNotFound: errorOf('PARTY_BRANCH_NOT_FOUND', 404, '未找到该党组织', 'Party branch not found'),
  memberNotFound: errorOf('PARTY_MEMBER_NOT_FOUND', 404, '未找到该党员', 'Party member not found'),
  meetingNotFound: errorOf('PARTY_MEETING_NOT_FOUND', 404, '未找到该会议记录', 'Meeting record not found'),
  changed: errorOf(
    'PARTY_CHANGED',
    409,
    '该记录已被他人修改，请刷新后重试',
    'The record was changed by someone else; reload and retry',
  ),
  consentRequired: errorOf(
    'PARTY_CONSENT_REQUIRED',
    400,
    '关联居民信息须先记录本人同意（书面或口头）',
    'Linking a member to a resident record needs the member’s consent recorded (written or oral)',
  ),
  nameRequired: errorOf(
    'PARTY_MEMBER_NAME_REQUIRED',
    400,
    '未关联居民信息时须填写党员姓名',
    'Give the member’s name when no resident record is linked',
  ),
  residentElsewhere: errorOf(
    'PARTY_RESIDENT_ELSEWHERE',
    409,
    '只能关联本社区在册的居民',
    'Only an active resident of the branch’s community can be linked',
  ),
  residentLinked: errorOf(
    'PARTY_RESIDENT_LINKED',
    409,
    '该居民已登记为党员',
    'This resident is already recorded as a party member',
  ),
  memberInactive: errorOf(
    'PARTY_MEMBER_INACTIVE',
    409,
    '该党员已转出本支部',
    'The member has been transferred out of the branch',
  ),
  attendeeUnknown: errorOf(
    'PARTY_ATTENDEE_UNKNOWN',
    400,
    '出席名单中有不属于本支部的党员',
    'The attendance names someone who is not a member of the branch',
  ),
  meetingInFuture: errorOf(
    'PARTY_MEETING_IN_FUTURE',
    400,
    '会议日期不能晚于今天（记录已召开的会议）',
    'The meeting date cannot be after today (record meetings that were held)',
  ),
};

/** 三会一课 and the branch's other activities. */
export const PARTY_MEETING_KINDS = [
  'congress',
  'committee',
  'group',
  'lecture',
  'theme-day',
  'other',
] as const;
export type PartyMeetingKind = (typeof PARTY_MEETING_KINDS)[number];

/**
 * The usual cadence of 三会一课: 支部党员大会 once a quarter, 支部委员会 once a month, 党小组会 once
 * a month, 党课 once a quarter (the Party's regulations on branch work). 主题党日 and others have none.
 */
export const CADENCE = {
  congress: 'quarterly',
  committee: 'monthly',
  group: 'monthly',
  lecture: 'quarterly',
} as const satisfies Partial<Record<PartyMeetingKind, 'monthly' | 'quarterly'>>;
export type CoreKind = keyof typeof CADENCE;
export const CORE_KINDS = Object.keys(CADENCE) as CoreKind[];

export type PeriodState = 'held' | 'missed' | 'open' | 'future' | 'before-founding';

export interface KindOverview {
  readonly kind: CoreKind;
  readonly cadence: 'monthly' | 'quarterly';
  /** Meetings of this kind held in the year. */
  readonly held: number;
  /** Periods of the year the branch existed in: how many meetings the cadence asks for. */
  readonly expected: number;
  /** Periods already ended (the current one is still open). */
  readonly due: number;
  /** Ended periods without a meeting of this kind. */
  readonly missed: number;
  readonly periods: readonly {
    readonly period: string;
    readonly held: number;
    readonly state: PeriodState;
  }[];
}

export interface BranchOverview {
  readonly year: number;
  readonly kinds: readonly KindOverview[];
  /** Meetings of the other kinds (主题党日, other activities) held in the year. */
  readonly otherActivities: number;
  /** Some ended period lacks its meeting. */
  readonly behind: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The periods of a year for a cadence, each with its first and last day (`YYYY-MM-DD`). */
const periodsOf = (year: number, cadence: 'monthly' | 'quarterly') =>
  cadence === 'monthly'
    ? Array.from({ length: 12 }, (_, i) => ({
        period: `${year}-${pad(i + 1)}`,
        first: `${year}-${pad(i + 1)}-01`,
        last: `${year}-${pad(i + 1)}-31`,
      }))
    : Array.from({ length: 4 }, (_, i) => ({
        period: `${year}-Q${i + 1}`,
        first: `${year}-${pad(i * 3 + 1)}-01`,
        last: `${year}-${pad(i * 3 + 3)}-31`,
      }));

/**
 * The yearly 三会一课 overview of one branch: per kind, meetings held against the cadence. A period
 * counts as due once it has ended (`today`, China date, is after its last day); a period that ended
 * before the branch was founded is not asked for; the period the branch was founded in is.
 */
export const branchOverview = (
  meetings: readonly { readonly kind: string; readonly date: string }[],
  year: number,
  today: string,
  foundedOn?: string,
): BranchOverview => {
  const inYear = meetings.filter((m) => m.date.startsWith(`${year}-`));
  const kinds = CORE_KINDS.map((kind): KindOverview => {
    const cadence = CADENCE[kind];
    const mine = inYear.filter((m) => m.kind === kind);
    const periods = periodsOf(year, cadence).map((p) => {
      const held = mine.filter((m) => m.date >= p.first && m.date <= p.last).length;
      const state: PeriodState =
        foundedOn && foundedOn > p.last
          ? 'before-founding'
          : held > 0
            ? 'held'
            : today > p.last
              ? 'missed'
              : today >= p.first
                ? 'open'
                : 'future';
      return { period: p.period, held, state };
    });
    const asked = periods.filter((p) => p.state !== 'before-founding');
    return {
      kind,
      cadence,
      held: mine.length,
      expected: asked.length,
      due: periodsOf(year, cadence).filter((p) => today > p.last && !(foundedOn && foundedOn > p.last))
        .length,
      missed: asked.filter((p) => p.state === 'missed').length,
      periods,
    };
  });
  return {
    year,
    kinds,
    otherActivities: inYear.filter((m) => !(m.kind in CADENCE)).length,
    behind: kinds.some((k) => k.missed > 0),
  };
};

export type ConsentMethod = 'written' | 'oral';

/** The member's consent to be linked to their resident record, as recorded. */
export interface Consent {
  readonly method: ConsentMethod;
  /** The day the member gave it. */
  readonly givenOn: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/**
 * What a new member record links to (PIPL art. 29: party membership is sensitive; linking it to the
 * resident record needs the person's separate consent). A resident link without a consent is
 * refused; a consent without a link is not kept (nothing to consent to); without a link the name is
 * required.
 */
export const linkOf = (
  input: {
    readonly residentId?: string | undefined;
    readonly consent?: { readonly method: ConsentMethod; readonly givenOn: string } | undefined;
    readonly name?: string | undefined;
  },
  recordedBy: string,
  now: Date,
): { residentId?: string; consent?: Consent } => {
  if (!input.residentId) {
    if (!input.name?.trim()) throw PartyErrors.nameRequired();
    return {};
  }
  if (!input.consent) throw PartyErrors.consentRequired();
  return {
    residentId: input.residentId,
    consent: { ...input.consent, recordedBy, recordedAt: now.toISOString() },
  };
};
