/**
 * Minor corrections (docs/product.md §9.2): a Reviewer fixes a misspelling or a missing
 * storage condition by making a regulator-corrected version. The original
 * stays as submitted; the new version records each field before and after,
 * who and why; the organization's Lead Users and the submitter are emailed.
 * Not offered when the CUPA's policy forbids it or the facility opted out.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Config } from '../../config';
import { inTransaction } from '../../db/transaction';
import type { UserRow } from '../../db/types';
import { ForbiddenError, NotFoundError } from '../../http/errors';
import { addError, formError, fromZodError, noErrors, type FormErrors } from '../../http/form-errors';
import type { MailService } from '../../mail/mail.service';
import { regulatorCorrectionEmail } from '../../mail/mail.templates';
import { CORRECTION_BLOCK_TEXT, fieldChanges, type FieldChange } from '../../rules/corrections.rules';
import { elementDef, type ElementCode } from '../../rules/elements.rules';
import { PRESSURES, TEMPERATURES } from '../../rules/inventory/codes.rules';
import { canonicalJson } from '../../rules/fingerprint.rules';
import type { RegulatorScope } from '../../tenancy/regulator-scope';
import { recordAudit } from '../audit/audit.repo';
import { copyItems } from '../inventory/inventory.repo';
import { listLeadUserContacts } from '../organizations/memberships.repo';
import { copyParts } from '../submittals/documents.repo';
import { insertStatusHistory } from '../submittals/element-versions.repo';
import { ownerOperatorSchema } from '../submittals/facility-information.schema';
import { OWNER_OPERATOR_SECTIONS } from '../submittals/owner-operator.fields';
import { correctionBlockOf, insertCorrectedVersion, updateCorrectedItem } from './corrections.repo';
import { ITEM_CORRECTION_FIELDS, itemCorrectionSchema, reasonSchema } from './corrections.schema';
import { findReviewVersion, regulatorPolicy, reviewItems, type ReviewVersion } from './review.repo';

export type CorrectionsService = ReturnType<typeof createCorrectionsService>;

/** Owner/Operator fields labelled with their section, so "City" says whose city. */
const OO_FIELDS = OWNER_OPERATOR_SECTIONS.flatMap((s) => s.fields.map((f) => ({ name: f.name, label: `${s.legend}: ${f.label}` })));

const codeLabel = (field: string, v: string | null) =>
  v === null ? null : field === 'pressure' ? (PRESSURES[v as keyof typeof PRESSURES] ?? v) : field === 'temperature' ? (TEMPERATURES[v as keyof typeof TEMPERATURES] ?? v) : v;

type Outcome = { ok: true; versionId: number } | { ok: false; errors: FormErrors };

