import type { Response } from 'express';
import type { FormErrors } from './form-errors';

/** Never echo a password or the CSRF token back into a form. */
export function safeValues(body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (!/password|^_csrf$/i.test(k)) out[k] = v;
  }
  return out;
}

/** A failed POST re-renders the same page with 400, what was typed, and the errors. */
export function renderInvalid(
  res: Response,
  view: string,
  page: Record<string, unknown>,
  errors: FormErrors,
  body: unknown,
): void {
  res.status(400).render(view, { ...page, errors, values: safeValues(body) });
}
