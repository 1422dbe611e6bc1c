/**
 * What staff and the telephony system send to the hotline and SMS routes, as `zod/mini` schemas.
 * Apart from the stores (`calls.ts`, `sms.ts`) so a function that only reads them (the indicator
 * collector counts calls and texts) does not build these at cold start.
 */
import { trimmedText } from '@linli/core';
import * as z from 'zod/mini';
import { plainText } from '../text.ts';
import { CALL_OUTCOMES } from './calls.ts';

export const callEventSchema = z.strictObject({
  from: z.string().check(z.trim(), z.regex(/^(\+?\d{3,20}|withheld)$/, 'a phone number or "withheld"')),
  callId: z.optional(trimmedText(100)),
  line: z.optional(trimmedText(40)),
});

export const callCloseSchema = z.strictObject({
  outcome: z.enum(CALL_OUTCOMES),
  caseNumber: z.optional(z.string().check(z.regex(/^\d{6}-\d{8}-\d{4}$/))),
  note: z.optional(plainText(500)),
});

export const broadcastSchema = z.strictObject({
  text: plainText(300),
  area: z.union([
    z.strictObject({ community: z.string().check(z.regex(/^\d{12}$/)) }),
    z.strictObject({ street: z.string().check(z.regex(/^\d{9}$/)) }),
  ]),
});

export const closeInboundSchema = z.strictObject({
  caseNumber: z.optional(z.string().check(z.regex(/^\d{6}-\d{8}-\d{4}$/))),
  note: z.optional(plainText(500)),
});
