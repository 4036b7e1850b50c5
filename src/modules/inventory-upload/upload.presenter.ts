/** View models of an inventory upload: progress, facility tallies, problems, the problem report. Pure. */
import { pager } from '../../http/pager';
import { isFormulaLike } from '../../rules/inventory/template-row.rules';
import type { FacilityTally, ProblemRow, UploadRow } from './upload.repo';

const fmt = new Intl.NumberFormat('en-US');

export const STATUS_LABELS: Record<UploadRow['status'], string> = {
  queued: 'Waiting to be read',
  processing: 'Reading',
  ready: 'Ready to review',
  failed: 'Could not be read',
  committed: 'Saved to the inventory',
  cancelled: 'Cancelled',
};

export function progressView(u: UploadRow) {
  const total = Math.max(u.estimated_rows ?? 0, u.rows_read, 1);
  const percent = u.status === 'ready' || u.status === 'committed' ? 100 : Math.min(99, Math.floor((u.rows_read / total) * 100));
  return {
    status: u.status,
    label: STATUS_LABELS[u.status],
    percent,
    rowsRead: u.rows_read,
    text: `${fmt.format(u.rows_read)} of about ${fmt.format(total)} rows read`,
    working: u.status === 'queued' || u.status === 'processing',
  };
}

export function uploadListView(base: string, uploads: UploadRow[]) {
  return uploads.map((u) => ({
    url: `${base}/inventory/uploads/${u.id}`,
    fileName: u.file_name,
    when: u.created_at.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Los_Angeles' }),
    status: STATUS_LABELS[u.status],
    rows: fmt.format(u.rows_read),
  }));
}

export function facilityTallyView(orgBase: string, rows: (FacilityTally & { name: string | null; current: number })[], mode: 'replace' | 'append' | null) {
  return rows.map((t) => ({
    name: t.name ?? 'Not a facility of this organization',
    cersId: t.cers_id ?? '(blank)',
    url: t.facility_id && t.cers_id ? `${orgBase}/facilities/${t.cers_id}/inventory` : null,
    rows: fmt.format(t.rows),
    blocked: t.blocked,
    current: fmt.format(t.current),
    mode,
  }));
}

export function problemRowsView(rows: ProblemRow[]) {
  return rows.map((p) => ({ row: p.row_number === null ? 'File' : String(p.row_number), column: p.column_name, value: p.value, message: p.message, level: p.level }));
}

/**
 * One CSV line (RFC 4180); a cell that a spreadsheet would run as a formula is
 * prefixed with ' so it stays text. A field is quoted when it holds the comma,
 * the semicolon (the separator Excel uses in locales with a decimal comma), a
 * quote, a line break or a tab, so the report opens as columns everywhere.
 */
export function csvLine(cells: (string | number | null)[]): string {
  return (
    cells
      .map((c) => {
        let s = c === null ? '' : String(c);
        if (isFormulaLike(s)) s = `'${s}`;
        return /[",;\r\n\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      })
      .join(',') + '\r\n'
  );
}

export const PROBLEM_REPORT_HEADER = ['Row', 'Column', 'Value', 'Level', 'Message'];

export function problemsPager(link: (page: number) => string, page: number, total: number, pageSize: number) {
  return pager(link, page, Math.max(1, Math.ceil(total / pageSize)));
}

/** What a commit saved, per facility, with a link to each inventory. */
export function savedView(orgBase: string, saved: UploadRow['saved']) {
  return (saved ?? []).map((s) => ({ name: s.name, cersId: s.cersId, rows: fmt.format(s.rows), url: `${orgBase}/facilities/${s.cersId}/inventory` }));
}
