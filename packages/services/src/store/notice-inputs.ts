/**
 * What staff send to publish a notice (the route's input schema), apart from the notice store: the
 * portal's server renderer reads current notices through the store and builds none of these.
 */
import { isCommunityCode } from '@linli/core';
import { z } from 'zod';
import { plainText } from '../text.ts';

export const noticeScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('district') }).strict(),
  z
    .object({
      kind: z.literal('community'),
      communityCode: z.string().refine(isCommunityCode, 'a 12-digit community code'),
    })
    .strict(),
]);
export type NoticeScope = z.infer<typeof noticeScopeSchema>;

const instant = z.iso.datetime({ offset: true });
export const noticeInputSchema = z
  .object({
    title: plainText(100),
    body: plainText(5000),
    scope: noticeScopeSchema,
    /** When it appears (default: now). */
    publishAt: instant.optional(),
    /** When it disappears (default: never). */
    expiresAt: instant.optional(),
  })
  .strict()
  .refine(
    (n) => !n.expiresAt || Date.parse(n.expiresAt) > Date.parse(n.publishAt ?? new Date().toISOString()),
    {
      path: ['expiresAt'],
      params: {
        code: 'NOTICE_EXPIRY',
        zh: '截止时间须晚于发布时间',
        en: 'the expiry must be after the publication',
      },
      message: 'the expiry must be after the publication',
    },
  );
export type NoticeInput = z.infer<typeof noticeInputSchema>;
