/**
 * Reads an uploaded inventory file row by row without holding it in memory:
 * .xlsx through exceljs' streaming reader (formulas give their cached result),
 * CSV through a chunked parser (UTF-8 with or without BOM, UTF-16, or
 * Windows-1252 when the bytes are not UTF-8). Before an .xlsx is opened its zip
 * directory is checked, so a zip bomb is refused before anything is inflated.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { csvDelimiter } from '../rules/inventory/upload-file.rules';
import type { Cell } from '../rules/inventory/upload-row.rules';

export type SheetRow = { rowNumber: number; cells: Cell[] };

/** What a formula cell whose cached result is a spreadsheet error reads as (exceljs keeps no error text). */
export const FORMULA_ERROR = '#ERROR!';

/**
 * exceljs' formula value drops a falsy cached result, so a formula showing 0
 * would read as blank, and one showing an error (which its stream reader turns
 * into NaN) as blank too. Keep both: 0 stays 0, an error becomes FORMULA_ERROR.
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

export async function openSpreadsheet(file: string, kind: 'xlsx' | 'csv', opts: ReadOptions): Promise<OpenedSheet> {
  if (kind === 'xlsx') {
    await checkZip(file, opts.maxUncompressedBytes);
    return { rows: xlsxRows(file), notes: [] };
  }
  return csvRows(file);
}

/** The checks that need no reading of rows: for an .xlsx, its zip directory (zip bombs, damage). */
export async function inspectSpreadsheet(file: string, kind: 'xlsx' | 'csv', opts: ReadOptions): Promise<void> {
  if (kind === 'xlsx') await checkZip(file, opts.maxUncompressedBytes);
}

// ---------- .xlsx ----------

type ZipEntry = { name: string; method: number; compressed: number; uncompressed: number; localOffset: number };

/** The zip's central directory: names and declared sizes, read from the end of the file. */
async function zipDirectory(file: string): Promise<ZipEntry[]> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new SpreadsheetError('The file is damaged or is not an Excel workbook. Open it in Excel, save it as .xlsx and upload it again');
    const count = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (dirOffset === 0xffffffff || count === 0xffff || dirOffset + dirSize > size) throw new SpreadsheetError('The workbook is too large to read (a ZIP64 archive). Save it again as .xlsx with fewer rows');
    const dir = Buffer.alloc(dirSize);
    await fh.read(dir, 0, dirSize, dirOffset);
    const entries: ZipEntry[] = [];
    for (let p = 0, i = 0; i < count; i++) {
      if (dir.readUInt32LE(p) !== 0x02014b50) throw new SpreadsheetError('The file is damaged or is not an Excel workbook');
      const nameLen = dir.readUInt16LE(p + 28);
      const extraLen = dir.readUInt16LE(p + 30);
      const commentLen = dir.readUInt16LE(p + 32);
      entries.push({
        name: dir.toString('utf8', p + 46, p + 46 + nameLen),
        method: dir.readUInt16LE(p + 10),
        compressed: dir.readUInt32LE(p + 20),
        uncompressed: dir.readUInt32LE(p + 24),
        localOffset: dir.readUInt32LE(p + 42),
      });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

/**
 * Refuses a workbook whose parts expand beyond the limit. The declared sizes are
 * checked first; the shared strings (which the reader keeps in memory) are also
 * inflated once with a hard cap, in case the directory lies.
 */
async function checkZip(file: string, maxBytes: number): Promise<void> {
  const entries = await zipDirectory(file);
  const mb = (n: number) => (n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
  const total = entries.reduce((n, e) => n + e.uncompressed, 0);
  if (entries.some((e) => e.uncompressed === 0xffffffff) || total > maxBytes) {
    throw new SpreadsheetError(`The workbook expands to more than ${mb(maxBytes)} when opened, so it was refused. Remove unused sheets and formatting, or split the inventory into several files`);
  }
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) throw new SpreadsheetError('The file is a ZIP archive but not an Excel workbook. Upload the inventory as .xlsx or .csv');
  // The directory may lie: inflate every part once, counting, and stop at what it declared.
  for (const e of entries) if (e.method === 8) await inflatedSize(file, e, Math.min(maxBytes, e.uncompressed + 1024));
}

async function inflatedSize(file: string, entry: ZipEntry, cap: number): Promise<void> {
  const start = await dataStart(file, entry);
  await new Promise<void>((resolve, reject) => {
    let seen = 0;
    const input = fs.createReadStream(file, { start, end: start + Math.max(entry.compressed, 1) - 1 });
    const inflate = zlib.createInflateRaw();
    const fail = (err: Error) => {
      input.destroy();
      inflate.destroy();
      reject(err);
    };
    inflate.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > cap) fail(new SpreadsheetError('The workbook expands to far more than it says when opened (a "zip bomb"), so it was refused'));
    });
    inflate.on('end', resolve);
    inflate.on('error', () => fail(new SpreadsheetError('The file is damaged or is not an Excel workbook')));
    input.on('error', fail);
    input.pipe(inflate);
  });
}

