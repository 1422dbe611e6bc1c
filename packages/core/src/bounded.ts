/**
 * Small `zod/mini` building blocks the domain schemas share. A module of their own, with no schema
 * built at load, so a function that imports them builds nothing it does not use.
 */
import * as z from 'zod/mini';

/** Trimmed text of 1…`max` characters. */
export const trimmedText = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** An integer in `min`…`max`. */
export const intBetween = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));
