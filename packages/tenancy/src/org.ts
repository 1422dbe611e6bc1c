import type { TenantStore } from './store.ts';

export interface StreetRecord {
  readonly code: string;
  readonly name: string;
  readonly communityCount: number;
}
export interface CommunityRecord {
  readonly code: string;
  readonly name: string;
  readonly streetCode: string;
  readonly kind: 'residents' | 'village';
}

/**
 * The district's organisation structure (streets → communities) in one partition
 * `T#<id>#ORG`: streets sort as `STREET#<code>`, communities as `COMMUNITY#<street>#<code>`, so
 * one street's communities are a `begins_with` query. A district has at most a few thousand.
 */
export const orgPk = (store: TenantStore) => store.keys.pk('ORG');

export const importOrg = async (
  store: TenantStore,
  streets: readonly { code: string; name: string }[],
  communities: readonly { code: string; name: string; streetCode: string; kind: 'residents' | 'village' }[],
): Promise<number> => {
  const pk = orgPk(store);
  const counts = new Map<string, number>();
  for (const c of communities) counts.set(c.streetCode, (counts.get(c.streetCode) ?? 0) + 1);
  // Idempotent: items are keyed by their division codes, so a rerun overwrites the same items.
  return store.batchPut([
    ...streets.map((s) => ({
      pk,
      sk: `STREET#${s.code}`,
      type: 'street',
      code: s.code,
      name: s.name,
      communityCount: counts.get(s.code) ?? 0,
    })),
    ...communities.map((c) => ({
      pk,
      sk: `COMMUNITY#${c.streetCode}#${c.code}`,
      type: 'community',
      code: c.code,
      name: c.name,
      streetCode: c.streetCode,
      kind: c.kind,
    })),
  ]);
};

export const listStreets = async (store: TenantStore): Promise<StreetRecord[]> =>
  (await store.queryAll<StreetRecord & { pk: string }>({ pk: orgPk(store), skPrefix: 'STREET#' })).map(
    ({ code, name, communityCount }) => ({ code, name, communityCount }),
  );

export const listCommunities = async (store: TenantStore, streetCode?: string): Promise<CommunityRecord[]> =>
  (
    await store.queryAll<CommunityRecord>({
      pk: orgPk(store),
      skPrefix: streetCode ? `COMMUNITY#${streetCode}#` : 'COMMUNITY#',
    })
  ).map(({ code, name, streetCode: s, kind }) => ({ code, name, streetCode: s, kind }));
