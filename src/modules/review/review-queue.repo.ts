/**
 * The review queue: a CUPA's submitted element versions, newest first, with
 * filters, and the count per status. The page starts from the queue indexes on
 * element_versions (regulator_id, [status | element_code,] submitted_at), so a
 * page costs the same for a CUPA of ten facilities or of fifty thousand
 * (BENCHMARKS.md, "Review queue").
 */
import type { Knex } from 'knex';
import type { Queryable } from '../../db/transaction';
import { jurisdictionScoped, type RegulatorScope } from '../../tenancy/regulator-scope';
import type { VersionStatus } from '../submittals/element-versions.repo';

export type QueueFilters = {
  element: number | null;
  status: Exclude<VersionStatus, 'draft'> | null;
  facility: string | null; // a CERS ID, or words of the facility's name
  from: string | null; // YYYY-MM-DD, California dates
  to: string | null;
};

export type QueueRow = {
  id: number;
  element_code: number;
  status: VersionStatus;
  submitted_at: Date;
  corrected_from_version_id: number | null;
  cers_id: number;
  facility_name: string;
  city: string;
  organization_name: string;
  submitter_name: string | null;
};

const ZONE = 'America/Los_Angeles';

function filtered(db: Queryable, scope: RegulatorScope, f: Omit<QueueFilters, 'status'>): Knex.QueryBuilder {
  const q = jurisdictionScoped(db, scope, 'element_versions as v').whereNot('v.status', 'draft');
  if (f.element) q.where('v.element_code', f.element);
  if (f.from) q.whereRaw('v.submitted_at >= (?::date)::timestamp at time zone ?', [f.from, ZONE]);
  if (f.to) q.whereRaw("v.submitted_at < ((?::date + 1)::timestamp at time zone ?)", [f.to, ZONE]);
  const text = f.facility?.trim();
  if (text) {
    // Facilities of this CUPA only: the subquery carries the same jurisdiction.
    const facilities = jurisdictionScoped(db, scope, 'facilities as ff').select('ff.id');
    if (/^\d{8,9}$/.test(text)) facilities.where('ff.cers_id', Number(text));
    else facilities.whereRaw("lower(ff.name) like ? escape '\\'", [`%${text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`]);
    q.whereIn('v.facility_id', facilities);
  }
  return q;
}

export function queuePage(db: Queryable, scope: RegulatorScope, f: QueueFilters, limit: number, offset: number): Promise<QueueRow[]> {
  const q = filtered(db, scope, f);
  if (f.status) q.where('v.status', f.status);
  // Page the ids alone — a walk of the queue index that never visits a row, so a
  // deep page costs index entries, not rows — then read the page's rows and details.
  const page = q.orderBy([{ column: 'v.submitted_at', order: 'desc' }, { column: 'v.id', order: 'desc' }]).limit(limit).offset(offset)
    .select('v.id', 'v.submitted_at');
  return db
    .from(page.as('p'))
    .join('element_versions as v', 'v.id', 'p.id')
    .join('facilities as f', 'f.id', 'v.facility_id')
    .join('organizations as o', 'o.id', 'v.organization_id')
    .leftJoin('users as u', 'u.id', 'v.submitted_by')
    .orderBy([{ column: 'p.submitted_at', order: 'desc' }, { column: 'p.id', order: 'desc' }])
    .select(
      'v.id', 'v.element_code', 'v.status', 'v.submitted_at', 'v.corrected_from_version_id',
      'f.cers_id', 'f.name as facility_name', 'f.city', 'o.name as organization_name',
      db.raw("u.first_name || ' ' || u.last_name as submitter_name"),
    );
}

/**
 * How many versions of each status match the other filters (the status tabs).
 * Without a facility or date filter they are read from review_queue_counts, which
 * a trigger keeps exact in the same transaction as every change to a version
 * (migration 20261121000009): a few rows, however long the CUPA's history.
 */
export async function queueCounts(db: Queryable, scope: RegulatorScope, f: QueueFilters): Promise<Partial<Record<VersionStatus, number>>> {
  let q: Knex.QueryBuilder;
  if (f.facility?.trim() || f.from || f.to) {
    q = filtered(db, scope, f).groupBy('v.status').select('v.status', db.raw('count(*)::int as n'));
  } else {
    q = jurisdictionScoped(db, scope, 'review_queue_counts as c').where('c.n', '>', 0).groupBy('c.status').select('c.status', db.raw('sum(c.n)::int as n'));
    if (f.element) q.where('c.element_code', f.element);
  }
  const rows = (await q) as { status: VersionStatus; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
