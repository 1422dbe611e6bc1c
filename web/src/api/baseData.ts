/**
 * The base data of the community comprehensive database besides residents (issue 6): households,
 * buildings and housing units, community organizations and grids. Every list is one community's,
 * paged by an opaque cursor; every write is "create or replace" (organizations: create, then
 * PATCH with the version seen). The API checks scope and masks personal fields.
 */
import {
  type QueryKey,
  useInfiniteQuery,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { body, type TenantSchemas as T, tenantApi } from './http';
import { invalidate } from './invalidate';
import { definedQuery, fetchResident, type Page, popKeys } from './population';

/**
 * A stored base record as the contract answers it: bookkeeping around the `value` that was
 * validated and saved. `warnings`: accepted with a reservation (e.g. a credit code that fails its
 * GB 32100 check; only an organization's save answers them).
 */
export type StoredRecord<V> = Omit<T['Building'], 'value'> & {
  value: V;
  warnings?: T['SavedOrganization']['warnings'];
};

// --- households -------------------------------------------------------------------------------

export type HouseholdType = T['Household']['value']['kind'];
export const HOUSEHOLD_TYPES: readonly HouseholdType[] = ['family', 'collective'];
/** GB/T 4761 code of the household head. */
export const HOUSEHOLD_HEAD = '02';

export type HouseholdMember = T['Household']['value']['members'][number];

/** A household (its `building`, `unit` and `room` masked `***` for every role). */
export type Household = T['Household']['value'];

/** The store keeps the household type as `kind`. */
export const householdType = (h: Household): HouseholdType | undefined => h.kind;

/*
 * The write bodies below stay hand-written: the contract declares them as open objects
 * (`HouseholdInput`, `BuildingInput`… are `{ [key: string]: unknown }`, the handlers validate and
 * answer field errors in problem+json), so it has no shape to generate. The answers are typed.
 */

export interface HouseholdInput {
  householdRef: string;
  communityCode: string;
  type: HouseholdType;
  building?: string;
  unit?: string;
  room?: string;
  /** Members by ID number (each must already be a registered resident). */
  members: { idNumber: string; relationship: string }[];
  /** The version replaced (a stale one answers 409 `VERSION_CONFLICT`). */
  version?: number;
}

/**
 * A change to an existing household: only what is given changes. Kept members are named by
 * `residentId` (what the masked view shows), new ones by `idNumber`.
 */
export interface HouseholdPatch {
  version: number;
  type?: HouseholdType;
  building?: string;
  unit?: string;
  room?: string;
  members?: ({ residentId: string; relationship: string } | { idNumber: string; relationship: string })[];
}

// --- buildings and housing units ------------------------------------------------------------------

export type Building = T['Building']['value'];
export type BuildingUse = Building['use'];
export const BUILDING_USES = [
  'residential',
  'commercial',
  'mixed',
  'public',
  'other',
] as const satisfies readonly BuildingUse[];

export type HousingUnit = T['HousingUnit']['value'];
export type UnitUse = HousingUnit['use'];
export const UNIT_USES = [
  'residential',
  'commercial',
  'office',
  'mixed',
  'other',
] as const satisfies readonly UnitUse[];
export type Tenure = HousingUnit['tenure'];
export const TENURES = ['owned', 'rented', 'public-rental', 'other'] as const satisfies readonly Tenure[];
export type Occupancy = HousingUnit['occupancy'];
export const OCCUPANCIES = ['occupied', 'vacant', 'seasonal'] as const satisfies readonly Occupancy[];

// --- organizations -----------------------------------------------------------------------------

/** An organization; `contactName` and `contactMobile` are masked in the one-organization view. */
export type Organization = T['Organization']['value'];
export type OrganizationType = Organization['type'];
export const ORGANIZATION_TYPES = [
  'party-branch',
  'volunteer-team',
  'civil-organization',
  'business',
] as const satisfies readonly OrganizationType[];

// --- grids --------------------------------------------------------------------------------------

/** A grid: `code` is short within the community (e.g. `01`), `buildings` the numbers it covers. */
export type Grid = T['Grid']['value'];

// --- requests -----------------------------------------------------------------------------------

/** Rows per page of the base-data lists. */
export const BASE_PAGE = 50;

export const fetchHouseholds = (community: string, cursor?: string, signal?: AbortSignal) =>
  body(
    tenantApi.GET('/api/t/households', {
      params: { query: definedQuery({ community, limit: BASE_PAGE, cursor }) },
      signal,
    }),
  );

export const fetchHousehold = (ref: string, signal?: AbortSignal) =>
  body(tenantApi.GET('/api/t/households/{ref}', { params: { path: { ref } }, signal }));

export const saveHousehold = (input: HouseholdInput) =>
  body(tenantApi.POST('/api/t/households', { body: { ...input } }));

export const patchHousehold = (ref: string, patch: HouseholdPatch) =>
  body(tenantApi.PATCH('/api/t/households/{ref}', { params: { path: { ref } }, body: { ...patch } }));

export const fetchBuildings = (
  community: string,
  cursor?: string,
  signal?: AbortSignal,
  limit: number = BASE_PAGE,
) =>
  body(
    tenantApi.GET('/api/t/buildings', {
      params: { query: definedQuery({ community, limit, cursor }) },
      signal,
    }),
  );

/** Every building of a community (for choosers), at most `maxPages` pages of 200. */
export async function fetchAllBuildings(
  community: string,
  signal?: AbortSignal,
  maxPages = 10,
): Promise<StoredRecord<Building>[]> {
  const out: StoredRecord<Building>[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchBuildings(community, cursor, signal, 200);
    out.push(...page.items);
    cursor = page.cursor;
    if (!cursor) break;
  }
  return out;
}

/** `version`: the version replaced, or 0 to create only (a stale or taken one answers 409). */
export const saveBuilding = (input: Building & { version?: number }) =>
  body(tenantApi.POST('/api/t/buildings', { body: { ...input } }));

export const fetchUnits = (community: string, building: string, cursor?: string, signal?: AbortSignal) =>
  body(
    tenantApi.GET('/api/t/buildings/{community}/{number}/units', {
      params: {
        path: { community, number: building },
        query: definedQuery({ limit: BASE_PAGE, cursor }),
      },
      signal,
    }),
  );

export const saveUnit = (input: HousingUnit & { version?: number }) =>
  body(tenantApi.POST('/api/t/housing-units', { body: { ...input } }));

export const fetchOrganizations = (
  community: string,
  type?: OrganizationType,
  cursor?: string,
  signal?: AbortSignal,
) =>
  body(
    tenantApi.GET('/api/t/organizations', {
      params: { query: definedQuery({ community, type, limit: BASE_PAGE, cursor }) },
      signal,
    }),
  );

export const fetchOrganization = (id: string, signal?: AbortSignal) =>
  body(tenantApi.GET('/api/t/organizations/{id}', { params: { path: { id } }, signal }));

export const createOrganization = (input: Organization) =>
  body(tenantApi.POST('/api/t/organizations', { body: { ...input } }));

/** Change the given fields of an organization; `version` is the version the user saw. */
export const updateOrganization = (id: string, patch: Partial<Organization> & { version: number }) =>
  body(tenantApi.PATCH('/api/t/organizations/{id}', { params: { path: { id } }, body: { ...patch } }));

export const fetchGrids = (community: string, cursor?: string, signal?: AbortSignal) =>
  body(
    tenantApi.GET('/api/t/grids', {
      params: { query: definedQuery({ community, limit: BASE_PAGE, cursor }) },
      signal,
    }),
  );

export const saveGrid = (input: Grid & { version?: number }) =>
  body(tenantApi.POST('/api/t/grids', { body: { ...input } }));

/** The residents living in the grid's buildings (masked as in the residents list). */
export const fetchGridResidents = (community: string, code: string, cursor?: string, signal?: AbortSignal) =>
  body(
    tenantApi.GET('/api/t/grids/{community}/{code}/residents', {
      params: { path: { community, code }, query: definedQuery({ limit: BASE_PAGE, cursor }) },
      signal,
    }),
  );

// --- hooks --------------------------------------------------------------------------------------

export const baseKeys = {
  all: ['population', 'base'] as const,
  households: (community: string) => ['population', 'base', 'households', community] as const,
  household: (ref: string) => ['population', 'base', 'household', ref] as const,
  buildings: (community: string) => ['population', 'base', 'buildings', community] as const,
  allBuildings: (community: string) => ['population', 'base', 'buildings', community, 'all'] as const,
  units: (community: string, building: string) =>
    ['population', 'base', 'units', community, building] as const,
  organizations: (community: string, type?: string) =>
    ['population', 'base', 'organizations', community, type ?? ''] as const,
  organization: (id: string) => ['population', 'base', 'organization', id] as const,
  grids: (community: string) => ['population', 'base', 'grids', community] as const,
  gridResidents: (community: string, code: string) =>
    ['population', 'base', 'grid-residents', community, code] as const,
};

/** A cursor-paged list read page by page ("load more"); `rows` is every page loaded so far. */
export function useCursorList<T>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>,
  enabled = true,
) {
  const q = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.cursor || undefined,
    enabled,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...q, rows };
}

