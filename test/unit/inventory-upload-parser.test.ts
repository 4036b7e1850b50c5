/**
 * The inventory upload parser end to end on real files: .xlsx built with exceljs
 * and CSV text in the encodings Excel writes, read from a temp directory the way
 * the upload service reads them. Also the zip checks (declared sizes, a lying
 * directory) and the magic-byte sniffing that decides which reader runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { csvDelimiter, spreadsheetKind } from '../../src/rules/inventory/upload-file.rules';
import { parseInventoryFile, type ParseOptions, type ParseResult, type UploadRow } from '../../src/spreadsheets/inventory-upload.parser';
import { estimateRows, inspectSpreadsheet, SpreadsheetError } from '../../src/spreadsheets/inventory-upload.reader';
import { csv, unzip, validRow, xlsx, zip, type CellValue } from '../support/inventory-files';

// ---------- helpers ----------

const MB = 1024 * 1024;
const LIMITS = { maxRows: 1000, maxUncompressedBytes: 200 * MB };

let dir: string;
let fileNo = 0;
let tempBefore: Set<string>;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inventory-upload-'));
  tempBefore = new Set(exceljsTempFiles());
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  // The reader primes exceljs so it never spools worksheets to tmp-<pid>-* files; should one appear anyway
  // (the test under "temporary files" would fail), do not leave it behind.
  for (const f of exceljsTempFiles()) if (!tempBefore.has(f)) fs.rmSync(path.join(os.tmpdir(), f), { force: true });
});

/** The temp files exceljs' stream reader (through the tmp package) has made in this process. */
function exceljsTempFiles(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`));
}

function write(data: Buffer | string, ext: string): string {
  const file = path.join(dir, `upload-${++fileNo}.${ext}`);
  fs.writeFileSync(file, data);
  return file;
}

type Parsed = { rows: UploadRow[]; batches: number[]; result: ParseResult };

/** Writes the bytes to a file and parses it, collecting the rows handed to onBatch. */
async function parse(data: Buffer | string, kind: 'xlsx' | 'csv', opts: Partial<ParseOptions> = {}): Promise<Parsed> {
  const rows: UploadRow[] = [];
  const batches: number[] = [];
  const file = write(data, kind);
  const result = await parseInventoryFile(file, kind, {
    ...LIMITS,
    ...opts,
    onBatch: async (batch) => {
      batches.push(batch.length);
      rows.push(...batch);
      return opts.onBatch ? opts.onBatch(batch) : undefined;
    },
  });
  return { rows, batches, result };
}

const parseXlsx = async (rows: Record<string, CellValue>[], opts: Parameters<typeof xlsx>[1] = {}) => parse(await xlsx(rows, opts), 'xlsx');
const parseCsv = (data: Buffer | string) => parse(data, 'csv');

/** The SpreadsheetError the parser throws for the file (fails the test if it reads it instead). */
async function refusal(data: Buffer | string, kind: 'xlsx' | 'csv', opts: Partial<ParseOptions> = {}): Promise<string> {
  const error = await parse(data, kind, opts).then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(SpreadsheetError);
  return (error as SpreadsheetError).message;
}

/** The one problem a row has on a column. */
function problemOn(row: UploadRow | undefined, column: string) {
  const found = row?.problems.filter((p) => p.column === column) ?? [];
  expect(found).toHaveLength(1);
  return found[0]!;
}

const columnsWithProblems = (row: UploadRow | undefined) => row?.problems.map((p) => p.column) ?? [];

/** The same row under other header names. */
const relabel = (row: Record<string, CellValue>, labels: Record<string, string>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [labels[k] ?? k, v]));

/** Adds a Legend-like sheet after the inventory sheet of an exceljs workbook. */
async function withLegendSheet(file: Buffer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  const legend = wb.addWorksheet('Legend');
  legend.addRow(['Column', 'Code', 'Meaning']);
  legend.addRow(['HMType', 'a', 'Pure']);
  legend.addRow(['HMType', 'b', 'Mixture']);
  legend.addRow(['CERSID', 'CommonName', 'HMType']);
  legend.addRow([10000009, 'Legend row', 'a']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const utf8Bom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
const utf16leBom = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

// ---------- tests ----------

describe('codes and labels in any case', () => {
  test('HMType, PhysicalState and Units read as codes whether given as code, label or upper case', async () => {
    const { rows } = await parseXlsx([
      validRow(10000001, { HMType: 'Mixture', PhysicalState: 'liquid', Units: 'Gallons' }),
      validRow(10000001, { HMType: 'b', PhysicalState: 'LIQUID', Units: 'a' }),
      validRow(10000001, { HMType: 'MIXTURE', PhysicalState: ' Liquid ', Units: 'gallons', StoragePressure: 'above ambient', StorageTemperature: 'Cryogenic' }),
    ]);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.problems).toEqual([]);
      expect(row.item).toMatchObject({ hmType: 'b', physicalState: 'b', units: 'a' });
    }
    expect(rows[2]!.item).toMatchObject({ pressure: 'b', temperature: 'd' });
  });

  test('an unknown code or label is a problem on its column, naming the Legend sheet', async () => {
    const { rows } = await parseXlsx([validRow(10000001, { HMType: 'Liquid', Units: 'gal' })]);
    expect(problemOn(rows[0], 'HMType').message).toContain('must be one of the codes on the Legend sheet');
    expect(problemOn(rows[0], 'HMType').value).toBe('Liquid');
    expect(problemOn(rows[0], 'Units').value).toBe('gal');
    expect(rows[0]!.item.hmType).toBeNull();
    expect(rows[0]!.item.units).toBeNull();
  });

  test("Y/N columns take 'Yes', 'true', 'y', 1 and Excel TRUE as yes; 'N', 'no' and blank as no", async () => {
    const { rows } = await parseXlsx([
      validRow(10000001, {
        FHCPhysicalFlammable: 'Yes',
        FHCHealthSeriousEyeDamageEyeIrritation: 'true',
        FHCHealthAcuteToxicity: '',
        FHCPhysicalOxidizer: 'N',
        SCSteelDrum: 'y',
        SCCan: 'no',
        SCCarboy: 1,
        TradeSecret: 'N',
        EHS: '',
        CLConfidential: true,
      }),
    ]);
    const [row] = rows;
    expect(row!.problems).toEqual([]);
    expect(row!.item.ghs).toEqual(['FHCPhysicalFlammable', 'FHCHealthSeriousEyeDamageEyeIrritation']);
    expect(row!.item.containers).toEqual(['SCSteelDrum', 'SCCarboy']);
    expect(row!.item).toMatchObject({ tradeSecret: false, ehs: false, locationConfidential: true });
  });

  test('a Y/N cell with another word is a problem on that column', async () => {
    const { rows } = await parseXlsx([validRow(10000001, { SCSteelDrum: 'maybe' })]);
    expect(problemOn(rows[0], 'SCSteelDrum')).toEqual({ column: 'SCSteelDrum', value: 'maybe', message: 'SCSteelDrum must be Y or N' });
    expect(rows[0]!.item.containers).toEqual([]);
  });
});

describe('finding the header', () => {
  test('a header below title rows, columns reordered and named in other case or with spaces; rows keep their spreadsheet numbers', async () => {
    const labels = { CERSID: 'Cers Id', CommonName: 'common name', MaximumDailyAmount: ' MAXIMUM DAILY AMOUNT ', PhysicalState: 'physical_state' };
    const data = [relabel(validRow(10000001, { CommonName: 'Acetone' }), labels), relabel(validRow(10000002, { CommonName: 'Toluene', MaximumDailyAmount: 80 }), labels)];
    const { rows, result } = await parseXlsx(data, {
      titleRows: [['Hazardous Materials Inventory'], ['Acme Plating, 1 Main St']],
      columns: Object.keys(data[0]!).reverse(),
    });
    expect(rows.map((r) => r.rowNumber)).toEqual([4, 5]); // title rows 1–2, header row 3
    expect(rows.map((r) => [r.cersId, r.item.commonName, r.item.maxDaily, r.item.physicalState])).toEqual([
      [10000001, 'Acetone', 500, 'b'],
      [10000002, 'Toluene', 80, 'b'],
    ]);
    expect(rows.flatMap((r) => r.problems)).toEqual([]);
    expect(result).toEqual({ rows: 2, notes: [], stopped: false });
  });

  test('an instruction sheet before the inventory is passed over and a Legend sheet after it is not read', async () => {
    const file = await withLegendSheet(await xlsx([validRow(10000001), validRow(10000002)], { extraSheetsFirst: true }));
    const { rows, result } = await parse(file, 'xlsx');
    expect(rows.map((r) => [r.rowNumber, r.cersId])).toEqual([
      [2, 10000001],
      [3, 10000002],
    ]);
    expect(result.rows).toBe(2);
  });

  test('a column not in the template is ignored, with a note naming it', async () => {
    const { rows, result } = await parseXlsx([validRow(10000001, { 'Bin Notes': 'top shelf' })]);
    expect(rows[0]!.problems).toEqual([]);
    expect(result.notes).toEqual(['This column is not part of the CERS template and was ignored: Bin Notes.']);
  });

  test('the header may be as low as row 50, not lower', async () => {
    const titles = (n: number) => Array.from({ length: n }, (_, i) => [`Instructions line ${i + 1}`]);
    const { rows } = await parseXlsx([validRow(10000001)], { titleRows: titles(49) });
    expect(rows.map((r) => r.rowNumber)).toEqual([51]);
    expect(await refusal(await xlsx([validRow(10000001)], { titleRows: titles(50) }), 'xlsx')).toMatch(/No header row/);
  });
});

describe('formulas and rich text', () => {
  test('a formula gives its cached result; rich text gives its text; a formula without a result is blank', async () => {
    const { rows } = await parseXlsx([
      validRow(10000001, {
        MaximumDailyAmount: { formula: 'K2*2', result: 1200 },
        ChemicalName: { formula: 'C2', result: 'Acetone' },
        CommonName: { richText: [{ text: 'Ace' }, { text: 'tone', font: { bold: true } }] },
      }),
      validRow(10000001, { MaximumDailyAmount: { formula: 'K3*2' } }),
    ]);
    expect(rows[0]!.item).toMatchObject({ maxDaily: 1200, chemicalName: 'Acetone', commonName: 'Acetone' });
    expect(rows[0]!.problems).toEqual([]);
    // No cached result: blank to the parser (a missing required amount is the item rules' problem, not a format problem).
    expect(rows[1]!.item.maxDaily).toBeNull();
    expect(columnsWithProblems(rows[1])).not.toContain('MaximumDailyAmount');
  });

  test('an error value typed into a cell is a problem naming the error', async () => {
    const { rows } = await parseXlsx([validRow(10000001, { ChemicalName: { error: '#N/A' } })]);
    expect(problemOn(rows[0], 'ChemicalName').message).toContain('spreadsheet error #N/A');
  });

  test('a formula whose cached result is 0 reads as 0, like a typed 0', async () => {
    const { rows } = await parseXlsx([validRow(10000001, { MaximumDailyAmount: 0 }), validRow(10000001, { MaximumDailyAmount: { formula: 'K3*0', result: 0 } })]);
    expect(rows[0]!.item.maxDaily).toBe(0);
    expect(rows[1]!.item.maxDaily).toBe(0);
  });

  test('a formula whose cached result is an error (#N/A) is a problem, not a blank', async () => {
    const { rows } = await parseXlsx([validRow(10000001, { ChemicalName: { formula: 'VLOOKUP(C2,Lib!A:B,2,FALSE)', result: { error: '#N/A' } } })]);
    // exceljs keeps no text for a formula's error result, so the message cannot name #N/A; it must not be a blank.
    expect(problemOn(rows[0], 'ChemicalName').message).toContain('shows a spreadsheet error');
    expect(rows[0]!.item.chemicalName).toBeNull();
  });
});

describe('numbers', () => {
  test("numeric cells and text like '1,200' and '1,200.5' are numbers", async () => {
    const { rows } = await parseXlsx([
      validRow(10000001, { MaximumDailyAmount: 1200, AverageDailyAmount: 0, LargestContainer: 55.5 }),
      validRow(10000001, { MaximumDailyAmount: '1,200', AverageDailyAmount: '1,200.5', LargestContainer: ' 55 ', DaysOnSite: '365' }),
    ]);
    expect(rows.flatMap((r) => r.problems)).toEqual([]);
    expect(rows.map((r) => [r.item.maxDaily, r.item.averageDaily, r.item.largestContainer, r.item.daysOnSite])).toEqual([
      [1200, 0, 55.5, 365],
      [1200, 1200.5, 55, 365],
    ]);
  });

  test('a word in a number column is a problem saying it must be a number', async () => {
    const { rows } = await parseXlsx([validRow(10000001, { MaximumDailyAmount: 'lots' }), validRow(10000001, { MaximumDailyAmount: '500 gal' })]);
    for (const row of rows) {
      expect(problemOn(row, 'MaximumDailyAmount').message).toContain('must be a number');
      expect(row.item.maxDaily).toBeNull();
    }
    expect(problemOn(rows[0], 'MaximumDailyAmount').value).toBe('lots');
    expect(problemOn(rows[1], 'MaximumDailyAmount').value).toBe('500 gal');
  });

  test('negative amounts, as a number or as text, cannot be negative', async () => {
    const { rows } = await parseXlsx([validRow(10000001, { MaximumDailyAmount: -5 }), validRow(10000001, { MaximumDailyAmount: '-5' })]);
    expect(rows.map((r) => problemOn(r, 'MaximumDailyAmount'))).toEqual([
      { column: 'MaximumDailyAmount', value: '-5', message: 'MaximumDailyAmount cannot be negative' },
      { column: 'MaximumDailyAmount', value: '-5', message: 'MaximumDailyAmount cannot be negative' },
    ]);
  });

  test('DaysOnSite must be a whole number', async () => {
    const { rows } = await parseXlsx([validRow(10000001, { DaysOnSite: 12.5 })]);
    expect(problemOn(rows[0], 'DaysOnSite')).toEqual({ column: 'DaysOnSite', value: '12.5', message: 'DaysOnSite must be a whole number' });
    expect(rows[0]!.item.daysOnSite).toBeNull();
  });
});

describe('several facilities in one file', () => {
  test('each row keeps its own CERSID; a blank or non-numeric CERSID is a problem on CERSID', async () => {
    const { rows } = await parseXlsx([
      validRow(10000001, { CommonName: 'Acetone' }),
      validRow(10000002, { CommonName: 'Toluene' }),
      validRow(10000001, { CommonName: 'Xylene' }),
      { ...validRow(0), CERSID: null, CommonName: 'Orphan' },
      validRow(0, { CERSID: 'Acme', CommonName: 'Named' }),
    ]);
    expect(rows.map((r) => [r.rowNumber, r.cersId, r.item.commonName])).toEqual([
      [2, 10000001, 'Acetone'],
      [3, 10000002, 'Toluene'],
      [4, 10000001, 'Xylene'],
      [5, null, 'Orphan'],
      [6, null, 'Named'],
    ]);
    expect(rows.slice(0, 3).flatMap((r) => r.problems)).toEqual([]);
    expect(problemOn(rows[3], 'CERSID').message).toContain('Enter the CERS ID');
    expect(problemOn(rows[4], 'CERSID')).toMatchObject({ value: 'Acme', message: expect.stringContaining('must be the 8-digit CERS ID') });
  });
});

describe('blank rows', () => {
  test('an entirely blank row between materials is skipped; the rows after keep their numbers', async () => {
    const blank = Object.fromEntries(Object.keys(validRow(1)).map((k, i) => [k, i % 2 ? '' : '   ']));
    const { rows, result } = await parseXlsx([validRow(10000001), blank, validRow(10000002)]);
    expect(rows.map((r) => [r.rowNumber, r.cersId])).toEqual([
      [2, 10000001],
      [4, 10000002],
    ]);
    expect(result.rows).toBe(2);
  });

  test('100,000 blank rows after the materials are read through and yield nothing', async () => {
    const { rows, result } = await parseXlsx([validRow(10000001), validRow(10000002)], { blankRowsAfter: 100_000 });
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 3]);
    expect(result).toEqual({ rows: 2, notes: [], stopped: false });
  }, 60_000);
});

describe('batches', () => {
  test('rows arrive in batches of batchSize, in order', async () => {
    const data = [1, 2, 3, 4, 5].map((n) => validRow(10000000 + n));
    const { rows, batches } = await parse(await xlsx(data), 'xlsx', { batchSize: 2 });
    expect(batches).toEqual([2, 2, 1]);
    expect(rows.map((r) => r.cersId)).toEqual([10000001, 10000002, 10000003, 10000004, 10000005]);
  });

  test('onBatch returning false stops the reading', async () => {
    const data = [1, 2, 3, 4, 5].map((n) => validRow(10000000 + n));
    const { rows, result } = await parse(await xlsx(data), 'xlsx', { batchSize: 2, onBatch: async () => false });
    expect(rows).toHaveLength(2);
    expect(result).toMatchObject({ rows: 2, stopped: true });
  });

  test('a resumed upload skips the rows staged before and counts them toward the total', async () => {
    const data = [1, 2, 3, 4, 5].map((n) => validRow(10000000 + n));
    const { rows, result } = await parse(await xlsx(data), 'xlsx', { skipThroughRow: 3, alreadyRead: 2 });
    expect(rows.map((r) => r.rowNumber)).toEqual([4, 5, 6]);
    expect(result.rows).toBe(5);
  });
});

describe('files the parser refuses or flags', () => {
  test('no header row: the message says so', async () => {
    const noHeader = [{ Facility: 10000001, Name: 'Acetone' }];
    expect(await refusal(await xlsx(noHeader, { titleRows: [['Inventory']] }), 'xlsx')).toMatch(/No header row/);
    expect(await refusal('Facility,Name\r\n10000001,Acetone\r\n', 'csv')).toMatch(/No header row/);
  });

  test('a misspelled required header is named, with the spelling to use', async () => {
    const message = await refusal(await xlsx([relabel(validRow(10000001), { CommonName: 'ComonName' })]), 'xlsx');
    expect(message).toContain('missing a required column: CommonName');
    expect(message).toContain('"ComonName" should be CommonName');
  });

  test('a required column left out is named', async () => {
    const row = validRow(10000001);
    delete row.Units;
    expect(await refusal(await xlsx([row]), 'xlsx')).toContain('missing a required column: Units');
  });

  test('a column named twice is refused, naming the column and both its letters', async () => {
    const columns = [...Object.keys(validRow(1)), 'Common Name']; // 18 template columns A–R, the duplicate in S
    const message = await refusal(await xlsx([validRow(10000001)], { columns }), 'xlsx');
    expect(message).toContain('names a column twice: CommonName (columns C and S)');
  });

  test('more materials than maxRows is refused; exactly maxRows is read', async () => {
    const three = await xlsx([validRow(10000001), validRow(10000002), validRow(10000003)]);
    expect(await refusal(three, 'xlsx', { maxRows: 2 })).toMatch(/more than 2 materials/);
    const { rows } = await parse(three, 'xlsx', { maxRows: 3 });
    expect(rows).toHaveLength(3);
    // Blank rows do not count toward the limit.
    const { result } = await parse(await xlsx([validRow(10000001), validRow(10000002)], { blankRowsAfter: 50 }), 'xlsx', { maxRows: 2 });
    expect(result.rows).toBe(2);
  });

  test('a 10 MB ChemicalName in an .xlsx is a problem, shown shortened with its length', async () => {
    const huge = 'x'.repeat(10 * MB);
    const { rows } = await parseXlsx([validRow(10000001, { ChemicalName: huge }), validRow(10000002)]);
    expect(rows.map((r) => r.cersId)).toEqual([10000001, 10000002]);
    const p = problemOn(rows[0], 'ChemicalName');
    expect(p.message).toBe('ChemicalName can be at most 500 characters; this one has 10,485,760');
    expect(p.value.length).toBeLessThan(100);
    expect(p.value).toContain('10,485,760 characters');
    expect(rows[0]!.item.chemicalName).toBeNull();
    expect(rows[0]!.item.commonName).toBe('Acetone');
    expect(rows[1]!.problems).toEqual([]);
  }, 60_000);

  test('a file that starts like a zip but is not one is refused as damaged', async () => {
    const message = await refusal(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(2000, 7)]), 'xlsx');
    expect(message).toMatch(/damaged or is not an Excel workbook/);
  });

  test('a zip without a workbook in it is refused', async () => {
    const message = await refusal(zip([{ name: 'readme.txt', data: Buffer.from('hello') }]), 'xlsx');
    expect(message).toMatch(/ZIP archive but not an Excel workbook/);
  });
});

describe('CSV', () => {
  const rowsOf = (parsed: Parsed) => parsed.rows.map((r) => [r.rowNumber, r.cersId, r.item.commonName]);

  test('UTF-8 with a BOM: the BOM does not end up in the first header cell', async () => {
    // An unknown first column makes the first cell visible: its note would show "\uFEFFBin" if the BOM stayed.
    const text = csv([validRow(10000001, { Bin: 'A1' })], { columns: ['Bin', ...Object.keys(validRow(1))] });
    const parsed = await parseCsv(utf8Bom(text));
    expect(rowsOf(parsed)).toEqual([[2, 10000001, 'Acetone']]);
    expect(parsed.rows[0]!.problems).toEqual([]);
    expect(parsed.result.notes).toEqual(['This column is not part of the CERS template and was ignored: Bin.']);
  });

  test('UTF-8 with a BOM, CERSID first: the CERS ID still reads', async () => {
    const parsed = await parseCsv(utf8Bom(csv([validRow(10000001)])));
    expect(rowsOf(parsed)).toEqual([[2, 10000001, 'Acetone']]);
    expect(parsed.result.notes).toEqual([]);
  });

  test('Windows-1252 bytes are read as Windows-1252, with a note saying so', async () => {
    const text = csv([validRow(10000001, { CommonName: 'Café cleaner', ChemicalLocation: 'Shed at 40°F' })]);
    const parsed = await parseCsv(Buffer.from(text, 'latin1'));
    expect(parsed.rows[0]!.item).toMatchObject({ commonName: 'Café cleaner', location: 'Shed at 40°F' });
    expect(parsed.result.notes).toHaveLength(1);
    expect(parsed.result.notes[0]).toContain('Windows-1252');
  });

  test('valid UTF-8 with accents is not taken for Windows-1252', async () => {
    const parsed = await parseCsv(csv([validRow(10000001, { CommonName: 'Café cleaner' })]));
    expect(parsed.rows[0]!.item.commonName).toBe('Café cleaner');
    expect(parsed.result.notes).toEqual([]);
  });

  test('UTF-16LE with a BOM and tabs ("Unicode Text" from Excel)', async () => {
    const text = csv([validRow(10000001, { CommonName: 'Acétone' }), validRow(10000002, { MaximumDailyAmount: '1,200' })], { delimiter: '\t' });
    const parsed = await parseCsv(utf16leBom(text));
    expect(rowsOf(parsed)).toEqual([
      [2, 10000001, 'Acétone'],
      [3, 10000002, 'Acetone'],
    ]);
    expect(parsed.rows[1]!.item.maxDaily).toBe(1200);
    expect(parsed.rows.flatMap((r) => r.problems)).toEqual([]);
  });

  test('semicolons as the delimiter, with a comma inside a number', async () => {
    const parsed = await parseCsv(csv([validRow(10000001, { MaximumDailyAmount: '1,200', ChemicalLocation: 'Shed 2, north' })], { delimiter: ';' }));
    expect(parsed.rows[0]!.item).toMatchObject({ maxDaily: 1200, location: 'Shed 2, north', hmType: 'a', units: 'a' });
    expect(parsed.rows[0]!.problems).toEqual([]);
  });

  test('quoted fields hold commas, doubled quotes and line breaks; the row after keeps its number', async () => {
    const parsed = await parseCsv(
      csv([
        validRow(10000001, { ChemicalLocation: 'Shed 2, north wall', CommonName: 'Acetone "technical"', ChemicalDescriptionComment: 'line 1\r\nline 2\nline 3' }),
        validRow(10000002, { CommonName: 'Toluene' }),
      ]),
    );
    expect(parsed.rows[0]!.item).toMatchObject({ location: 'Shed 2, north wall', commonName: 'Acetone "technical"', comment: 'line 1\r\nline 2\nline 3' });
    expect(rowsOf(parsed)).toEqual([
      [2, 10000001, 'Acetone "technical"'],
      [3, 10000002, 'Toluene'],
    ]);
    expect(parsed.rows.flatMap((r) => r.problems)).toEqual([]);
  });

  test('CRLF and LF line endings read the same, blank lines skipped', async () => {
    const crlf = csv([validRow(10000001), validRow(10000002)]);
    expect(crlf).toContain('\r\n');
    const lf = crlf.replace(/\r\n/g, '\n');
    const a = await parseCsv(crlf);
    const b = await parseCsv(lf);
    expect(rowsOf(a)).toEqual([
      [2, 10000001, 'Acetone'],
      [3, 10000002, 'Acetone'],
    ]);
    expect(b.rows.map((r) => [r.rowNumber, r.item])).toEqual(a.rows.map((r) => [r.rowNumber, r.item]));
    const withBlank = await parseCsv(crlf.replace('\r\n', '\r\n,,,\r\n\r\n'));
    expect(rowsOf(withBlank)).toEqual([
      [4, 10000001, 'Acetone'],
      [5, 10000002, 'Acetone'],
    ]);
  });

  test('a title line above the header and no line break at the end', async () => {
    const text = 'Acme Plating inventory 2025\r\n' + csv([validRow(10000001)]).replace(/\r\n$/, '');
    expect(rowsOf(await parseCsv(text))).toEqual([[3, 10000001, 'Acetone']]);
  });

  test('a 10 MB quoted cell full of doubled quotes and commas is read across chunk boundaries', async () => {
    const unit = 'ab",'; // written as ab"", inside the quotes
    const huge = unit.repeat((10 * MB) / unit.length);
    const parsed = await parseCsv(csv([validRow(10000001, { ChemicalName: huge }), validRow(10000002, { CommonName: 'After' })]));
    expect(rowsOf(parsed)).toEqual([
      [2, 10000001, 'Acetone'],
      [3, 10000002, 'After'],
    ]);
    const p = problemOn(parsed.rows[0], 'ChemicalName');
    expect(p.message).toBe('ChemicalName can be at most 500 characters; this one has 10,485,760');
    expect(p.value.startsWith('ab",ab",ab",')).toBe(true);
    expect(parsed.rows[0]!.problems).toHaveLength(1);
  }, 60_000);
});

describe('zip checks', () => {
  test('a workbook that expands beyond the limit is refused before any row is read', async () => {
    const file = await xlsx([validRow(10000001)]);
    const declared = unzip(file).reduce((n, p) => n + p.data.length, 0);
    expect(declared).toBeGreaterThan(10_000);
    const message = await refusal(file, 'xlsx', { maxUncompressedBytes: 10_000 });
    expect(message).toMatch(/expands to more than/);
    await expect(inspectSpreadsheet(write(file, 'xlsx'), 'xlsx', { maxUncompressedBytes: 10_000 })).rejects.toThrow(/expands to more than/);
    await expect(inspectSpreadsheet(write(file, 'xlsx'), 'xlsx', { maxUncompressedBytes: 10 * MB })).resolves.toBeUndefined();
  });

  test('the hand-built zip round-trips an exceljs workbook (so the tests below change only what they say)', async () => {
    const { rows } = await parse(zip(unzip(await xlsx([validRow(10000001), validRow(10000002)]))), 'xlsx');
    expect(rows.map((r) => r.cersId)).toEqual([10000001, 10000002]);
  });

  test('shared strings whose directory entry understates their size are refused as a zip bomb, not read', async () => {
    const parts = unzip(await xlsx([validRow(10000001)])).map((p) =>
      p.name === 'xl/sharedStrings.xml' ? { ...p, data: Buffer.concat([p.data, Buffer.alloc(50 * MB)]), declaredSize: p.data.length } : p,
    );
    const bomb = zip(parts);
    expect(bomb.length).toBeLessThan(MB); // 50 MB of zeros deflates to ~50 KB
    const file = write(bomb, 'xlsx');
    await expect(inspectSpreadsheet(file, 'xlsx', { maxUncompressedBytes: 100 * MB })).rejects.toThrow(/zip bomb/);
    let batches = 0;
    const error = await parseInventoryFile(file, 'xlsx', { ...LIMITS, onBatch: async () => void batches++ }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SpreadsheetError);
    expect((error as Error).message).toMatch(/expands to far more than it says/);
    expect(batches).toBe(0);
  });

  test('a worksheet whose directory entry understates its size is refused too', async () => {
    const parts = unzip(await xlsx([validRow(10000001)])).map((p) => {
      if (p.name !== 'xl/worksheets/sheet1.xml') return p;
      const padded = p.data.toString('utf8').replace('<sheetData>', `<sheetData>${' '.repeat(50 * MB)}`);
      return { ...p, data: Buffer.from(padded), declaredSize: p.data.length };
    });
    const message = await refusal(zip(parts), 'xlsx', { maxUncompressedBytes: 10 * MB });
    expect(message).toMatch(/expands to/);
  });

  test('estimateRows reads an .xlsx dimension and counts CSV lines', async () => {
    const file = write(await xlsx([validRow(10000001), validRow(10000002), validRow(10000003)], { titleRows: [['Inventory']] }), 'xlsx');
    expect(await estimateRows(file, 'xlsx')).toBe(5);
    expect(await estimateRows(write(csv([validRow(10000001), validRow(10000002)]), 'csv'), 'csv')).toBe(3);
  });
});

describe('temporary files', () => {
  test('a read that stops early (Legend sheet, too many rows) leaves no spooled worksheet behind', async () => {
    const before = exceljsTempFiles().length;
    await parse(await withLegendSheet(await xlsx([validRow(10000001)])), 'xlsx');
    expect(await refusal(await xlsx([validRow(10000001), validRow(10000002)]), 'xlsx', { maxRows: 1 })).toMatch(/more than 1 material/);
    // The reader hands exceljs the shared strings first, so no worksheet is ever spooled to disk.
    expect(exceljsTempFiles()).toHaveLength(before);
  });
});

describe('spreadsheetKind', () => {
  const kind = (bytes: Buffer, size = bytes.length) => spreadsheetKind(bytes, size, 50 * MB);
  const message = (bytes: Buffer, size = bytes.length) => {
    const k = kind(bytes, size);
    expect(k.ok).toBe(false);
    return k.ok ? '' : k.message;
  };

  test('an old .xls (OLE, D0 CF 11 E0) is refused with a message to save it as .xlsx', () => {
    expect(message(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toContain('.xlsx');
  });

  test('a Windows or Linux program is refused as a program', () => {
    expect(message(Buffer.from('MZ\x90\x00\x03\x00', 'latin1'))).toContain('program');
    expect(message(Buffer.from('\x7fELF\x02\x01', 'latin1'))).toContain('program');
  });

  test('an empty file is refused as empty', () => {
    expect(message(Buffer.alloc(0), 0)).toContain('empty');
  });

  test('a PDF is refused as not a spreadsheet', () => {
    expect(message(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'))).toMatch(/PDF, not a spreadsheet/);
  });

  test('binary junk is refused as not a spreadsheet', () => {
    expect(message(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x89, 0x00, 0x10]))).toMatch(/not a spreadsheet/);
  });

  test('a file over the size limit is refused with the limit', () => {
    expect(message(Buffer.from('CERSID,CommonName\r\n'), 60 * MB)).toContain('smaller than 50 MB');
  });

  test('a zip (PK 03 04) is an .xlsx; text in UTF-8, Windows-1252 or UTF-16 with BOM is a CSV', () => {
    expect(kind(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toEqual({ ok: true, kind: 'xlsx' });
    expect(kind(Buffer.from('CERSID,ChemicalLocation,CommonName\r\n10000001,Shed,Acetone\r\n'))).toEqual({ ok: true, kind: 'csv' });
    expect(kind(Buffer.from('CERSID;CommonName\r\n10000001;Caf\xe9\r\n', 'latin1'))).toEqual({ ok: true, kind: 'csv' });
    expect(kind(utf8Bom('CERSID\tCommonName\r\n'))).toEqual({ ok: true, kind: 'csv' });
    expect(kind(utf16leBom('CERSID\tCommonName\r\n'))).toEqual({ ok: true, kind: 'csv' });
  });

  test('csvDelimiter picks the delimiter the header line uses most', () => {
    expect(csvDelimiter('CERSID,CommonName,Units\r\n1,"a;b;c;d",x')).toBe(',');
    expect(csvDelimiter('Title; with; semicolons\r\nCERSID;CommonName;Units\r\n')).toBe(';');
    expect(csvDelimiter('CERSID\tCommonName\tUnits\n')).toBe('\t');
    expect(csvDelimiter('just one column')).toBe(',');
  });
});

// ---------- damaged zips, unstorable text, bounds on memory ----------

/** The byte offsets of an exceljs workbook's zip structures, to damage them one at a time. */
function zipLayout(file: Buffer) {
  const eocd = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const dirOffset = file.readUInt32LE(eocd + 16);
  return { eocd, dirOffset, dirSize: file.readUInt32LE(eocd + 12) };
}

/** What reading a file gives, whatever it is: rows, or the message of a SpreadsheetError; any other error fails the test. */
async function outcome(data: Buffer, kind: 'xlsx' | 'csv'): Promise<string> {
  const file = write(data, kind);
  const steps: [string, () => Promise<unknown>][] = [
    ['inspect', () => inspectSpreadsheet(file, kind, LIMITS)],
    ['estimate', () => estimateRows(file, kind)],
    ['parse', () => parseInventoryFile(file, kind, { ...LIMITS, onBatch: async () => undefined })],
  ];
  const seen: string[] = [];
  for (const [step, run] of steps) {
    const error = await run().then(
      () => null,
      (err: unknown) => err,
    );
    if (error && !(error instanceof SpreadsheetError)) throw new Error(`${step} threw ${String(error)} instead of a SpreadsheetError`);
    seen.push(error ? (error as Error).message : 'read');
  }
  return seen.join(' | ');
}

describe('a damaged zip is refused as damaged, never a crash', () => {
  const DAMAGED = /The file is damaged or is not an Excel workbook \(\.xlsx\)/;
  let good: Buffer;
  beforeAll(async () => {
    good = await xlsx([validRow(10000001), validRow(10000002)]);
  });
  const edit = (f: (b: Buffer) => void) => {
    const b = Buffer.from(good);
    f(b);
    return b;
  };

  test('an entry count edited up or down in the end-of-directory record', async () => {
    const { eocd } = zipLayout(good);
    const count = good.readUInt16LE(eocd + 10);
    for (const n of [count + 1, count + 5, 0xfffe, count - 1, 1]) {
      const damaged = edit((b) => {
        b.writeUInt16LE(n, eocd + 8);
        b.writeUInt16LE(n, eocd + 10);
      });
      const result = await outcome(damaged, 'xlsx');
      // Fewer entries than there are may still hold the workbook; more never do.
      if (n > count) expect(result.split(' | ')[0]).toMatch(DAMAGED);
      else expect(result).not.toMatch(/threw/);
    }
  });

  test('the directory offset or size edited', async () => {
    const { eocd, dirOffset, dirSize } = zipLayout(good);
    for (const value of [dirOffset + 7, dirOffset - 7, 0xfffffff0]) {
      expect((await outcome(edit((b) => b.writeUInt32LE(value, eocd + 16)), 'xlsx')).split(' | ')[0]).toMatch(DAMAGED);
    }
    // The size is not needed to walk the directory: a wrong one is read or refused, never a crash.
    for (const value of [dirSize + 100, 3]) expect(await outcome(edit((b) => b.writeUInt32LE(value, eocd + 12)), 'xlsx')).not.toMatch(/threw/);
  });

  test("a directory entry's sizes or name length edited", async () => {
    const { dirOffset } = zipLayout(good);
    // The first entry of the directory: compressed size (+20), uncompressed size (+24), name length (+28), local header offset (+42).
    for (const [at, value, bytes] of [[20, 0x7fffffff, 4], [24, 1, 4], [28, 0xffff, 2], [42, 0x7ffffff0, 4]] as const) {
      const damaged = edit((b) => (bytes === 4 ? b.writeUInt32LE(value, dirOffset + at) : b.writeUInt16LE(value, dirOffset + at)));
      expect((await outcome(damaged, 'xlsx')).split(' | ')[0]).toMatch(/damaged or is not an Excel workbook|zip bomb/);
    }
  });

  test('bytes flipped or inserted in the directory, and files cut short', async () => {
    const { dirOffset, eocd } = zipLayout(good);
    for (let at = dirOffset; at < eocd + 22; at += 37) {
      expect(await outcome(edit((b) => void (b[at] = b[at]! ^ 0xff)), 'xlsx')).not.toMatch(/threw/);
    }
    for (const at of [dirOffset, dirOffset + 50, eocd - 3]) {
      const inserted = Buffer.concat([good.subarray(0, at), Buffer.from('garbage!'), good.subarray(at)]);
      expect((await outcome(inserted, 'xlsx')).split(' | ')[0]).toMatch(DAMAGED);
    }
    for (const length of [30, 500, dirOffset, eocd + 10]) {
      expect((await outcome(good.subarray(0, length), 'xlsx')).split(' | ')[0]).toMatch(DAMAGED);
    }
  });

  test('a local header or the deflated data damaged', async () => {
    const damaged = edit((b) => b.writeUInt32LE(0x12345678, 0));
    expect((await outcome(damaged, 'xlsx')).split(' | ')[0]).toMatch(DAMAGED);
    const parts = unzip(good);
    const flipped = zip(parts);
    flipped[200] = flipped[200]! ^ 0x55; // inside the first part's deflated bytes
    expect(await outcome(flipped, 'xlsx')).not.toMatch(/threw/);
  });

  test('a dimension beyond the last row Excel has is not believed when estimating the rows (it is stored as an integer)', async () => {
    const parts = unzip(await xlsx([validRow(10000001)])).map((p) =>
      p.name === 'xl/worksheets/sheet1.xml' ? { ...p, data: Buffer.from(p.data.toString('utf8').replace(/<dimension ref="[^"]*"/, '<dimension ref="A1:S99999999999"')) } : p,
    );
    const estimate = await estimateRows(write(zip(parts), 'xlsx'), 'xlsx');
    expect(estimate).toBeLessThanOrEqual(1_048_576);
  });

  test('a row numbered beyond the last row Excel has is damage, not a staging error', async () => {
    const parts = unzip(await xlsx([validRow(10000001)])).map((p) =>
      p.name === 'xl/worksheets/sheet1.xml' ? { ...p, data: Buffer.from(p.data.toString('utf8').replace('<row r="2"', '<row r="3000000000"').replace(/r="([A-Z]+)2"/g, 'r="$13000000000"')) } : p,
    );
    expect(await refusal(zip(parts), 'xlsx')).toMatch(DAMAGED);
  });
});

describe('text no database column can hold', () => {
  test('a NUL in a CSV cell is a problem naming its column, the cell not read, the value shown without it', async () => {
    const text = csv([validRow(10000001), validRow(10000002, { CommonName: 'Ace\u0000tone' }), validRow(10000003, { CERSID: '1000\u00000004' })]);
    const { rows } = await parseCsv(text);
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 3, 4]);
    expect(rows[0]!.problems).toEqual([]);
    const p = problemOn(rows[1], 'CommonName');
    expect(p.message).toBe('CommonName contains a NUL character (a damaged or binary file?). Retype the value in Excel, or save the file again as .xlsx or CSV UTF-8');
    expect(p.value).toBe('Ace\uFFFDtone');
    expect(rows[1]!.item.commonName).toBeNull();
    // A blanked CERSID is reported once, as the NUL, not again as missing.
    expect(columnsWithProblems(rows[2])).toEqual(['CERSID']);
    expect(rows[2]!.cersId).toBeNull();
  });

  test('a lone surrogate (a UTF-16 file cut mid-character) is a problem too', async () => {
    const { rows } = await parseCsv(utf16leBom(csv([validRow(10000001, { ChemicalName: 'Acid \ud800' })], { delimiter: '\t' })));
    // TextDecoder already turns a lone surrogate of UTF-16 bytes into U+FFFD; one typed into a cell as text cannot reach here.
    expect(rows[0]!.item.chemicalName === 'Acid \ufffd' || problemOn(rows[0], 'ChemicalName').message.includes('broken character')).toBe(true);
  });

  test('in an .xlsx, _x0000_ (how Excel writes a NUL) and _xD800_ are problems; _x000D_ is the CR it stands for', async () => {
    const parts = unzip(await xlsx([validRow(10000001, { CommonName: 'Acetone', ChemicalName: 'Sulfuric', MapNumber: 'M1', ChemicalDescriptionComment: 'line one' })])).map((p) =>
      p.name === 'xl/sharedStrings.xml'
        ? { ...p, data: Buffer.from(p.data.toString('utf8').replace('<t>Acetone</t>', '<t>Ace_x0000_tone</t>').replace('<t>Sulfuric</t>', '<t>Sul_xD800_furic</t>').replace('<t>line one</t>', '<t>line one_x000D_</t>')) }
        : p,
    );
    const { rows } = await parse(zip(parts), 'xlsx');
    expect(problemOn(rows[0], 'CommonName').message).toMatch(/^CommonName contains a NUL character/);
    expect(problemOn(rows[0], 'ChemicalName').message).toMatch(/^ChemicalName contains a broken character/);
    expect(problemOn(rows[0], 'ChemicalName').value).toBe('Sul\uFFFDfuric');
    expect(rows[0]!.item.comment).toBe('line one'); // the CR is trimmed like any trailing space
    expect(columnsWithProblems(rows[0]).sort()).toEqual(['ChemicalName', 'CommonName']);
  });

  test('a NUL in a header name is shown as U+FFFD in the note, never stored as NUL', async () => {
    const text = csv([validRow(10000001, { 'Bin\u0000No': 'A1' })]);
    const { result, rows } = await parseCsv(text);
    expect(rows).toHaveLength(1);
    expect(result.notes).toEqual(['This column is not part of the CERS template and was ignored: Bin\uFFFDNo.']);
  });

  test('a CSV that is binary data is refused as a whole, when it arrives and when it is read', async () => {
    const binary = Buffer.concat([Buffer.from(csv([validRow(10000001)])), Buffer.alloc(4000, 0), Buffer.from('\x01\x02\x03'.repeat(500), 'latin1')]);
    expect(await refusal(binary, 'csv')).toMatch(/not a text \(CSV\) file: it holds binary data/);
    await expect(inspectSpreadsheet(write(binary, 'csv'), 'csv', LIMITS)).rejects.toThrow(/holds binary data/);
  });
});

describe('what one upload may make the server hold', () => {
  test('a CSV header with a value in column 600 is refused, naming the row and the column', async () => {
    const columns = [...Object.keys(validRow(1)), ...Array.from({ length: 600 - Object.keys(validRow(1)).length }, (_, i) => `Extra${i + 1}`)];
    const message = await refusal(csv([validRow(10000001)], { columns }), 'csv');
    expect(message).toMatch(/^Row 1 has a value in column SG \(column 501\); an upload reads at most 500 columns/);
  });

  test('a CSV of 100,000 columns is refused at the first column past 500, before the row is held', async () => {
    const header = `CERSID,${'x,'.repeat(100_000)}\r\n`;
    expect(await refusal(header, 'csv')).toMatch(/^Row 1 has a value in column SG \(column 501\)/);
  });

  test('blank columns past 500 (a sheet saved with its empty columns) are read and dropped', async () => {
    const text = csv([validRow(10000001), validRow(10000002)])
      .split('\r\n')
      .map((line) => (line ? line + ','.repeat(2000) : line))
      .join('\r\n');
    const { rows } = await parseCsv(text);
    expect(rows.map((r) => [r.cersId, r.problems])).toEqual([
      [10000001, []],
      [10000002, []],
    ]);
  });

  test('an .xlsx row with a value in column 600 is refused; one with values up to column 500 is read', async () => {
    const row = validRow(10000001);
    const far = await xlsx([row], { columns: [...Object.keys(row), ...Array.from({ length: 500 - Object.keys(row).length }, () => ''), 'Far out'] });
    expect(await refusal(far, 'xlsx')).toMatch(/^Row 1 has a value in column SG \(column 501\)/);
    const wide = await xlsx([row], { columns: [...Object.keys(row), ...Array.from({ length: 499 - Object.keys(row).length }, () => ''), 'Edge'] });
    const { rows } = await parse(wide, 'xlsx');
    expect(rows.map((r) => r.cersId)).toEqual([10000001]);
  });

  /** The workbook with its shared strings declared as `uniqueCount` and `extra` more (empty) strings added. */
  async function withSharedStrings(uniqueCount: number | null, extra: number) {
    return zip(
      unzip(await xlsx([validRow(10000001)])).map((p) => {
        if (p.name !== 'xl/sharedStrings.xml') return p;
        let xml = p.data.toString('utf8');
        if (uniqueCount !== null) xml = xml.replace(/uniqueCount="\d+"/, `uniqueCount="${uniqueCount}"`);
        const at = xml.indexOf('</sst>');
        return { ...p, data: Buffer.concat([Buffer.from(xml.slice(0, at)), Buffer.alloc(extra * 5, '<si/>'), Buffer.from('</sst>')]) };
      }),
    );
  }

  test('a workbook declaring more than 1,500,000 shared strings is refused when it arrives, before any is read', async () => {
    const file = write(await withSharedStrings(2_000_000, 0), 'xlsx');
    await expect(inspectSpreadsheet(file, 'xlsx', LIMITS)).rejects.toThrow(/^The workbook holds more than 1,500,000 different texts/);
    expect(await refusal(await withSharedStrings(2_000_000, 0), 'xlsx')).toMatch(/^The workbook holds more than 1,500,000 different texts/);
  });

  test('shared strings beyond 1,500,000 are refused as they are counted, before any worksheet row is read, whatever the part declares', async () => {
    const parts = unzip(await withSharedStrings(null, 1_500_001)).map((p) => (p.name === 'xl/sharedStrings.xml' ? { ...p, data: Buffer.from(p.data.toString('utf8').replace(/ (unique)?[cC]ount="\d+"/g, '')) } : p));
    let batches = 0;
    const file = write(zip(parts), 'xlsx');
    const error = await parseInventoryFile(file, 'xlsx', { ...LIMITS, onBatch: async () => void batches++ }).catch((err: unknown) => err);
    expect((error as Error).message).toMatch(/^The workbook holds more than 1,500,000 different texts/);
    expect(batches).toBe(0);
  }, 60_000);

  test('a shared-strings part larger than 64 MB is refused from the directory, before it is inflated', async () => {
    const parts = unzip(await xlsx([validRow(10000001)])).map((p) => (p.name === 'xl/sharedStrings.xml' ? { ...p, data: Buffer.concat([p.data, Buffer.alloc(65 * MB, ' ')]) } : p));
    const file = write(zip(parts), 'xlsx');
    await expect(inspectSpreadsheet(file, 'xlsx', LIMITS)).rejects.toThrow(/^The text in the workbook takes more than 64 MB/);
    expect(await refusal(zip(parts), 'xlsx')).toMatch(/^The text in the workbook takes more than 64 MB/);
  }, 60_000);

  test('a 4 MB header cell with a required column missing is answered at once, quoted by its start', async () => {
    const huge = `Note ${'y'.repeat(4 * MB)}`;
    const message = await refusal(`CERSID,ChemicalLocation,${huge}\r\n10000001,Shed,x\r\n`, 'csv');
    expect(message).toMatch(/^The header row is missing required columns: CommonName/);
    expect(message.length).toBeLessThan(400);
    const columns = [...Object.keys(validRow(1)), huge];
    const { result } = await parseCsv(csv([validRow(10000001)], { columns }));
    expect(result.notes[0]!.length).toBeLessThan(200);
    expect(result.notes[0]).toContain(`Note ${'y'.repeat(35)}…`);
  }, 60_000);
});

describe('text across chunk boundaries', () => {
  test('accented and multi-byte names in a large .xlsx read back exactly', async () => {
    const names = Array.from({ length: 900 }, (_, i) => `Ácido ${i} ${'€'.repeat(20 + (i % 7))} 日本 ${'ü'.repeat(i % 13)}ß`);
    // The shared strings come out of the zip in 16 KB chunks, and many of these characters straddle a chunk boundary.
    const { rows } = await parseXlsx(names.map((n) => validRow(10000001, { CommonName: n })));
    expect(rows.map((r) => r.item.commonName)).toEqual(names);
  }, 60_000);
});
