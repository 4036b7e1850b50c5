/**
 * Requests the CUPA decides (docs/product.md §9.3): access requests of organizations
 * without a Lead User, and facility transfer, merge and delete requests. Every
 * decision carries a comment. The request is claimed with a conditional update
 * (still pending) and executed in the same transaction, with its audit entries,
 * so either all of it happens or none; the emails go after the commit.
 */
import type { Knex } from 'knex';
import type { Config } from '../../config';
import { inTransaction } from '../../db/transaction';
import { NotFoundError } from '../../http/errors';
import { formError, type FormErrors } from '../../http/form-errors';
import type { MailService } from '../../mail/mail.service';
import { facilityReceivedEmail, facilityRequestDecidedEmail } from '../../mail/mail.templates';
import { elementDef, type ElementCode } from '../../rules/elements.rules';
import type { RegulatorScope } from '../../tenancy/regulator-scope';
import { applyAccessDecision, emailAccessDecision } from '../access-requests/access-requests.service';
import { findUserById } from '../accounts/users.repo';
import { recordAudit } from '../audit/audit.repo';
import { listLeadUserContacts, type Contact } from '../organizations/memberships.repo';
import { findOrganizationByCode } from '../organizations/organizations.repo';
import {
  collidingDrafts, deleteDrafts, hasSubmittedVersions, insertFacilityTransfer, lockFacilities, mergeFacilityHistory, moveAccessRequests, setFacilityStatus, transferFacility,
} from './facility-moves.repo';
import {
  claimAccessRequest, claimFacilityRequest, findAccessRequest, findFacilityRequest, findJurisdictionFacility, requestCounts, requestsPage,
  type JurisdictionFacility, type RegulatorFacilityRequest, type RequestStatus,
} from './requests.repo';
import type { AccessDecisionInput, FacilityDecisionInput } from './requests.schema';

export const REQUESTS_PAGE_SIZE = 25;

export type RegulatorRequestsService = ReturnType<typeof createRegulatorRequestsService>;

export type FacilityOutcome =
  | { kind: 'denied' }
  | { kind: 'transfer'; to: { id: number; name: string; code: string } }
  | { kind: 'merge'; survivor: JurisdictionFacility; discarded: string[] }
  | { kind: 'delete'; drafts: number };

/** The request as it stands after someone else decided it: the route words it (requests.presenter alreadyDecidedText). */
export type DecidedRequest = { status: RequestStatus; decided_by_name: string | null; decided_at: Date | null };

type Result<T = object> = ({ ok: true } & T) | { ok: false; conflict: true; decided: DecidedRequest } | { ok: false; conflict?: undefined; errors: FormErrors };

/** A rule that no longer holds at decision time: the transaction rolls back (the claim too) and the admin is told why. */
class Refused extends Error {}

const elementName = (code: number) => elementDef(code as ElementCode)?.name ?? `Element ${code}`;

