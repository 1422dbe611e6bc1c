import { z } from 'zod';

export type { TenantDataJobs } from './deps.ts';

/*
 * The contract between the control API and the function that runs whole-tenant jobs
 * (`functions/tenant-lifecycle.ts`): the event it accepts and what it answers. The runner on each
 * side lives in `@linli/adapters`.
 */

const actor = z.object({ sub: z.string().min(1), role: z.string().min(1) });
const tenantId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);

/** The event `functions/tenant-lifecycle.ts` accepts. */
export const tenantDataJobSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('offboard'), tenantId, actor, reason: z.string().max(500).optional() }),
  z.object({ action: z.literal('erase'), tenantId, actor }),
  z.object({ action: z.literal('archive'), tenantId, token: z.string().min(1).max(200) }),
]);
export type TenantDataJob = z.infer<typeof tenantDataJobSchema>;

/** What the function answers: a result, or a domain error to re-raise in the caller. */
export type TenantDataJobResult =
  | { readonly ok: true; readonly result: unknown }
  | {
      readonly ok: false;
      readonly error: {
        readonly code: string;
        readonly status: number;
        readonly zh: string;
        readonly en: string;
      };
    };
