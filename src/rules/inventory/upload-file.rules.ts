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
