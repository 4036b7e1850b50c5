/**
 * Text in an uploaded spreadsheet that no database column can hold: U+0000
 * (a NUL byte in a CSV, or `_x0000_` in an .xlsx cell) and UTF-16 surrogates
 * not part of a pair (`_xD800_`), which have no UTF-8 form (RFC 3629 §3). They
 * come from damaged or binary files, never from typing. A cell of a template
 * column that holds one is a Required problem on its row and column, and the
 * cell is not read; names in the header row keep a visible U+FFFD instead, so
 * notes and messages that quote them can be stored and shown. Pure.
 */
import { hasUnstorableCharacter } from '../text.rules';
import type { HeaderMap } from './upload-header.rules';
import type { Cell, CellProblem } from './upload-row.rules';

const UNSTORABLE_ALL = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with each character PostgreSQL cannot hold replaced by U+FFFD (the replacement character). */
export function storableText(s: string): string {
  return hasUnstorableCharacter(s) ? s.replace(UNSTORABLE_ALL, '\uFFFD') : s;
}

/**
 * At most max characters of the text, never ending in half of a surrogate pair
 * (an emoji cut in two is as unstorable as a NUL), made storable.
 */
export function clipText(s: string, max: number): string {
  if (s.length <= max) return storableText(s);
  const code = s.charCodeAt(max - 1);
  return storableText(s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max));
}

/** Header cells as the header rules read them: text made storable, other values as they are. */
export function storableHeaderCells(cells: Cell[]): Cell[] {
  return cells.some((c) => typeof c === 'string' && hasUnstorableCharacter(c)) ? cells.map((c) => (typeof c === 'string' ? storableText(c) : c)) : cells;
}

const SHOWN = 60;

export function unstorableCellMessage(column: string, text: string): string {
  return text.includes('\u0000')
    ? `${column} contains a NUL character (a damaged or binary file?). Retype the value in Excel, or save the file again as .xlsx or CSV UTF-8`
    : `${column} contains a broken character (half of a UTF-16 pair: a damaged file?). Retype the value in Excel, or save the file again as .xlsx or CSV UTF-8`;
}

/**
 * The cells of the template's columns that hold unstorable text: one problem
 * each, and the row with those cells blanked, so nothing downstream (the row
 * rules, the staging tables, the EHS lookup) ever sees them.
 */
export function screenRowCells(cells: Cell[], header: HeaderMap): { cells: Cell[]; problems: CellProblem[] } {
  let out: Cell[] | null = null;
  const problems: CellProblem[] = [];
  for (const [column, i] of header.index) {
    const c = cells[i];
    if (typeof c !== 'string' || !hasUnstorableCharacter(c)) continue;
    const shown = storableText(c.length > SHOWN ? c.slice(0, SHOWN) : c);
    problems.push({ column, value: c.length > SHOWN ? `${shown}… (${c.length.toLocaleString('en-US')} characters)` : shown, message: unstorableCellMessage(column, c) });
    out ??= cells.slice();
    out[i] = null;
  }
  return { cells: out ?? cells, problems };
}
