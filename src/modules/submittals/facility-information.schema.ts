/** Business Activities and Owner/Operator forms, built from their field lists. */
import { z } from 'zod';
import { BUSINESS_ACTIVITY_QUESTIONS, EPA_ID_PATTERN } from '../../rules/business-activities.rules';
import { isCalendarDate } from '../../rules/dates.rules';
import { nameProblem } from '../../rules/names.rules';
import { OWNER_OPERATOR_FIELDS, SAME_AS_MAILING, type OoField } from './owner-operator.fields';

const asString = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

const yesNo = (question: string) => z.preprocess(asString, z.enum(['Y', 'N'], { error: `Answer: ${question}` }));

export const businessActivitiesSchema = z.object({
  ...Object.fromEntries(BUSINESS_ACTIVITY_QUESTIONS.map((q) => [q.key, yesNo(q.question)])),
  epaId: z.preprocess(
    (v) => asString(v).toUpperCase(),
    z.string().refine((v) => v === '' || EPA_ID_PATTERN.test(v), 'Enter the 12-character EPA ID, like CAL000123456, or leave it blank').transform((v) => v || null),
  ),
  comments: z.preprocess(asString, z.string().max(500, 'Comments must be 500 characters or fewer').transform((v) => v || null)),
});

function fieldSchema(f: OoField & { noun: string }) {
  const label = f.noun;
  let s = f.kind === 'state' ? z.string() : z.string().max(f.max, `The ${label} must be ${f.max} characters or fewer`);
  if (f.kind === 'email') s = s.refine((v) => v === '' || z.email().safeParse(v).success, 'Enter an email address in the correct format, like name@example.com') as unknown as typeof s;
  if (f.kind === 'tel') s = s.refine((v) => v === '' || /^[0-9()+.\-\s]{7,25}(\s*(x|ext\.?)\s*\d{1,6})?$/i.test(v), `Enter ${label} as a phone number, like 661 555 0100`) as unknown as typeof s;
  if (f.kind === 'zip') s = s.refine((v) => v === '' || /^\d{5}(-\d{4})?$/.test(v), 'Enter a 5-digit ZIP code, like 93301') as unknown as typeof s;
  if (f.kind === 'state') s = s.refine((v) => v === '' || /^[A-Z]{2}$/.test(v), 'Enter the 2-letter state code, like CA') as unknown as typeof s;
  if (f.kind === 'integer') s = s.refine((v) => v === '' || /^\d{1,7}$/.test(v), `Enter the ${label} as a whole number`) as unknown as typeof s;
  if (f.kind === 'date') s = s.refine((v) => v === '' || isCalendarDate(v), `Enter the ${label} as a date`) as unknown as typeof s;
  // Names and titles of people and businesses (UPDD 109, 111, 117, 123–129, 135–137, 140): one line, no web address.
  if (/(Name|Title)$/.test(f.name)) s = s.superRefine((v, ctx) => {
    const problem = v === '' ? null : nameProblem(v, `The ${label}`);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }) as unknown as typeof s;
  const required = f.required ? s.refine((v) => v !== '', `Enter the ${label}`) : s;
  return z.preprocess((v) => (f.kind === 'state' ? asString(v).toUpperCase() : asString(v)), required).transform((v) => (v === '' ? null : v));
}

const FIELD_SCHEMAS = new Map(OWNER_OPERATOR_FIELDS.map((f) => [f.name, fieldSchema(f)]));
/** Each address field a ticked "same as" box fills: the box, and the business mailing field it copies. */
const COPIES = new Map(SAME_AS_MAILING.flatMap((box) => box.copies.map((c) => [c.field, { box: box.name, from: c.from }] as const)));
const ticked = z.preprocess((v) => v === 'Y', z.boolean());

/**
 * Every UPDD field, checked in the order of the form. A block whose "Same as the business mailing address"
 * box is ticked is saved with the business mailing address (CERS needs each block's address filled) and
 * what was typed in it is not checked: a problem with that address is told once, at the business mailing
 * address. The regulator's minor-correction form sends no box, so every field is checked as typed.
 */
export const ownerOperatorSchema = z.looseObject(Object.fromEntries(SAME_AS_MAILING.map((box) => [box.name, ticked]))).transform((body, ctx) => {
  const saved: Record<string, string | null> = {};
  for (const f of OWNER_OPERATOR_FIELDS) {
    const copy = COPIES.get(f.name);
    const source = copy && body[copy.box] ? copy.from : f.name;
    const result = FIELD_SCHEMAS.get(source)!.safeParse(body[source]);
    if (result.success) saved[f.name] = result.data;
    else if (source === f.name) for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [f.name] });
  }
  return saved;
});
