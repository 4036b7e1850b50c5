/**
 * Submitting (docs/product.md §5): Approvers and Lead Users pick drafts, add a comment per
 * element, and submit them as one facility submittal. The rules module decides
 * what may go; one transaction makes the versions Submitted and immutable; an
 * idempotency key makes a double click or a resent form land on the same receipt.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Config } from '../../config';
import { inTransaction } from '../../db/transaction';
import type { UserRow } from '../../db/types';
import { NotFoundError } from '../../http/errors';
import { addError, addProblem, noErrors, type FormErrors } from '../../http/form-errors';
import type { MailService } from '../../mail/mail.service';
import { submittalConfirmationEmail, submittalReceivedEmail } from '../../mail/mail.templates';
import { blocking } from '../../rules/completeness.rules';
import { elementDef, requiredElements, type ElementCode } from '../../rules/elements.rules';
import { canonicalJson } from '../../rules/fingerprint.rules';
import { submissionProblems } from '../../rules/submission.rules';
import type { OrgScope } from '../../tenancy/org-scope';
import { formatDateTime } from '../accounts/account.presenter';
import { recordAudit } from '../audit/audit.repo';
import type { FacilityListItem } from '../facilities/facilities.repo';
import { listRegulatorStaffContacts } from '../organizations/memberships.repo';
import { listDocuments } from './documents.repo';
import { insertStatusHistory, markSubmitted } from './element-versions.repo';
import { findFacilitySubmittal, findSubmittalByKey, insertFacilitySubmittal, versionsOfSubmittal } from './facility-submittals.repo';
import type { FilingService } from './filing.service';

export type SubmissionService = ReturnType<typeof createSubmissionService>;

export type SubmitInput = { elements: ElementCode[]; comments: Partial<Record<ElementCode, string | null>>; idempotencyKey: string };

export function createSubmissionService(deps: { db: Knex; mail: MailService; config: Config; filing: FilingService }) {
  const { db, mail, config, filing } = deps;

  return {
    async submit(scope: OrgScope, user: UserRow, facility: FacilityListItem, input: SubmitInput, ip: string | null): Promise<{ ok: true; submittalId: number } | { ok: false; errors: FormErrors }> {
      const earlier = await findSubmittalByKey(db, scope, facility.id, input.idempotencyKey);
      if (earlier) return { ok: true, submittalId: earlier.id };

      const state = await filing.load(scope, facility);
      const errors = noErrors();
      for (const code of input.elements) {
        if (!state.elements.find((e) => e.def.code === code)?.draft) {
          addError(errors, `element-${code}`, `${elementDef(code)!.name} has no draft to submit: it may have been submitted already. Start a new draft to change it`);
        }
      }
      const problems = submissionProblems({
        chosen: input.elements,
        required: requiredElements(state.businessActivities),
        firstSubmittal: !state.hasSubmitted,
        blockingCount: Object.fromEntries(state.elements.map((e) => [e.def.code, blocking(e.problems).length])),
      });
      for (const p of problems) addProblem(errors, p.field, p.message);
      if (errors.summary.length) return { ok: false, errors };

      const chosen = state.elements.filter((e) => input.elements.includes(e.def.code));
      const hashes = new Map<number, string>();
      for (const e of chosen) {
        const docs = await listDocuments(db, scope, e.draftParts.map((p) => p.id));
        const parts = e.draftParts.map((p) => ({ ...p, id: undefined, element_version_id: undefined, files: docs.filter((d) => d.document_part_id === p.id).map((d) => ({ title: d.title, sha256: d.sha256 })) }));
        hashes.set(e.def.code, createHash('sha256').update(canonicalJson({ element: e.def.code, content: e.draft!.content, parts })).digest('hex'));
      }
      const fingerprint = createHash('sha256').update([...hashes.entries()].map(([c, h]) => `${c}:${h}`).join('\n')).digest('hex');

      let submittalId: number;
      try {
        submittalId = await inTransaction(db, async (trx) => {
          const submittal = await insertFacilitySubmittal(trx, scope, { facility_id: facility.id, fingerprint, idempotency_key: input.idempotencyKey });
          for (const e of chosen) {
            const ok = await markSubmitted(trx, scope, e.draft!.id, { facility_submittal_id: submittal.id, comment_to_regulator: input.comments[e.def.code] ?? null, content_hash: hashes.get(e.def.code)! });
            if (!ok) throw Object.assign(new Error('draft changed'), { code: 'DRAFT_GONE' });
            await insertStatusHistory(trx, { element_version_id: e.draft!.id, status: 'submitted', changed_by: scope.userId, comment: input.comments[e.def.code] ?? null });
          }
          await recordAudit(trx, { actorUserId: scope.userId, action: 'submittal.submitted', entityType: 'facility_submittal', entityId: submittal.id, organizationId: scope.organizationId, regulatorId: facility.regulator_id, after: { elements: input.elements, fingerprint }, ip });
          return submittal.id;
        });
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === '23505') {
          const same = await findSubmittalByKey(db, scope, facility.id, input.idempotencyKey);
          if (same) return { ok: true, submittalId: same.id };
          return { ok: false, errors: addError(noErrors(), 'elements', 'This form was already used for another submittal. Reload the page and submit again') };
        }
        if (code === 'DRAFT_GONE') {
          const e = noErrors();
          return { ok: false, errors: addError(e, 'elements', 'Someone else submitted or discarded one of these drafts a moment ago. Check the facility page') };
        }
        throw err;
      }

      const names = chosen.map((e) => e.def.name);
      const when = formatDateTime(new Date());
      const receiptPath = `/orgs/${scope.organizationId}/facilities/${facility.cers_id}/submittals/${submittalId}`;
      if (facility.regulator_id) {
        for (const staff of await listRegulatorStaffContacts(db, facility.regulator_id)) {
          await mail.send({ to: staff.email, userId: staff.id, ...submittalReceivedEmail({ facility: facility.name, cersId: facility.cers_id, organization: scope.organization.name, elements: names, submitter: `${user.first_name} ${user.last_name}`, when, link: `${config.baseUrl}/regulator/submittals` }) });
        }
      }
      await mail.send({ to: user.email, userId: user.id, ...submittalConfirmationEmail({ firstName: user.first_name, facility: facility.name, cersId: facility.cers_id, elements: names, when, fingerprint, link: `${config.baseUrl}${receiptPath}` }) });
      return { ok: true, submittalId };
    },

    async receipt(scope: OrgScope, facility: FacilityListItem, submittalId: number) {
      const s = await findFacilitySubmittal(db, scope, facility.id, submittalId);
      if (!s) throw new NotFoundError();
      const versions = await versionsOfSubmittal(db, scope, s.id);
      return {
        id: s.id,
        submittedAt: s.submitted_at,
        submitter: s.submitter_name ?? 'A former member',
        fingerprint: s.fingerprint,
        elements: versions.map((v) => ({
          code: v.element_code, versionId: v.id, name: elementDef(v.element_code)!.name, comment: v.comment_to_regulator, hash: v.content_hash,
        })),
      };
    },
  };
}
