/**
 * Key design of community work inside one tenant's partition space (docs/community.md). Every
 * partition key is built with `store.keys.pk`, so it carries the tenant prefix IAM pins; no personal
 * value appears in a key (a vote's key is the resident record's ULID, never a name or number).
 */
import type { TenantStore } from '@linli/tenancy';

export const versionKey = (n: number): string => `V#${String(n).padStart(6, '0')}`;

export const comKeys = (store: TenantStore) => {
  const k = store.keys;
  return {
    /** Every task's summary: sk `T#<id>` (ULID: newest last). */
    tasks: () => k.pk('CTASKS'),
    /** One task's assignments: sk `A#<communityCode>`. */
    task: (id: string) => k.pk('CTASK', id),
    /** GSI1 of an assignment: a community's tasks, sk `<deadline>#<taskId>`. */
    communityTasks: (community: string) => k.pk('CTASKC', community),
    /** Report templates of the district: sk `T#<code>` (current); versions under `template`. */
    templates: () => k.pk('RTPL'),
    /** Every version of a template, immutable: sk `V#000001`… */
    template: (code: string) => k.pk('RTPLV', code),
    /** Report cycles: sk `C#<id>`. */
    cycles: () => k.pk('RCYCLES'),
    /** Uniqueness of a template's cycle per period and scope: sk `U`. */
    cycleGuard: (template: string, period: string, scope: string) => k.pk('RCYCU', template, period, scope),
    /** One cycle's community reports: sk `R#<communityCode>`. */
    cycle: (id: string) => k.pk('RCYC', id),
    /** Consultations: sk `C#<id>`. */
    consultations: () => k.pk('CONS'),
    /** One consultation's votes: sk `V#<residentId>` (one per resident, conditional put). */
    votes: (id: string) => k.pk('CONSV', id),
  };
};
export type ComKeys = ReturnType<typeof comKeys>;
