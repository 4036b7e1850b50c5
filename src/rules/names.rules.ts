/**
 * Fields where a name is expected — an organization, a facility, a person's
 * first and last name, a job title — hold one line of words. They are shown
 * to other people, in pages and in the portal's emails, so a line break (a
 * forged second paragraph) or a web address (a link in the portal's voice)
 * does not belong in them. Pure.
 */
import { looksLikeAddress } from './links.rules';

// Line breaks (including U+2028/U+2029) and every other control character.
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/** Why this name cannot be saved, or null. `label` starts the sentence: "The facility name". */
export function nameProblem(value: string, label: string): string | null {
  if (CONTROL.test(value)) return `${label} must be on one line, without line breaks`;
  if (looksLikeAddress(value)) return `${label} cannot contain a web or email address. Enter the name only`;
  return null;
}
