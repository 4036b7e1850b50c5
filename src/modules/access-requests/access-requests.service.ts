/**
 * Access requests (docs/product.md §4.2): a person asks to join the organization that owns a
 * facility. The organization's Lead Users decide; when it has none the request
 * is routed to the facility's CUPA (its Regulator Admins decide in the
 * regulator portal). Both sides are emailed.
 */
import type { Knex } from 'knex';
import type { Config } from '../../config';
import { inTransaction, type Queryable } from '../../db/transaction';
import type { MembershipRole, UserRow } from '../../db/types';
import { NotFoundError } from '../../http/errors';
import { formError, type FormErrors } from '../../http/form-errors';
import type { MailService } from '../../mail/mail.service';
import { accessDecidedEmail, accessRequestedEmail } from '../../mail/mail.templates';
import { BUSINESS_ROLE_LABELS } from '../../rules/roles.rules';
import type { OrgScope } from '../../tenancy/org-scope';
import { recordAudit } from '../audit/audit.repo';
import { findPublicFacility } from '../facilities/facilities.repo';
import { findMembership, insertMembershipIfAbsent, listLeadUserContacts, listRegulatorAdminContacts } from '../organizations/memberships.repo';
import { findOrganizationName } from '../organizations/organizations.repo';
import { findUserById } from '../accounts/users.repo';
import {
  countPendingAccessRequests,
  decideAccessRequest,
  findAccessRequest,
  hasPendingRequest,
  insertAccessRequest,
  listAccessRequests,
} from './access-requests.repo';

export type AccessRequestsService = ReturnType<typeof createAccessRequestsService>;

/**
 * What a decision does once the caller's conditional update has marked the
 * request: the membership (when granted) and the audit entry, in the caller's
 * transaction. Shared by the Lead Users' decision below and the CUPA's
 * (regulator-requests), which differ only in who may decide.
 */
export async function applyAccessDecision(
  trx: Queryable,
  d: { requestId: number; organizationId: number; requesterId: number; role: MembershipRole | null; comment: string | null; actorUserId: number; regulatorId?: number | null; ip: string | null },
): Promise<void> {
  if (d.role) await insertMembershipIfAbsent(trx, { userId: d.requesterId, organizationId: d.organizationId, role: d.role });
  await recordAudit(trx, {
    actorUserId: d.actorUserId, action: d.role ? 'access_request.granted' : 'access_request.denied', entityType: 'access_request', entityId: d.requestId,
    organizationId: d.organizationId, regulatorId: d.regulatorId ?? null, after: { role: d.role, comment: d.comment }, ip: d.ip,
  });
}

/** Tells the requester, after the decision is saved. */
export async function emailAccessDecision(
  deps: { db: Queryable; mail: MailService; config: Config },
  d: { requesterId: number; organizationId: number; organization: string; role: MembershipRole | null; comment: string | null },
): Promise<void> {
  const requester = await findUserById(deps.db, d.requesterId);
  if (!requester) return;
  const granted = d.role !== null;
  await deps.mail.send({
    to: requester.email,
    userId: requester.id,
    ...accessDecidedEmail({
      firstName: requester.first_name, granted, organization: d.organization, role: d.role ? BUSINESS_ROLE_LABELS[d.role] : null, comment: d.comment,
      link: granted ? `${deps.config.baseUrl}/orgs/${d.organizationId}/facilities` : `${deps.config.baseUrl}/account`,
    }),
  });
}

type RequestInput = { phone: string; title: string; role: string; message: string | null };

