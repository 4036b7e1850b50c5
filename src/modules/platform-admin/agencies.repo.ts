/**
 * Regulator agencies as the platform administration sees them: every CUPA,
 * its jurisdiction, and who administers it. Only a System Admin reaches these,
 * so every function takes the SystemAdminScope first.
 */
import type { Knex } from 'knex';
import type { Queryable } from '../../db/transaction';
import type { SystemAdminScope } from '../../tenancy/system-admin-scope';

export type AgencyListRow = { id: number; name: string; code: string | null; agency_type: string | null; county: string | null; staff_count: number; admin_count: number };

function searched(db: Queryable, q: string): Knex.QueryBuilder {
  const query = db('regulators as r').leftJoin('counties as c', 'c.id', 'r.county_id');
  for (const word of q.split(/\s+/).filter(Boolean).slice(0, 5)) {
    const like = `%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query.where((w) => w.whereILike('r.name', like).orWhereILike('c.name', like).orWhereILike('r.area_covered', like).orWhere('r.code', word));
  }
  return query;
}

export async function countAgencies(db: Queryable, _scope: SystemAdminScope, q: string): Promise<number> {
  const [row] = await searched(db, q).count<{ n: string }[]>('r.id as n');
  return Number(row?.n ?? 0);
}

export function listAgencies(db: Queryable, _scope: SystemAdminScope, q: string, limit: number, offset: number): Promise<AgencyListRow[]> {
  return searched(db, q)
    .orderBy([{ column: 'c.name' }, { column: 'r.name' }, { column: 'r.id' }])
    .limit(limit)
    .offset(offset)
    .select(
      'r.id', 'r.name', 'r.code', 'r.agency_type', 'c.name as county',
      db.raw('(select count(*) from regulator_staff s where s.regulator_id = r.id)::int as staff_count'),
      db.raw("(select count(*) from regulator_staff s where s.regulator_id = r.id and s.role = 'regulator_admin')::int as admin_count"),
    );
}

export type AgencyRow = { id: number; name: string; code: string | null; agency_type: string | null; county_id: number | null; county: string | null; area_covered: string | null };

export function findAgency(db: Queryable, _scope: SystemAdminScope, id: number): Promise<AgencyRow | undefined> {
  return db('regulators as r').leftJoin('counties as c', 'c.id', 'r.county_id').where('r.id', id).first('r.id', 'r.name', 'r.code', 'r.agency_type', 'r.county_id', 'c.name as county', 'r.area_covered');
}

/** Locks the agency's row, so two edits of it are applied one after the other. */
export function lockAgency(db: Queryable, _scope: SystemAdminScope, id: number): Promise<(AgencyFields & { id: number }) | undefined> {
  return db('regulators').where({ id }).forUpdate().first('id', 'name', 'agency_type', 'county_id', 'code', 'area_covered');
}

export type JurisdictionRow = { county_id: number; county: string; city: string | null };

export function listAgencyJurisdictions(db: Queryable, _scope: SystemAdminScope, id: number): Promise<JurisdictionRow[]> {
  return db('regulator_jurisdictions as j')
    .join('counties as c', 'c.id', 'j.county_id')
    .where('j.regulator_id', id)
    .orderBy([{ column: 'c.name' }, { column: 'j.city', order: 'asc', nulls: 'first' }])
    .select('j.county_id', 'c.name as county', 'j.city');
}

/** Which other agencies already cover any of these areas (a county's rest, or a city in it). */
export async function jurisdictionHolders(
  db: Queryable,
  _scope: SystemAdminScope,
  areas: { countyId: number; city: string | null }[],
  exceptRegulatorId: number | null,
): Promise<{ county_id: number; city: string | null; regulator_name: string }[]> {
  if (areas.length === 0) return [];
  const q = db('regulator_jurisdictions as j').join('regulators as r', 'r.id', 'j.regulator_id').select('j.county_id', 'j.city', 'r.name as regulator_name');
  if (exceptRegulatorId !== null) q.whereNot('j.regulator_id', exceptRegulatorId);
  q.where((w) => {
    for (const a of areas) w.orWhere((x) => x.where('j.county_id', a.countyId).whereRaw("lower(coalesce(j.city, '')) = lower(?)", [a.city ?? '']));
  });
  return q;
}

export async function replaceJurisdictions(db: Queryable, _scope: SystemAdminScope, regulatorId: number, areas: { countyId: number; city: string | null }[]): Promise<void> {
  await db('regulator_jurisdictions').where({ regulator_id: regulatorId }).del();
  if (areas.length) await db('regulator_jurisdictions').insert(areas.map((a) => ({ regulator_id: regulatorId, county_id: a.countyId, city: a.city })));
}

/** The agency holding a regulator code, or a name in a county, other than this one. */
export function agencyWithCode(db: Queryable, _scope: SystemAdminScope, code: string, exceptId: number | null): Promise<{ id: number; name: string } | undefined> {
  const q = db('regulators').where({ code });
  if (exceptId !== null) q.whereNot('id', exceptId);
  return q.first('id', 'name');
}

export function agencyWithName(db: Queryable, _scope: SystemAdminScope, name: string, countyId: number, exceptId: number | null): Promise<{ id: number; name: string } | undefined> {
  const q = db('regulators').whereRaw('lower(name) = lower(?)', [name]).where({ county_id: countyId });
  if (exceptId !== null) q.whereNot('id', exceptId);
  return q.first('id', 'name');
}

export type AgencyFields = { name: string; agency_type: string; county_id: number; code: string | null; area_covered: string | null };

export async function insertAgency(db: Queryable, _scope: SystemAdminScope, a: AgencyFields): Promise<number> {
  const [row] = await db('regulators').insert(a).returning('id');
  return (row as { id: number }).id;
}

export async function updateAgency(db: Queryable, _scope: SystemAdminScope, id: number, a: AgencyFields): Promise<void> {
  await db('regulators').where({ id }).update({ ...a, updated_at: db.fn.now() });
}

export type AgencyAdminRow = { first_name: string; last_name: string; email: string };

export function listAgencyAdmins(db: Queryable, _scope: SystemAdminScope, regulatorId: number): Promise<AgencyAdminRow[]> {
  return db('regulator_staff as s')
    .join('users as u', 'u.id', 's.user_id')
    .where({ 's.regulator_id': regulatorId, 's.role': 'regulator_admin' })
    .orderBy([{ column: 'u.last_name' }, { column: 'u.first_name' }])
    .select('u.first_name', 'u.last_name', 'u.email');
}

export async function countAgencyStaff(db: Queryable, _scope: SystemAdminScope, regulatorId: number): Promise<number> {
  const [row] = await db('regulator_staff').where({ regulator_id: regulatorId }).count<{ n: string }[]>('* as n');
  return Number(row?.n ?? 0);
}

export type AgencyInvitationRow = { email: string; role: string; expires_at: Date; accepted_at: Date | null; revoked_at: Date | null };

/** Invitations of Regulator Admins still open (their state, expired or not, is the presenter's to say). */
export function listOpenAdminInvitations(db: Queryable, _scope: SystemAdminScope, regulatorId: number): Promise<AgencyInvitationRow[]> {
  return db('regulator_invitations')
    .where({ regulator_id: regulatorId, role: 'regulator_admin' })
    .whereNull('accepted_at')
    .whereNull('revoked_at')
    .orderBy('created_at', 'desc')
    .select('email', 'role', 'expires_at', 'accepted_at', 'revoked_at');
}
