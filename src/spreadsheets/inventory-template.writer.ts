/**
 * Writes the inventory template (.xlsx, exceljs): the first sheet has the header
 * row (first cell CERSID) in the CERS column order, a frozen header and
 * drop-down validations on coded columns; a Legend sheet lists every code. No
 * example row: a row in the sheet is a row of inventory, nothing is skipped.
 * Text cells are written as strings, never formulas, whatever they start with.
 */
import ExcelJS from 'exceljs';
import { CONTAINERS, DOT_CLASSES, FIRE_CODE_CLASSES, GHS_CATEGORIES, LEGACY_HAZARDS } from '../rules/inventory/codes.rules';
import { CODED_COLUMNS, TEMPLATE_COLUMNS } from '../rules/inventory/template-columns.rules';
import type { TemplateRow } from '../rules/inventory/template-row.rules';

const YES_NO_COLUMNS = new Set([
  'CLConfidential', 'TradeSecret', 'EHS', 'RadioActive', ...Object.keys(LEGACY_HAZARDS), ...Object.keys(GHS_CATEGORIES), ...Object.keys(CONTAINERS),
  'HC1EHS', 'HC2EHS', 'HC3EHS', 'HC4EHS', 'HC5EHS',
]);

export async function writeInventoryWorkbook(rows: TemplateRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Unified Program Portal';
  const sheet = wb.addWorksheet('Inventory', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(TEMPLATE_COLUMNS);
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    const values = TEMPLATE_COLUMNS.map((c) => r[c] ?? null);
    // A JavaScript string becomes a string cell (never a formula), so "=SUM(A1)" stays text.
    sheet.addRow(values);
  }

  const legend = wb.addWorksheet('Legend');
  legend.addRow(['Column', 'Code', 'Meaning']).font = { bold: true };
  const lists: [string, [string, string][]][] = [
    ...Object.entries(CODED_COLUMNS).map(([col, codes]) => [col, Object.entries(codes)] as [string, [string, string][]]),
    ['Yes/No columns', [['Y', 'Yes'], ['N', 'No']]],
    ['Fire code hazard class (PFCodeHazardClass … EighthFireCodeHazardClass)', Object.entries(FIRE_CODE_CLASSES)],
    ['DOTHazardClassificationID', DOT_CLASSES.map((c) => [c, `DOT class ${c}`] as [string, string])],
  ];
  for (const [col, codes] of lists) for (const [code, meaning] of codes) legend.addRow([col, code, meaning]);
  legend.columns.forEach((c) => (c.width = 30));

  // Drop-downs on coded columns, one range per column.
  const lastRow = Math.max(5000, rows.length + 1);
  TEMPLATE_COLUMNS.forEach((name, i) => {
    const letter = sheet.getColumn(i + 1).letter;
    const codes = CODED_COLUMNS[name];
    const formulae = codes ? [`"${Object.keys(codes).join(',')}"`] : YES_NO_COLUMNS.has(name) ? ['"Y,N"'] : name === 'DOTHazardClassificationID' ? [`"${DOT_CLASSES.join(',')}"`] : null;
    if (!formulae) return;
    (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${lastRow}`, {
      type: 'list', allowBlank: true, formulae, showErrorMessage: true, errorTitle: name, error: 'Choose a value from the list (see the Legend sheet)',
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
