/** Mainland China mobile numbers: 11 digits starting 13–19 (MIIT numbering plan). */
const CN_MOBILE = /^1[3-9]\d{9}$/;

/**
 * `138 1234 5678`, `138-1234-5678`, `+86 13812345678` or `8613812345678` → `+8613812345678`
 * (E.164, what Cognito stores); null when it is not a mainland mobile number.
 */
export function toE164(input: string): string | null {
  let digits = input.replace(/[\s\-()]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return CN_MOBILE.test(digits) ? `+86${digits}` : null;
}

/** Letters, CJK, spaces, dots and hyphens, at most 40: a name, not markup. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters
export const NAME_PATTERN = /^[^\u0000-\u001f\u007f<>]{1,40}$/;
