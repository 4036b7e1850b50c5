/**
 * Facilities. Reads and writes inside an organization take its OrgScope; the
 * only unscoped reads are the public facility search and the duplicate-address
 * check, which return just the public facts (CERS ID, name, address).
 */
import type { Queryable } from '../../db/transaction';
import { orgScoped, type OrgScope } from '../../tenancy/org-scope';
import type { Jurisdiction } from '../../rules/jurisdiction.rules';

export type FacilityRow = {
  id: number;
  cers_id: number;
  organization_id: number;
  name: string;
  street: string;
  city: string;
  zip: string;
  county_id: number;
  local_facility_id: string | null;
  regulator_id: number | null;
  status: 'active' | 'archived';
  minor_corrections_opt_out: boolean;
  created_at: Date;
};

export type PublicFacility = { id: number; cers_id: number; name: string; street: string; city: string; zip: string; organization_id: number; regulator_id: number | null };

const PUBLIC_COLUMNS = ['f.id', 'f.cers_id', 'f.name', 'f.street', 'f.city', 'f.zip', 'f.organization_id', 'f.regulator_id'];
/** Active facilities in a city and 5-digit ZIP; the caller compares normalized streets. */
export function facilitiesInCityZip(db: Queryable, city: string, zip5: string): Promise<PublicFacility[]> {
  return db('facilities as f')
    .where('f.status', 'active')
    .whereRaw('lower(f.city) = ?', [city])
    .where('f.zip', 'like', `${zip5}%`)
    .select(PUBLIC_COLUMNS);
}

export type NewFacility = Omit<FacilityRow, 'id' | 'cers_id' | 'organization_id' | 'status' | 'created_at' | 'minor_corrections_opt_out'> & { created_by: number };

export async function insertFacility(db: Queryable, scope: OrgScope, f: NewFacility): Promise<FacilityRow> {
  const [row] = await db('facilities').insert({ ...f, organization_id: scope.organizationId }).returning('*');
  return row as FacilityRow;
}

export type FacilityListItem = FacilityRow & { county_name: string; regulator_name: string | null };

function listQuery(db: Queryable, scope: OrgScope, opts: { q?: string; status: 'active' | 'archived' }) {
  const q = orgScoped(db, scope, 'facilities as f').where('f.status', opts.status);
  const text = opts.q?.trim();
  if (text) {
    q.where((w) => {
      w.whereRaw('lower(f.name) like ?', [`%${text.toLowerCase()}%`])
        .orWhereRaw('lower(f.street) like ?', [`%${text.toLowerCase()}%`])
        .orWhereRaw('lower(f.city) like ?', [`%${text.toLowerCase()}%`]);
      if (/^\d{8,9}$/.test(text)) w.orWhere('f.cers_id', Number(text));
    });
  }
  return q;
}

export async function listFacilities(
  db: Queryable,
  scope: OrgScope,
  opts: { q?: string; status: 'active' | 'archived'; limit: number; offset: number },
): Promise<{ items: FacilityListItem[]; total: number }> {
  const [items, [{ n }]] = await Promise.all([
    listQuery(db, scope, opts)
      .join('counties as c', 'c.id', 'f.county_id')
      .leftJoin('regulators as r', 'r.id', 'f.regulator_id')
      .orderBy([{ column: 'f.name' }, { column: 'f.cers_id' }])
      .limit(opts.limit)
      .offset(opts.offset)
      .select('f.*', 'c.name as county_name', 'r.name as regulator_name'),
    listQuery(db, scope, opts).count('* as n'),
  ]);
  return { items, total: Number(n) };
}

export function findFacility(db: Queryable, scope: OrgScope, cersId: number): Promise<FacilityListItem | undefined> {
  return orgScoped(db, scope, 'facilities as f')
    .where('f.cers_id', cersId)
    .whereNot('f.status', 'deleted') // a deleted facility is gone from every page; its row only keeps the CERS ID taken
    .join('counties as c', 'c.id', 'f.county_id')
    .leftJoin('regulators as r', 'r.id', 'f.regulator_id')
    .first('f.*', 'c.name as county_name', 'r.name as regulator_name');
}

/** The public facility search used to request access: CERS ID, address number or name. */
export function searchFacilities(
  db: Queryable,
  s: { kind: 'cersId'; cersId: number } | { kind: 'number'; number: string } | { kind: 'name'; text: string },
  limit = 25,
): Promise<PublicFacility[]> {
  const q = db('facilities as f').where('f.status', 'active').limit(limit).select(PUBLIC_COLUMNS);
  if (s.kind === 'cersId') return q.where('f.cers_id', s.cersId);
  if (s.kind === 'number') return q.whereRaw("f.street ~* ('^\\s*' || ? || '\\M')", [s.number]).orderBy('f.name');
  return q
    .whereRaw('lower(f.name) like ? or lower(f.name) % ?', [`%${s.text.toLowerCase()}%`, s.text.toLowerCase()])
    .orderByRaw('similarity(lower(f.name), ?) desc, f.name', [s.text.toLowerCase()]);
}

export function findPublicFacility(db: Queryable, cersId: number): Promise<PublicFacility | undefined> {
  return db('facilities as f').where({ 'f.cers_id': cersId, 'f.status': 'active' }).first(PUBLIC_COLUMNS);
}

export async function jurisdictionsForCounty(db: Queryable, countyId: number): Promise<Jurisdiction[]> {
  const rows = await db('regulator_jurisdictions').where({ county_id: countyId }).select('regulator_id', 'city');
  return rows.map((r: { regulator_id: number; city: string | null }) => ({ regulatorId: r.regulator_id, city: r.city }));
}

export function listCounties(db: Queryable): Promise<{ id: number; name: string }[]> {
  return db('counties').orderBy('name').select('id', 'name');
}

/** Anything ever submitted for the facility (a delete request needs it to have nothing). */
export async function facilityHasSubmittals(db: Queryable, facilityId: number): Promise<boolean> {
  return !!(await db('element_versions').where({ facility_id: facilityId }).whereNot('status', 'draft').first('id'));
}

/** docs/product.md §9.2: the facility's Lead User allows or refuses regulator minor corrections. */
export async function setMinorCorrectionsOptOut(db: Queryable, scope: OrgScope, facilityId: number, optOut: boolean): Promise<boolean> {
  return (await orgScoped(db, scope, 'facilities').where({ id: facilityId, status: 'active' }).update({ minor_corrections_opt_out: optOut, updated_at: db.fn.now() })) === 1;
}
