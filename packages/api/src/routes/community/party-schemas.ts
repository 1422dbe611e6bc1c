/** 社区党建: the request and response schemas of the party-building routes, and their shared checks. */
import { z } from '@hono/zod-openapi';
import { type Action, allows } from '@linli/auth';
import { dateOnly, getBranch, PARTY_MEETING_KINDS, PartyErrors, plainTextOf } from '@linli/community';
import type { C } from '../population/shared.ts';
import { managedBy, ULID_RE } from './shared.ts';

export const PARTY: Action = 'party-building:manage';

/** A branch the caller may work with; outside their scope it does not exist for them (404). */
export const branchFor = managedBy(PARTY, getBranch, PartyErrors.branchNotFound);

/** True when the caller may work with the party branches of `community`. */
export const partyOn = (c: C, community: string) => allows(c.get('ctx'), PARTY, { communityCode: community });

export const BranchParam = z.object({ id: z.string().regex(ULID_RE) });
export const MemberParam = z.object({ id: z.string().regex(ULID_RE), member: z.string().regex(ULID_RE) });
export const YearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

export const BranchSchema = z
  .object({
    id: z.string(),
    communityCode: z.string(),
    name: z.string(),
    kind: z.enum(['branch', 'general-branch']),
    secretary: z.string(),
    foundedOn: z.string(),
    members: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string(),
    version: z.number().int(),
  })
  .openapi('PartyBranch');

export const BranchInput = z
  .object({
    communityCode: z.string(),
    name: plainTextOf(60),
    kind: z.enum(['branch', 'general-branch']),
    secretary: plainTextOf(30),
    foundedOn: dateOnly,
  })
  .strict()
  .openapi('PartyBranchInput');

const ConsentSchema = z
  .object({
    method: z.enum(['written', 'oral']),
    givenOn: z.string(),
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .openapi('PartyConsent');

const TransferIn = z.object({ date: dateOnly, from: plainTextOf(100) }).strict();
const TransferOut = z.object({ date: dateOnly, to: plainTextOf(100) }).strict();

export const MemberSchema = z
  .object({
    id: z.string(),
    branchId: z.string(),
    communityCode: z.string(),
    /** As the caller's role sees names (masked: `张*`); in clear only through the reveal route. */
    name: z.string().optional(),
    linked: z.boolean(),
    residentId: z.string().optional(),
    consent: ConsentSchema.optional(),
    standing: z.enum(['full', 'probationary']),
    joinedOn: z.string(),
    transferredIn: z.object({ date: z.string(), from: z.string() }).optional(),
    status: z.enum(['active', 'transferred-out']),
    transferredOut: z.object({ date: z.string(), to: z.string() }).optional(),
    createdAt: z.string(),
    createdBy: z.string(),
    version: z.number().int(),
  })
  .openapi('PartyMember');

export const MemberInput = z
  .object({
    /** Required without a resident link; with one the resident record's name is used. */
    name: plainTextOf(50).optional(),
    residentId: z.string().regex(ULID_RE).optional(),
    consent: z
      .object({ method: z.enum(['written', 'oral']), givenOn: dateOnly })
      .strict()
      .optional(),
    standing: z.enum(['full', 'probationary']),
    joinedOn: dateOnly,
    transferredIn: TransferIn.optional(),
  })
  .strict()
  .openapi('PartyMemberInput');

export const MemberChangeInput = z
  .object({
    version: z.number().int().min(1),
    standing: z.enum(['full', 'probationary']).optional(),
    transferOut: TransferOut.optional(),
    unlink: z.literal(true).optional(),
  })
  .strict()
  .openapi('PartyMemberChange');

export const RevealInput = z
  .object({ reason: plainTextOf(200, 4) })
  .strict()
  .openapi('PartyMemberReveal');

const AttendanceSchema = z.object({
  memberId: z.string().regex(ULID_RE),
  present: z.boolean(),
  reason: plainTextOf(100).optional(),
});

export const MeetingSchema = z
  .object({
    id: z.string(),
    branchId: z.string(),
    communityCode: z.string(),
    kind: z.enum(PARTY_MEETING_KINDS),
    date: z.string(),
    topic: z.string(),
    place: z.string(),
    host: z.string(),
    notes: z.string(),
    attendance: z.array(AttendanceSchema),
    present: z.number().int(),
    absent: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi('PartyMeeting');

export const MeetingInput = z
  .object({
    kind: z.enum(PARTY_MEETING_KINDS),
    date: dateOnly,
    topic: plainTextOf(100),
    place: plainTextOf(100),
    host: plainTextOf(30),
    notes: plainTextOf(5000, 0).default(''),
    attendance: z.array(AttendanceSchema.strict()).max(500),
  })
  .strict()
  .openapi('PartyMeetingInput');

const PeriodSchema = z.object({
  period: z.string(),
  held: z.number().int(),
  state: z.enum(['held', 'missed', 'open', 'future', 'before-founding']),
});

export const OverviewSchema = z
  .object({
    year: z.number().int(),
    branches: z.array(
      z.object({
        branch: BranchSchema,
        kinds: z.array(
          z.object({
            kind: z.enum(['congress', 'committee', 'group', 'lecture']),
            cadence: z.enum(['monthly', 'quarterly']),
            held: z.number().int(),
            expected: z.number().int(),
            due: z.number().int(),
            missed: z.number().int(),
            periods: z.array(PeriodSchema),
          }),
        ),
        otherActivities: z.number().int(),
        behind: z.boolean(),
      }),
    ),
  })
  .openapi('PartyOverview');