export function createCorrectionsService(deps: { db: Knex; mail: MailService; config: Config }) {
  const { db, mail, config } = deps;

  /** The version and why a correction is not possible (null when it is). */
  async function load(scope: RegulatorScope, versionId: number) {
    const v = await findReviewVersion(db, scope, versionId);
    if (!v) throw new NotFoundError();
    const block = await correctionBlockOf(db, scope, v, (await regulatorPolicy(db, scope)).minor_corrections_allowed);
    return { v, block: block ? CORRECTION_BLOCK_TEXT[block] : null };
  }

  async function write(scope: RegulatorScope, reviewer: UserRow, v: ReviewVersion, reason: string, changes: FieldChange[], content: Record<string, unknown>, item: { id: number; columns: Record<string, unknown> } | null, ip: string | null) {
    const hash = createHash('sha256').update(canonicalJson({ element: v.element_code, content, correctedFrom: v.id, changes })).digest('hex');
    const newId = await inTransaction(db, async (trx) => {
      const id = await insertCorrectedVersion(trx, scope, v, { content, contentHash: hash, reason, changes });
      await copyParts(trx, v.id, id);
      if (elementDef(v.element_code as ElementCode)?.inventory) {
        const ids = await copyItems(trx, v.id, id);
        if (item) await updateCorrectedItem(trx, id, ids.get(item.id)!, item.columns);
      }
      await insertStatusHistory(trx, { element_version_id: id, status: v.status, changed_by: reviewer.id, comment: `Regulator-corrected version: ${reason}` });
      await recordAudit(trx, {
        actorUserId: reviewer.id, action: 'submittal.corrected', entityType: 'element_version', entityId: id,
        organizationId: v.organization_id, regulatorId: scope.regulatorId, before: { versionId: v.id }, after: { reason, changes }, ip,
      });
      return id;
    });
    const element = elementDef(v.element_code as ElementCode)!.name;
    const recipients = new Map<string, { id: number | null; first_name: string }>();
    for (const c of await listLeadUserContacts(db, v.organization_id)) recipients.set(c.email.toLowerCase(), c);
    if (v.submitter_email && v.submitted_by) recipients.set(v.submitter_email.toLowerCase(), { id: v.submitted_by, first_name: (v.submitter_name ?? '').split(' ')[0] ?? '' });
    const link = `${config.baseUrl}/orgs/${v.organization_id}/facilities/${v.cers_id}/elements/${v.element_code}/versions/${newId}`;
    for (const [email, c] of recipients) {
      await mail.send({
        to: email, userId: c.id,
        ...regulatorCorrectionEmail({
          firstName: c.first_name, facility: v.facility_name, cersId: v.cers_id, element, regulator: scope.regulator.name,
          reviewer: `${reviewer.first_name} ${reviewer.last_name}`, reason, changes: changes.map((ch) => `${ch.label}: “${ch.before ?? '(blank)'}” → “${ch.after ?? '(blank)'}”`), link,
        }),
      });
    }
    return newId;
  }

  return {
    load,

    /** What the correction form needs: the Owner/Operator values, or the materials and the chosen one. */
    async form(scope: RegulatorScope, versionId: number, itemId: number | null) {
      const { v, block } = await load(scope, versionId);
      if (block) throw new ForbiddenError(block);
      const items = elementDef(v.element_code as ElementCode)?.inventory ? await reviewItems(db, scope, v.id) : [];
      const item = itemId === null ? null : (items.find((i) => i.id === itemId) ?? null);
      if (itemId !== null && !item) throw new NotFoundError();
      return { v, items, item };
    },

    async correctOwnerOperator(scope: RegulatorScope, reviewer: UserRow, versionId: number, body: Record<string, unknown>, ip: string | null): Promise<Outcome> {
      const { v, block } = await load(scope, versionId);
      if (block) throw new ForbiddenError(block);
      if (v.element_code !== 1) throw new NotFoundError();
      const reason = reasonSchema.safeParse(body);
      const oo = ownerOperatorSchema.safeParse(body);
      if (!reason.success || !oo.success) {
        const errors = noErrors();
        for (const issue of [...(oo.success ? [] : oo.error.issues), ...(reason.success ? [] : reason.error.issues)]) addError(errors, String(issue.path[0] ?? 'reason'), issue.message);
        return { ok: false, errors };
      }
      const content = v.content as { ownerOperator?: Record<string, unknown> };
      const before = content.ownerOperator ?? {};
      const changes = fieldChanges(OO_FIELDS, before, oo.data);
      if (!changes.length) return { ok: false, errors: formError('reason', 'Nothing was changed: correct at least one field, or go back') };
      const id = await write(scope, reviewer, v, reason.data.reason, changes, { ...content, ownerOperator: { ...before, ...oo.data } }, null, ip);
      return { ok: true, versionId: id };
    },

    async correctItem(scope: RegulatorScope, reviewer: UserRow, versionId: number, body: Record<string, unknown>, ip: string | null): Promise<Outcome> {
      const { v, block } = await load(scope, versionId);
      if (block) throw new ForbiddenError(block);
      if (!elementDef(v.element_code as ElementCode)?.inventory) throw new NotFoundError();
      const parsed = itemCorrectionSchema.safeParse(body);
      if (!parsed.success) return { ok: false, errors: fromZodError(parsed.error) };
      const item = (await reviewItems(db, scope, v.id)).find((i) => i.id === parsed.data.itemId);
      if (!item) throw new NotFoundError();
      const before = item as unknown as Record<string, unknown>;
      const after = parsed.data as unknown as Record<string, unknown>;
      const changes = fieldChanges([...ITEM_CORRECTION_FIELDS], before, after).map((c) => ({
        ...c, label: `${item.commonName}: ${c.label}`, before: codeLabel(c.field, c.before), after: codeLabel(c.field, c.after),
      }));
      if (!changes.length) return { ok: false, errors: formError('reason', 'Nothing was changed: correct at least one field, or go back') };
      const columns = Object.fromEntries(ITEM_CORRECTION_FIELDS.map((f) => [f.column, after[f.name] ?? null]));
      const id = await write(scope, reviewer, v, parsed.data.reason, changes, v.content, { id: item.id, columns }, ip);
      return { ok: true, versionId: id };
    },
  };
}
