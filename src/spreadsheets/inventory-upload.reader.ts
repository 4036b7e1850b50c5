/**
 * Reads an uploaded inventory file row by row without holding it in memory:
 * .xlsx through exceljs' streaming reader (formulas give their cached result),
 * CSV through a chunked parser (UTF-8 with or without BOM, UTF-16, or
 * Windows-1252 when the bytes are not UTF-8).
 *
 * An .xlsx is a zip. Its directory is read by yauzl, which checks every offset
 * and count against the file (a damaged or edited directory is an error, never
 * a read past the end), and every part is inflated through yauzl, which stops
 * a part at the size the directory declared: a zip bomb is refused by the
 * declared sizes before anything is inflated, and a directory that lies about a
 * part's size is caught as soon as the part goes past it. What one upload may
 * make the server hold is bounded too: rows at most MAX_UPLOAD_COLUMNS wide,
 * and the shared strings (which exceljs keeps in memory) by count and size,
 * checked before any worksheet is read.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import {
  BINARY_CONTROL_SHARE, BINARY_CSV_MESSAGE, csvDelimiter, MAX_SHARED_STRINGS, MAX_SHARED_STRINGS_BYTES, MAX_UPLOAD_COLUMNS,
  sharedStringsTooLargeMessage, tooManyStringsMessage, tooWideMessage,
} from '../rules/inventory/upload-file.rules';
import type { Cell } from '../rules/inventory/upload-row.rules';

export type SheetRow = { rowNumber: number; cells: Cell[] };

/** What a formula cell whose cached result is a spreadsheet error reads as (exceljs keeps no error text). */
export const FORMULA_ERROR = '#ERROR!';

/**
 * exceljs' formula value drops a falsy cached result, so a formula showing 0
 * would read as blank, and one showing an error (which its stream reader turns
 * into NaN) as blank too. Keep both: 0 stays 0, an error becomes FORMULA_ERROR.
 * `_copyModel` is private to exceljs, pinned exactly for it (docs/dependencies.md).
 */
function keepFalsyFormulaResults(): void {
  const cell = new ExcelJS.Workbook().addWorksheet('probe').getCell('A1');
  cell.value = { formula: '1', result: 1 } as ExcelJS.CellFormulaValue;
  type Model = Record<string, unknown>;
  const proto = Object.getPrototypeOf((cell as unknown as { _value: object })._value) as { _copyModel(m: Model): Model; __uppPatched?: boolean };
  if (proto.__uppPatched) return;
  const original = proto._copyModel;
  proto._copyModel = function copyModel(this: unknown, model: Model): Model {
    const copy = original.call(this, model);
    if (model.result === 0) copy.result = 0;
    else if (typeof model.result === 'number' && Number.isNaN(model.result)) copy.result = { error: FORMULA_ERROR };
    return copy;
  };
  proto.__uppPatched = true;
}
keepFalsyFormulaResults();
/** A new worksheet starts (a CSV is one sheet), then its rows. */
export type SheetEvent = { sheet: number } | SheetRow;

/** A file we cannot read, with the words to show the filer. */
export class SpreadsheetError extends Error {}

export type ReadOptions = { maxUncompressedBytes: number };

export type OpenedSheet = { rows: AsyncGenerator<SheetEvent>; notes: string[] };

export const DAMAGED_WORKBOOK = 'The file is damaged or is not an Excel workbook (.xlsx). Open it in Excel, save it as Excel Workbook (.xlsx) and upload it again';
const ZIP_BOMB = 'The workbook expands to far more than it says when opened (a "zip bomb"), so it was refused';

export async function openSpreadsheet(file: string, kind: 'xlsx' | 'csv', opts: ReadOptions): Promise<OpenedSheet> {
  if (kind === 'xlsx') {
    // The declared sizes only: every part read below is stopped at its declared size by yauzl.
    const zip = await openZip(file);
    try {
      checkDirectory(zip.entries, opts.maxUncompressedBytes);
    } catch (err) {
      zip.close();
      throw err;
    }
    return { rows: xlsxRows(zip), notes: [] };
  }
  return csvRows(file);
}

