import { useEffect, useState } from 'react';
import { browserApi } from '../api';

/** Resident pages that stand on an optional module: their link and page exist only where it is on. */
export const PAGE_MODULE = {
  consultations: 'self-governance',
  events: 'culture-education-sports',
} as const satisfies Record<string, string>;

/** The module a resident page stands on, if any. */
export const pageModule = (page: string): string | undefined =>
  page in PAGE_MODULE ? PAGE_MODULE[page as keyof typeof PAGE_MODULE] : undefined;

/** Whether a resident page is offered with these modules (pages no module gates always are). */
export const pageOffered = (page: string, modules: readonly string[]) => {
  const needs = pageModule(page);
  return !needs || modules.includes(needs);
};

// One request per district and page load, shared by every page and link that asks.
const loaded = new Map<string, Promise<readonly string[] | null>>();

/**
 * The district's enabled modules: `known` when the page already has the district, else read once
 * from the public district API when `wanted` (undefined until it answers, or when it failed).
 */
export function useDistrictModules(
  slug: string,
  known?: readonly string[],
  wanted = true,
): readonly string[] | undefined {
  const [modules, setModules] = useState<readonly string[]>();
  useEffect(() => {
    if (known || !wanted) return;
    let live = true;
    let request = loaded.get(slug);
    if (!request) {
      request = browserApi.district(slug).then(
        (d) => d?.modules ?? null,
        () => {
          loaded.delete(slug);
          return null;
        },
      );
      loaded.set(slug, request);
    }
    void request.then((m) => {
      if (live && m) setModules(m);
    });
    return () => {
      live = false;
    };
  }, [slug, known, wanted]);
  return known ?? modules;
}
