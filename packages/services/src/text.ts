/**
 * Free text that residents and staff write (comments, notices, service names): plain text only.
 * Markup is refused at the edge rather than escaped later, so nothing stored can become a script
 * in a page, an SMS or a printed notice.
 */
import * as z from 'zod/mini';

/** Something that reads as an HTML/XML tag, comment or entity. */
const MARKUP = /<\s*[a-zA-Z!/?]|&(#\d+|#x[0-9a-f]+|[a-z]+);/i;

export const hasMarkup = (s: string): boolean => MARKUP.test(s);

/**
 * A trimmed plain-text string of 1…`max` characters with no markup. Written with `zod/mini`, as the
 * catalogue is (the scheduled functions read stored services): `z.optional(plainText(n))`, not
 * `.optional()`.
 */
export const plainText = (max: number, min = 1) =>
  z.string().check(
    z.trim(),
    z.minLength(min),
    z.maxLength(max),
    z.refine((s) => !hasMarkup(s), {
      params: { code: 'TEXT_MARKUP', zh: '不能包含 HTML 标记', en: 'HTML markup is not allowed' },
      message: 'HTML markup is not allowed',
    }),
  );
