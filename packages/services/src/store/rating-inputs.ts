/**
 * A resident's rating, a completed rectification and a callback's outcome, as `zod/mini` schemas.
 * Apart from the store (`ratings.ts`) so a function that only reads ratings (the indicator
 * collector) does not build these at cold start.
 */
import * as z from 'zod/mini';
import { plainText } from '../text.ts';
import { RATING_DIMENSIONS, RATING_LEVELS, type RatingDimension } from './ratings.ts';

const level = z.enum(RATING_LEVELS);
export const ratingInputSchema = z.strictObject({
  level,
  dimensions: z.strictObject(
    Object.fromEntries(RATING_DIMENSIONS.map((d) => [d, level])) as Record<RatingDimension, typeof level>,
  ),
  comment: z.optional(plainText(500)),
});
export type RatingInput = z.infer<typeof ratingInputSchema>;

export const rectificationCompleteSchema = z.strictObject({
  resolution: plainText(1000),
  version: z.number().check(z.int(), z.gte(1)),
});
export const callbackOutcomeSchema = z.strictObject({
  /** Whether the applicant was reached. */
  reached: z.boolean(),
  /** Their satisfaction after the call, when reached. */
  levelAfter: z.optional(level),
  note: plainText(500),
});
