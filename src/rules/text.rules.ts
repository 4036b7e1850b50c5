/**
 * Characters no text column can hold. PostgreSQL refuses U+0000 in text
 * ("invalid byte sequence for encoding UTF8: 0x00"), and a lone UTF-16
 * surrogate has no UTF-8 form at all (RFC 3629 §3): the driver would silently
 * store U+FFFD instead. Either is a broken request, never something a person
 * typed on purpose. Pure.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasUnstorableCharacter(s: string): boolean {
  return UNSTORABLE.test(s);
}

/** Every string inside a parsed query or form body (strings, arrays, nested objects). */
export function containsUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return hasUnstorableCharacter(value);
  if (depth > 8 || value === null || typeof value !== 'object') return false;
  const items = Array.isArray(value) ? value : [...Object.keys(value), ...Object.values(value)];
  return items.some((v) => containsUnstorableText(v, depth + 1));
}

export const UNSTORABLE_TEXT_MESSAGE =
  'What you sent contains a character that cannot be saved (a null character or a broken character, usually from copying and pasting). Remove it and try again.';