/** After a base-data write: its lists, and the analytics counting households, units and organizations. */
function useBaseChanged() {
  const qc = useQueryClient();
  return (...keys: QueryKey[]) => {
    return invalidate(qc, ...keys, ['population', 'analytics']);
  };
}

export function useSaveHousehold() {
  const changed = useBaseChanged();
  return useMutation({
    mutationFn: saveHousehold,
    onSuccess: (r) =>
      changed(baseKeys.households(r.communityCode), baseKeys.household(r.value.householdRef ?? r.id)),
  });
}

export function usePatchHousehold() {
  const changed = useBaseChanged();
  return useMutation({
    mutationFn: ({ ref, patch }: { ref: string; patch: HouseholdPatch }) => patchHousehold(ref, patch),
    onSuccess: (r) =>
      changed(baseKeys.households(r.communityCode), baseKeys.household(r.value.householdRef ?? r.id)),
  });
}

export function useSaveBuilding() {
  const changed = useBaseChanged();
  return useMutation({
    mutationFn: saveBuilding,
    onSuccess: (r) => changed(baseKeys.buildings(r.communityCode)),
  });
}

export function useSaveUnit() {
  const changed = useBaseChanged();
  return useMutation({
    mutationFn: saveUnit,
    onSuccess: (r) => changed(baseKeys.units(r.communityCode, r.value.building)),
  });
}

