/** Masks for contact data shown to someone who is not its owner (PIPL: minimum disclosure). */
export const maskMobile = (mobile: string): string =>
  /^\d{11}$/.test(mobile) ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : '****';

export const maskEmail = (email: string): string => {
  const at = email.indexOf('@');
  if (at < 1) return '****';
  const local = email.slice(0, at);
  return `${local[0]}***@${email.slice(at + 1)}`;
};
