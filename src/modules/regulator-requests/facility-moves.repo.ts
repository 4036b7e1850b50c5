/**
 * What an approved facility request does to the facility and its rows:
 * transfer to another organization, merge into another facility, delete.
 * Every write reaches the facility through jurisdictionScoped(facilities), so
 * a facility of another CUPA is never touched. Moving submitted rows needs the
 * transaction to declare it (the immutability triggers refuse it otherwise).
 */
import type { Queryable } from '../../db/transaction';
import { jurisdictionScoped, type RegulatorScope } from '../../tenancy/regulator-scope';

/** Locks the facilities (in id order, so two decisions cannot deadlock) for the rest of the transaction. */
export async function lockFacilities(db: Queryable, scope: RegulatorScope, ids: number[]): Promise<Map<number, { id: number; cers_id: number; status: string; organization_id: number }>> {
  const rows = (await jurisdictionScoped(db, scope, 'facilities').whereIn('id', ids).orderBy('id').forUpdate().select('id', 'cers_id', 'status', 'organization_id')) as {
    id: number; cers_id: number; status: string; organization_id: number;
  }[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** The facility, only if it is in the CUPA's jurisdiction: every write below goes through it. */
const scopedFacility = (db: Queryable, scope: RegulatorScope, facilityId: number) => jurisdictionScoped(db, scope, 'facilities').where('id', facilityId).select('id');

/** Tables whose rows are a facility's history, owned by organization_id + facility_id. */
const HISTORY_TABLES = ['element_versions', 'facility_submittals', 'documents', 'inventory_items'] as const;

/**
 * Declares, for the rest of the transaction, that submitted rows change owner
 * (never content): the immutability triggers refuse it otherwise.
 */
async function movingHistory(db: Queryable): Promise<void> {
  await db.raw("set local upp.moving_history = 'on'");
}

/** Transfer: the facility and all of its history now belong to the other organization. Rows moved per table. */
export async function transferFacility(db: Queryable, scope: RegulatorScope, facilityId: number, toOrganizationId: number): Promise<Record<string, number>> {
  await movingHistory(db);
  const moved: Record<string, number> = {};
  for (const table of HISTORY_TABLES) {
    moved[table] = await db(table).whereIn('facility_id', scopedFacility(db, scope, facilityId)).update({ organization_id: toOrganizationId });
  }
  await jurisdictionScoped(db, scope, 'facilities').where('id', facilityId).update({ organization_id: toOrganizationId, updated_at: db.fn.now() });
  return moved;
}

/**
 * Merge: all of the merged facility's history moves to the survivor (and to the
 * survivor's organization). Drafts must be discarded first where they collide.
 */
export async function mergeFacilityHistory(db: Queryable, scope: RegulatorScope, mergedId: number, survivor: { id: number; organization_id: number }): Promise<Record<string, number>> {
  await movingHistory(db);
  const moved: Record<string, number> = {};
  for (const table of HISTORY_TABLES) {
    moved[table] = await db(table).whereIn('facility_id', scopedFacility(db, scope, mergedId)).update({ facility_id: survivor.id, organization_id: survivor.organization_id });
  }
  return moved;
}

/**
 * Access requests about a facility follow it to another facility or
 * organization. With `pendingOnly`, only the open ones (a transfer: decided
 * ones are the old organization's record). An open one is left where it is when
 * the person already has an open request to the receiving organization (one per
 * person and organization).
 */
export async function moveAccessRequests(
  db: Queryable,
  scope: RegulatorScope,
  m: { fromFacilityId: number; toFacilityId: number; toOrganizationId: number; routedTo: 'lead_users' | 'regulator'; pendingOnly: boolean },
): Promise<number> {
  const open = await db('access_requests')
    .whereIn('facility_id', scopedFacility(db, scope, m.fromFacilityId))
    .where('status', 'pending')
    .whereNotExists(
      db('access_requests as b')
        .where('b.organization_id', m.toOrganizationId)
        .where('b.status', 'pending')
        .whereRaw('b.requester_id = access_requests.requester_id')
        .whereRaw('b.id <> access_requests.id'),
    )
    .update({ facility_id: m.toFacilityId, organization_id: m.toOrganizationId, routed_to: m.routedTo, updated_at: db.fn.now() });
  if (m.pendingOnly) return open;
  const closed = await db('access_requests')
    .whereIn('facility_id', scopedFacility(db, scope, m.fromFacilityId))
    .whereNot('status', 'pending')
    .update({ facility_id: m.toFacilityId, organization_id: m.toOrganizationId, updated_at: db.fn.now() });
  return open + closed;
}

export async function insertFacilityTransfer(
  db: Queryable,
  scope: RegulatorScope,
  t: { facility_id: number; from_organization_id: number; to_organization_id: number; facility_request_id: number },
): Promise<{ id: number; transferred_at: Date }> {
  // Only a facility of the CUPA: a transfer row never names another CUPA's facility.
  if (!(await scopedFacility(db, scope, t.facility_id).first())) throw new Error(`facility ${t.facility_id} is not in the jurisdiction`);
  const [row] = await db('facility_transfers').insert(t).returning(['id', 'transferred_at']);
  return row as { id: number; transferred_at: Date };
}

/** Drafts of the merged facility for elements the survivor also has a draft of (at most one draft per element). */
export function collidingDrafts(db: Queryable, scope: RegulatorScope, mergedId: number, survivorId: number): Promise<{ id: number; element_code: number }[]> {
  return db('element_versions as d')
    .whereIn('d.facility_id', scopedFacility(db, scope, mergedId))
    .where('d.status', 'draft')
    .whereExists(
      db('element_versions as s').whereIn('s.facility_id', scopedFacility(db, scope, survivorId)).where('s.status', 'draft').whereRaw('s.element_code = d.element_code'),
    )
    .orderBy('d.element_code')
    .select('d.id', 'd.element_code');
}

/** Discards drafts of a facility (all, or these ids); their parts, files and materials go with them. */
export async function deleteDrafts(db: Queryable, scope: RegulatorScope, facilityId: number, ids?: number[]): Promise<number> {
  const q = db('element_versions').whereIn('facility_id', scopedFacility(db, scope, facilityId)).where('status', 'draft');
  if (ids) q.whereIn('id', ids);
  return q.del();
}

export async function hasSubmittedVersions(db: Queryable, scope: RegulatorScope, facilityId: number): Promise<boolean> {
  return !!(await db('element_versions').whereIn('facility_id', scopedFacility(db, scope, facilityId)).whereNot('status', 'draft').first('id'));
}

export async function setFacilityStatus(db: Queryable, scope: RegulatorScope, facilityId: number, s: { status: 'archived' | 'deleted'; merged_into_facility_id?: number }): Promise<void> {
  await jurisdictionScoped(db, scope, 'facilities').where('id', facilityId).update({ ...s, updated_at: db.fn.now() });
}
