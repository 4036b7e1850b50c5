/** CAS Registry Numbers: NNNNNNN-NN-C where C is a check digit. Pure. */
export function normalizeCas(input: string): string {
  return input.trim().replace(/\s+/g, '');
}

/** True when the format and the check digit are right ("7664-93-9"). */
export function isValidCas(cas: string): boolean {
  const m = /^(\d{2,7})-(\d{2})-(\d)$/.exec(normalizeCas(cas));
  if (!m) return false;
  const digits = (m[1]! + m[2]!).split('').reverse().map(Number);
  const sum = digits.reduce((acc, d, i) => acc + d * (i + 1), 0);
  return sum % 10 === Number(m[3]);
}
