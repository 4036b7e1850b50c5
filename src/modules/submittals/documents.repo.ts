/** Document parts of element versions, and the files uploaded for them. */
import type { Queryable } from '../../db/transaction';
import type { DocumentOption, DocumentPolicy } from '../../rules/documents.rules';
import { orgScoped, type OrgScope } from '../../tenancy/org-scope';

export type DocumentPartRow = {
  id: number;
  element_version_id: number;
  part_code: string;
  option: DocumentOption;
  url: string | null;
  elsewhere_element_code: number | null;
  elsewhere_comment: string | null;
  stored_at_cers_id: number | null;
  provided_date: string | null;
  exempt_comment: string | null;
};

export type DocumentRow = {
  id: number;
  document_part_id: number;
  organization_id: number;
  facility_id: number;
  title: string;
  description: string | null;
  date_authored: string;
  original_name: string;
  stored_name: string;
  media_type: string;
  size_bytes: string;
  sha256: string;
  created_at: Date;
};

/** Parts of versions the scope owns (the join to element_versions carries the organization predicate). */
export function listParts(db: Queryable, scope: OrgScope, versionIds: number[]): Promise<(DocumentPartRow & { file_count: string })[]> {
  if (versionIds.length === 0) return Promise.resolve([]);
  return orgScoped(db, scope, 'element_versions as v')
    .join('document_parts as p', 'p.element_version_id', 'v.id')
    .whereIn('v.id', versionIds)
    .select('p.*', db.raw('(select count(*) from documents d where d.document_part_id = p.id) as file_count'));
}

export function listDocuments(db: Queryable, scope: OrgScope, partIds: number[]): Promise<DocumentRow[]> {
  if (partIds.length === 0) return Promise.resolve([]);
  return orgScoped(db, scope, 'documents').whereIn('document_part_id', partIds).orderBy('id').select('*');
}

export type PartData = Omit<DocumentPartRow, 'id' | 'element_version_id' | 'part_code'>;

export async function upsertPart(db: Queryable, versionId: number, partCode: string, data: PartData): Promise<number> {
  const [row] = await db('document_parts')
    .insert({ element_version_id: versionId, part_code: partCode, ...data })
    .onConflict(['element_version_id', 'part_code'])
    .merge({ ...data, updated_at: db.fn.now() })
    .returning('id');
  return row.id as number;
}

export async function insertDocument(
  db: Queryable,
  scope: OrgScope,
  d: Omit<DocumentRow, 'id' | 'organization_id' | 'created_at' | 'size_bytes'> & { size_bytes: number; idempotency_key: string | null },
): Promise<void> {
  await db('documents').insert({ ...d, organization_id: scope.organizationId, uploaded_by: scope.userId });
}

export type DocumentWithVersion = DocumentRow & { version_status: string; element_code: number; part_code: string; cers_id: number };

export function findDocument(db: Queryable, scope: OrgScope, documentId: number): Promise<DocumentWithVersion | undefined> {
  return orgScoped(db, scope, 'documents as d')
    .join('document_parts as p', 'p.id', 'd.document_part_id')
    .join('element_versions as v', 'v.id', 'p.element_version_id')
    .join('facilities as f', 'f.id', 'd.facility_id')
    .where('d.id', documentId)
    .first('d.*', 'v.status as version_status', 'v.element_code', 'p.part_code', 'f.cers_id');
}

/** Removes a file from a draft only; a submitted document can never be deleted. */
export async function deleteDraftDocument(db: Queryable, scope: OrgScope, documentId: number): Promise<boolean> {
  const n = await orgScoped(db, scope, 'documents')
    .where('id', documentId)
    .whereIn('document_part_id', db('document_parts as p').join('element_versions as v', 'v.id', 'p.element_version_id').where('v.status', 'draft').select('p.id'))
    .del();
  return n === 1;
}

/** A new draft based on an earlier version starts with copies of its document choices and files. */
export async function copyParts(db: Queryable, fromVersionId: number, toVersionId: number): Promise<void> {
  const parts = await db('document_parts').where({ element_version_id: fromVersionId }).select('*');
  for (const p of parts as DocumentPartRow[]) {
    const { id: oldId, ...rest } = p;
    const [copy] = await db('document_parts')
      .insert({ ...rest, element_version_id: toVersionId, created_at: db.fn.now(), updated_at: db.fn.now() })
      .returning('id');
    await db.raw(
      `insert into documents (document_part_id, organization_id, facility_id, title, description, date_authored, original_name, stored_name, media_type, size_bytes, sha256, uploaded_by)
       select ?, organization_id, facility_id, title, description, date_authored, original_name, stored_name, media_type, size_bytes, sha256, uploaded_by
       from documents where document_part_id = ? order by id`,
      [copy.id, oldId],
    );
  }
}

export async function policiesFor(db: Queryable, regulatorId: number | null): Promise<Record<string, DocumentPolicy>> {
  if (!regulatorId) return {};
  const rows = await db('document_policies').where({ regulator_id: regulatorId }).select('part_code', 'accepted_options', 'note', 'exempt_requires_no_employees');
  return Object.fromEntries(
    rows.map((r: { part_code: string; accepted_options: DocumentOption[]; note: string | null; exempt_requires_no_employees: boolean }) => [
      r.part_code,
      { acceptedOptions: r.accepted_options, note: r.note, exemptRequiresNoEmployees: r.exempt_requires_no_employees },
    ]),
  );
}