/**
 * The checks that need no reading of rows, made when the file arrives: for an
 * .xlsx its directory and every part inflated once against its declared size
 * (zip bombs, damage); for a CSV, that it is text at all.
 */
export async function inspectSpreadsheet(file: string, kind: 'xlsx' | 'csv', opts: ReadOptions): Promise<void> {
  if (kind === 'csv') {
    await detectEncoding(file);
    return;
  }
  const zip = await openZip(file);
  try {
    checkDirectory(zip.entries, opts.maxUncompressedBytes);
    await checkDeclaredStrings(zip);
    for (const entry of zip.entries) {
      if (entry.uncompressedSize === 0 && entry.compressedSize === 0) continue;
      // Counting through the stream is the check: yauzl fails it past the declared size, or short of it.
      for await (const _ of await zip.open(entry));
    }
  } catch (err) {
    throw zipFailure(err);
  } finally {
    zip.close();
  }
}

// ---------- .xlsx ----------

type Zip = {
  entries: yauzl.Entry[];
  find(name: string): yauzl.Entry | undefined;
  /** The part's bytes, inflated, failing past (or short of) its declared size. */
  open(entry: yauzl.Entry): Promise<Readable>;
  close(): void;
};

/** No workbook has this many parts; a directory claiming more is damaged or is not a workbook. */
const MAX_ZIP_ENTRIES = 10_000;

async function openZip(file: string): Promise<Zip> {
  let zipfile: yauzl.ZipFile;
  try {
    zipfile = await yauzl.openPromise(file, { autoClose: false, lazyEntries: true, validateEntrySizes: true, decodeStrings: true, strictFileNames: false });
  } catch {
    throw new SpreadsheetError(DAMAGED_WORKBOOK);
  }
  // An error closing the file must not become an unhandled 'error' event.
  zipfile.on('error', () => undefined);
  const entries: yauzl.Entry[] = [];
  try {
    if (zipfile.entryCount > MAX_ZIP_ENTRIES) throw new SpreadsheetError(DAMAGED_WORKBOOK);
    for await (const entry of zipfile.eachEntry()) entries.push(entry);
  } catch (err) {
    zipfile.close();
    throw zipFailure(err);
  }
  const byName = new Map(entries.map((e) => [e.fileName, e]));
  return {
    entries,
    find: (name) => byName.get(name),
    async open(entry) {
      if (!entry.canDecodeFileData()) throw new SpreadsheetError(DAMAGED_WORKBOOK); // encrypted, or a compression Excel never uses
      return zipfile.openReadStreamPromise(entry);
    },
    close: () => zipfile.close(),
  };
}

/** What a failure while reading a zip tells the filer: a part longer than declared is a zip bomb; anything else, damage. */
function zipFailure(err: unknown): SpreadsheetError {
  if (err instanceof SpreadsheetError) return err;
  if (err instanceof Error && /too many bytes in the stream/.test(err.message)) return new SpreadsheetError(ZIP_BOMB);
  return new SpreadsheetError(DAMAGED_WORKBOOK);
}

