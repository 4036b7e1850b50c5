/** Access requests: written by the requester (not yet a member), read and decided inside the organization's scope. */
import type { Queryable } from '../../db/transaction';
import type { MembershipRole } from '../../db/types';
import { orgScoped, type OrgScope } from '../../tenancy/org-scope';

export type AccessRequestRow = {
  id: number;
  organization_id: number;
  facility_id: number;
  requester_id: number;
  phone: string;
  title: string;
  role_requested: MembershipRole;
  message: string | null;
  routed_to: 'lead_users' | 'regulator';
  regulator_id: number | null;
  status: 'pending' | 'granted' | 'denied';
  role_granted: MembershipRole | null;
  decided_by: number | null;
  decided_at: Date | null;
  decision_comment: string | null;
  created_at: Date;
};

export type AccessRequestListItem = AccessRequestRow & {
  requester_name: string;
  requester_email: string;
  facility_name: string;
  cers_id: number;
};

export async function insertAccessRequest(
  db: Queryable,
  r: Pick<AccessRequestRow, 'organization_id' | 'facility_id' | 'requester_id' | 'phone' | 'title' | 'role_requested' | 'message' | 'routed_to' | 'regulator_id'>,
): Promise<AccessRequestRow> {
  const [row] = await db('access_requests').insert(r).returning('*');
  return row as AccessRequestRow;
}

export async function hasPendingRequest(db: Queryable, organizationId: number, requesterId: number): Promise<boolean> {
  return !!(await db('access_requests').where({ organization_id: organizationId, requester_id: requesterId, status: 'pending' }).first('id'));
}

function withNames(db: Queryable, scope: OrgScope) {
  return orgScoped(db, scope, 'access_requests as a')
    .join('users as u', 'u.id', 'a.requester_id')
    .join('facilities as f', 'f.id', 'a.facility_id')
    .select('a.*', db.raw("u.first_name || ' ' || u.last_name as requester_name"), 'u.email as requester_email', 'f.name as facility_name', 'f.cers_id');
}

export function listAccessRequests(db: Queryable, scope: OrgScope): Promise<AccessRequestListItem[]> {
  return withNames(db, scope).orderByRaw("case when a.status = 'pending' then 0 else 1 end, a.created_at desc").limit(100);
}

export function findAccessRequest(db: Queryable, scope: OrgScope, id: number): Promise<AccessRequestListItem | undefined> {
  return withNames(db, scope).where('a.id', id).first();
}

/** Decides a pending request; false when it was already decided (double submit, another Lead User). */
export async function decideAccessRequest(
  db: Queryable,
  scope: OrgScope,
  id: number,
  d: { status: 'granted' | 'denied'; role_granted: MembershipRole | null; decision_comment: string | null },
): Promise<boolean> {
  const n = await orgScoped(db, scope, 'access_requests')
    .where({ id, status: 'pending' })
    .update({ ...d, decided_by: scope.userId, decided_at: db.fn.now(), updated_at: db.fn.now() });
  return n === 1;
}

export async function countPendingAccessRequests(db: Queryable, scope: OrgScope): Promise<number> {
  const [{ n }] = await orgScoped(db, scope, 'access_requests').where('status', 'pending').count('* as n');
  return Number(n);
}
