/**
 * Uploaded documents: checked by content and extension, stored by SHA-256 and
 * never altered, attached to a draft's document part; downloaded only through
 * the organization's scope. A document of a submitted version cannot be removed.
 */
import type { Knex } from 'knex';
import { inTransaction } from '../../db/transaction';
import { NotFoundError } from '../../http/errors';
import { formError, type FormErrors } from '../../http/form-errors';
import type { DocumentPartDef, ElementCode } from '../../rules/elements.rules';
import { checkUpload } from '../../rules/file-types.rules';
import type { FileStore } from '../../storage/file-store';
import type { OrgScope } from '../../tenancy/org-scope';
import { recordAudit } from '../audit/audit.repo';
import { deleteDraftDocument, findDocument, insertDocument, upsertPart } from './documents.repo';
import { findDraft } from './element-versions.repo';

export type UploadedFile = { path: string; originalname: string; size: number };
export type DocumentMeta = { title: string; description: string | null; dateAuthored: string; idempotencyKey: string | null };

export type DocumentsService = ReturnType<typeof createDocumentsService>;

export function createDocumentsService(deps: { db: Knex; files: FileStore }) {
  const { db, files } = deps;

  return {
    async upload(
      scope: OrgScope,
      facilityId: number,
      code: ElementCode,
      part: DocumentPartDef,
      file: UploadedFile | undefined,
      meta: DocumentMeta,
      ip: string | null,
    ): Promise<{ ok: true } | { ok: false; errors: FormErrors }> {
      if (!file) return { ok: false, errors: formError('file', 'Select a file to upload') };
      try {
        const draft = await findDraft(db, scope, facilityId, code);
        if (!draft) throw new NotFoundError();
        const verdict = checkUpload(file.originalname, await files.head(file.path), file.size);
        if (!verdict.ok) return { ok: false, errors: formError('file', verdict.message) };
        const { storedName, sha256 } = await files.keep(file.path);
        try {
          await inTransaction(db, async (trx) => {
            const partId = await upsertPart(trx, draft.id, part.code, {
              option: 'upload', url: null, elsewhere_element_code: null, elsewhere_comment: null, stored_at_cers_id: null, provided_date: null, exempt_comment: null,
            });
            await insertDocument(trx, scope, {
              document_part_id: partId, facility_id: facilityId, title: meta.title, description: meta.description, date_authored: meta.dateAuthored,
              original_name: file.originalname.slice(0, 254), stored_name: storedName, media_type: verdict.mediaType, size_bytes: file.size, sha256,
              idempotency_key: meta.idempotencyKey,
            });
            await recordAudit(trx, { actorUserId: scope.userId, action: 'document.uploaded', entityType: 'element_version', entityId: draft.id, organizationId: scope.organizationId, after: { part: part.code, title: meta.title, sha256, size: file.size }, ip });
          });
        } catch (err) {
          // The same upload form sent twice (double click, Back and resend): keep the first.
          if ((err as { code?: string }).code === '23505') return { ok: true };
          throw err;
        }
        return { ok: true };
      } finally {
        await files.discard(file.path);
      }
    },

    /** A file that arrived with an invalid form is not kept. */
    discardTemp: (path: string) => files.discard(path),

    async remove(scope: OrgScope, cersId: number, documentId: number, ip: string | null): Promise<void> {
      const doc = await findDocument(db, scope, documentId);
      if (!doc || doc.cers_id !== cersId) throw new NotFoundError();
      await inTransaction(db, async (trx) => {
        if (!(await deleteDraftDocument(trx, scope, documentId))) throw new NotFoundError();
        await recordAudit(trx, { actorUserId: scope.userId, action: 'document.removed', entityType: 'document', entityId: documentId, organizationId: scope.organizationId, before: { title: doc.title, sha256: doc.sha256 }, ip });
      });
    },

    /** The file and how to send it, if the document belongs to the scope's organization and this facility. */
    async download(scope: OrgScope, cersId: number, documentId: number) {
      const doc = await findDocument(db, scope, documentId);
      if (!doc || doc.cers_id !== cersId) throw new NotFoundError();
      if (!(await files.exists(doc.stored_name))) throw new Error(`stored file ${doc.stored_name} of document ${doc.id} is missing`);
      return { stream: files.open(doc.stored_name), mediaType: doc.media_type, fileName: doc.original_name, size: Number(doc.size_bytes), sha256: doc.sha256 };
    },
  };
}
