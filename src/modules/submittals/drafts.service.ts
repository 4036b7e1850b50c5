/**
 * Drafts (docs/product.md §5): at most one per element, started blank or based on a copy of
 * an earlier submitted version; its forms and document parts saved as you go;
 * discarded whole. A submitted version is never changed here (and the database
 * refuses it anyway).
 */
import type { Knex } from 'knex';
import { inTransaction } from '../../db/transaction';
import { NotFoundError } from '../../http/errors';
import { formError, type FormErrors } from '../../http/form-errors';
import type { DocumentPartDef, ElementCode } from '../../rules/elements.rules';
import type { OrgScope } from '../../tenancy/org-scope';
import { recordAudit } from '../audit/audit.repo';
import { copyParts, upsertPart, type PartData } from './documents.repo';
import { copyItems } from '../inventory/inventory.repo';
import { deleteDraft, findDraft, findVersion, insertDraft, updateDraftContent, type ElementVersionRow } from './element-versions.repo';

export type DraftsService = ReturnType<typeof createDraftsService>;

export function createDraftsService(deps: { db: Knex }) {
  const { db } = deps;

  async function draftOrThrow(scope: OrgScope, facilityId: number, code: ElementCode): Promise<ElementVersionRow> {
    const d = await findDraft(db, scope, facilityId, code);
    if (!d) throw new NotFoundError();
    return d;
  }

  return {
    draftOrThrow,

    /**
     * Starts the element's draft. A second start (double click, Back button) finds
     * the draft the first one made and returns it instead of making another.
     */
    async start(scope: OrgScope, facilityId: number, code: ElementCode, basedOnVersionId: number | null, ip: string | null): Promise<ElementVersionRow> {
      const existing = await findDraft(db, scope, facilityId, code);
      if (existing) return existing;
      let base: ElementVersionRow | undefined;
      if (basedOnVersionId !== null) {
        base = await findVersion(db, scope, facilityId, basedOnVersionId);
        if (!base || base.element_code !== code || base.status === 'draft') throw new NotFoundError();
      }
      try {
        return await inTransaction(db, async (trx) => {
          const draft = await insertDraft(trx, scope, { facility_id: facilityId, element_code: code, content: base?.content ?? {}, based_on_version_id: base?.id ?? null });
          if (base) {
            await copyParts(trx, base.id, draft.id);
            if (code === 2) await copyItems(trx, base.id, draft.id);
          }
          await recordAudit(trx, { actorUserId: scope.userId, action: 'draft.started', entityType: 'element_version', entityId: draft.id, organizationId: scope.organizationId, after: { element_code: code, based_on: base?.id ?? null }, ip });
          return draft;
        });
      } catch (err) {
        // Two starts at the same moment: the unique index lets one through; use it.
        if ((err as { code?: string }).code === '23505') return draftOrThrow(scope, facilityId, code);
        throw err;
      }
    },

    async discard(scope: OrgScope, facilityId: number, code: ElementCode, ip: string | null): Promise<void> {
      const draft = await findDraft(db, scope, facilityId, code);
      if (!draft) return; // already discarded: nothing to do, nothing to report
      await inTransaction(db, async (trx) => {
        await deleteDraft(trx, scope, draft.id);
        await recordAudit(trx, { actorUserId: scope.userId, action: 'draft.discarded', entityType: 'element_version', entityId: draft.id, organizationId: scope.organizationId, before: draft.content, ip });
      });
    },

    /** Saves one form of the Facility Information draft (starting the draft if there is none). */
    async saveForm(scope: OrgScope, facilityId: number, form: 'businessActivities' | 'ownerOperator', data: Record<string, unknown>, ip: string | null): Promise<void> {
      const draft = (await findDraft(db, scope, facilityId, 1)) ?? (await this.start(scope, facilityId, 1, null, ip));
      const before = draft.content[form] ?? null;
      const content = { ...draft.content, [form]: data };
      await inTransaction(db, async (trx) => {
        if (!(await updateDraftContent(trx, scope, draft.id, content))) throw new NotFoundError();
        await recordAudit(trx, { actorUserId: scope.userId, action: `draft.${form}_saved`, entityType: 'element_version', entityId: draft.id, organizationId: scope.organizationId, before, after: data, ip });
      });
    },

    /** How a document part is provided (the option and its data). */
    async savePart(
      scope: OrgScope,
      facilityId: number,
      code: ElementCode,
      part: DocumentPartDef,
      data: PartData,
      ip: string | null,
    ): Promise<{ ok: true; partId: number } | { ok: false; errors: FormErrors }> {
      const draft = await draftOrThrow(scope, facilityId, code);
      if (data.option === 'elsewhere' && data.elsewhere_element_code === code) {
        return { ok: false, errors: formError('elsewhereElementCode', 'Choose a different element: this is the element you are filling in') };
      }
      const partId = await inTransaction(db, async (trx) => {
        const id = await upsertPart(trx, draft.id, part.code, data);
        await recordAudit(trx, { actorUserId: scope.userId, action: 'draft.document_part_saved', entityType: 'element_version', entityId: draft.id, organizationId: scope.organizationId, after: { part: part.code, ...data }, ip });
        return id;
      });
      return { ok: true, partId };
    },
  };
}
