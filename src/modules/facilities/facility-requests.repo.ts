/** Transfer, merge and delete requests, filed inside the organization's scope for the CUPA to decide. */
import type { Queryable } from '../../db/transaction';
import { orgScoped, type OrgScope } from '../../tenancy/org-scope';

export type FacilityRequestRow = {
  id: number;
  kind: 'transfer' | 'merge' | 'delete';
  organization_id: number;
  facility_id: number;
  target_organization_code: string | null;
  target_facility_id: number | null;
  reason: string;
  regulator_id: number | null;
  requested_by: number | null;
  status: 'pending' | 'approved' | 'denied' | 'withdrawn';
  decision_comment: string | null;
  created_at: Date;
};

export async function insertFacilityRequest(
  db: Queryable,
  scope: OrgScope,
  r: Pick<FacilityRequestRow, 'kind' | 'facility_id' | 'target_organization_code' | 'target_facility_id' | 'reason' | 'regulator_id'>,
): Promise<FacilityRequestRow> {
  const [row] = await db('facility_requests').insert({ ...r, organization_id: scope.organizationId, requested_by: scope.userId }).returning('*');
  return row as FacilityRequestRow;
}

export function listFacilityRequests(db: Queryable, scope: OrgScope, facilityId: number): Promise<(FacilityRequestRow & { target_cers_id: number | null })[]> {
  return orgScoped(db, scope, 'facility_requests as r')
    .leftJoin('facilities as t', 't.id', 'r.target_facility_id')
    .where('r.facility_id', facilityId)
    .orderBy('r.created_at', 'desc')
    .select('r.*', 't.cers_id as target_cers_id');
}
