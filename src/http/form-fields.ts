/**
 * zod building blocks for HTML form values: a missing field is an empty string,
 * text is trimmed, and every message is written for the person filling the form.
 */
import { z } from 'zod';

const asString = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '');

export function requiredText(label: string, max: number, emptyMessage = `Enter ${label}`) {
  return z.preprocess(
    asString,
    z
      .string()
      .trim()
      .min(1, emptyMessage)
      .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`),
  );
}

export function optionalText(label: string, max: number) {
  return z.preprocess(
    asString,
    z
      .string()
      .trim()
      .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`)
      .transform((v) => (v === '' ? null : v)),
  );
}

/** Passwords are never trimmed: spaces are allowed characters. */
export function passwordField(emptyMessage: string) {
  return z.preprocess(asString, z.string().min(1, emptyMessage));
}

export function emailField(emptyMessage = 'Enter your email address') {
  return z.preprocess(
    asString,
    z
      .string()
      .trim()
      .min(1, emptyMessage)
      .max(254, 'Email address must be 254 characters or fewer')
      .pipe(z.email('Enter an email address in the correct format, like name@example.com')),
  );
}
