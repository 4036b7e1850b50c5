/** Facility submittals: what was submitted together, by whom and when. */
import type { Queryable } from '../../db/transaction';
import { orgScoped, type OrgScope } from '../../tenancy/org-scope';

export type FacilitySubmittalRow = {
  id: number;
  facility_id: number;
  organization_id: number;
  submitted_by: number | null;
  submitted_at: Date;
  fingerprint: string;
  idempotency_key: string;
};

export async function insertFacilitySubmittal(db: Queryable, scope: OrgScope, s: { facility_id: number; fingerprint: string; idempotency_key: string }): Promise<FacilitySubmittalRow> {
  const [row] = await db('facility_submittals').insert({ ...s, organization_id: scope.organizationId, submitted_by: scope.userId }).returning('*');
  return row as FacilitySubmittalRow;
}

export function findSubmittalByKey(db: Queryable, scope: OrgScope, facilityId: number, key: string): Promise<FacilitySubmittalRow | undefined> {
  return orgScoped(db, scope, 'facility_submittals').where({ idempotency_key: key, facility_id: facilityId }).first();
}

export function findFacilitySubmittal(db: Queryable, scope: OrgScope, facilityId: number, id: number): Promise<(FacilitySubmittalRow & { submitter_name: string | null; submitter_email: string | null }) | undefined> {
  return orgScoped(db, scope, 'facility_submittals as s')
    .leftJoin('users as u', 'u.id', 's.submitted_by')
    .where({ 's.facility_id': facilityId, 's.id': id })
    .first('s.*', db.raw("u.first_name || ' ' || u.last_name as submitter_name"), 'u.email as submitter_email');
}

export function versionsOfSubmittal(
  db: Queryable,
  scope: OrgScope,
  submittalId: number,
): Promise<{ id: number; element_code: number; status: string; comment_to_regulator: string | null; content_hash: string }[]> {
  return orgScoped(db, scope, 'element_versions').where('facility_submittal_id', submittalId).orderBy('element_code').select('id', 'element_code', 'status', 'comment_to_regulator', 'content_hash');
}

export function regulatorDueDate(db: Queryable, regulatorId: number | null): Promise<{ annual_due_month: number; annual_due_day: number } | undefined> {
  if (!regulatorId) return Promise.resolve(undefined);
  return db('regulators').where({ id: regulatorId }).first('annual_due_month', 'annual_due_day');
}
