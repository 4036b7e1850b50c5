/** The CUPA administration forms: staff invitation and role, local policies, contact details. */
import { z } from 'zod';
import { emailField, optionalText } from '../../http/form-fields';
import { ALL_OPTIONS, type DocumentOption } from '../../rules/documents.rules';
import { ELEMENTS, type DocumentPartCode } from '../../rules/elements.rules';
import { annualDueDateProblem, POLICY_NOTE_MAX } from '../../rules/local-policy.rules';
import { REGULATOR_ROLES } from '../../rules/regulator-permissions.rules';

const asString = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '');

const roleField = z.preprocess(asString, z.enum(REGULATOR_ROLES as [string, ...string[]], { error: 'Choose a role' }));

export const staffInviteSchema = z.object({
  email: emailField('Enter the email address of the person to invite'),
  role: roleField,
});

export const staffRoleSchema = z.object({ role: roleField });

/** Every document part of every element, in the order of the elements. */
export const POLICY_PARTS = ELEMENTS.flatMap((e) => e.documents.map((d) => ({ code: d.code, name: d.name, element: e.name })));

export const optionsKey = (part: string) => `options-${part}`;
export const noteKey = (part: string) => `note-${part}`;
export const noEmployeesKey = (part: string) => `noEmployees-${part}`;

const yesNo = (message: string) => z.preprocess(asString, z.enum(['yes', 'no'], { error: message })).transform((v) => v === 'yes');

const optionsField = (partName: string) =>
  z.preprocess(
    (v) => [...new Set((Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).map(String))],
    z
      .array(z.enum(ALL_OPTIONS as [DocumentOption, ...DocumentOption[]], { error: `Choose from the options shown for the ${partName}` }))
      .min(1, `Choose at least one way businesses may provide the ${partName}`),
  );

const monthField = z.preprocess(asString, z.string().regex(/^([1-9]|1[0-2])$/, 'Choose the month of the annual due date').transform(Number));

/**
 * The day is checked against the month it goes with (the form's month, when
 * that is a month at all), so "April 31" and "February 29" are told beside the day.
 */
const dayField = z
  .object({ month: z.unknown(), day: z.preprocess(asString, z.string().trim()) })
  .superRefine(({ month, day }, ctx) => {
    if (day === '') return void ctx.addIssue({ code: 'custom', message: 'Enter the day of the annual due date' });
    if (!/^\d{1,2}$/.test(day)) return void ctx.addIssue({ code: 'custom', message: 'Enter the day as a number, like 1' });
    const m = Number(asString(month));
    const problem = annualDueDateProblem(Number.isInteger(m) && m >= 1 && m <= 12 ? m : 1, Number(day));
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(({ day }) => Number(day));

const policyShape: Record<string, z.ZodType> = {
  dueMonth: monthField,
  dueDay: dayField,
  wasteAnyAmount: yesNo('Say whether hazardous waste must be reported at any amount'),
  minorCorrections: yesNo('Say whether your reviewers may make minor corrections'),
};
for (const p of POLICY_PARTS) {
  policyShape[optionsKey(p.code)] = optionsField(p.name);
  policyShape[noteKey(p.code)] = optionalText(`the note for the ${p.name}`, POLICY_NOTE_MAX);
  policyShape[noEmployeesKey(p.code)] = z.preprocess((v) => asString(v) === 'yes', z.boolean());
}

export type PartPolicyInput = { partCode: DocumentPartCode; acceptedOptions: DocumentOption[]; note: string | null; exemptRequiresNoEmployees: boolean };
export type PoliciesInput = {
  annualDueMonth: number;
  annualDueDay: number;
  wasteAnyAmount: boolean;
  minorCorrectionsAllowed: boolean;
  parts: PartPolicyInput[];
};

export const policiesSchema = z.preprocess(
  // The day field sees the month it belongs to.
  (body) => {
    const b = (body ?? {}) as Record<string, unknown>;
    return { ...b, dueDay: { month: b.dueMonth, day: b.dueDay } };
  },
  z.object(policyShape).transform((d): PoliciesInput => ({
    annualDueMonth: d.dueMonth as number,
    annualDueDay: d.dueDay as number,
    wasteAnyAmount: d.wasteAnyAmount as boolean,
    minorCorrectionsAllowed: d.minorCorrections as boolean,
    parts: POLICY_PARTS.map((p) => {
      const acceptedOptions = d[optionsKey(p.code)] as DocumentOption[];
      return {
        partCode: p.code,
        // In the order the business sees them, whatever order the form sent.
        acceptedOptions: ALL_OPTIONS.filter((o) => acceptedOptions.includes(o)),
        note: d[noteKey(p.code)] as string | null,
        // Only meaningful where Exempt is accepted.
        exemptRequiresNoEmployees: acceptedOptions.includes('exempt') && (d[noEmployeesKey(p.code)] as boolean),
      };
    }),
  })),
);

const phoneField = optionalText('the phone number', 40).refine(
  (v) => v === null || /^[0-9()+.\-\s]{7,25}(\s*(x|ext\.?)\s*\d{1,6})?$/i.test(v),
  'Enter a phone number, like 661 862 8700',
);

const optionalEmail = z.preprocess(
  asString,
  z
    .string()
    .trim()
    .max(254, 'The email address must be 254 characters or fewer')
    .transform((v) => (v === '' ? null : v))
    .pipe(z.email('Enter an email address in the correct format, like hazmat@example.gov').nullable()),
);

const websiteField = optionalText('the website address', 300).refine((v) => {
  if (v === null) return true;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' && !!u.hostname && u.hostname.includes('.');
  } catch {
    return false;
  }
}, 'Enter the full website address starting with https://, like https://www.example.gov/hazmat');

export const contactSchema = z.object({
  phone: phoneField,
  email: optionalEmail,
  website: websiteField,
  address: optionalText('the address', 300),
});

export type ContactInput = z.infer<typeof contactSchema>;
