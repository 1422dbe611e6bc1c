/**
 * The declared surface of `@linli/web/portal-server` for code type-checked outside the web project
 * (the local platform, the portal Lambda): they have no DOM or JSX types, so they see this instead
 * of the React sources. `src/portal/server/declared.ts` checks the implementation against it.
 */
import type { Hono } from 'hono';
import type { components } from './src/api/control.gen';

type Schema = components['schemas']['DistrictPortal'];
/** What the public district endpoint answers; arrays read-only so the API's own values fit. */
export type DistrictPortal = Omit<Schema, 'modules' | 'notices'> & {
  readonly modules: readonly string[];
  readonly notices: readonly Schema['notices'][number][];
};

export interface PortalApi {
  district(slug: string, signal?: AbortSignal): Promise<DistrictPortal | null>;
}

export interface PortalAppOptions {
  readonly template: () => string;
  readonly api: PortalApi;
}

/** A Hono app (`GET /t/*`): the gateway calls its `fetch`, the Lambda wraps it with `hono/aws-lambda`. */
export function createPortalApp(opts: PortalAppOptions): Hono;

export interface RenderedPortal {
  readonly status: 200 | 404;
  readonly html: string;
}

export function renderPortal(
  url: URL,
  opts: { template: string; api: PortalApi; cookie?: string | null | undefined },
): Promise<RenderedPortal>;
