/** `@linli/web/portal-server`: the portal's server renderer, for the local gateway and the portal Lambda. */
export type { DistrictPortal, PortalApi } from '../api';
export { createPortalApp, type PortalAppOptions } from './app';
export { type RenderedPortal, renderPortal, scriptJson } from './render';
