/** The shapes of the residents' meetings routes (requests and answers). */
import { z } from '@hono/zod-openapi';
import { MEETING_BASES, MEETING_KINDS, plainTextOf } from '@linli/community';
import { ULID_RE } from './shared.ts';

export const MeetingScope = z
  .union([
    z.object({ kind: z.literal('community') }),
    z.object({ kind: z.literal('building'), building: z.string() }),
    z.object({ kind: z.literal('grid'), grid: z.string() }),
  ])
  .openapi('MeetingScope');

const Votes = z
  .object({
    for: z.number().int().min(0).max(100_000),
    against: z.number().int().min(0).max(100_000),
    abstain: z.number().int().min(0).max(100_000),
  })
  .strict();

export const MinutesItemInput = z
  .object({
    agendaId: z.string().regex(/^a\d{1,2}$/),
    discussion: plainTextOf(4000),
    decision: plainTextOf(2000).optional(),
    votes: Votes.optional(),
  })
  .strict()
  .openapi('MeetingMinutesItemInput');

const MinutesItem = z
  .object({
    agendaId: z.string(),
    discussion: z.string(),
    decision: z.string().optional(),
    votes: z
      .object({ for: z.number().int(), against: z.number().int(), abstain: z.number().int() })
      .optional(),
    /** With a show of hands: more than half of those present voted for it. */
    passed: z.boolean().optional(),
  })
  .openapi('MeetingMinutesItem');

const Quorum = z
  .object({
    expected: z.number().int(),
    present: z.number().int(),
    required: z.number().int(),
    reached: z.boolean(),
  })
  .openapi('MeetingQuorum');

const Attendee = z
  .object({
    residentId: z.string(),
    as: z.enum(['resident', 'household', 'representative']),
    /** The resident's name as the caller's role sees residents (masked); absent if erased. */
    name: z.string().optional(),
  })
  .openapi('MeetingAttendee');

/** A meeting as lists show it (no attendee names). */
export const MeetingSchema = z
  .object({
    id: z.string(),
    communityCode: z.string(),
    kind: z.enum(MEETING_KINDS),
    scope: MeetingScope,
    title: z.string(),
    startsAt: z.string(),
    place: z.string(),
    convener: z.string(),
    agenda: z.array(z.object({ id: z.string(), title: z.string() })),
    basis: z.enum(MEETING_BASES).optional(),
    expected: z.number().int().optional(),
    recorded: z.number().int(),
    headCount: z.number().int(),
    present: z.number().int(),
    quorum: Quorum.optional(),
    consultationId: z.string().optional(),
    status: z.enum(['planned', 'held', 'published']),
    summary: z.string().optional(),
    minutes: z.array(MinutesItem),
    corrections: z.array(
      z.object({
        agendaId: z.string(),
        reason: z.string(),
        from: MinutesItem,
        at: z.string(),
        by: z.string(),
      }),
    ),
    noticeId: z.string().optional(),
    createdAt: z.string(),
    createdBy: z.string(),
    heldAt: z.string().optional(),
    publishedAt: z.string().optional(),
    version: z.number().int(),
  })
  .openapi('Meeting');

export const MeetingDetail = z
  .object({ meeting: MeetingSchema, attendees: z.array(Attendee) })
  .openapi('MeetingDetail');

export const MeetingInput = z
  .object({
    communityCode: z.string(),
    kind: z.enum(MEETING_KINDS),
    title: plainTextOf(100),
    startsAt: z.iso.datetime({ offset: true }),
    place: plainTextOf(100),
    convener: plainTextOf(60),
    agenda: z.array(plainTextOf(200)).min(1).max(20),
    basis: z.enum(MEETING_BASES).optional(),
    expected: z.number().int().min(1).max(100_000).optional(),
    building: plainTextOf(20).optional(),
    grid: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,20}$/)
      .optional(),
    consultationId: z.string().regex(ULID_RE).optional(),
  })
  .strict()
  .refine((v) => !(v.building && v.grid), { path: ['grid'], message: 'a building or a grid, not both' })
  .openapi('MeetingInput');

export const AttendanceInput = z
  .object({
    version: z.number().int().min(1),
    attendees: z
      .array(
        z
          .object({
            residentId: z.string().regex(ULID_RE),
            as: z.enum(['resident', 'household', 'representative']).default('resident'),
          })
          .strict(),
      )
      .max(1000),
    headCount: z.number().int().min(0).max(100_000),
  })
  .strict()
  .openapi('MeetingAttendanceInput');

export const MinutesInput = z
  .object({
    version: z.number().int().min(1),
    summary: plainTextOf(2000, 0).optional(),
    items: z.array(MinutesItemInput).max(20),
  })
  .strict()
  .openapi('MeetingMinutesInput');

export const PublishInput = z
  .object({ version: z.number().int().min(1), notice: z.boolean().default(true) })
  .strict()
  .openapi('MeetingPublishInput');

export const CorrectionInput = z
  .object({ version: z.number().int().min(1), item: MinutesItemInput, reason: plainTextOf(500) })
  .strict()
  .openapi('MeetingCorrectionInput');

export const VersionInput = z
  .object({ version: z.number().int().min(1) })
  .strict()
  .openapi('MeetingVersion');