export function useCreateOrganization() {
  const changed = useBaseChanged();
  return useMutation({
    mutationFn: createOrganization,
    onSuccess: (r) => changed(['population', 'base', 'organizations', r.communityCode]),
  });
}

export function useUpdateOrganization(id: string) {
  const changed = useBaseChanged();
  return useMutation({
    mutationFn: (patch: Partial<Organization> & { version: number }) => updateOrganization(id, patch),
    onSuccess: (r) =>
      changed(['population', 'base', 'organizations', r.communityCode], baseKeys.organization(id)),
  });
}

export function useSaveGrid() {
  const changed = useBaseChanged();
  return useMutation({
    mutationFn: saveGrid,
    onSuccess: (r) =>
      changed(baseKeys.grids(r.communityCode), ['population', 'base', 'grid-residents', r.communityCode]),
  });
}

export function useHousehold(ref: string | undefined) {
  return useQuery({
    queryKey: baseKeys.household(ref ?? ''),
    queryFn: ({ signal }) => fetchHousehold(ref!, signal),
    enabled: Boolean(ref),
  });
}

export function useOrganization(id: string | undefined) {
  return useQuery({
    queryKey: baseKeys.organization(id ?? ''),
    queryFn: ({ signal }) => fetchOrganization(id!, signal),
    enabled: Boolean(id),
  });
}

/** Every building of a community, for the grid form's chooser. */
export function useAllBuildings(community: string) {
  return useQuery({
    queryKey: baseKeys.allBuildings(community),
    queryFn: ({ signal }) => fetchAllBuildings(community, signal),
    enabled: Boolean(community),
  });
}

/** Household members as residents (masked), one request each, shared with the resident page's cache. */
export function useResidentsById(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: popKeys.resident(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchResident(id, signal),
      enabled: Boolean(id),
      retry: false,
    })),
  });
}
