/**
 * The requests a CUPA decides: access requests routed to it (the organization
 * has no Lead User) and facility transfer / merge / delete requests. Every
 * query starts from jurisdictionScoped(...): an id of another CUPA finds
 * nothing. The decision writes are conditional on status = 'pending', so two
 * Regulator Admins deciding at once cannot both win.
 */
import type { Knex } from 'knex';
import type { Queryable } from '../../db/transaction';
import type { MembershipRole } from '../../db/types';
import { jurisdictionScoped, type RegulatorScope } from '../../tenancy/regulator-scope';
import type { AccessRequestRow } from '../access-requests/access-requests.repo';
import type { FacilityRequestRow } from '../facilities/facility-requests.repo';

export type RequestKind = 'access' | 'transfer' | 'merge' | 'delete';
export type RequestStatus = 'pending' | 'granted' | 'denied' | 'approved' | 'withdrawn';

export type RequestListRow = {
  type: 'access' | 'facility';
  kind: RequestKind;
  id: number;
  status: RequestStatus;
  created_at: Date;
  decided_at: Date | null;
  cers_id: number;
  facility_name: string;
  city: string;
  organization_name: string;
  requester_name: string | null;
};

/** Both kinds of request of the CUPA, in one shape. */
function allRequests(db: Queryable, scope: RegulatorScope): Knex.QueryBuilder {
  const access = jurisdictionScoped(db, scope, 'access_requests as a')
    .where('a.routed_to', 'regulator')
    .select(db.raw("'access'::text as type"), db.raw("'access'::text as kind"), 'a.id', 'a.status', 'a.created_at', 'a.decided_at', 'a.facility_id', 'a.organization_id', 'a.requester_id as requester_id');
  const facility = jurisdictionScoped(db, scope, 'facility_requests as r')
    .select(db.raw("'facility'::text as type"), 'r.kind', 'r.id', 'r.status', 'r.created_at', 'r.decided_at', 'r.facility_id', 'r.organization_id', 'r.requested_by as requester_id');
  return access.unionAll(facility);
}

/** Pending first (oldest first: the longest waiting on top), then decided (newest first). */
export function requestsPage(db: Queryable, scope: RegulatorScope, limit: number, offset: number): Promise<RequestListRow[]> {
  return db
    .from(allRequests(db, scope).as('q'))
    .join('facilities as f', 'f.id', 'q.facility_id')
    .join('organizations as o', 'o.id', 'q.organization_id')
    .leftJoin('users as u', 'u.id', 'q.requester_id')
    .orderByRaw("case when q.status = 'pending' then 0 else 1 end, case when q.status = 'pending' then q.created_at end asc, coalesce(q.decided_at, q.created_at) desc, q.id desc")
    .limit(limit)
    .offset(offset)
    .select(
      'q.type', 'q.kind', 'q.id', 'q.status', 'q.created_at', 'q.decided_at', 'f.cers_id', 'f.name as facility_name', 'f.city', 'o.name as organization_name',
      db.raw("u.first_name || ' ' || u.last_name as requester_name"),
    );
}

/** How many requests of each kind are pending, and how many are decided. */
export async function requestCounts(db: Queryable, scope: RegulatorScope): Promise<{ pending: Partial<Record<RequestKind, number>>; decided: number }> {
  const rows = (await db
    .from(allRequests(db, scope).as('q'))
    .groupByRaw("q.kind, q.status = 'pending'")
    .select('q.kind', db.raw("q.status = 'pending' as pending"), db.raw('count(*)::int as n'))) as { kind: RequestKind; pending: boolean; n: number }[];
  const pending: Partial<Record<RequestKind, number>> = {};
  let decided = 0;
  for (const r of rows) {
    if (r.pending) pending[r.kind] = r.n;
    else decided += r.n;
  }
  return { pending, decided };
}

type Decision = { decided_at: Date | null; decision_comment: string | null; decided_by_name: string | null };

export type RegulatorAccessRequest = Decision &
  Pick<AccessRequestRow, 'id' | 'organization_id' | 'facility_id' | 'requester_id' | 'phone' | 'title' | 'role_requested' | 'message' | 'status' | 'role_granted' | 'created_at'> & {
  requester_name: string;
  requester_email: string;
  cers_id: number;
  facility_name: string;
  facility_street: string;
  facility_city: string;
  facility_zip: string;
  organization_name: string;
  organization_code: string;
  lead_users: number;
};

