/** Element versions (drafts and submitted versions) of one organization's facilities. */
import type { Knex } from 'knex';
import type { Queryable } from '../../db/transaction';
import { orgScoped, type OrgScope } from '../../tenancy/org-scope';

export type VersionStatus = 'draft' | 'submitted' | 'under_review' | 'accepted' | 'not_accepted' | 'not_applicable';

export type ElementVersionRow = {
  id: number;
  facility_id: number;
  organization_id: number;
  element_code: number;
  status: VersionStatus;
  content: Record<string, unknown>;
  based_on_version_id: number | null;
  facility_submittal_id: number | null;
  comment_to_regulator: string | null;
  content_hash: string | null;
  created_by: number | null;
  submitted_by: number | null;
  submitted_at: Date | null;
  status_changed_at: Date | null;
  regulator_id: number | null;
  review_seq: number;
  corrected_from_version_id: number | null;
  correction: { reason: string; changes: { field: string; label: string; before: string | null; after: string | null }[] } | null;
  created_at: Date;
  updated_at: Date;
};

export type VersionListItem = ElementVersionRow & { submitter_name: string | null; last_comment: string | null };

export function listVersions(db: Queryable, scope: OrgScope, facilityId: number): Promise<VersionListItem[]> {
  return orgScoped(db, scope, 'element_versions as v')
    .leftJoin('users as u', 'u.id', 'v.submitted_by')
    .where('v.facility_id', facilityId)
    .orderBy([{ column: 'v.element_code' }, { column: 'v.submitted_at', order: 'desc', nulls: 'first' }, { column: 'v.id', order: 'desc' }])
    .select(
      'v.*',
      db.raw("u.first_name || ' ' || u.last_name as submitter_name"),
      db.raw('(select h.comment from element_status_history h where h.element_version_id = v.id order by h.changed_at desc, h.id desc limit 1) as last_comment'),
    );
}

export function findVersion(db: Queryable, scope: OrgScope, facilityId: number, versionId: number): Promise<ElementVersionRow | undefined> {
  return orgScoped(db, scope, 'element_versions').where({ facility_id: facilityId, id: versionId }).first();
}

export function findDraft(db: Queryable, scope: OrgScope, facilityId: number, code: number): Promise<ElementVersionRow | undefined> {
  return orgScoped(db, scope, 'element_versions').where({ facility_id: facilityId, element_code: code, status: 'draft' }).first();
}

export function latestSubmitted(db: Queryable, scope: OrgScope, facilityId: number, code: number): Promise<ElementVersionRow | undefined> {
  return orgScoped(db, scope, 'element_versions').where({ facility_id: facilityId, element_code: code }).whereNot('status', 'draft')
    // A regulator-corrected version keeps the original's submitted_at; the later row is the current one.
    .orderBy([{ column: 'submitted_at', order: 'desc' }, { column: 'id', order: 'desc' }]).first();
}

export async function insertDraft(
  db: Queryable,
  scope: OrgScope,
  d: { facility_id: number; element_code: number; content: Record<string, unknown>; based_on_version_id: number | null },
): Promise<ElementVersionRow> {
  const [row] = await db('element_versions')
    .insert({ ...d, content: JSON.stringify(d.content), organization_id: scope.organizationId, created_by: scope.userId, status: 'draft' })
    .returning('*');
  return row as ElementVersionRow;
}

/** Only a draft's content can change (and the database refuses it for anything else). */
export async function updateDraftContent(db: Queryable, scope: OrgScope, versionId: number, content: Record<string, unknown>): Promise<boolean> {
  const n = await orgScoped(db, scope, 'element_versions')
    .where({ id: versionId, status: 'draft' })
    .update({ content: JSON.stringify(content), updated_at: db.fn.now() });
  return n === 1;
}

export async function deleteDraft(db: Queryable, scope: OrgScope, versionId: number): Promise<boolean> {
  return (await orgScoped(db, scope, 'element_versions').where({ id: versionId, status: 'draft' }).del()) === 1;
}

export async function markSubmitted(
  db: Queryable,
  scope: OrgScope,
  versionId: number,
  s: { facility_submittal_id: number; comment_to_regulator: string | null; content_hash: string },
): Promise<boolean> {
  const n = await orgScoped(db, scope, 'element_versions')
    .where({ id: versionId, status: 'draft' })
    // The CUPA it goes to is fixed at submit time: the review queue's index is on it.
    .update({ ...s, regulator_id: db.raw('(select f.regulator_id from facilities f where f.id = element_versions.facility_id)'), status: 'submitted', submitted_by: scope.userId, submitted_at: db.fn.now(), status_changed_at: db.fn.now(), updated_at: db.fn.now() });
  return n === 1;
}

export async function insertStatusHistory(db: Queryable, e: { element_version_id: number; status: VersionStatus; changed_by: number | null; comment: string | null }): Promise<void> {
  await db('element_status_history').insert(e);
}

export type StatusHistoryRow = { status: VersionStatus; changed_at: Date; comment: string | null; changed_by_name: string | null };

/**
 * A version's status history, oldest first. `versions` is element_versions
 * (aliased v) already limited to a scope: the organization's, or a CUPA's.
 */
export function historyOf(db: Queryable, versions: Knex.QueryBuilder, versionId: number): Promise<StatusHistoryRow[]> {
  return versions
    .join('element_status_history as h', 'h.element_version_id', 'v.id')
    .leftJoin('users as u', 'u.id', 'h.changed_by')
    .where('v.id', versionId)
    .orderBy([{ column: 'h.changed_at' }, { column: 'h.id' }])
    .select('h.status', 'h.changed_at', 'h.comment', db.raw("u.first_name || ' ' || u.last_name as changed_by_name"));
}

export function statusHistory(db: Queryable, scope: OrgScope, versionId: number): Promise<StatusHistoryRow[]> {
  return historyOf(db, orgScoped(db, scope, 'element_versions as v'), versionId);
}
