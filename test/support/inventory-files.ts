/** Inventory spreadsheets for tests, built with exceljs (and plain text for CSV) the way filers make them. */
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
