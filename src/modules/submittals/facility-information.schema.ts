/** Business Activities and Owner/Operator forms, built from their field lists. */
import { z } from 'zod';
import { BUSINESS_ACTIVITY_QUESTIONS, EPA_ID_PATTERN } from '../../rules/business-activities.rules';
import { OWNER_OPERATOR_FIELDS, type OoField } from './owner-operator.fields';

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
  if (f.kind === 'date') s = s.refine((v) => v === '' || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))), `Enter the ${label} as a date`) as unknown as typeof s;
  const required = f.required ? s.refine((v) => v !== '', `Enter the ${label}`) : s;
  return z.preprocess((v) => (f.kind === 'state' ? asString(v).toUpperCase() : asString(v)), required).transform((v) => (v === '' ? null : v));
}

export const ownerOperatorSchema = z.object(Object.fromEntries(OWNER_OPERATOR_FIELDS.map((f) => [f.name, fieldSchema(f)])));
