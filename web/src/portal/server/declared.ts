/**
 * Compile-time check that the server renderer matches what `web/portal-server.d.ts` declares to
 * the packages that cannot type-check React sources (no value at run time).
 */
import type * as Declared from '../../../portal-server';
import type * as Impl from './index';

export type CreatePortalAppMatches = typeof Impl.createPortalApp extends typeof Declared.createPortalApp
  ? true
  : never;
export const createPortalAppMatches: CreatePortalAppMatches = true;
export type RenderPortalMatches = typeof Impl.renderPortal extends typeof Declared.renderPortal
  ? true
  : never;
export const renderPortalMatches: RenderPortalMatches = true;