const mb = (n: number) => (n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** Refuses, from the directory alone, a workbook whose parts would expand beyond the limit, or that is no workbook. */
function checkDirectory(entries: yauzl.Entry[], maxBytes: number): void {
  const total = entries.reduce((n, e) => n + e.uncompressedSize, 0);
  if (total > maxBytes) {
    throw new SpreadsheetError(`The workbook expands to more than ${mb(maxBytes)} when opened, so it was refused. Remove unused sheets and formatting, or split the inventory into several files`);
  }
  if (!entries.some((e) => e.fileName === 'xl/workbook.xml')) {
    // Parts of a workbook without the workbook itself: a damaged directory, not another kind of zip.
    if (entries.some((e) => e.fileName.startsWith('xl/'))) throw new SpreadsheetError(DAMAGED_WORKBOOK);
    throw new SpreadsheetError('The file is a ZIP archive but not an Excel workbook. Upload the inventory as .xlsx or .csv');
  }
  const strings = entries.find((e) => e.fileName === 'xl/sharedStrings.xml');
  if (strings && strings.uncompressedSize > MAX_SHARED_STRINGS_BYTES) throw new SpreadsheetError(sharedStringsTooLargeMessage());
}

/**
 * Excel writes how many distinct strings the workbook has (`uniqueCount`) at
 * the top of the shared-strings part: too many is refused before one is read.
 * (The strings are counted as they are read too, should the number lie.)
 */
async function checkDeclaredStrings(zip: Zip): Promise<void> {
  const strings = zip.find('xl/sharedStrings.xml');
  if (!strings) return;
  const head = await partStart(zip, strings, 2048);
  const declared = /<sst\b[^>]*\buniqueCount="(\d+)"/.exec(head);
  if (declared && Number(declared[1]) > MAX_SHARED_STRINGS) throw new SpreadsheetError(tooManyStringsMessage());
}

/** exceljs cell value → what the parser reads: a formula's cached result, rich text's text, a date as YYYY-MM-DD. */
function cellOf(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: string; formula?: string; sharedFormula?: string };
    if ('formula' in o || 'sharedFormula' in o) return o.result === undefined ? null : cellOf(o.result);
    if (Array.isArray(o.richText)) return o.richText.map((t) => t?.text ?? '').join('');
    if (o.error) return String(o.error);
    if (o.text !== undefined) return cellOf(o.text);
  }
  return String(v);
}

/**
 * Excel writes a character that XML cannot carry (a control character, a CR)
 * into shared strings as _xHHHH_, and a literal "_x" as _x005F_x (ECMA-376
 * Part 1, the ST_Xstring type); exceljs' stream reader leaves them escaped.
 * Unescaped here, a cell reads as Excel shows it: a NUL written as _x0000_
 * becomes a NUL, which the row check then reports by row and column.
 */
