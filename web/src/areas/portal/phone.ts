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

/** `+8613812345678` → `138****5678` (never show the full number on screen). */
export function maskMobile(e164: string): string {
  const d = e164.replace(/^\+86/, '');
  return d.length === 11 ? `${d.slice(0, 3)}****${d.slice(-4)}` : d.replace(/\d(?=\d{4})/g, '*');
}

/** Cognito's policy in AWS: at least 8, upper, lower, digit and symbol. */
export function strongPassword(p: string): boolean {
  return p.length >= 8 && /[A-Z]/.test(p) && /[a-z]/.test(p) && /\d/.test(p) && /[^A-Za-z0-9]/.test(p);
}

/** Letters, CJK, spaces, dots and hyphens, at most 40: a name, not markup. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters
export const NAME_PATTERN = /^[^\u0000-\u001f\u007f<>]{1,40}$/;