export function createAccessRequestsService(deps: { db: Knex; mail: MailService; config: Config }) {
  const { db, mail, config } = deps;

  async function facilityOrThrow(cersId: number) {
    const f = await findPublicFacility(db, cersId);
    if (!f) throw new NotFoundError();
    return f;
  }

  return {
    /** What the request form shows, or why no request is needed. */
    async prepare(user: UserRow, cersId: number) {
      const facility = await facilityOrThrow(cersId);
      const member = await findMembership(db, user.id, facility.organization_id);
      const pending = await hasPendingRequest(db, facility.organization_id, user.id);
      return { facility, memberOrgId: member ? facility.organization_id : null, pending };
    },

    async request(user: UserRow, cersId: number, input: RequestInput, ip: string | null): Promise<{ ok: true; routedTo: 'lead_users' | 'regulator' } | { ok: false; errors: FormErrors }> {
      const facility = await facilityOrThrow(cersId);
      if (await findMembership(db, user.id, facility.organization_id)) {
        return { ok: false, errors: formError('role', 'You already belong to the organization of this facility') };
      }
      const leads = await listLeadUserContacts(db, facility.organization_id);
      const routedTo = leads.length ? ('lead_users' as const) : ('regulator' as const);
      const role = input.role as MembershipRole;
      let requestId: number;
      try {
        requestId = await inTransaction(db, async (trx) => {
          const req = await insertAccessRequest(trx, {
            organization_id: facility.organization_id, facility_id: facility.id, requester_id: user.id, phone: input.phone, title: input.title,
            role_requested: role, message: input.message, routed_to: routedTo, regulator_id: facility.regulator_id,
          });
          await recordAudit(trx, { actorUserId: user.id, action: 'access_request.created', entityType: 'access_request', entityId: req.id, organizationId: facility.organization_id, after: { cers_id: cersId, role, routed_to: routedTo }, ip });
          return req.id;
        });
      } catch (err) {
        if ((err as { code?: string }).code === '23505') {
          return { ok: false, errors: formError('role', 'You already asked to join this organization. Your request is waiting for a decision') };
        }
        throw err;
      }
      const recipients = routedTo === 'lead_users' ? leads : facility.regulator_id ? await listRegulatorAdminContacts(db, facility.regulator_id) : [];
      const organization = (await findOrganizationName(db, facility.organization_id)) ?? '';
      for (const r of recipients) {
        await mail.send({
          to: r.email,
          userId: r.id,
          ...accessRequestedEmail({
            requester: `${user.first_name} ${user.last_name}`, requesterEmail: user.email, facility: facility.name, cersId, role: BUSINESS_ROLE_LABELS[role],
            organization,
            link: routedTo === 'lead_users' ? `${config.baseUrl}/orgs/${facility.organization_id}/access-requests` : `${config.baseUrl}/regulator/requests/access/${requestId}`,
          }),
        });
      }
      return { ok: true, routedTo };
    },

    async list(scope: OrgScope) {
      return listAccessRequests(db, scope);
    },

    countPending: (scope: OrgScope) => countPendingAccessRequests(db, scope),

    async get(scope: OrgScope, id: number) {
      const r = await findAccessRequest(db, scope, id);
      if (!r) throw new NotFoundError();
      return r;
    },

    async decide(
      scope: OrgScope,
      id: number,
      d: { decision: 'grant' | 'deny'; role: string; comment: string | null },
      ip: string | null,
    ): Promise<{ ok: true } | { ok: false; errors: FormErrors }> {
      const request = await findAccessRequest(db, scope, id);
      if (!request) throw new NotFoundError();
      const granted = d.decision === 'grant';
      const role = granted ? (d.role as MembershipRole) : null;
      const done = await inTransaction(db, async (trx) => {
        if (!(await decideAccessRequest(trx, scope, id, { status: granted ? 'granted' : 'denied', role_granted: role, decision_comment: d.comment }))) return false;
        await applyAccessDecision(trx, { requestId: id, organizationId: scope.organizationId, requesterId: request.requester_id, role, comment: d.comment, actorUserId: scope.userId, ip });
        return true;
      });
      if (!done) return { ok: false, errors: formError('decision', 'This request has already been decided') };
      await emailAccessDecision({ db, mail, config }, { requesterId: request.requester_id, organizationId: scope.organizationId, organization: scope.organization.name, role, comment: d.comment });
      return { ok: true };
    },
  };
}
