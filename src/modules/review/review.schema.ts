/** Queue filters and the decision form. */
import { z } from 'zod';
import { isCalendarDate } from '../../rules/dates.rules';
import { ELEMENTS } from '../../rules/elements.rules';

const DECISIONS = ['under_review', 'accepted', 'not_accepted', 'not_applicable'] as const;
export type Decision = (typeof DECISIONS)[number];

const date = z
  .string()
  .trim()
  .transform((s) => s || null)
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 2026-03-01').refine(isCalendarDate, 'Enter a real date, like 2026-03-01').nullable());

export const queueFiltersSchema = z
  .object({
    element: z.string().optional().transform((s) => (s && ELEMENTS.some((e) => String(e.code) === s) ? Number(s) : null)),
    status: z.string().optional().transform((s) => ((['submitted', ...DECISIONS] as string[]).includes(s ?? '') ? (s as 'submitted' | Decision) : null)),
    facility: z.string().optional().transform((s) => s?.trim().slice(0, 100) || null),
    from: date.optional().transform((v) => v ?? null),
    to: date.optional().transform((v) => v ?? null),
    page: z.string().optional().transform((s) => Math.min(Math.max(1, Number.parseInt(s ?? '1', 10) || 1), 10_000)),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'The end date is before the start date', path: ['to'] });

export const decisionSchema = z
  .object({
    status: z.enum(DECISIONS, { message: 'Choose a decision' }),
    comment: z.string().trim().max(2000, 'The comment can be at most 2,000 characters').transform((s) => s || null),
    seq: z.string().regex(/^\d{1,9}$/, 'Reload the page and decide again').transform(Number),
  })
  .refine((d) => d.status !== 'not_accepted' || !!d.comment, {
    message: 'Say what must be corrected: a Not accepted decision needs a comment',
    path: ['comment'],
  });

export type DecisionInput = z.infer<typeof decisionSchema>;
