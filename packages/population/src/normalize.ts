/** Mobile numbers as digits only, without a +86 / 0086 country prefix. */
export const normalizeMobile = (input: string): string => {
  const digits = input.normalize('NFKC').replace(/\D/g, '');
  if (digits.length === 13 && digits.startsWith('86')) return digits.slice(2);
  if (digits.length === 15 && digits.startsWith('0086')) return digits.slice(4);
  return digits;
};
