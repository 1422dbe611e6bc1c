import { tenantIdSchema as tenantId } from '@linli/tenancy';
import * as z from 'zod/mini';

export type { TenantDataJobs } from './deps.ts';

/*
 * The contract between the control API and the function that runs whole-tenant jobs
 * (`functions/tenant-lifecycle.ts`): the event it accepts and what it answers. The runner on each
 * side lives in `@linli/adapters`. Written with `zod/mini`, as every schema a scheduled or worker
 * function reads is (docs/benchmarks.md).
 */

const text = z.string().check(z.minLength(1));
const actor = z.object({ sub: text, role: text });

/** The event `functions/tenant-lifecycle.ts` accepts. */
export const tenantDataJobSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('offboard'),
    tenantId,
    actor,
    reason: z.optional(z.string().check(z.maxLength(500))),
  }),
  z.object({ action: z.literal('erase'), tenantId, actor }),
  z.object({
    action: z.literal('archive'),
    tenantId,
    token: z.string().check(z.minLength(1), z.maxLength(200)),
  }),
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
