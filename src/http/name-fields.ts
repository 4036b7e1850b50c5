/**
 * zod fields for names (organization, facility, person, job title): the usual
 * required/optional text, then the one-line, no-web-address rule of
 * src/rules/names.rules.ts with its message beside the field.
 */
import { optionalText, requiredText } from './form-fields';
import { nameProblem } from '../rules/names.rules';

// "the facility name" → "The facility name must be…", as form-fields.ts words its length message.
const subject = (label: string) => `${label[0]!.toUpperCase()}${label.slice(1)}`;

export function requiredName(label: string, max: number, emptyMessage?: string) {
  return requiredText(label, max, emptyMessage).superRefine((v, ctx) => {
    const problem = nameProblem(v, subject(label));
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

export function optionalName(label: string, max: number) {
  return optionalText(label, max).superRefine((v, ctx) => {
    const problem = v === null ? null : nameProblem(v, subject(label));
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}