export function findAccessRequest(db: Queryable, scope: RegulatorScope, id: number): Promise<RegulatorAccessRequest | undefined> {
  return jurisdictionScoped(db, scope, 'access_requests as a')
    .where({ 'a.id': id, 'a.routed_to': 'regulator' })
    .join('users as u', 'u.id', 'a.requester_id')
    .join('facilities as f', 'f.id', 'a.facility_id')
    .join('organizations as o', 'o.id', 'a.organization_id')
    .leftJoin('users as d', 'd.id', 'a.decided_by')
    .first(
      'a.id', 'a.organization_id', 'a.facility_id', 'a.requester_id', 'a.phone', 'a.title', 'a.role_requested', 'a.message', 'a.status', 'a.role_granted',
      'a.created_at', 'a.decided_at', 'a.decision_comment',
      db.raw("u.first_name || ' ' || u.last_name as requester_name"), 'u.email as requester_email',
      'f.cers_id', 'f.name as facility_name', 'f.street as facility_street', 'f.city as facility_city', 'f.zip as facility_zip',
      'o.name as organization_name', 'o.code as organization_code',
      db.raw("d.first_name || ' ' || d.last_name as decided_by_name"),
      db.raw("(select count(*)::int from memberships m where m.organization_id = a.organization_id and m.role = 'lead_user') as lead_users"),
    );
}

export type RegulatorFacilityRequest = Decision &
  Pick<FacilityRequestRow, 'id' | 'kind' | 'organization_id' | 'facility_id' | 'target_organization_code' | 'target_facility_id' | 'reason' | 'requested_by' | 'status' | 'created_at'> & {
  requester_name: string | null;
  requester_email: string | null;
  cers_id: number;
  facility_name: string;
  facility_street: string;
  facility_city: string;
  facility_zip: string;
  facility_status: 'active' | 'archived' | 'deleted';
  facility_organization_id: number;
  organization_name: string;
  organization_code: string;
  submitted_versions: number;
  drafts: number;
};

export function findFacilityRequest(db: Queryable, scope: RegulatorScope, id: number): Promise<RegulatorFacilityRequest | undefined> {
  return jurisdictionScoped(db, scope, 'facility_requests as r')
    .where('r.id', id)
    .join('facilities as f', 'f.id', 'r.facility_id')
    .join('organizations as o', 'o.id', 'r.organization_id')
    .leftJoin('users as u', 'u.id', 'r.requested_by')
    .leftJoin('users as d', 'd.id', 'r.decided_by')
    .first(
      'r.id', 'r.kind', 'r.organization_id', 'r.facility_id', 'r.target_organization_code', 'r.target_facility_id', 'r.reason', 'r.requested_by', 'r.status',
      'r.created_at', 'r.decided_at', 'r.decision_comment',
      db.raw("u.first_name || ' ' || u.last_name as requester_name"), 'u.email as requester_email',
      'f.cers_id', 'f.name as facility_name', 'f.street as facility_street', 'f.city as facility_city', 'f.zip as facility_zip', 'f.status as facility_status',
      'f.organization_id as facility_organization_id', 'o.name as organization_name', 'o.code as organization_code',
      db.raw("d.first_name || ' ' || d.last_name as decided_by_name"),
      db.raw("(select count(*)::int from element_versions v where v.facility_id = r.facility_id and v.status <> 'draft') as submitted_versions"),
      db.raw("(select count(*)::int from element_versions v where v.facility_id = r.facility_id and v.status = 'draft') as drafts"),
    );
}

export type JurisdictionFacility = {
  id: number;
  cers_id: number;
  name: string;
  street: string;
  city: string;
  zip: string;
  status: 'active' | 'archived' | 'deleted';
  organization_id: number;
  organization_name: string;
};

/** A facility of the CUPA by id (a merge's survivor), with its organization. */
export function findJurisdictionFacility(db: Queryable, scope: RegulatorScope, facilityId: number): Promise<JurisdictionFacility | undefined> {
  return jurisdictionScoped(db, scope, 'facilities as f')
    .join('organizations as o', 'o.id', 'f.organization_id')
    .where('f.id', facilityId)
    .first('f.id', 'f.cers_id', 'f.name', 'f.street', 'f.city', 'f.zip', 'f.status', 'f.organization_id', 'o.name as organization_name');
}

export async function claimAccessRequest(
  db: Queryable,
  scope: RegulatorScope,
  id: number,
  d: { status: 'granted' | 'denied'; role_granted: MembershipRole | null; decision_comment: string },
): Promise<boolean> {
  const n = await jurisdictionScoped(db, scope, 'access_requests')
    .where({ id, routed_to: 'regulator', status: 'pending' })
    .update({ ...d, decided_by: scope.userId, decided_at: db.fn.now(), updated_at: db.fn.now() });
  return n === 1;
}

export async function claimFacilityRequest(db: Queryable, scope: RegulatorScope, id: number, d: { status: 'approved' | 'denied'; decision_comment: string }): Promise<boolean> {
  const n = await jurisdictionScoped(db, scope, 'facility_requests')
    .where({ id, status: 'pending' })
    .update({ ...d, decided_by: scope.userId, decided_at: db.fn.now(), updated_at: db.fn.now() });
  return n === 1;
}
