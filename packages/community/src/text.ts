/** Plain text at the edge: trimmed, bounded, no markup (the same rule as the services package). */
import { z } from 'zod';

const MARKUP = /<\s*[a-zA-Z!/?]|&(#\d+|#x[0-9a-f]+|[a-z]+);/i;

export const plainTextOf = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !MARKUP.test(s), {
      params: { code: 'TEXT_MARKUP', zh: '不能包含 HTML 标记', en: 'HTML markup is not allowed' },
      message: 'HTML markup is not allowed',
    });

/** A calendar date `YYYY-MM-DD` that exists. */
export const dateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'a real date',
  );
