/**
 * Facilities an organization transferred away, as the old organization sees
 * them: read only, through the facility_transfers row whose
 * from_organization_id is the scope's organization, and never a facility it
 * owns again. The facility's rows now belong to the receiving organization, so
 * every read here starts from that transfer row, never from the facility.
 */
import type { Knex } from 'knex';
import type { Queryable } from '../../db/transaction';
import type { OrgScope } from '../../tenancy/org-scope';
import type { VersionStatus } from '../submittals/element-versions.repo';

export type TransferredFacility = {
  transfer_id: number;
  facility_id: number;
  cers_id: number;
  name: string;
  street: string;
  city: string;
  zip: string;
  to_organization_name: string;
  transferred_at: Date;
};

/** The latest transfer away of each facility the organization no longer owns. */
function transfersAway(db: Queryable, scope: OrgScope): Knex.QueryBuilder {
  return db('facility_transfers as t')
    .where('t.from_organization_id', scope.organizationId)
    .join('facilities as f', 'f.id', 't.facility_id')
    .join('organizations as o', 'o.id', 't.to_organization_id')
    .whereNot('f.organization_id', scope.organizationId)
    .whereNot('f.status', 'deleted')
    .whereNotExists(
      db('facility_transfers as later')
        .whereRaw('later.facility_id = t.facility_id')
        .where('later.from_organization_id', scope.organizationId)
        .whereRaw('(later.transferred_at, later.id) > (t.transferred_at, t.id)'),
    );
}

const COLUMNS = ['t.id as transfer_id', 'f.id as facility_id', 'f.cers_id', 'f.name', 'f.street', 'f.city', 'f.zip', 'o.name as to_organization_name', 't.transferred_at'];

export async function listTransferredFacilities(db: Queryable, scope: OrgScope, limit: number): Promise<{ items: TransferredFacility[]; total: number }> {
  const [items, [{ n }]] = await Promise.all([
    transfersAway(db, scope).orderBy([{ column: 't.transferred_at', order: 'desc' }, { column: 't.id', order: 'desc' }]).limit(limit).select(COLUMNS),
    transfersAway(db, scope).count('* as n'),
  ]);
  return { items, total: Number(n) };
}

export function findTransferredFacility(db: Queryable, scope: OrgScope, cersId: number): Promise<TransferredFacility | undefined> {
  return transfersAway(db, scope).where('f.cers_id', cersId).first(COLUMNS);
}

export type TransferredVersion = { id: number; element_code: number; status: VersionStatus; submitted_at: Date; submitter_name: string | null };

/** What was submitted for the facility while it was the organization's: up to the transfer. */
export function transferredVersions(db: Queryable, scope: OrgScope, transferId: number): Promise<TransferredVersion[]> {
  return db('facility_transfers as t')
    .where({ 't.id': transferId, 't.from_organization_id': scope.organizationId })
    .join('element_versions as v', 'v.facility_id', 't.facility_id')
    .leftJoin('users as u', 'u.id', 'v.submitted_by')
    .whereNot('v.status', 'draft')
    .whereRaw('v.submitted_at <= t.transferred_at')
    .orderBy([{ column: 'v.submitted_at', order: 'desc' }, { column: 'v.id', order: 'desc' }])
    .select('v.id', 'v.element_code', 'v.status', 'v.submitted_at', db.raw("u.first_name || ' ' || u.last_name as submitter_name"));
}
