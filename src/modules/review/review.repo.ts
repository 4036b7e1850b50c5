/**
 * Submitted versions as a CUPA sees them: the version with its facility and
 * organization, the facility's other versions, document parts and files,
 * inventory items, the status history, and the decision write. Every query
 * starts from jurisdictionScoped(element_versions) or (facilities): an id from
 * another CUPA, or a draft (a draft has no regulator_id), finds nothing.
 */
import type { Queryable } from '../../db/transaction';
import { jurisdictionScoped, type RegulatorScope } from '../../tenancy/regulator-scope';
import type { DocumentPartRow, DocumentRow } from '../submittals/documents.repo';
import { historyOf, type ElementVersionRow, type VersionStatus } from '../submittals/element-versions.repo';
import { componentsOfItems, itemFromRow, type StoredItem } from '../inventory/inventory.repo';

export type ReviewVersion = ElementVersionRow & {
  regulator_id: number;
  review_seq: number;
  corrected_from_version_id: number | null;
  correction: { reason: string; changes: { field: string; label: string; before: string | null; after: string | null }[] } | null;
  corrected_by_name: string | null;
  cers_id: number;
  facility_name: string;
  facility_street: string;
  facility_city: string;
  facility_zip: string;
  facility_status: 'active' | 'archived';
  minor_corrections_opt_out: boolean;
  organization_name: string;
  organization_code: string;
  submitter_name: string | null;
  submitter_email: string | null;
};

export function findReviewVersion(db: Queryable, scope: RegulatorScope, versionId: number): Promise<ReviewVersion | undefined> {
  return jurisdictionScoped(db, scope, 'element_versions as v')
    .join('facilities as f', 'f.id', 'v.facility_id')
    .join('organizations as o', 'o.id', 'v.organization_id')
    .leftJoin('users as u', 'u.id', 'v.submitted_by')
    .leftJoin('users as c', 'c.id', 'v.corrected_by')
    .where('v.id', versionId)
    .whereNot('v.status', 'draft')
    .first(
      'v.*', 'f.cers_id', 'f.name as facility_name', 'f.street as facility_street', 'f.city as facility_city', 'f.zip as facility_zip',
      'f.status as facility_status', 'f.minor_corrections_opt_out', 'o.name as organization_name', 'o.code as organization_code',
      db.raw("u.first_name || ' ' || u.last_name as submitter_name"), 'u.email as submitter_email',
      db.raw("c.first_name || ' ' || c.last_name as corrected_by_name"),
    );
}

/** Every submitted version of a facility (all elements), newest first. */
export function facilityVersions(db: Queryable, scope: RegulatorScope, facilityId: number) {
  return jurisdictionScoped(db, scope, 'element_versions as v')
    .leftJoin('users as u', 'u.id', 'v.submitted_by')
    .where('v.facility_id', facilityId)
    .whereNot('v.status', 'draft')
    .orderBy([{ column: 'v.submitted_at', order: 'desc' }, { column: 'v.id', order: 'desc' }])
    .select<{ id: number; element_code: number; status: VersionStatus; submitted_at: Date; corrected_from_version_id: number | null; submitter_name: string | null }[]>(
      'v.id', 'v.element_code', 'v.status', 'v.submitted_at', 'v.corrected_from_version_id', db.raw("u.first_name || ' ' || u.last_name as submitter_name"),
    );
}

export type ReviewFacility = { id: number; cers_id: number; name: string; street: string; city: string; zip: string; status: string; organization_id: number; organization_name: string; county_name: string };

export function findReviewFacility(db: Queryable, scope: RegulatorScope, cersId: number): Promise<ReviewFacility | undefined> {
  return jurisdictionScoped(db, scope, 'facilities as f')
    .join('organizations as o', 'o.id', 'f.organization_id')
    .join('counties as c', 'c.id', 'f.county_id')
    .where('f.cers_id', cersId)
    .whereNot('f.status', 'deleted') // deleted on the business's request (nothing was ever submitted): gone from every page
    .first('f.id', 'f.cers_id', 'f.name', 'f.street', 'f.city', 'f.zip', 'f.status', 'f.organization_id', 'o.name as organization_name', 'c.name as county_name');
}

export function reviewHistory(db: Queryable, scope: RegulatorScope, versionId: number) {
  return historyOf(db, jurisdictionScoped(db, scope, 'element_versions as v'), versionId);
}

export function reviewParts(db: Queryable, scope: RegulatorScope, versionId: number): Promise<DocumentPartRow[]> {
  return jurisdictionScoped(db, scope, 'element_versions as v')
    .join('document_parts as p', 'p.element_version_id', 'v.id')
    .where('v.id', versionId)
    .select('p.*');
}

export function reviewDocuments(db: Queryable, scope: RegulatorScope, versionId: number): Promise<DocumentRow[]> {
  return jurisdictionScoped(db, scope, 'element_versions as v')
    .join('document_parts as p', 'p.element_version_id', 'v.id')
    .join('documents as d', 'd.document_part_id', 'p.id')
    .where('v.id', versionId)
    .orderBy('d.id')
    .select('d.*');
}

/** A file of a submitted version in the jurisdiction (never of a draft). */
export function findReviewDocument(db: Queryable, scope: RegulatorScope, documentId: number): Promise<DocumentRow | undefined> {
  return jurisdictionScoped(db, scope, 'element_versions as v')
    .join('document_parts as p', 'p.element_version_id', 'v.id')
    .join('documents as d', 'd.document_part_id', 'p.id')
    .where('d.id', documentId)
    .whereNot('v.status', 'draft')
    .first('d.*');
}

export async function reviewItems(db: Queryable, scope: RegulatorScope, versionId: number): Promise<StoredItem[]> {
  const rows = (await jurisdictionScoped(db, scope, 'element_versions as v')
    .join('inventory_items as i', 'i.element_version_id', 'v.id')
    .where('v.id', versionId)
    .orderBy([{ column: 'i.common_name' }, { column: 'i.location' }, { column: 'i.id' }])
    .select('i.*')) as Parameters<typeof itemFromRow>[0][];
  const comps = await componentsOfItems(db, rows.map((r) => r.id));
  return rows.map((r) => itemFromRow(r, comps.get(r.id) ?? []));
}

/**
 * The decision write, guarded by the review sequence the reviewer's form was
 * drawn with: if anyone decided in between, nothing is written (false).
 */
export async function setDecision(db: Queryable, scope: RegulatorScope, versionId: number, expectedSeq: number, status: VersionStatus): Promise<boolean> {
  const n = await jurisdictionScoped(db, scope, 'element_versions')
    .where({ id: versionId, review_seq: expectedSeq })
    .whereNot('status', 'draft')
    .update({ status, review_seq: expectedSeq + 1, status_changed_at: db.fn.now(), updated_at: db.fn.now() });
  return n === 1;
}

/** The regulator's own settings that shape a review. */
export function regulatorPolicy(db: Queryable, scope: RegulatorScope): Promise<{ minor_corrections_allowed: boolean; waste_any_amount: boolean }> {
  return db('regulators').where('id', scope.regulatorId).first('minor_corrections_allowed', 'waste_any_amount');
}
