/**
 * Which files the inventory upload reads, decided by their first bytes (the
 * extension only breaks ties): .xlsx (a zip), CSV text in UTF-8, UTF-16 or
 * Windows-1252; everything else gets a message saying what to do. Pure.
 */
export type SpreadsheetKind = { ok: true; kind: 'xlsx' | 'csv' } | { ok: false; message: string };

const starts = (head: Uint8Array, bytes: number[]) => bytes.every((b, i) => head[i] === b);

export function spreadsheetKind(head: Uint8Array, size: number, maxBytes: number): SpreadsheetKind {
  if (size === 0) return { ok: false, message: 'The selected file is empty. Choose the inventory spreadsheet (.xlsx or .csv)' };
  if (size > maxBytes) return { ok: false, message: `The selected file must be smaller than ${Math.round(maxBytes / 1024 / 1024)} MB. Split the inventory into several files and upload each with Append` };
  if (starts(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    return { ok: false, message: 'This is an older Excel file (.xls). Open it in Excel, choose Save As → Excel Workbook (.xlsx), and upload that file' };
  }
  if (starts(head, [0x4d, 0x5a]) || starts(head, [0x7f, 0x45, 0x4c, 0x46])) return { ok: false, message: 'The selected file is a program, not a spreadsheet. Upload the inventory as .xlsx or .csv' };
  if (starts(head, [0x50, 0x4b, 0x03, 0x04])) return { ok: true, kind: 'xlsx' };
  if (starts(head, [0xff, 0xfe]) || starts(head, [0xfe, 0xff])) return { ok: true, kind: 'csv' }; // UTF-16 text ("Unicode Text" from Excel)
  if (starts(head, [0x25, 0x50, 0x44, 0x46])) return { ok: false, message: 'The selected file is a PDF, not a spreadsheet. Upload the inventory as .xlsx or .csv' };
  // Text: no NUL bytes and mostly printable.
  if (!head.includes(0)) {
    let control = 0;
    for (const b of head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) control++;
    if (control <= head.length / 100) return { ok: true, kind: 'csv' };
  }
  return { ok: false, message: 'The selected file is not a spreadsheet. Upload the inventory as .xlsx (Excel Workbook) or .csv' };
}

/** The delimiter of a CSV: the one the header line uses most (Excel in some locales writes ";"; "Unicode Text" uses tabs). */
export function csvDelimiter(sample: string): ',' | ';' | '\t' {
  const line = sample.split(/\r?\n/).find((l) => /cersid/i.test(l)) ?? sample.split(/\r?\n/)[0] ?? '';
  const count = (d: string) => line.split(d).length - 1;
  const best = ([',', ';', '\t'] as const).map((d) => [d, count(d)] as const).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

// ---------- bounds on what one upload may make the server hold ----------

/**
 * The widest row an upload reads. The CERS template has about 100 columns; a
 * row with values far to the right is another kind of sheet (or one typed into
 * column XFD by mistake), and reading it would hold every one of its cells.
 */
export const MAX_UPLOAD_COLUMNS = 500;

/**
 * An .xlsx keeps each distinct text once, in its shared-strings part, which the
 * reader must hold in memory while it reads the worksheets. An inventory at the
 * row limit has at most a dozen distinct texts per material (names, location,
 * CAS numbers, components, comment), so these bounds are far above any real
 * inventory and far below what would strain the server.
 */
export const MAX_SHARED_STRINGS = 1_500_000;
export const MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024;

/** What a file that is binary data rather than text is told (a CSV with many NUL or control bytes). */
export const BINARY_CSV_MESSAGE =
  'The file is not a text (CSV) file: it holds binary data, so it may be damaged or be another kind of file. Open the inventory in Excel, save it as Excel Workbook (.xlsx) or CSV UTF-8, and upload that file';

/** More than this share of control bytes (other than tab, CR, LF) makes a "CSV" binary data. */
export const BINARY_CONTROL_SHARE = 0.01;

/** The name of a spreadsheet column: 1 → A, 27 → AA. */
export function columnName(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

export function tooWideMessage(rowNumber: number, lastColumn: number): string {
  return `Row ${rowNumber.toLocaleString('en-US')} has a value in column ${columnName(lastColumn)} (column ${lastColumn.toLocaleString('en-US')}); an upload reads at most ${MAX_UPLOAD_COLUMNS} columns and the CERS template has about 100. Delete the columns to the right of the inventory, or copy the inventory into the template, and upload again`;
}

export function tooManyStringsMessage(): string {
  return `The workbook holds more than ${MAX_SHARED_STRINGS.toLocaleString('en-US')} different texts, far more than an inventory has. Copy the inventory sheet alone into a new workbook (or the CERS template) and upload that, or split it into several files`;
}

export function sharedStringsTooLargeMessage(): string {
  return `The text in the workbook takes more than ${MAX_SHARED_STRINGS_BYTES / 1024 / 1024} MB, far more than an inventory has. Copy the inventory sheet alone into a new workbook (or the CERS template) and upload that, or split it into several files`;
}
