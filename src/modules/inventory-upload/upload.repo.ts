/**
 * Staged inventory uploads. Pages reach an upload only through the organization
 * scope; the background job, which has no user, reads it by id and acts for its
 * organization. Staged rows and problems go in with one statement per batch (a
 * JSON array unpacked by the server), and commit copies them into the drafts
 * with one INSERT … SELECT: the rows never travel back through Node.
 */
import type { Knex } from 'knex';
import type { Queryable } from '../../db/transaction';
import type { InventoryItem } from '../../rules/inventory/item.types';
import { orgScoped, type OrgScope } from '../../tenancy/org-scope';
import { clipText } from '../../rules/inventory/upload-text.rules';

export type UploadStatus = 'queued' | 'processing' | 'ready' | 'failed' | 'committed' | 'cancelled';

export type UploadRow = {
  id: number;
  organization_id: number;
  user_id: number;
  origin_facility_id: number | null;
  file_name: string;
  stored_name: string;
  kind: 'xlsx' | 'csv';
  byte_size: number;
  status: UploadStatus;
  background: boolean;
  job_id: string | null;
  rows_read: number;
  last_row_number: number;
  estimated_rows: number | null;
  notes: string[];
  error: string | null;
  mode: 'replace' | 'append' | null;
  saved: { cersId: number; name: string; rows: number }[] | null;
  created_at: Date;
  ready_at: Date | null;
  finished_at: Date | null;
};

export type StagedRow = { rowNumber: number; cersId: number | null; facilityId: number | null; chemicalId: number | null; required: number; item: InventoryItem };
export type StagedProblem = { rowNumber: number | null; column: string; value: string; message: string; level: 'Required' | 'Warning' | 'Advisory' };

export async function insertUpload(db: Queryable, u: Omit<UploadRow, 'id' | 'created_at' | 'ready_at' | 'finished_at' | 'rows_read' | 'last_row_number' | 'notes' | 'error' | 'mode' | 'job_id' | 'saved'>): Promise<number> {
  const [row] = await db('inventory_uploads').insert(u).returning('id');
  return row.id as number;
}

export function findUpload(db: Queryable, scope: OrgScope, id: number): Promise<UploadRow | undefined> {
  return orgScoped(db, scope, 'inventory_uploads').where({ id }).first();
}

/** For the job worker, which acts for the upload's own organization. */
export function findUploadForJob(db: Queryable, id: number): Promise<UploadRow | undefined> {
  return db('inventory_uploads').where({ id }).first();
}

export function lockUpload(db: Knex.Transaction, scope: OrgScope, id: number): Promise<UploadRow | undefined> {
  return orgScoped(db, scope, 'inventory_uploads').where({ id }).forUpdate().first();
}

export function recentUploads(db: Queryable, scope: OrgScope, limit = 10): Promise<UploadRow[]> {
  return orgScoped(db, scope, 'inventory_uploads').orderBy('id', 'desc').limit(limit);
}

/** Uploads a restart interrupted: the job queue brings their jobs back. */
export function unfinishedBackgroundUploads(db: Queryable): Promise<UploadRow[]> {
  return db('inventory_uploads').where({ background: true }).whereIn('status', ['queued', 'processing']).orderBy('id');
}

export async function updateUpload(db: Queryable, id: number, fields: Partial<Omit<UploadRow, 'notes' | 'saved'>> & { notes?: string[]; saved?: UploadRow['saved'] }, onlyIfStatus?: UploadStatus[]): Promise<boolean> {
  const { notes, saved, ...rest } = fields;
  const q = db('inventory_uploads').where({ id }).update({ ...rest, ...(notes ? { notes: JSON.stringify(notes) } : {}), ...(saved ? { saved: JSON.stringify(saved) } : {}), updated_at: db.fn.now() });
  if (onlyIfStatus) q.whereIn('status', onlyIfStatus);
  return (await q) > 0;
}

export async function insertStagedRows(db: Queryable, uploadId: number, rows: StagedRow[]): Promise<void> {
  if (!rows.length) return;
  const json = JSON.stringify(rows.map((r) => ({ n: r.rowNumber, c: r.cersId, f: r.facilityId, h: r.chemicalId, q: r.required, i: r.item })));
  await db.raw(
    `insert into inventory_upload_rows (upload_id, row_number, cers_id, facility_id, chemical_id, required, item)
     select ?, x.n, x.c, x.f, x.h, x.q, x.i from jsonb_to_recordset(?::jsonb) as x(n int, c bigint, f int, h int, q int, i jsonb)`,
    [uploadId, json],
  );
}

