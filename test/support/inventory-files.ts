/** Inventory spreadsheets for tests, built with exceljs (and plain text for CSV) the way filers make them. */
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';

export type CellValue = string | number | boolean | null | ExcelJS.CellValue;

/** A complete, valid row of the CERS template for a facility. */
export function validRow(cersId: number, over: Record<string, CellValue> = {}): Record<string, CellValue> {
  return {
    CERSID: cersId, ChemicalLocation: 'Warehouse A', CommonName: 'Acetone', ChemicalName: 'Acetone', CASNumber: '67-64-1', HMType: 'a', PhysicalState: 'b',
    Units: 'a', MaximumDailyAmount: 500, AverageDailyAmount: 250, LargestContainer: 55, DaysOnSite: 365, StoragePressure: 'a', StorageTemperature: 'a',
    FHCPhysicalFlammable: 'Y', FHCHealthSeriousEyeDamageEyeIrritation: 'Y', SCSteelDrum: 'Y', PFCodeHazardClass: 10, ...over,
  };
}

/** An .xlsx with an optional title block above the header, columns in the given order. */
export async function xlsx(rows: Record<string, CellValue>[], opts: { columns?: string[]; titleRows?: string[][]; extraSheetsFirst?: boolean; blankRowsAfter?: number } = {}): Promise<Buffer> {
  const columns = opts.columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const wb = new ExcelJS.Workbook();
  // Fixed dates, so the same rows always make the same bytes (the fuzz test replays its cases from a seed).
  wb.created = wb.modified = new Date(Date.UTC(2026, 0, 1));
  if (opts.extraSheetsFirst) wb.addWorksheet('Instructions').addRow(['Fill in the inventory on the next sheet']);
  const ws = wb.addWorksheet('Inventory');
  for (const t of opts.titleRows ?? []) ws.addRow(t);
  ws.addRow(columns);
  for (const r of rows) ws.addRow(columns.map((c) => (r[c] === undefined ? null : r[c])) as ExcelJS.CellValue[]);
  for (let i = 0; i < (opts.blankRowsAfter ?? 0); i++) ws.addRow(['', null, '   ']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function csv(rows: Record<string, CellValue>[], opts: { columns?: string[]; delimiter?: string } = {}): string {
  const columns = opts.columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const d = opts.delimiter ?? ',';
  const cell = (v: CellValue) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /["\n\r,;\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(d), ...rows.map((r) => columns.map((c) => cell(r[c] ?? null)).join(d))].join('\r\n') + '\r\n';
}

/** Uploads a file through the organization's upload form, its CSRF token in the form's action, as a browser does. */
export async function uploadInventory(agent: import('./app').Agent, orgId: number, body: Buffer | string, name: string) {
  const page = await agent.get(`/orgs/${orgId}/inventory/upload`);
  const action = /action="([^"]*\/inventory\/upload\?_csrf=[^"]+)"/.exec(page.text)![1]!.replace(/&amp;/g, '&');
  return agent.post(action).attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body), name);
}

// A minimal zip writer and reader (deflate only), so a test can take an exceljs
// workbook apart and put it back with an entry changed or its declared size lying.

export type ZipPart = { name: string; data: Buffer; declaredSize?: number };

export function zip(parts: ZipPart[]): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const body = zlib.deflateRawSync(part.data);
    const size = part.declaredSize ?? part.data.length;
    const crc = zlib.crc32(part.data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4); // version needed
    lh.writeUInt16LE(8, 8); // deflate
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(body.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    local.push(lh, name, body);
    central.push(ch, name);
    offset += lh.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, directory, end]);
}

export function unzip(file: Buffer): ZipPart[] {
  const end = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const parts: ZipPart[] = [];
  for (let p = file.readUInt32LE(end + 16), i = 0; i < file.readUInt16LE(end + 10); i++) {
    const nameLen = file.readUInt16LE(p + 28);
    const at = file.readUInt32LE(p + 42);
    const start = at + 30 + file.readUInt16LE(at + 26) + file.readUInt16LE(at + 28);
    const raw = file.subarray(start, start + file.readUInt32LE(p + 20));
    parts.push({ name: file.toString('utf8', p + 46, p + 46 + nameLen), data: file.readUInt16LE(p + 10) === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw) });
    p += 46 + nameLen + file.readUInt16LE(p + 30) + file.readUInt16LE(p + 32);
  }
  return parts;
}