/** exceljs cell value → what the parser reads: a formula's cached result, rich text's text, a date as YYYY-MM-DD. */
function cellOf(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: string; formula?: string; sharedFormula?: string };
    if ('formula' in o || 'sharedFormula' in o) return o.result === undefined ? null : cellOf(o.result);
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if (o.error) return o.error;
    if (o.text !== undefined) return cellOf(o.text);
  }
  return String(v);
}

/** One zip entry's bytes, inflated. */
async function entryStream(file: string, entry: ZipEntry): Promise<NodeJS.ReadableStream> {
  if (entry.compressed === 0) return Readable.from([]);
  const start = await dataStart(file, entry);
  const raw = fs.createReadStream(file, { start, end: start + entry.compressed - 1 });
  return entry.method === 8 ? raw.pipe(zlib.createInflateRaw()) : raw;
}

type ReaderInternals = {
  sharedStrings?: unknown[];
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
};

/**
 * exceljs' stream reader can only read a worksheet as it streams by once it has
 * the workbook's relationships and shared strings; Excel and exceljs put those
 * after the worksheets, so it spools every worksheet to a temporary file first
 * (files that leak when a read stops early, and race their own clean-up). Read
 * those three small parts first, from the zip directory, so every worksheet is
 * streamed straight through.
 */
async function primeReader(reader: unknown, file: string): Promise<void> {
  const r = reader as ReaderInternals;
  const entries = await zipDirectory(file);
  const find = (name: string) => entries.find((e) => e.name === name);
  const rels = find('xl/_rels/workbook.xml.rels');
  const workbook = find('xl/workbook.xml');
  const strings = find('xl/sharedStrings.xml');
  if (rels) await r._parseRels(await entryStream(file, rels));
  if (workbook) await r._parseWorkbook(await entryStream(file, workbook));
  if (strings) for await (const _ of r._parseSharedStrings(await entryStream(file, strings)));
  else r.sharedStrings = []; // every string inline: nothing to wait for
}

async function* xlsxRows(file: string): AsyncGenerator<SheetEvent> {
  const input = fs.createReadStream(file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let n = 0;
  try {
    await primeReader(reader, file);
    for await (const sheet of reader) {
      // Every sheet is offered in order; the consumer reads the one with the header.
      yield { sheet: ++n };
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellOf(values[i]));
        yield { rowNumber: row.number, cells };
      }
    }
  } catch (err) {
    if (err instanceof SpreadsheetError) throw err;
    throw new SpreadsheetError('The workbook could not be read; it may be damaged. Open it in Excel, save it as .xlsx and upload it again');
  } finally {
    // Stopping early is fine: nothing was spooled to disk, so closing the file is all there is to do.
    input.destroy();
  }
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
  const sheets = (await zipDirectory(file)).filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name));
  let best = 0;
  for (const sheet of sheets) {
    const head = await inflateStart(file, sheet, 4096).catch(() => '');
    const dim = /<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"/.exec(head);
    best = Math.max(best, dim ? Number(dim[1]) : Math.round(sheet.uncompressed / 400));
  }
  return best;
}

/** The first bytes of an entry, inflated. */
async function inflateStart(file: string, entry: ZipEntry, bytes: number): Promise<string> {
  const start = await dataStart(file, entry);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let seen = 0;
    const input = fs.createReadStream(file, { start, end: start + Math.min(Math.max(entry.compressed, 1), 65_536) - 1 });
    const out = entry.method === 8 ? zlib.createInflateRaw() : null;
    const done = () => {
      input.destroy();
      out?.destroy();
      resolve(Buffer.concat(chunks).toString('utf8', 0, Math.min(seen, bytes)));
    };
    (out ?? input).on('data', (c: Buffer) => {
      chunks.push(c);
      seen += c.length;
      if (seen >= bytes) done();
    });
    (out ?? input).on('end', done);
    (out ?? input).on('error', done);
    if (out) input.pipe(out);
  });
}

async function dataStart(file: string, entry: ZipEntry): Promise<number> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const local = Buffer.alloc(30);
    await fh.read(local, 0, 30, entry.localOffset);
    return entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    await fh.close();
  }
}

// ---------- CSV ----------

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
  // Valid UTF-8 all the way through, or else the Windows code page Excel uses for "CSV" in the US.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return { encoding: 'utf-8', note: null };
  } catch {
    return { encoding: 'windows-1252', note: 'The file is not UTF-8 text, so it was read as Windows-1252 (Western European), the encoding Excel uses for CSV. Check that names with accents look right below' };
  }
}

async function csvRows(file: string): Promise<OpenedSheet> {
  const { encoding, note } = await detectEncoding(file);
  async function* rows(): AsyncGenerator<SheetEvent> {
    const decoder = new TextDecoder(encoding); // strips a BOM
    let delimiter: string | null = null;
    let buf = '';
    let row: Cell[] = [];
    let field = '';
    let quoted = false;
    let rowNumber = 0;
    const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
    const flushField = () => {
      row.push(field);
      field = '';
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
            flushField();
            out.push({ rowNumber: ++rowNumber, cells: row });
            row = [];
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
        flushField();
        yield { rowNumber: ++rowNumber, cells: row };
      }
    } finally {
      input.destroy();
    }
  }
  return { rows: rows(), notes: note ? [note] : [] };
}
