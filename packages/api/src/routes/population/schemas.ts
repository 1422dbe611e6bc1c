/**
 * Request parameters and response shapes of the population routes (residents, reviews, settings,
 * analytics; base and thematic records in `record-schemas.ts`, imports in `import-schemas.ts`). Responses are what the
 * handlers really send: personal fields leave the API masked (`张*`, `138****5678`, `***`) and are
 * typed as the strings they then are; fields a role may not see are absent, hence optional.
 */
import { z } from '@hono/zod-openapi';
import { communityCodeSchema, humanText, streetCodeSchema, ulidSchema, uniqueList } from '@linli/core';
import { REVIEWABLE_ACTIONS, REVIEWABLE_FIELDS, TAGS, VERIFY_REASONS } from '@linli/population';
import { pageOf } from '../../openapi.ts';

// --- parameters -------------------------------------------------------------------------------

// One strict schema per kind (@linli/core/canonical): a code is a string of digits, nothing else.
export const COMMUNITY = communityCodeSchema;
export const STREET = streetCodeSchema;
export const ULID = ulidSchema;
export const limitQ = z.coerce.number().int().min(1).max(200).default(50);
export const cursorQ = z.string().max(2000).optional();
export const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** A reason or purpose a person writes: ≥ 4 visible characters (zero-width and NUL do not count). */
export const reasonS = humanText(4, 500);
export const STATUSES = ['active', 'moved-out', 'deceased'] as const;
export const IdParam = z.object({ id: ULID });

/** A resident as entered (labels or codes; validated and normalised by the population package). */
export const ResidentInput = z
  .object({
    name: z.string().max(50).optional(),
    idNumber: z.string().max(30).optional(),
    sex: z.string().max(10).optional(),
    birthDate: z.string().max(20).optional(),
    ethnicity: z.string().max(20).optional(),
    registration: z.string().max(10).optional(),
    mobile: z.string().max(20).optional(),
    education: z.string().max(20).optional(),
    politicalStatus: z.string().max(20).optional(),
    tags: z.union([z.array(z.string().max(20)).max(10), z.string().max(200)]).optional(),
    communityCode: z.optional(COMMUNITY),
    building: z.string().max(20).optional(),
    unit: z.string().max(20).optional(),
    room: z.string().max(20).optional(),
    householdRef: z.string().max(40).optional(),
    relationship: z.string().max(20).optional(),
    address: z.string().max(200).optional(),
  })
  .passthrough()
  .openapi('ResidentInput');

// --- residents --------------------------------------------------------------------------------

const masked = (description: string) => z.string().openapi({ description });
export const isoTime = z.string().openapi({ description: 'ISO 8601 instant' });

/** Record metadata of a resident: never personal, never masked. */
const residentMeta = {
  id: z.string(),
  status: z.enum(STATUSES),
  version: z.number().int(),
  communityCode: z.string(),
  streetCode: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  lastVerifiedAt: isoTime,
  verify: z.array(z.enum(VERIFY_REASONS)).optional().openapi({
    description: 'what to check against the papers: `legacy-id` (an upgraded 15-digit ID number)',
  }),
};

/** Personal fields as a role sees them by default: masked, or absent when the role may not see them. */
const maskedPersonal = {
  name: masked('masked, e.g. `张*`').optional(),
  idNumber: masked('masked, e.g. `110105********002X`').optional(),
  sex: masked('`***`').optional(),
  birthDate: masked('masked, e.g. `1949-**-**`').optional(),
  ethnicity: masked('`***`').optional(),
  registration: masked('`***`').optional(),
  mobile: masked('masked, e.g. `138****5678`').optional(),
  education: masked('`***`').optional(),
  politicalStatus: masked('`***`').optional(),
  tags: z.array(z.string()).optional().openapi({ description: 'one `***` per tag' }),
  building: masked('`***`').optional(),
  unit: masked('`***`').optional(),
  room: masked('masked address part, e.g. `***`').optional(),
  householdRef: masked('`***`').optional(),
  relationship: masked('`***`').optional(),
  address: masked('the address as imported, house number masked').optional(),
  legacyIdNumber: masked('the 15-digit number an import upgraded, masked').optional(),
  movedOut: masked('`***` when the resident moved out').optional(),
  deceased: masked('`***` when the resident died').optional(),
  movedInFrom: masked('`***` when the resident moved in').optional(),
};

export const MaskedResident = z
  .object({ ...maskedPersonal, ...residentMeta, masked: z.literal(true) })
  .openapi('MaskedResident');