export async function insertProblems(db: Queryable, uploadId: number, problems: StagedProblem[]): Promise<void> {
  if (!problems.length) return;
  // Values and names come from the file: clipped without cutting an emoji in two, and with any character
  // PostgreSQL cannot hold (NUL, a lone surrogate) made visible instead of failing the whole batch.
  const json = JSON.stringify(problems.map((p) => ({ n: p.rowNumber, c: clipText(p.column, 80), v: clipText(p.value, 200), m: clipText(p.message, 500), l: p.level })));
  await db.raw(
    `insert into inventory_upload_problems (upload_id, row_number, column_name, value, message, level)
     select ?, x.n, x.c, x.v, x.m, x.l from jsonb_to_recordset(?::jsonb) as x(n int, c text, v text, m text, l text)`,
    [uploadId, json],
  );
}

export async function clearStaged(db: Queryable, uploadId: number, afterRow = 0): Promise<void> {
  await db('inventory_upload_rows').where({ upload_id: uploadId }).where('row_number', '>', afterRow).del();
  await db('inventory_upload_problems').where({ upload_id: uploadId }).where((w) => w.where('row_number', '>', afterRow).orWhereNull('row_number')).del();
}

export type FacilityTally = { facility_id: number | null; cers_id: string | null; rows: number; blocked: number };

export async function tallyByFacility(db: Queryable, uploadId: number): Promise<FacilityTally[]> {
  const rows = await db('inventory_upload_rows')
    .where({ upload_id: uploadId })
    .groupBy('facility_id', 'cers_id')
    .orderBy('cers_id')
    .select('facility_id', 'cers_id', db.raw('count(*)::int as rows'), db.raw('count(*) filter (where required > 0)::int as blocked'));
  return rows as FacilityTally[];
}

export async function problemCounts(db: Queryable, uploadId: number): Promise<Record<'Required' | 'Warning' | 'Advisory', number>> {
  const rows = (await db('inventory_upload_problems').where({ upload_id: uploadId }).groupBy('level').select('level', db.raw('count(*)::int as n'))) as { level: string; n: number }[];
  const out = { Required: 0, Warning: 0, Advisory: 0 };
  for (const r of rows) out[r.level as keyof typeof out] = r.n;
  return out;
}

export type ProblemRow = { row_number: number | null; column_name: string; value: string; message: string; level: string };

export function listProblems(db: Queryable, uploadId: number, opts: { level: string; offset: number; limit: number }): Promise<ProblemRow[]> {
  const q = db('inventory_upload_problems').where({ upload_id: uploadId });
  if (opts.level) q.where({ level: opts.level });
  return q.orderByRaw('row_number nulls first, id').offset(opts.offset).limit(opts.limit).select('row_number', 'column_name', 'value', 'message', 'level');
}

/** Every problem in order, a page at a time, for the problem report. */
export async function* allProblems(db: Queryable, uploadId: number): AsyncGenerator<ProblemRow> {
  let after = 0;
  for (;;) {
    const page = (await db('inventory_upload_problems').where({ upload_id: uploadId }).where('id', '>', after).orderBy('id').limit(5000).select('id', 'row_number', 'column_name', 'value', 'message', 'level')) as (ProblemRow & { id: number })[];
    if (!page.length) return;
    yield* page;
    after = page[page.length - 1]!.id;
  }
}

export async function countItemsOfDrafts(db: Queryable, scope: OrgScope, facilityIds: number[]): Promise<Map<number, number>> {
  if (!facilityIds.length) return new Map();
  const rows = (await orgScoped(db, scope, 'inventory_items')
    .join('element_versions as ev', 'ev.id', 'inventory_items.element_version_id')
    .whereIn('inventory_items.facility_id', facilityIds)
    .where({ 'ev.element_code': 2, 'ev.status': 'draft' })
    .groupBy('inventory_items.facility_id')
    .select('inventory_items.facility_id', db.raw('count(*)::int as n'))) as { facility_id: number; n: number }[];
  return new Map(rows.map((r) => [r.facility_id, r.n]));
}

export async function deleteDraftItems(db: Knex.Transaction, scope: OrgScope, versionId: number): Promise<void> {
  await orgScoped(db, scope, 'inventory_items').where({ element_version_id: versionId }).del();
}

/**
 * Copies every staged row of the upload into the element-2 draft of its
 * facility, components too, in one statement (ids drawn first so the
 * components can point at their item).
 */
