/** What the notice routes share: the schemas of a notice as staff and as the public see it. */
import { z } from '@hono/zod-openapi';
import type { DecisionSource, Notice } from '@linli/services';

const Scope = z
  .union([
    z.object({ kind: z.literal('district') }),
    z.object({ kind: z.literal('community'), communityCode: z.string() }),
  ])
  .openapi('NoticeScope');
const Entry = z
  .object({ name: z.string(), idNumber: z.string(), detail: z.string().optional() })
  .openapi('NoticeEntry');

/** A notice as the portal shows it (masked entries only; no author). */
export const PublicNotice = z
  .object({
    id: z.string(),
    kind: z.enum(['general', 'decision']),
    title: z.string(),
    body: z.string(),
    scope: Scope,
    publishedAt: z.string(),
    expiresAt: z.string().optional(),
    entries: z.array(Entry).optional(),
  })
  .openapi('PublicNotice');

/** A notice as its publishers manage it. */
export const NoticeSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['general', 'decision']),
    title: z.string(),
    body: z.string(),
    scope: Scope,
    publishAt: z.string(),
    expiresAt: z.string().optional(),
    status: z.enum(['published', 'withdrawn']),
    entries: z.array(Entry).optional(),
    serviceCode: z.string().optional(),
    createdAt: z.string(),
    createdBy: z.string(),
    withdrawnAt: z.string().optional(),
    version: z.number().int(),
  })
  .openapi('Notice');

export const NoticeIdParam = z.object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/) });
export const CommunityQuery = z.object({
  community: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
});

export const presentNotice = ({ entries, scope, ...n }: Notice): z.infer<typeof NoticeSchema> => ({
  ...n,
  scope: { ...scope },
  ...(entries ? { entries: entries.map((e) => ({ ...e })) } : {}),
});

/**
 * What a decision notice needs of a stored case: its answers with the sealed ones opened as
 * `CaseStore` seals them (cases.ts: personal fields, bound to the case id). Read without CaseStore to
 * keep the workflow engine out of the light tenant-api bundle; the integration test publishes a
 * case that CaseStore filed, so a change of that format fails it.
 */
export const decisionSourceOf = (
  id: string,
  item: Record<string, unknown>,
  cipher: { decrypt(sealed: string, context: string): string },
): DecisionSource => {
  const sealed: unknown = JSON.parse(cipher.decrypt(String(item.pii), `case:${id}`));
  const clear: unknown = item.form;
  const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? { ...v } : {});
  return {
    caseId: id,
    number: String(item.number),
    communityCode: String(item.communityCode),
    status: String(item.status),
    form: { ...obj(clear), ...obj(sealed) },
  };
};
