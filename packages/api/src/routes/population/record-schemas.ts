/** Response shapes of households, buildings, housing units, grids, organizations and thematic records. */
import { z } from '@hono/zod-openapi';
import { BUILDING_USES, OCCUPANCIES, ORGANIZATION_TYPES, TENURES, UNIT_USES } from '@linli/population';
import { Bilingual, FieldIssue, pageOf } from '../../openapi.ts';
import { isoTime } from './schemas.ts';

const masked = (description: string) => z.string().openapi({ description });

// --- base records -----------------------------------------------------------------------------

/** A stored record: metadata and its `value`. */
const stored = <S extends z.ZodType>(value: S) => ({
  id: z.string(),
  communityCode: z.string(),
  version: z.number().int(),
  createdAt: isoTime,
  updatedAt: isoTime,
  lastVerifiedAt: isoTime,
  value,
});

export const HouseholdMember = z.object({
  residentId: z.string(),
  relationship: z.string().openapi({ description: 'GB/T 4761 code' }),
});
export const Household = z
  .object(
    stored(
      z.object({
        householdRef: z.string(),
        communityCode: z.string(),
        streetCode: z.string(),
        kind: z.enum(['family', 'collective']),
        building: z.string().optional().openapi({ description: 'masked (`***`) except on save' }),
        unit: z.string().optional().openapi({ description: 'masked (`***`) except on save' }),
        room: z.string().optional().openapi({ description: 'masked (`***`) except on save' }),
        members: z.array(HouseholdMember),
      }),
    ),
  )
  .openapi('Household');
export const HouseholdPage = pageOf(Household).openapi('HouseholdPage');

export const Building = z
  .object(
    stored(
      z.object({
        communityCode: z.string(),
        number: z.string(),
        name: z.string().optional(),
        address: z.string().optional(),
        floors: z.number().int().optional(),
        use: z.enum(BUILDING_USES),
        yearBuilt: z.number().int().optional(),
      }),
    ),
  )
  .openapi('Building');
export const BuildingPage = pageOf(Building).openapi('BuildingPage');

export const HousingUnit = z
  .object(
    stored(
      z.object({
        communityCode: z.string(),
        building: z.string(),
        unit: z.string().optional(),
        room: z.string(),
        areaSqm: z.number().optional(),
        use: z.enum(UNIT_USES),
        tenure: z.enum(TENURES),
        occupancy: z.enum(OCCUPANCIES),
      }),
    ),
  )
  .openapi('HousingUnit');
export const HousingUnitPage = pageOf(HousingUnit).openapi('HousingUnitPage');

export const Grid = z
  .object(
    stored(
      z.object({
        communityCode: z.string(),
        code: z.string(),
        name: z.string(),
        buildings: z.array(z.string()),
        workerName: z.string().optional(),
        workerUsername: z.string().optional(),
        description: z.string().optional(),
      }),
    ),
  )
  .openapi('Grid');
export const GridPage = pageOf(Grid).openapi('GridPage');

const organizationValue = {
  communityCode: z.string(),
  name: z.string(),
  type: z.enum(ORGANIZATION_TYPES),
  creditCode: z.string().optional(),
  contactName: z.string().optional(),
  contactMobile: z.string().optional(),
  memberCount: z.number().int().optional(),
};
/** An organization as listed and read: its contact person masked by role. */
export const Organization = z
  .object(
    stored(
      z.object({
        ...organizationValue,
        contactName: masked('masked, e.g. `王*`').optional(),
        contactMobile: masked('masked, e.g. `138****5678`').optional(),
      }),
    ),
  )
  .openapi('Organization');
export const OrganizationPage = pageOf(Organization).openapi('OrganizationPage');
/** An organization as saved (contact in clear, to its writer); a failed credit-code check in `warnings`. */
export const SavedOrganization = z
  .object({ ...stored(z.object(organizationValue)), warnings: z.array(FieldIssue).optional() })
  .openapi('SavedOrganization');

// --- thematic records -------------------------------------------------------------------------

const thematicFields = stored(
  z.object({
    kind: z.string(),
    department: z.string(),
    subjectType: z.enum(['resident', 'organization']),
    subjectId: z.string(),
    data: z
      .record(z.string(), z.unknown())
      .openapi({ description: "the kind's fields (see `GET /api/t/thematic-kinds`)" }),
  }),
);
/** A thematic record with its sensitive fields masked (`***`); `masked` names them. */
export const ThematicRecord = z
  .object({ ...thematicFields, masked: z.array(z.string()) })
  .openapi('ThematicRecord');
export const ThematicPage = pageOf(ThematicRecord).openapi('ThematicPage');
export const RevealedThematicRecord = z.object(thematicFields).openapi('RevealedThematicRecord');

export const ThematicKindInfo = z
  .object({
    key: z.string(),
    department: z.string(),
    module: z.string(),
    labels: Bilingual,
    subject: z.enum(['resident', 'organization']),
    fields: z.array(
      z.object({
        key: z.string(),
        labels: Bilingual,
        sensitive: z.boolean(),
        schema: z.record(z.string(), z.unknown()).openapi({ description: "the field's JSON Schema" }),
      }),
    ),
    enabled: z.boolean(),
  })
  .openapi('ThematicKind');