const XSTRING_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;
const unescapeXstring = (s: string) => (s.includes('_x') ? s.replace(XSTRING_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s);

function unescapeSharedString(text: unknown): unknown {
  if (typeof text === 'string') return unescapeXstring(text);
  const rich = (text as { richText?: { text?: unknown }[] } | null)?.richText;
  if (Array.isArray(rich)) for (const run of rich) if (run && typeof run.text === 'string') run.text = unescapeXstring(run.text);
  return text;
}

const textLength = (s: unknown): number => {
  if (typeof s === 'string') return s.length;
  const rich = (s as { richText?: { text?: unknown }[] } | null)?.richText;
  return Array.isArray(rich) ? rich.reduce((n, r) => n + (typeof r?.text === 'string' ? r.text.length : 0), 0) : 0;
};

type WorksheetRows = AsyncIterable<ExcelJS.Row>;

const MAX_SHEET_ROW = 1_048_576;

// exceljs' private stream-reader methods: exceljs is pinned exactly in package.json for them (docs/dependencies.md).
type ReaderInternals = {
  options: { sharedStrings: string };
  sharedStrings?: unknown[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<{ index: number; text: unknown }>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: WorksheetRows }>;
};

/**
 * exceljs' stream reader unzips by itself, from the local headers and without
 * any size check, and spools worksheets to temporary files until it has the
 * shared strings. Instead it is handed each part from yauzl, in the order it
 * needs them: the workbook's relationships, the workbook, the shared strings
 * (counted as they are read), then each worksheet streamed straight through.
 * Parts are decoded as UTF-8 across chunk boundaries (exceljs decodes each
 * chunk on its own, which breaks a character split between two chunks).
 */
async function* xlsxRows(zip: Zip): AsyncGenerator<SheetEvent> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(undefined as unknown as string, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const r = reader as unknown as ReaderInternals;
  let current: Readable | null = null;
  const part = async (entry: yauzl.Entry) => {
    current = await zip.open(entry);
    current.setEncoding('utf8');
    return current;
  };
  let n = 0;
  try {
    const rels = zip.find('xl/_rels/workbook.xml.rels');
    const workbook = zip.find('xl/workbook.xml');
    const strings = zip.find('xl/sharedStrings.xml');
    if (rels) await r._parseRels(await part(rels));
    if (workbook) await r._parseWorkbook(await part(workbook));
    const table: unknown[] = [];
    if (strings) {
      await checkDeclaredStrings(zip);
      r.options.sharedStrings = 'emit';
      let chars = 0;
      for await (const { text } of r._parseSharedStrings(await part(strings))) {
        table.push(unescapeSharedString(text));
        chars += textLength(text);
        if (table.length > MAX_SHARED_STRINGS) throw new SpreadsheetError(tooManyStringsMessage());
        if (chars > MAX_SHARED_STRINGS_BYTES) throw new SpreadsheetError(sharedStringsTooLargeMessage());
      }
      r.options.sharedStrings = 'cache';
    }
    r.sharedStrings = table;
    // Every sheet is offered in directory order; the consumer reads the first one with the header.
    for (const entry of zip.entries) {
      const sheetNo = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(entry.fileName)?.[1];
      if (!sheetNo) continue;
      yield { sheet: ++n };
      let sheet: WorksheetRows | null = null;
      for (const { value } of r._parseWorksheet(await part(entry), sheetNo)) sheet = value;
      if (!sheet) continue;
      for await (const row of sheet) {
        // Excel's last row is 1,048,576; a row number beyond it (or none) is an edited or damaged sheet.
        if (!Number.isInteger(row.number) || row.number < 1 || row.number > MAX_SHEET_ROW) throw new SpreadsheetError(DAMAGED_WORKBOOK);
        const values = row.values as unknown[];
        let width = values.length - 1;
        if (width > MAX_UPLOAD_COLUMNS) {
          while (width > MAX_UPLOAD_COLUMNS && cellIsBlank(values[width])) width--;
          if (width > MAX_UPLOAD_COLUMNS) throw new SpreadsheetError(tooWideMessage(row.number, width));
        }
        const cells: Cell[] = new Array<Cell>(width);
        for (let i = 1; i <= width; i++) cells[i - 1] = cellOf(values[i]);
        yield { rowNumber: row.number, cells };
      }
      current = null;
    }
  } catch (err) {
    throw zipFailure(err);
  } finally {
    // Stopping early (the Legend sheet, too many rows) closes the part being read and the file; nothing is spooled.
    (current as Readable | null)?.destroy();
    zip.close();
  }
}

function cellIsBlank(v: unknown): boolean {
  const c = cellOf(v);
  return c === null || (typeof c === 'string' && c.trim() === '');
}

/**
 * About how many rows the file has, before reading it: the worksheet's declared
 * dimension (Excel and exceljs write it first), else its size; a CSV's line
 * count. Decides between reading now and in the background, and scales the
 * progress bar.
 */
export async function estimateRows(file: string, kind: 'xlsx' | 'csv'): Promise<number> {
  if (kind === 'csv') {
    let lines = 0;
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
      const b = chunk as Buffer;
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++;
    }
    return lines;
  }
  const zip = await openZip(file);
  try {
    let best = 0;
    for (const sheet of zip.entries.filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.fileName))) {
      const head = await partStart(zip, sheet, 4096).catch(() => '');
      const dim = /<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"/.exec(head);
      // A dimension past Excel's last row is an edited file: it says nothing about the size.
      const declared = dim ? Number(dim[1]) : NaN;
      best = Math.max(best, declared <= MAX_SHEET_ROW ? declared : Math.round(sheet.uncompressedSize / 400));
    }
    return best;
  } finally {
    zip.close();
  }
}

/** The first characters of a part. */
async function partStart(zip: Zip, entry: yauzl.Entry, chars: number): Promise<string> {
  const stream = await zip.open(entry);
  stream.setEncoding('utf8');
  let text = '';
  try {
    for await (const chunk of stream) {
      text += chunk as string;
      if (text.length >= chars) break;
    }
  } finally {
    stream.destroy();
  }
  return text.slice(0, chars);
}

// ---------- CSV ----------

/**
 * The encoding of a CSV: a UTF-16 BOM, else UTF-8 when every byte is valid
 * UTF-8, else the Windows code page Excel uses for "CSV" in the US. A file
 * whose bytes are more than BINARY_CONTROL_SHARE control characters (NULs
 * above all) is binary data, not text, and is refused as a whole; a few stray
 * NULs are left to the row check, which names their row and column.
 */
