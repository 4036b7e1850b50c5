/**
 * Reviewing submittals (docs/product.md §9.1): the queue, a submitted version with all it
 * carries, and the decision. A decision is written under optimistic locking
 * (the form's review sequence must still be current), kept in the status
 * history with who, when and the comment, audited, and emailed to the
 * organization's Lead Users and the submitter.
 */
import type { Knex } from 'knex';
import type { Config } from '../../config';
import { inTransaction } from '../../db/transaction';
import type { UserRow } from '../../db/types';
import { NotFoundError } from '../../http/errors';
import { formError, type FormErrors } from '../../http/form-errors';
import type { MailService } from '../../mail/mail.service';
import { reviewDecisionEmail } from '../../mail/mail.templates';
import { resubmitDeadline } from '../../rules/due-dates.rules';
import { elementDef, type ElementCode } from '../../rules/elements.rules';
import type { RegulatorScope } from '../../tenancy/regulator-scope';
import { recordAudit } from '../audit/audit.repo';
import { assessItems } from '../inventory/inventory-assessment';
import { listLeadUserContacts } from '../organizations/memberships.repo';
import { insertStatusHistory } from '../submittals/element-versions.repo';
import { formatDueDate, STATUS_LABELS } from '../submittals/submittals.presenter';
import { queueCounts, queuePage, type QueueFilters } from './review-queue.repo';
import { correctionBlockOf } from './corrections.repo';
import {
  facilityVersions, findReviewDocument, findReviewFacility, findReviewVersion, regulatorPolicy,
  reviewDocuments, reviewHistory, reviewItems, reviewParts, setDecision,
} from './review.repo';
import type { DecisionInput } from './review.schema';
import type { FileStore } from '../../storage/file-store';

export const QUEUE_PAGE_SIZE = 25;

export type ReviewService = ReturnType<typeof createReviewService>;

export function createReviewService(deps: { db: Knex; mail: MailService; config: Config; files: FileStore }) {
  const { db, mail, config, files } = deps;

  async function version(scope: RegulatorScope, versionId: number) {
    const v = await findReviewVersion(db, scope, versionId);
    if (!v) throw new NotFoundError();
    return v;
  }

  return {
    async queue(scope: RegulatorScope, f: QueueFilters, page: number) {
      const counts = await queueCounts(db, scope, f);
      const total = f.status ? (counts[f.status] ?? 0) : Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
      const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
      const current = Math.min(page, pages);
      const rows = await queuePage(db, scope, f, QUEUE_PAGE_SIZE, (current - 1) * QUEUE_PAGE_SIZE);
      return { rows, counts, total, page: current, pages };
    },

    version,

    /** Everything the review page shows about one submitted version. */
    async submittal(scope: RegulatorScope, versionId: number) {
      const v = await version(scope, versionId);
      const [parts, docs, history, others, policy] = await Promise.all([
        reviewParts(db, scope, v.id),
        reviewDocuments(db, scope, v.id),
        reviewHistory(db, scope, v.id),
        facilityVersions(db, scope, v.facility_id),
        regulatorPolicy(db, scope),
      ]);
      let inventory = null;
      if (elementDef(v.element_code as ElementCode)?.inventory) {
        inventory = await assessItems(db, await reviewItems(db, scope, v.id), policy.waste_any_amount);
      }
      // Offered only where the corrections service would accept it (same rule, same facts).
      const correctionBlock = await correctionBlockOf(db, scope, v, policy.minor_corrections_allowed);
      return { v, parts, docs, history, others, policy, inventory, correctionBlock };
    },

    async inventory(scope: RegulatorScope, versionId: number) {
      const v = await version(scope, versionId);
      if (!elementDef(v.element_code as ElementCode)?.inventory) throw new NotFoundError();
      const policy = await regulatorPolicy(db, scope);
      return { v, items: await assessItems(db, await reviewItems(db, scope, v.id), policy.waste_any_amount) };
    },

    async facility(scope: RegulatorScope, cersId: number) {
      const f = await findReviewFacility(db, scope, cersId);
      if (!f) throw new NotFoundError();
      return { f, versions: await facilityVersions(db, scope, f.id) };
    },

    async document(scope: RegulatorScope, documentId: number) {
      const doc = await findReviewDocument(db, scope, documentId);
      if (!doc) throw new NotFoundError();
      if (!(await files.exists(doc.stored_name))) throw new Error(`stored file ${doc.stored_name} of document ${doc.id} is missing`);
      return { stream: files.open(doc.stored_name), mediaType: doc.media_type, fileName: doc.original_name, size: Number(doc.size_bytes), sha256: doc.sha256 };
    },

    /**
     * Sets the decision. Returns the form errors to show when the input is
     * refused, or when someone else decided since the form was drawn (then the
     * page shows their decision and keeps this reviewer's comment).
     */
    async decide(scope: RegulatorScope, reviewer: UserRow, versionId: number, input: DecisionInput, ip: string | null): Promise<{ ok: true } | { ok: false; errors: FormErrors }> {
      const v = await version(scope, versionId);
      const saved = await inTransaction(db, async (trx) => {
        if (!(await setDecision(trx, scope, v.id, input.seq, input.status))) return false;
        await insertStatusHistory(trx, { element_version_id: v.id, status: input.status, changed_by: reviewer.id, comment: input.comment });
        await recordAudit(trx, {
          actorUserId: reviewer.id, action: 'submittal.decided', entityType: 'element_version', entityId: v.id,
          organizationId: v.organization_id, regulatorId: scope.regulatorId,
          before: { status: v.status }, after: { status: input.status, comment: input.comment }, ip,
        });
        return true;
      });
      if (!saved) {
        const now = await version(scope, versionId);
        const last = (await reviewHistory(db, scope, versionId)).at(-1);
        return {
          ok: false,
          errors: formError('status', `${last?.changed_by_name ?? 'Another reviewer'} set this element to ${STATUS_LABELS[now.status]} while you were deciding. Your decision was not saved; check theirs below and decide again if needed.`),
        };
      }

      // Lead Users and the submitter, each once.
      const element = elementDef(v.element_code as ElementCode)!.name;
      const status = STATUS_LABELS[input.status];
      const resubmitBy = input.status === 'not_accepted' ? formatDueDate(resubmitDeadline(new Date())) : null;
      const link = `${config.baseUrl}/orgs/${v.organization_id}/facilities/${v.cers_id}/elements/${v.element_code}/versions/${v.id}`;
      const recipients = new Map<string, { id: number | null; first_name: string }>();
      for (const c of await listLeadUserContacts(db, v.organization_id)) recipients.set(c.email.toLowerCase(), c);
      if (v.submitter_email && v.submitted_by) recipients.set(v.submitter_email.toLowerCase(), { id: v.submitted_by, first_name: (v.submitter_name ?? '').split(' ')[0] ?? '' });
      for (const [email, c] of recipients) {
        await mail.send({
          to: email, userId: c.id,
          ...reviewDecisionEmail({ firstName: c.first_name, facility: v.facility_name, cersId: v.cers_id, element, status, comment: input.comment, regulator: scope.regulator.name, reviewer: `${reviewer.first_name} ${reviewer.last_name}`, resubmitBy, link }),
        });
      }
      return { ok: true };
    },
  };
}
