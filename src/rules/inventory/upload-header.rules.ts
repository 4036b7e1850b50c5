/**
 * The header row of an uploaded inventory spreadsheet: found wherever it is
 * (rows above it are titles), columns in any order, names in any case; extra
 * columns are ignored with a note; missing required and duplicated columns are
 * named. Pure.
 */
import { TEMPLATE_COLUMNS } from './template-columns.rules';

export type HeaderMap = { index: Map<string, number>; ignored: string[] };

export type HeaderResult = { ok: true; header: HeaderMap; notes: string[] } | { ok: false; message: string };

/** Columns without which no row could be a complete material. */
export const REQUIRED_COLUMNS = ['CERSID', 'ChemicalLocation', 'CommonName', 'HMType', 'PhysicalState', 'Units', 'MaximumDailyAmount', 'DaysOnSite'];

/** How many rows from the top the header may be. */
export const HEADER_SEARCH_ROWS = 50;

const key = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const BY_KEY = new Map(TEMPLATE_COLUMNS.map((c) => [key(c), c]));

const cellText = (c: unknown) => (c === null || c === undefined ? '' : String(c).trim());

/** A name from the file as quoted in a note or message: a 10 MB "column name" is shown by its start. */
const quoted = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** Spelling hints compare names of template length only: the edit distance of a huge cell would take minutes. */
const HINT_MAX_LENGTH = 40;

/** The header row is the one with a CERSID cell. */
export function isHeaderRow(cells: unknown[]): boolean {
  return cells.some((c) => key(cellText(c)) === 'cersid');
}

function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

export function mapHeader(cells: unknown[]): HeaderResult {
  const index = new Map<string, number>();
  const ignored: string[] = [];
  const duplicates: string[] = [];
  cells.forEach((c, i) => {
    const text = cellText(c);
    if (text === '') return;
    const name = BY_KEY.get(key(text));
    if (!name) ignored.push(text);
    else if (index.has(name)) duplicates.push(`${name} (columns ${columnLetter(index.get(name)!)} and ${columnLetter(i)})`);
    else index.set(name, i);
  });
  if (duplicates.length) {
    return { ok: false, message: `The header row names a column twice: ${duplicates.join(', ')}. Keep one of each and upload again.` };
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length) {
    const hints = missing
      .map((m) => ({ m, near: ignored.find((x) => x.length <= HINT_MAX_LENGTH && distance(key(x), key(m)) <= 3) }))
      .filter((h) => h.near)
      .map((h) => `"${h.near}" should be ${h.m}`);
    return {
      ok: false,
      message: `The header row is missing ${missing.length === 1 ? 'a required column' : 'required columns'}: ${missing.join(', ')}.${hints.length ? ` Check the spelling: ${hints.join('; ')}.` : ''} Download the template to see every column name.`,
    };
  }
  const notes = ignored.length ? [`${ignored.length === 1 ? 'This column is' : 'These columns are'} not part of the CERS template and ${ignored.length === 1 ? 'was' : 'were'} ignored: ${ignored.slice(0, 20).map(quoted).join(', ')}${ignored.length > 20 ? ` and ${ignored.length - 20} more` : ''}.`] : [];
  return { ok: true, header: { index, ignored }, notes };
}
