import { LinliError } from '@linli/core';
import { tenantIdSchema } from './model.ts';

/**
 * The one module that builds tenant-data keys. Every partition key of the tenant table and of its
 * indexes starts with `T#<tenantId>#`; IAM `dynamodb:LeadingKeys` pins credentials to that prefix.
 */
export const tenantPrefix = (tenantId: string): string => {
  if (!tenantIdSchema.safeParse(tenantId).success) {
    throw new LinliError('TENANT_ID_INVALID', 400, { zh: '区县标识无效', en: 'Invalid tenant id' });
  }
  return `T#${tenantId}#`;
};

/** A key fragment may not contain the separator, so no fragment can climb out of its prefix. */
const fragment = (part: string | number): string => {
  const s = String(part);
  if (s.length === 0 || s.includes('#') || s.length > 200) {
    throw new LinliError('KEY_FRAGMENT_INVALID', 400, {
      zh: '标识包含不允许的字符',
      en: 'Identifier contains characters that are not allowed',
    });
  }
  return s;
};

export interface TenantKeys {
  readonly tenantId: string;
  readonly prefix: string;
  /** Partition key `T#<tenant>#<a>#<b>…`. */
  pk(...parts: (string | number)[]): string;
  /** True when a key value belongs to this tenant. */
  owns(value: unknown): boolean;
}

export const tenantKeys = (tenantId: string): TenantKeys => {
  const prefix = tenantPrefix(tenantId);
  return {
    tenantId,
    prefix,
    pk: (...parts) => prefix + parts.map(fragment).join('#'),
    owns: (value) => typeof value === 'string' && value.startsWith(prefix),
  };
};

/** Sort-key helper: `#`-joined validated fragments (sort keys need no tenant prefix). */
export const sk = (...parts: (string | number)[]): string => parts.map(fragment).join('#');