export async function copyStagedIntoDrafts(db: Knex.Transaction, scope: OrgScope, uploadId: number): Promise<number> {
  const arr = (key: string, type: string) => `coalesce(array(select (jsonb_array_elements_text(item->'${key}'))::${type}), '{}')`;
  const result = await db.raw(
    `with staged as materialized (
       select nextval(pg_get_serial_sequence('inventory_items', 'id')) as new_id, s.*
       from (select r.row_number, r.facility_id, r.chemical_id, r.item, ev.id as version_id
             from inventory_upload_rows r
             join element_versions ev on ev.facility_id = r.facility_id and ev.element_code = 2 and ev.status = 'draft' and ev.organization_id = ?
             where r.upload_id = ?
             order by r.row_number) s
     ), items as (
       insert into inventory_items (id, element_version_id, organization_id, facility_id, location, location_confidential, map_number, grid_number,
         common_name, chemical_name, cas_number, trade_secret, ehs, hm_type, physical_state, radioactive, curies, units, max_daily, average_daily,
         largest_container, annual_waste, state_waste_code, days_on_site, fire_code_classes, dot_class, ghs, legacy_hazards, epa_srs_number,
         containers, other_container, pressure, temperature, additional_components, comment, chemical_id, cclid)
       select new_id, version_id, ?, facility_id, item->>'location', (item->>'locationConfidential')::boolean, item->>'mapNumber', item->>'gridNumber',
         item->>'commonName', item->>'chemicalName', item->>'casNumber', (item->>'tradeSecret')::boolean, (item->>'ehs')::boolean, item->>'hmType',
         item->>'physicalState', (item->>'radioactive')::boolean, (item->>'curies')::numeric, item->>'units', (item->>'maxDaily')::numeric,
         (item->>'averageDaily')::numeric, (item->>'largestContainer')::numeric, (item->>'annualWaste')::numeric, item->>'stateWasteCode',
         (item->>'daysOnSite')::smallint, ${arr('fireCodeClasses', 'smallint')}, item->>'dotClass', ${arr('ghs', 'text')}, ${arr('legacyHazards', 'text')},
         item->>'epaSrsNumber', ${arr('containers', 'text')}, item->>'otherContainer', item->>'pressure', item->>'temperature',
         item->>'additionalComponents', item->>'comment', chemical_id, (item->>'cclid')::integer
       from staged
       returning 1
     ), components as (
       insert into inventory_components (item_id, position, name, cas, percent, ehs)
       select s.new_id, c.ord, c.value->>'name', c.value->>'cas', (c.value->>'percent')::numeric, coalesce((c.value->>'ehs')::boolean, false)
       from staged s cross join lateral jsonb_array_elements(s.item->'components') with ordinality as c(value, ord)
       returning 1
     )
     select (select count(*) from items)::int as items`,
    [scope.organizationId, uploadId, scope.organizationId],
  );
  return (result.rows[0] as { items: number }).items;
}

export type FacilityForUpload = { id: number; cers_id: number | string; status: string; regulator_id: number | null; name: string; waste_any_amount: boolean | null };

/** The organization's facilities by CERS ID, with their CUPA's waste policy (the job runs for the upload's organization). */
export function facilitiesForUpload(db: Queryable, organizationId: number): Promise<FacilityForUpload[]> {
  return db('facilities as f')
    .leftJoin('regulators as r', 'r.id', 'f.regulator_id')
    .where('f.organization_id', organizationId)
    .select('f.id', 'f.cers_id', 'f.status', 'f.regulator_id', 'f.name', 'r.waste_any_amount');
}

/** This portal's library entries by their CERS Chemical Library ID (CCLID → chemicals.id). */
export async function libraryByCclid(db: Queryable, cclids: number[]): Promise<Map<number, number>> {
  if (!cclids.length) return new Map();
  const rows = (await db('chemicals').whereIn('cclid', cclids).select('cclid', 'id')) as { cclid: number; id: number }[];
  return new Map(rows.map((c) => [c.cclid, c.id]));
}

export async function facilityNames(db: Queryable, scope: OrgScope, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = (await orgScoped(db, scope, 'facilities').whereIn('id', ids).select('id', 'name')) as { id: number; name: string }[];
  return new Map(rows.map((f) => [f.id, f.name]));
}

export async function activeFacilityCount(db: Queryable, scope: OrgScope, ids: number[]): Promise<number> {
  const rows = (await orgScoped(db, scope, 'facilities').where({ status: 'active' }).whereIn('id', ids).select('id')) as { id: number }[];
  return rows.length;
}