async function detectEncoding(file: string): Promise<{ encoding: string; note: string | null }> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    await fh.read(head, 0, 2, 0);
    if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', note: null };
    if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', note: null };
  } finally {
    await fh.close();
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  let size = 0;
  let control = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    size += b.length;
    for (let i = 0; i < b.length; i++) {
      const c = b[i]!;
      if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) control++;
    }
    if (utf8) {
      try {
        decoder.decode(b, { stream: true });
      } catch {
        utf8 = false;
      }
    }
  }
  if (control > Math.max(2, size * BINARY_CONTROL_SHARE)) throw new SpreadsheetError(BINARY_CSV_MESSAGE);
  if (utf8) {
    try {
      decoder.decode();
      return { encoding: 'utf-8', note: null };
    } catch {
      // a truncated last character: not UTF-8 after all
    }
  }
  return { encoding: 'windows-1252', note: 'The file is not UTF-8 text, so it was read as Windows-1252 (Western European), the encoding Excel uses for CSV. Check that names with accents look right below' };
}

async function csvRows(file: string): Promise<OpenedSheet> {
  const { encoding, note } = await detectEncoding(file);
  async function* rows(): AsyncGenerator<SheetEvent> {
    const decoder = new TextDecoder(encoding); // strips a BOM
    let delimiter: string | null = null;
    let buf = '';
    let row: Cell[] = [];
    let width = 0; // fields in the row so far, kept or not
    let field = '';
    let quoted = false;
    let rowNumber = 0;
    const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
    const flushField = () => {
      width++;
      // A row is read up to MAX_UPLOAD_COLUMNS fields; blank ones past it (a sheet saved with empty columns) are dropped
      // as they come, and a value past it refuses the file before the row is ever held whole.
      if (width <= MAX_UPLOAD_COLUMNS) row.push(field);
      else if (field.trim() !== '') throw new SpreadsheetError(tooWideMessage(rowNumber + 1, width));
      field = '';
    };
    const endRow = (out: SheetRow[]) => {
      flushField();
      out.push({ rowNumber: ++rowNumber, cells: row });
      row = [];
      width = 0;
    };
    try {
      yield { sheet: 1 };
      let done = false;
      const iterator = input[Symbol.asyncIterator]();
      while (!done) {
        const next = await iterator.next();
        if (next.done) {
          buf += decoder.decode();
          done = true;
        } else buf += decoder.decode(next.value as Buffer, { stream: true });
        delimiter ??= csvDelimiter(buf.slice(0, 65_536));
        // Scan with indexOf so a 10 MB cell is sliced once, not built a character at a time.
        let i = 0;
        const out: SheetRow[] = [];
        while (i < buf.length) {
          if (quoted) {
            const q = buf.indexOf('"', i);
            if (q < 0 || (q === buf.length - 1 && !done)) {
              field += buf.slice(i, q < 0 ? buf.length : q);
              i = q < 0 ? buf.length : q;
              break;
            }
            field += buf.slice(i, q);
            if (buf[q + 1] === '"') {
              field += '"';
              i = q + 2;
            } else {
              quoted = false;
              i = q + 1;
            }
            continue;
          }
          const c = buf[i];
          if (c === '"' && field === '') {
            quoted = true;
            i++;
          } else if (c === delimiter) {
            flushField();
            i++;
          } else if (c === '\n' || c === '\r') {
            if (c === '\r' && i === buf.length - 1 && !done) break; // wait for a possible \n
            endRow(out);
            i += c === '\r' && buf[i + 1] === '\n' ? 2 : 1;
          } else {
            let j = i;
            while (j < buf.length && buf[j] !== delimiter && buf[j] !== '\n' && buf[j] !== '\r' && buf[j] !== '"') j++;
            if (j === i) j++; // a quote in the middle of a field is kept as text
            field += buf.slice(i, j);
            i = j;
          }
        }
        buf = buf.slice(i);
        for (const r of out) yield r;
      }
      if (field !== '' || row.length) {
        const out: SheetRow[] = [];
        endRow(out);
        yield out[0]!;
      }
    } finally {
      input.destroy();
    }
  }
  return { rows: rows(), notes: note ? [note] : [] };
}
