/**
 * The one error shape of the app: a summary (each item links to its field) and
 * the same words beside each field. Forms, uploads and business-rule failures
 * all produce this, and views/partials render it.
 */
import type { z } from 'zod';

export type FormErrors = {
  summary: { text: string; href: string }[];
  fields: Record<string, string>;
};

export function noErrors(): FormErrors {
  return { summary: [], fields: {} };
}

export function hasErrors(e: FormErrors | undefined): boolean {
  return !!e && e.summary.length > 0;
}

/** The first message for a field goes beside it and in the summary; later ones for the same field are dropped. */
export function addError(errors: FormErrors, field: string, text: string): FormErrors {
  if (!(field in errors.fields)) {
    errors.fields[field] = text;
    errors.summary.push({ text, href: `#${field}` });
  }
  return errors;
}

/** For rule failures that are separate facts about one field: every one is listed in the summary. */
export function addProblem(errors: FormErrors, field: string, text: string): FormErrors {
  if (!(field in errors.fields)) errors.fields[field] = text;
  if (!errors.summary.some((s) => s.text === text)) errors.summary.push({ text, href: `#${field}` });
  return errors;
}

export function formError(field: string, text: string): FormErrors {
  return addError(noErrors(), field, text);
}

/** First message per field, in the order of the form. */
export function fromZodError(error: z.ZodError): FormErrors {
  const errors = noErrors();
  for (const issue of error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : 'form';
    addError(errors, field, issue.message);
  }
  return errors;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FormErrors };

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(body ?? {});
  return result.success ? { ok: true, data: result.data } : { ok: false, errors: fromZodError(result.error) };
}
