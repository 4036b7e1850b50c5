/**
 * File → parsed rows, in batches: finds the header row in the first sheet that
 * has one, skips blank rows, enforces the row limit, and hands each batch to the
 * caller (which validates and stages it) before reading on — so memory holds
 * one batch, whatever the size of the file. `skipThroughRow` resumes an upload
 * that was interrupted after staging that row.
 */
import { HEADER_SEARCH_ROWS, isHeaderRow, mapHeader, type HeaderMap } from '../rules/inventory/upload-header.rules';
import { isBlankRow, readRow, type Cell, type ParsedRow } from '../rules/inventory/upload-row.rules';
import { screenRowCells, storableHeaderCells } from '../rules/inventory/upload-text.rules';
import { openSpreadsheet, SpreadsheetError } from './inventory-upload.reader';

export type UploadRow = ParsedRow & { rowNumber: number };

export type ParseOptions = {
  maxRows: number;
  maxUncompressedBytes: number;
  batchSize?: number;
  /** Rows up to this spreadsheet row were staged before; they still count toward the limit. */
  skipThroughRow?: number;
  alreadyRead?: number;
  /** Called with each batch in order; return false to stop reading (the upload was cancelled). */
  onBatch(rows: UploadRow[]): Promise<boolean | void>;
};

export type ParseResult = { rows: number; notes: string[]; stopped: boolean };

export async function parseInventoryFile(file: string, kind: 'xlsx' | 'csv', opts: ParseOptions): Promise<ParseResult> {
  const { rows, notes } = await openSpreadsheet(file, kind, { maxUncompressedBytes: opts.maxUncompressedBytes });
  const batchSize = opts.batchSize ?? 1000;
  const skipThrough = opts.skipThroughRow ?? 0;
  let header: HeaderMap | null = null;
  let inSheetRows = 0;
  let count = opts.alreadyRead ?? 0;
  let batch: UploadRow[] = [];
  try {
    for await (const event of rows) {
      if ('sheet' in event) {
        if (header) break; // the inventory is the first sheet with a header; later sheets (the Legend) are not read
        inSheetRows = 0;
        continue;
      }
      if (!header) {
        // Rows above the header (titles, instructions) are ignored; a sheet without one in its first rows is skipped.
        if (++inSheetRows > HEADER_SEARCH_ROWS) continue;
        if (!isHeaderRow(event.cells)) continue;
        const mapped = mapHeader(storableHeaderCells(event.cells));
        if (!mapped.ok) throw new SpreadsheetError(mapped.message);
        header = mapped.header;
        notes.push(...mapped.notes);
        continue;
      }
      if (event.rowNumber <= skipThrough || isBlankRow(event.cells)) continue;
      if (++count > opts.maxRows) {
        throw new SpreadsheetError(`The file has more than ${opts.maxRows.toLocaleString('en-US')} materials, the most one upload takes. Split it into several files and upload each with Append`);
      }
      batch.push({ rowNumber: event.rowNumber, ...readCells(event.cells, header) });
      if (batch.length >= batchSize) {
        const go = await opts.onBatch(batch);
        batch = [];
        if (go === false) return { rows: count, notes, stopped: true };
      }
    }
    if (!header) {
      throw new SpreadsheetError(`No header row was found. The first ${HEADER_SEARCH_ROWS} rows of the inventory sheet must include the header row of the CERS template, starting with CERSID. Download the template to see it`);
    }
    if (batch.length) {
      const go = await opts.onBatch(batch);
      if (go === false) return { rows: count, notes, stopped: true };
    }
    return { rows: count, notes, stopped: false };
  } finally {
    await rows.return(undefined);
  }
}

/**
 * One row through the row rules, after cells holding text no database column
 * can hold (a NUL, a broken surrogate) are taken out with a problem each; the
 * rules then say nothing more about those columns.
 */
function readCells(cells: Cell[], header: HeaderMap): ParsedRow {
  const screened = screenRowCells(cells, header);
  const parsed = readRow(screened.cells, header);
  if (!screened.problems.length) return parsed;
  const taken = new Set(screened.problems.map((p) => p.column));
  return { ...parsed, problems: [...screened.problems, ...parsed.problems.filter((p) => !taken.has(p.column))] };
}
