/**
 * Key design of one-stop services inside a tenant's partition space (docs/data-model.md, section
 * "One-stop services"). Every partition key is built with `store.keys.pk`, so it carries the
 * tenant prefix IAM pins; no personal value (name, ID number, mobile) appears in any key.
 */
import type { TenantStore } from '@linli/tenancy';
import type { CaseStatus } from '../workflow.ts';

/** Zero-padded definition version so versions sort as strings. */
export const defVersion = (n: number): string => `V#${String(n).padStart(6, '0')}`;

/** An inbox partition: an area (community, street, department, district) or the desk a case waits at. */
export type InboxScope =
  | { readonly kind: 'community'; readonly unit: string }
  | { readonly kind: 'street'; readonly unit: string }
  | { readonly kind: 'department'; readonly unit: string }
  | { readonly kind: 'district' }
  | { readonly kind: 'desk'; readonly level: string; readonly unit: string };

const scopeParts = (s: InboxScope): string[] => {
  switch (s.kind) {
    case 'community':
      return ['C', s.unit];
    case 'street':
      return ['S', s.unit];
    case 'department':
      return ['D', s.unit];
    case 'district':
      return ['ALL'];
    default:
      return ['Q', s.level, s.unit];
  }
};

export const svcKeys = (store: TenantStore) => {
  const k = store.keys;
  return {
    /** Current definition of each service the district offers: sk `SERVICE#<code>`. */
    catalogue: () => k.pk('CATALOGUE'),
    /** Every version of a service's definition, immutable: sk `V#000001`… */
    definition: (code: string) => k.pk('SVCDEF', code),
    /** The case: `CUR`; its timeline `EV#<iso>#<ulid>`; notes `NOTE#<iso>#<ulid>`. */
    case: (id: string) => k.pk('CASE', id),
    /** GSI1 of the case item: an applicant's cases, sk `<createdAt>#<id>`. */
    applicantCases: (applicantRef: string) => k.pk('SVCAPP', applicantRef),
    /** Day counters of case numbers: sk `<yyyymmdd>`. */
    numbers: () => k.pk('SVCNO'),
    /** Uniqueness guard and lookup of a case number: sk `CASE`. */
    number: (caseNumber: string) => k.pk('CASENO', caseNumber),
    /** Idempotency key of a submission, per applicant: sk `KEY`. */
    idempotency: (applicantRef: string, key: string) => k.pk('SVCIDEM', applicantRef, key),
    /**
     * Inbox entries: sk `<sort date>#<caseId>` (step due date while open, closing date after). With
     * `service`, the same scope's entries of that one service (every entry is written both ways), so
     * a service filter is one partition's Query too.
     */
    inbox: (scope: InboxScope, status: CaseStatus, service?: string) =>
      service
        ? k.pk('SVCIX', ...scopeParts(scope), status, 'S', service)
        : k.pk('SVCIX', ...scopeParts(scope), status),
    /** A colleague's assigned cases (the staff `sub`, not a personal value), same sort key. */
    assigned: (sub: string, status: CaseStatus) => k.pk('SVCIXA', sub, status),
  };
};
export type SvcKeys = ReturnType<typeof svcKeys>;