export function createRegulatorRequestsService(deps: { db: Knex; mail: MailService; config: Config }) {
  const { db, mail, config } = deps;
  const orgUrl = (orgId: number) => `${config.baseUrl}/orgs/${orgId}`;

  async function accessRequest(scope: RegulatorScope, id: number) {
    const r = await findAccessRequest(db, scope, id);
    if (!r) throw new NotFoundError();
    return r;
  }

  async function facilityRequest(scope: RegulatorScope, id: number) {
    const r = await findFacilityRequest(db, scope, id);
    if (!r) throw new NotFoundError();
    return r;
  }

  async function transfer(trx: Knex.Transaction, scope: RegulatorScope, r: RegulatorFacilityRequest, ip: string | null): Promise<FacilityOutcome> {
    const f = (await lockFacilities(trx, scope, [r.facility_id])).get(r.facility_id);
    if (!f || f.status !== 'active' || f.organization_id !== r.organization_id) {
      throw new Refused(`${r.facility_name} is no longer an active facility of ${r.organization_name}, so it cannot be transferred. Nothing was changed; deny the request.`);
    }
    const to = r.target_organization_code ? await findOrganizationByCode(trx, r.target_organization_code) : undefined;
    if (!to) {
      throw new Refused(`No organization has the code ${r.target_organization_code ?? ''} any more, so the facility cannot be transferred. Nothing was changed; deny the request, and the business can ask again with the right code.`);
    }
    if (to.id === f.organization_id) throw new Refused(`${r.facility_name} already belongs to ${to.name}. Nothing was changed; deny the request.`);
    const moved = await transferFacility(trx, scope, f.id, to.id);
    const routedTo = (await listLeadUserContacts(trx, to.id)).length ? 'lead_users' : 'regulator';
    const accessRequests = await moveAccessRequests(trx, scope, { fromFacilityId: f.id, toFacilityId: f.id, toOrganizationId: to.id, routedTo, pendingOnly: true });
    const row = await insertFacilityTransfer(trx, scope, { facility_id: f.id, from_organization_id: f.organization_id, to_organization_id: to.id, facility_request_id: r.id });
    const audit = { actorUserId: scope.userId, entityType: 'facility', entityId: r.cers_id, regulatorId: scope.regulatorId, ip };
    const detail = { facility_transfer_id: row.id, from_organization_id: f.organization_id, to_organization_id: to.id, moved: { ...moved, access_requests: accessRequests } };
    await recordAudit(trx, { ...audit, action: 'facility.transferred', organizationId: f.organization_id, before: { organization_id: f.organization_id }, after: detail });
    await recordAudit(trx, { ...audit, action: 'facility.received', organizationId: to.id, before: { organization_id: f.organization_id }, after: detail });
    return { kind: 'transfer', to };
  }

  async function merge(trx: Knex.Transaction, scope: RegulatorScope, r: RegulatorFacilityRequest, ip: string | null): Promise<FacilityOutcome> {
    const survivorId = r.target_facility_id ?? 0;
    const locked = await lockFacilities(trx, scope, [r.facility_id, survivorId]);
    const f = locked.get(r.facility_id);
    const s = locked.get(survivorId);
    if (!f || f.status !== 'active') throw new Refused(`${r.facility_name} is no longer active, so it cannot be merged. Nothing was changed; deny the request.`);
    if (!s || s.status !== 'active' || s.id === f.id) {
      throw new Refused('The facility to keep is no longer an active facility of your CUPA, so nothing can be merged into it. Nothing was changed; deny the request.');
    }
    // At most one draft per element: the merged facility's draft gives way to the survivor's.
    const colliding = await collidingDrafts(trx, scope, f.id, s.id);
    if (colliding.length) await deleteDrafts(trx, scope, f.id, colliding.map((d) => d.id));
    const moved = await mergeFacilityHistory(trx, scope, f.id, s);
    const routedTo = (await listLeadUserContacts(trx, s.organization_id)).length ? 'lead_users' : 'regulator';
    const accessRequests = await moveAccessRequests(trx, scope, { fromFacilityId: f.id, toFacilityId: s.id, toOrganizationId: s.organization_id, routedTo, pendingOnly: false });
    await setFacilityStatus(trx, scope, f.id, { status: 'archived', merged_into_facility_id: s.id });
    const discarded = colliding.map((d) => elementName(d.element_code));
    const detail = { merged_cers_id: r.cers_id, into_cers_id: s.cers_id, moved: { ...moved, access_requests: accessRequests }, discarded_drafts: discarded };
    const audit = { actorUserId: scope.userId, entityType: 'facility', regulatorId: scope.regulatorId, ip, after: detail };
    await recordAudit(trx, { ...audit, action: 'facility.merged', entityId: r.cers_id, organizationId: f.organization_id, before: { status: 'active' } });
    if (s.organization_id !== f.organization_id) await recordAudit(trx, { ...audit, action: 'facility.merged_in', entityId: s.cers_id, organizationId: s.organization_id });
    return { kind: 'merge', survivor: (await findJurisdictionFacility(trx, scope, s.id))!, discarded };
  }

  async function remove(trx: Knex.Transaction, scope: RegulatorScope, r: RegulatorFacilityRequest, ip: string | null): Promise<FacilityOutcome> {
    const f = (await lockFacilities(trx, scope, [r.facility_id])).get(r.facility_id);
    if (!f || f.status === 'deleted') throw new Refused(`${r.facility_name} is already deleted. Nothing was changed; deny the request.`);
    if (await hasSubmittedVersions(trx, scope, f.id)) {
      throw new Refused(`${r.facility_name} has submitted elements now, so it cannot be deleted. Nothing was changed; deny the request, and the business can ask for a transfer or a merge instead.`);
    }
    const drafts = await deleteDrafts(trx, scope, f.id);
    await setFacilityStatus(trx, scope, f.id, { status: 'deleted' });
    await recordAudit(trx, {
      actorUserId: scope.userId, action: 'facility.deleted', entityType: 'facility', entityId: r.cers_id, organizationId: f.organization_id, regulatorId: scope.regulatorId,
      before: { status: f.status }, after: { status: 'deleted', drafts_discarded: drafts }, ip,
    });
    return { kind: 'delete', drafts };
  }

  /** The requester and the organization's Lead Users, each once; for a transfer also the receiving organization's. */
  async function emailFacilityDecision(scope: RegulatorScope, r: RegulatorFacilityRequest, comment: string, outcome: FacilityOutcome) {
    const recipients = new Map<string, Contact>();
    for (const c of await listLeadUserContacts(db, r.organization_id)) recipients.set(c.email.toLowerCase(), c);
    const requester = r.requested_by ? await findUserById(db, r.requested_by) : undefined;
    if (requester) recipients.set(requester.email.toLowerCase(), { id: requester.id, email: requester.email, first_name: requester.first_name });

    const facility = `${r.facility_name} (CERS ID ${r.cers_id})`;
    let outcomeLines: string[] = [];
    let link = `${orgUrl(r.organization_id)}/facilities/${r.cers_id}`;
    if (outcome.kind === 'transfer') {
      outcomeLines = [`${facility} now belongs to ${outcome.to.name}, with everything submitted for it. ${r.organization_name} keeps a read-only record of what it submitted, under Archived facilities.`];
      link = `${orgUrl(r.organization_id)}/facilities/archived/transferred/${r.cers_id}`;
    } else if (outcome.kind === 'merge') {
      const s = outcome.survivor;
      outcomeLines = [`${facility} was merged into ${s.name} (CERS ID ${s.cers_id}), which now holds the history of both. ${r.facility_name} is archived.`];
      if (outcome.discarded.length) outcomeLines.push(`These drafts of ${r.facility_name} were discarded, because ${s.name} already had a draft of the same element: ${outcome.discarded.join(', ')}.`);
      link = s.organization_id === r.organization_id ? `${orgUrl(s.organization_id)}/facilities/${s.cers_id}` : `${orgUrl(r.organization_id)}/facilities/archived`;
    } else if (outcome.kind === 'delete') {
      outcomeLines = [`${facility} was deleted. Its CERS ID will never be given to another facility.`];
      link = `${orgUrl(r.organization_id)}/facilities`;
    } else {
      outcomeLines = ['Nothing was changed.'];
    }
    for (const [email, c] of recipients) {
      await mail.send({
        to: email, userId: c.id,
        ...facilityRequestDecidedEmail({ firstName: c.first_name, kind: r.kind, approved: outcome.kind !== 'denied', facility: r.facility_name, cersId: r.cers_id, regulator: scope.regulator.name, comment, outcome: outcomeLines, link }),
      });
    }
    if (outcome.kind === 'transfer') {
      for (const c of await listLeadUserContacts(db, outcome.to.id)) {
        if (recipients.has(c.email.toLowerCase())) continue;
        await mail.send({
          to: c.email, userId: c.id,
          ...facilityReceivedEmail({
            firstName: c.first_name, facility: r.facility_name, cersId: r.cers_id, organization: outcome.to.name, fromOrganization: r.organization_name,
            regulator: scope.regulator.name, link: `${orgUrl(outcome.to.id)}/facilities/${r.cers_id}`,
          }),
        });
      }
    }
  }

  return {
    async list(scope: RegulatorScope, page: number) {
      const counts = await requestCounts(db, scope);
      const pending = Object.values(counts.pending).reduce((a, b) => a + (b ?? 0), 0);
      const total = pending + counts.decided;
      const pages = Math.max(1, Math.ceil(total / REQUESTS_PAGE_SIZE));
      const current = Math.min(Math.max(1, page), pages);
      const rows = await requestsPage(db, scope, REQUESTS_PAGE_SIZE, (current - 1) * REQUESTS_PAGE_SIZE);
      return { rows, counts: { ...counts, pendingTotal: pending }, total, page: current, pages };
    },

    accessRequest,

    /** The request, with what it points at: the receiving organization or the facility to keep. */
    async facilityRequest(scope: RegulatorScope, id: number) {
      const r = await facilityRequest(scope, id);
      const targetOrganization = r.kind === 'transfer' && r.target_organization_code ? ((await findOrganizationByCode(db, r.target_organization_code)) ?? null) : null;
      const targetFacility = r.kind === 'merge' && r.target_facility_id ? ((await findJurisdictionFacility(db, scope, r.target_facility_id)) ?? null) : null;
      const discards = targetFacility && r.status === 'pending' ? (await collidingDrafts(db, scope, r.facility_id, targetFacility.id)).map((d) => elementName(d.element_code)) : [];
      return { r, targetOrganization, targetFacility, discards };
    },

    async decideAccess(scope: RegulatorScope, id: number, input: AccessDecisionInput, ip: string | null): Promise<Result> {
      const r = await accessRequest(scope, id);
      if (r.status !== 'pending') return { ok: false, conflict: true, decided: r };
      const done = await inTransaction(db, async (trx) => {
        if (!(await claimAccessRequest(trx, scope, id, { status: input.role ? 'granted' : 'denied', role_granted: input.role, decision_comment: input.comment }))) return false;
        await applyAccessDecision(trx, {
          requestId: id, organizationId: r.organization_id, requesterId: r.requester_id, role: input.role, comment: input.comment,
          actorUserId: scope.userId, regulatorId: scope.regulatorId, ip,
        });
        return true;
      });
      if (!done) return { ok: false, conflict: true, decided: await accessRequest(scope, id) };
      await emailAccessDecision({ db, mail, config }, { requesterId: r.requester_id, organizationId: r.organization_id, organization: r.organization_name, role: input.role, comment: input.comment });
      return { ok: true };
    },

    async decideFacility(scope: RegulatorScope, id: number, input: FacilityDecisionInput, ip: string | null): Promise<Result<{ outcome: FacilityOutcome }>> {
      const r = await facilityRequest(scope, id);
      if (r.status !== 'pending') return { ok: false, conflict: true, decided: r };
      const approve = input.decision === 'approve';
      let outcome: FacilityOutcome | null;
      try {
        outcome = await inTransaction(db, async (trx) => {
          if (!(await claimFacilityRequest(trx, scope, id, { status: approve ? 'approved' : 'denied', decision_comment: input.comment }))) return null;
          await recordAudit(trx, {
            actorUserId: scope.userId, action: approve ? 'facility_request.approved' : 'facility_request.denied', entityType: 'facility_request', entityId: id,
            organizationId: r.organization_id, regulatorId: scope.regulatorId, before: { status: 'pending' }, after: { status: approve ? 'approved' : 'denied', comment: input.comment }, ip,
          });
          if (!approve) return { kind: 'denied' as const };
          if (r.kind === 'transfer') return transfer(trx, scope, r, ip);
          if (r.kind === 'merge') return merge(trx, scope, r, ip);
          return remove(trx, scope, r, ip);
        });
      } catch (err) {
        if (err instanceof Refused) return { ok: false, errors: formError('decision', err.message) };
        throw err;
      }
      if (!outcome) return { ok: false, conflict: true, decided: await facilityRequest(scope, id) };
      await emailFacilityDecision(scope, r, input.comment, outcome);
      return { ok: true, outcome };
    },
  };
}
