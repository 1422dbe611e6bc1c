import type { RequestContext } from '@linli/auth';
import type { Actor } from '@linli/population';
import type { Tenant, TenantStore } from '@linli/tenancy';

/** Hono variables set by Linli's middleware. */
export interface AppEnv {
  Variables: {
    ctx: RequestContext;
    store: TenantStore;
    channel: 'web' | 'kiosk' | 'call-centre' | 'api';
    /** Set instead of `ctx` on routes a system calls with a district-issued key (routes/channels). */
    keyAuth: { readonly tenant: Tenant; readonly actor: Actor };
  };
}
