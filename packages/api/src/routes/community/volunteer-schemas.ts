/** Schemas of the civil-organizations routes (volunteers, activities, hours) and what they share. */
import { z } from '@hono/zod-openapi';
import {
  dateOnly,
  getVolunteer,
  MAX_ENTRY_MINUTES,
  MINUTES_STEP,
  plainTextOf,
  type Volunteer,
  VolunteerErrors,
} from '@linli/community';
import { communityCodeSchema } from '@linli/core';
import type { PopulationStore } from '@linli/population';
import type { Role } from '@linli/tables';
import { present as presentResident } from '../population/shared.ts';
import { managedBy, plain, ULID_RE } from './shared.ts';

export const Minutes = z
  .number()
  .int()
  .min(MINUTES_STEP)
  .max(MAX_ENTRY_MINUTES)
  .multipleOf(MINUTES_STEP)
  .openapi({ description: 'Whole minutes, in tenths of an hour (multiples of 6), at most 24 hours' });

export const Person = z
  .object({
    /** The resident record's name and mobile as the caller's role sees residents (masked). */
    name: z.string().optional(),
    mobile: z.string().optional(),
    /** False when the record was erased or left the community (moved out, deceased). */
    active: z.boolean(),
  })
  .openapi('VolunteerPerson');

export const VolunteerSchema = z
  .object({
    id: z.string(),
    residentId: z.string(),
    communityCode: z.string(),
    teams: z.array(z.string()),
    skills: z.array(z.string()),
    status: z.enum(['active', 'inactive']),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
    person: Person,
  })
  .openapi('Volunteer');

export const VolunteerInputSchema = z
  .object({
    residentId: z.string().regex(ULID_RE),
    teams: z.array(z.string().regex(ULID_RE)).min(1).max(10),
    skills: z.array(plainTextOf(20)).max(10).default([]),
  })
  .strict()
  .openapi('VolunteerInput');

export const VolunteerChangeSchema = z
  .object({
    teams: z.array(z.string().regex(ULID_RE)).min(1).max(10).optional(),
    skills: z.array(plainTextOf(20)).max(10).optional(),
    status: z.enum(['active', 'inactive']).optional(),
    expectedVersion: z.number().int().min(1),
  })
  .strict()
  .openapi('VolunteerChange');

export const HoursEntrySchema = z
  .object({
    id: z.string(),
    volunteerId: z.string(),
    activityId: z.string(),
    activityTitle: z.string(),
    orgId: z.string(),
    orgName: z.string(),
    communityCode: z.string(),
    date: z.string(),
    minutes: z.number().int(),
    kind: z.enum(['record', 'correction']),
    reason: z.string().optional(),
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .openapi('VolunteerHoursEntry');

export const ActivitySchema = z
  .object({
    id: z.string(),
    communityCode: z.string(),
    orgId: z.string(),
    orgName: z.string(),
    date: z.string(),
    title: z.string(),
    place: z.string(),
    description: z.string(),
    participants: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi('VolunteerActivity');

export const ActivityInputSchema = z
  .object({
    orgId: z.string().regex(ULID_RE),
    date: dateOnly,
    title: plainTextOf(100),
    place: plainTextOf(100),
    description: plainTextOf(2000).optional(),
    participants: z.number().int().min(0).max(100_000),
    hours: z
      .array(z.object({ volunteerId: z.string().regex(ULID_RE), minutes: Minutes }).strict())
      .max(40)
      .default([]),
  })
  .strict()
  .openapi('VolunteerActivityInput');

export const Period = z.enum(['year', '12m']).default('year');
export const PeriodRange = z.object({ period: z.enum(['year', '12m']), from: z.string(), to: z.string() });

export const CommunityQuery = z.object({ community: z.optional(communityCodeSchema) });

/** A volunteer in the caller's scope for `volunteers:manage` (else 404: it does not exist for them). */
export const managedVolunteer = managedBy('volunteers:manage', getVolunteer, VolunteerErrors.notFound);

/** The resident behind each volunteer, as `role` sees residents (read 25 at a time). */
export const peopleOf = async (
  people: PopulationStore,
  role: Role,
  residentIds: readonly string[],
): Promise<Map<string, z.infer<typeof Person>>> => {
  const out = new Map<string, z.infer<typeof Person>>();
  const ids = [...new Set(residentIds)];
  for (let at = 0; at < ids.length; at += 25)
    await Promise.all(
      ids.slice(at, at + 25).map(async (rid) => {
        const v = await people.get(rid);
        const p = v ? presentResident(v, role) : undefined;
        out.set(rid, {
          ...(p?.name ? { name: p.name } : {}),
          ...(p?.mobile ? { mobile: p.mobile } : {}),
          active: v?.status === 'active',
        });
      }),
    );
  return out;
};

export const presentVolunteer = (v: Volunteer, person: z.infer<typeof Person> | undefined) => ({
  ...plain(v),
  person: person ?? { active: false },
});
