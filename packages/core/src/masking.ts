/**
 * Masks for contact data shown to someone who is not its owner (PIPL arts. 28, 51: minimum
 * disclosure). Plain functions without dependencies, so the web client uses the same ones
 * (`@linli/core/masking`).
 */

const stars = (n: number) => '*'.repeat(Math.max(0, n));

/**
 * `13812345678` or `+8613812345678` → `138****5678`: first 3 and last 4 kept, the length of the
 * national number preserved. Short input is fully masked.
 */
export const maskMobile = (mobile: string): string => {
  const m = mobile.replace(/^\+86/, '');
  return m.length < 8 ? stars(m.length) : m.slice(0, 3) + stars(m.length - 7) + m.slice(-4);
};

/** `zhang.san@yuhang.gov.cn` → `z***@yuhang.gov.cn`; anything without a local part → `****`. */
export const maskEmail = (email: string): string => {
  const at = email.indexOf('@');
  if (at < 1) return '****';
  return `${email[0]}***@${email.slice(at + 1)}`;
};
