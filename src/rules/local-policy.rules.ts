/**
 * A CUPA's local policies (docs/product.md §8): its annual due date, and the notes it
 * writes on each document part. Pure.
 */
export const POLICY_NOTE_MAX = 500;

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// February has 28: the annual date must come every year.
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Why a month and day cannot be the annual due date, or null when they can.
 * February 29 is refused: a date that exists one year in four would leave
 * three years without a due date.
 */
export function annualDueDateProblem(month: number, day: number): string | null {
  if (!Number.isInteger(month) || month < 1 || month > 12) return 'Choose the month of the annual due date';
  if (!Number.isInteger(day) || day < 1 || day > 31) return 'Enter the day of the annual due date, a number from 1 to 31';
  if (month === 2 && day === 29) return 'February 29 does not come every year: choose February 28 or March 1';
  const days = DAYS_IN_MONTH[month - 1]!;
  if (day > days) return `${MONTH_NAMES[month - 1]} has only ${days} days: enter a day from 1 to ${days}`;
  return null;
}

/** "March 1": how the due date reads on the CUPA's pages. */
export function annualDueDateText(month: number, day: number): string {
  return `${MONTH_NAMES[month - 1] ?? '?'} ${day}`;
}
