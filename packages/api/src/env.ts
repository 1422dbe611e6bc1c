import type { RequestContext } from '@linli/auth';
import type { TenantStore } from '@linli/tenancy';

/** Hono variables set by Linli's middleware. */
export interface AppEnv {
  Variables: {
    ctx: RequestContext;
    store: TenantStore;
    channel: 'web' | 'kiosk' | 'call-centre' | 'api';
  };
}
