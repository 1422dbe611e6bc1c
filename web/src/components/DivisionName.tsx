/**
 * Streets and communities are shown by name: people know 和平里社区, not 110101001001. The code stays
 * on hover (title) for the few who need it, and as the accessible description.
 */
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { keys, useStreets } from '../api/client';
import { body, tenantApi } from '../api/http';

const STREET = /^\d{9}$/;
const COMMUNITY = /^\d{12}$/;

/**
 * Names for street (9-digit) and community (12-digit) codes, from the org structure the caller may
 * read (a community worker's own street lists only their community). Unknown codes map to nothing.
 */
export function useDivisionNames(
  codes: readonly (string | undefined)[],
): (code: string | undefined) => string | undefined {
  const needStreets = codes.some((c) => c && STREET.test(c));
  const streetsOfCommunities = [
    ...new Set(codes.filter((c): c is string => !!c && COMMUNITY.test(c)).map((c) => c.slice(0, 9))),
  ].sort();
  const streets = useStreets(needStreets);
  const communities = useQueries({
    queries: streetsOfCommunities.map((street) => ({
      queryKey: keys.communities(street),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        body(
          tenantApi.GET('/api/t/org/streets/{code}/communities', {
            params: { path: { code: street } },
            signal,
          }),
        ),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const stamp = communities.map((q) => q.dataUpdatedAt).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `stamp` stands for the queries' data
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const s of streets.data ?? []) m.set(s.code, s.name);
    for (const q of communities) for (const c of q.data ?? []) m.set(c.code, c.name);
    return m;
  }, [streets.data, stamp]);
  return (code) => (code ? names.get(code) : undefined);
}

/** A division's name, its code on hover; the code itself while the name is loading or unknown. */
export function DivisionName({ code }: { code: string | undefined }) {
  const nameOf = useDivisionNames([code]);
  if (!code) return <>—</>;
  const name = nameOf(code);
  return name ? (
    <span title={code} className="division-name">
      {name}
    </span>
  ) : (
    <span className="mono">{code}</span>
  );
}
