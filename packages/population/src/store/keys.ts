/**
 * Key design of the comprehensive database inside one tenant's partition space (see
 * docs/data-model.md). Every partition key — table and index — is built with `store.keys.pk`, so
 * it starts with the tenant prefix `T#<tenantId>#` that IAM `LeadingKeys` pins. Sort keys carry
 * no tenant prefix. No plaintext ID number, mobile or name ever appears in a key: exact search
 * goes through the tenant's keyed hashes (`TenantCipher.hash`).
 */
import type { TenantStore } from '@linli/tenancy';

/** A key fragment from free text (building numbers, rooms): `#` is the separator, so it is replaced. */
export const frag = (s: string | undefined): string => (s ? s.replaceAll('#', '＃').slice(0, 40) : '-');

/** Zero-padded version number so versions sort as strings. */
export const ver = (n: number): string => `VER#${String(n).padStart(6, '0')}`;

export const streetOf = (communityCode: string) => communityCode.slice(0, 9);

export type ResidentStatus = 'active' | 'moved-out' | 'deceased';

/** Number of counter shards per community (concurrent importers write different shards). */
export const COUNTER_SHARDS = 4;

export const popKeys = (store: TenantStore) => {
  const k = store.keys;
  return {
    // --- residents -------------------------------------------------------------------------
    /** Resident partition: `CUR` (current state), `VER#000001…` (change history), `ERASED` (tombstone). */
    resident: (rid: string) => k.pk('RES', rid),
    /** Uniqueness guard and exact ID search: one item per keyed ID hash, sk `ID`. */
    idGuard: (idHash: string) => k.pk('RIX', 'i', idHash),
    /** Name-prefix and mobile search terms: sk `<communityCode>#<rid>` (scope by sk prefix). */
    nameTerm: (hash: string) => k.pk('RIX', 'n', hash),
    mobileTerm: (hash: string) => k.pk('RIX', 'm', hash),
    /** Active residents carrying a tag: sk `<communityCode>#<rid>`. */
    tag: (tag: string) => k.pk('RTAG', tag),
    /** GSI1: residents of a community by status, sk `<building>#<unit>#<room>#<rid>`. */
    byCommunity: (community: string, status: ResidentStatus) => k.pk('RCOM', community, status),
    /** GSI2: active residents of a community by last-verified date, sk `<iso>#<rid>` (freshness). */
    freshness: (community: string) => k.pk('RFRESH', community),
    /** GSI3: residents of a street by status, sk `<community>#<building>#…` . */
    byStreet: (street: string, status: ResidentStatus) => k.pk('RST', street, status),
    // --- review queue (parked changes live in the resident partition, sk `REVIEW#<id>`) -------
    /** GSI1 / GSI2: reviews of a street (or `ALL`) by status, sk `<createdAt>#<id>`. */
    reviewQueue: (street: string, status: string) => k.pk('REVIEWQ', street, status),
    // --- counters, settings, imports ---------------------------------------------------------
    /** One partition of counters; sk `C#<communityCode>#<shard>` (street = sk prefix `C#<street>`). */
    stats: () => k.pk('STATS'),
    settings: () => k.pk('POPCFG'),
    importJob: (id: string) => k.pk('IMPORT', id),
    // --- base records --------------------------------------------------------------------------
    household: (ref: string) => k.pk('HH', ref),
    /** GSI1: households of a community, sk `<building>#<unit>#<room>#<ref>`. */
    householdsOf: (community: string) => k.pk('HHCOM', community),
    /** Buildings of a community: sk `<number>`; units of a building: sk `U#<number>#<unit>#<room>`. */
    buildings: (community: string) => k.pk('BLD', community),
    /** Grids of a community: sk `G#<code>`. */
    grids: (community: string) => k.pk('GRID', community),
    organization: (id: string) => k.pk('ORGN', id),
    /** GSI1: organizations of a community, sk `<type>#<id>`. */
    organizationsOf: (community: string) => k.pk('ORGCOM', community),
    // --- thematic records ----------------------------------------------------------------------
    thematic: (kind: string, id: string) => k.pk('TH', kind, id),
    /** GSI1: records of a kind in a community, sk `<updatedAt>#<id>`. */
    thematicOf: (kind: string, community: string) => k.pk('THK', kind, community),
    /** GSI2: records about one subject (resident or organization), sk `<kind>#<id>`. */
    thematicBySubject: (subjectId: string) => k.pk('THS', subjectId),
  };
};
export type PopKeys = ReturnType<typeof popKeys>;