export const ResidentPage = pageOf(MaskedResident).openapi('ResidentPage');
export const StaleResidents = z
  .object({
    before: isoTime.openapi({ description: 'residents last verified before this instant' }),
    days: z.number().int(),
    items: z.array(MaskedResident),
    cursor: z.string().optional(),
  })
  .openapi('StaleResidents');

const orClear = <S extends z.ZodType>(clear: S) => z.union([z.string(), clear]);

/** The resident with the named fields in clear (the rest masked as in {@link MaskedResident}). */
export const RevealedResident = z
  .object({
    ...maskedPersonal,
    tags: z.array(z.string()).optional(),
    movedOut: orClear(z.object({ date: z.string(), destination: z.string().optional() })).optional(),
    deceased: orClear(z.object({ date: z.string() })).optional(),
    ...residentMeta,
    revealed: z.array(z.string()).openapi({ description: 'the fields shown in clear (audited)' }),
  })
  .openapi('RevealedResident');

export const REVIEW_ACTIONS = ['update', 'death', 'move-out', 'erase', 'move-in'] as const;
export const REVIEW_STATUSES = ['pending', 'approved', 'rejected'] as const;

export const Review = z
  .object({
    id: z.string(),
    residentId: z.string(),
    action: z.enum(REVIEW_ACTIONS),
    status: z.enum(REVIEW_STATUSES),
    communityCode: z.string(),
    streetCode: z.string(),
    proposedBy: z.string(),
    proposedAt: isoTime,
    baseVersion: z.number().int(),
    fields: z.array(z.string()),
    decidedBy: z.string().optional(),
    decidedAt: isoTime.optional(),
    note: z.string().optional(),
  })
  .openapi('Review');
export const ReviewPage = pageOf(Review).openapi('ReviewPage');
export const ReviewDetail = Review.extend({
  proposedRole: z.string(),
  proposedChannel: z.string(),
  proposed: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).openapi({
    description: 'the proposed values, masked like a resident (reveal the resident for clear values)',
  }),
}).openapi('ReviewDetail');
/** A change parked for four-eyes review (202). */
export const Parked = z.object({ review: Review }).openapi('ParkedForReview');

export const Erased = z.object({ id: z.string(), erased: z.literal(true) }).openapi('Erased');

export const HistoryEntry = z
  .object({
    version: z.number().int(),
    action: z.string(),
    at: isoTime,
    actor: z.string(),
    role: z.string(),
    channel: z.string(),
    importId: z.string().optional(),
    reviewedBy: z.string().optional(),
    reviewId: z.string().optional(),
    fields: z.array(z.string()),
    changes: z
      .record(z.string(), z.object({ from: z.unknown(), to: z.unknown() }))
      .openapi({ description: 'old and new value per field, masked by role' }),
  })
  .openapi('ResidentHistoryEntry');

// --- settings ---------------------------------------------------------------------------------

export const REVIEW_FIELDS = REVIEWABLE_FIELDS;

export const Settings = z
  .object({
    fourEyes: z.boolean(),
    // Sets, bounded by what they can hold (issue 11: 80 000 entries were once accepted).
    reviewFields: uniqueList(z.enum(REVIEWABLE_FIELDS), REVIEWABLE_FIELDS.length),
    reviewActions: uniqueList(z.enum(REVIEWABLE_ACTIONS), REVIEWABLE_ACTIONS.length),
    staleAfterDays: z.number().int().min(1).max(3650),
  })
  .openapi('PopulationSettings');

// --- analytics --------------------------------------------------------------------------------

const counts = z.record(z.string(), z.number().int());
export const PopulationStats = z
  .object({
    scope: z.object({ street: z.string().optional(), community: z.string().optional() }),
    asOf: isoTime,
    residents: z.number().int(),
    pyramid: z.array(z.object({ band: z.string(), male: z.number().int(), female: z.number().int() })),
    registration: z.object({ local: z.number().int(), migrant: z.number().int() }),
    tags: counts.openapi({ description: `by tag (${TAGS.join(', ')})` }),
    status: z.object({ movedOut: z.number().int(), deceased: z.number().int() }),
    households: z.number().int(),
    housing: z.object({
      units: z.number().int(),
      occupied: z.number().int(),
      vacant: z.number().int(),
      seasonal: z.number().int(),
      occupancyRate: z.number(),
    }),
    buildings: z.number().int(),
    grids: z.number().int(),
    organizations: counts.openapi({ description: 'by organization type' }),
    byCommunity: z.array(
      z.object({
        communityCode: z.string(),
        residents: z.number().int(),
        migrant: z.number().int(),
        elderly: z.number().int(),
      }),
    ),
  })
  .openapi('PopulationStats');
