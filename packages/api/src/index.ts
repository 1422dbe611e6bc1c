export { createControlApp, type ControlAppDeps } from './control-app.ts';
export { createTenantApp, type TenantAppDeps } from './tenant-app.ts';
