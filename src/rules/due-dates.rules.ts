/**
 * When an element is next due (HSC 25508): every year by the CUPA's annual date
 * (March 1 unless the CUPA sets another); within 30 days of a Not Accepted
 * decision; and within 30 days of a reportable change. Pure.
 */
const DAY = 86400_000;

export const THIRTY_DAY_RULE =
  'Also submit within 30 days of a change: a new hazardous material, a 100% increase of one, a new address, owner or name, or a substantial change in operations.';

/** A Not Accepted element must be corrected and resubmitted within 30 days of the decision. */
export function resubmitDeadline(notAcceptedAt: Date): Date {
  return new Date(notAcceptedAt.getTime() + 30 * DAY);
}

export type DueDate = { date: Date | null; reason: string; overdue: boolean };

export function nextDueDate(p: {
  lastSubmittedAt: Date | null;
  notAcceptedAt: Date | null;
  annualMonth: number;
  annualDay: number;
  today: Date;
}): DueDate {
  if (p.notAcceptedAt) {
    const date = resubmitDeadline(p.notAcceptedAt);
    return { date, reason: 'Correct and resubmit within 30 days of the Not Accepted decision', overdue: p.today > date };
  }
  if (!p.lastSubmittedAt) {
    return { date: null, reason: 'Not yet submitted: a facility files within 30 days of first handling reportable hazardous materials', overdue: false };
  }
  // A submission covers its calendar year; the next is due by the annual date of the following year.
  const date = new Date(Date.UTC(p.lastSubmittedAt.getUTCFullYear() + 1, p.annualMonth - 1, p.annualDay));
  return { date, reason: 'Annual submittal', overdue: p.today > date };
}
