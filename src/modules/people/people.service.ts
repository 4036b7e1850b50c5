/**
 * Manage people (docs/product.md §4.3): invite by email and role, change a role, remove a
 * person, resend or revoke an invitation, and accept one. The organization must
 * always keep a Lead User; that is checked under a row lock, so two Lead Users
 * removing each other at the same moment cannot leave none.
 */
import type { Knex } from 'knex';
import type { Config } from '../../config';
import { hashTokenSecret, newTokenSecret } from '../../auth/tokens';
import { inTransaction } from '../../db/transaction';
import type { MembershipRole, UserRow } from '../../db/types';
import { NotFoundError } from '../../http/errors';
import { formError, type FormErrors } from '../../http/form-errors';
import type { MailService } from '../../mail/mail.service';
import { invitationEmail } from '../../mail/mail.templates';
import { INVITATION_LIFETIME_MS, invitationState, maskEmail, type InvitationState } from '../../rules/invitation.rules';
import { expiresAfterWhenSentSince, invitationLimitProblem, PERSON_WINDOW_MS, resendProblem, TENANT_WINDOW_MS } from '../../rules/invitation-limits.rules';
import { BUSINESS_ROLE_LABELS } from '../../rules/roles.rules';
import { orgScopeOfInvitation, type OrgScope } from '../../tenancy/org-scope';
import { recordAudit } from '../audit/audit.repo';
import {
  deleteMember,
  findInvitationById,
  findInvitationByTokenHash,
  listOpenInvitationsForEmail,
  findMember,
  findOpenInvitation,
  insertInvitation,
  insertMember,
  isMemberByEmail,
  listMembers,
  listOpenInvitations,
  lockLeadUsers,
  lockOrganizationInvitations,
  organizationInvitationSends,
  markInvitationAccepted,
  setMemberRole,
  updateInvitation,
  type InvitationRow,
} from './people.repo';
import { invitationsSentBy } from './invitation-sends.repo';
import type { Queryable } from '../../db/transaction';

export type PeopleService = ReturnType<typeof createPeopleService>;

export type InvitationView =
  | { state: Exclude<InvitationState, 'valid'> }
  | { state: 'valid'; organizationId: number; organization: string; role: string; email: string; maskedEmail: string };

export function createPeopleService(deps: { db: Knex; mail: MailService; config: Config; now?: () => Date }) {
  const { db, mail, config } = deps;
  const now = deps.now ?? (() => new Date());

  async function sendInvitation(scope: OrgScope, inviter: { first_name: string; last_name: string }, email: string, role: MembershipRole, secret: string) {
    await mail.send({
      to: email,
      userId: null,
      ...invitationEmail({
        organization: scope.organization.name,
        role: BUSINESS_ROLE_LABELS[role],
        inviter: `${inviter.first_name} ${inviter.last_name}`,
        link: `${config.baseUrl}/invitations/${secret}`,
      }),
    });
  }

  /**
   * Why one more invitation email cannot go out now (the throttle of
   * invitation-limits.rules.ts), or null. Call inside the transaction that
   * records the send: the organization's row is held until it commits.
   */
  async function limitProblem(trx: Queryable, scope: OrgScope): Promise<string | null> {
    await lockOrganizationInvitations(trx, scope);
    const at = now();
    const byPerson = await invitationsSentBy(trx, scope.userId, expiresAfterWhenSentSince(new Date(at.getTime() - PERSON_WINDOW_MS)));
    const byTenant = await organizationInvitationSends(trx, scope, expiresAfterWhenSentSince(new Date(at.getTime() - TENANT_WINDOW_MS)));
    return invitationLimitProblem({ byPerson, byTenant, tenantName: scope.organization.name, limits: config.invitations, now: at });
  }

  async function memberOrThrow(scope: OrgScope, membershipId: number) {
    const m = await findMember(db, scope, membershipId);
    if (!m) throw new NotFoundError();
    return m;
  }

  return {
    async overview(scope: OrgScope) {
      const [members, invitations] = await Promise.all([listMembers(db, scope), listOpenInvitations(db, scope)]);
      return { members, invitations };
    },

    member: memberOrThrow,

    /** Emails a 30-day link, unless the throttle says enough for now (throttled: the route answers 429). */
    async invite(scope: OrgScope, inviter: UserRow, email: string, role: MembershipRole, ip: string | null): Promise<{ ok: true } | { ok: false; errors: FormErrors; throttled?: true }> {
      if (await isMemberByEmail(db, scope, email)) {
        return { ok: false, errors: formError('email', 'Someone with this email address is already a member of this organization') };
      }
      const secret = newTokenSecret();
      const refused = await inTransaction(db, async (trx) => {
        const problem = await limitProblem(trx, scope);
        if (problem) return problem;
        const inv = await insertInvitation(trx, scope, { email, role, token_hash: hashTokenSecret(secret), expires_at: new Date(now().getTime() + INVITATION_LIFETIME_MS) });
        await recordAudit(trx, { actorUserId: scope.userId, action: 'invitation.created', entityType: 'invitation', entityId: inv.id, organizationId: scope.organizationId, after: { email, role }, ip });
        return null;
      });
      if (refused) return { ok: false, errors: formError('email', refused), throttled: true };
      await sendInvitation(scope, inviter, email, role, secret);
      return { ok: true };
    },

    /**
     * A new link (the old one stops working) with a fresh 30 days, sent in the
     * name of the person resending — it counts as theirs in the throttle.
     */
    async resendInvitation(scope: OrgScope, inviter: UserRow, invitationId: number, ip: string | null): Promise<{ ok: true; email: string } | { ok: false; email: string; message: string }> {
      const inv = await findOpenInvitation(db, scope, invitationId);
      if (!inv) throw new NotFoundError();
      const secret = newTokenSecret();
      const refused = await inTransaction(db, async (trx) => {
        const problem = resendProblem({ expiresAt: inv.expires_at, email: inv.email, now: now() }) ?? (await limitProblem(trx, scope));
        if (problem) return problem;
        await updateInvitation(trx, scope, inv.id, { token_hash: hashTokenSecret(secret), expires_at: new Date(now().getTime() + INVITATION_LIFETIME_MS), invited_by: scope.userId });
        await recordAudit(trx, { actorUserId: scope.userId, action: 'invitation.resent', entityType: 'invitation', entityId: inv.id, organizationId: scope.organizationId, ip });
        return null;
      });
      if (refused) return { ok: false, email: inv.email, message: refused };
      await sendInvitation(scope, inviter, inv.email, inv.role, secret);
      return { ok: true, email: inv.email };
    },

    async revokeInvitation(scope: OrgScope, invitationId: number, ip: string | null) {
      const inv = await findOpenInvitation(db, scope, invitationId);
      if (!inv) throw new NotFoundError();
      await inTransaction(db, async (trx) => {
        await updateInvitation(trx, scope, inv.id, { revoked_at: now() });
        await recordAudit(trx, { actorUserId: scope.userId, action: 'invitation.revoked', entityType: 'invitation', entityId: inv.id, organizationId: scope.organizationId, before: { email: inv.email, role: inv.role }, ip });
      });
      return inv;
    },

    async changeRole(scope: OrgScope, membershipId: number, role: MembershipRole, ip: string | null): Promise<{ ok: true } | { ok: false; errors: FormErrors }> {
      return inTransaction(db, async (trx) => {
        const leads = await lockLeadUsers(trx, scope);
        const m = await findMember(trx, scope, membershipId);
        if (!m) throw new NotFoundError();
        if (m.role === 'lead_user' && role !== 'lead_user' && leads.length <= 1) {
          return { ok: false as const, errors: formError('role', 'This is the only Lead User. Make someone else a Lead User first') };
        }
        await setMemberRole(trx, scope, membershipId, role);
        await recordAudit(trx, { actorUserId: scope.userId, action: 'membership.role_changed', entityType: 'membership', entityId: membershipId, organizationId: scope.organizationId, before: { role: m.role }, after: { role }, ip });
        return { ok: true as const };
      });
    },

    async remove(scope: OrgScope, membershipId: number, ip: string | null): Promise<{ ok: true; removedSelf: boolean } | { ok: false; message: string }> {
      return inTransaction(db, async (trx) => {
        const leads = await lockLeadUsers(trx, scope);
        const m = await findMember(trx, scope, membershipId);
        if (!m) throw new NotFoundError();
        if (m.role === 'lead_user' && leads.length <= 1) {
          return { ok: false as const, message: `${m.first_name} ${m.last_name} is the only Lead User and cannot be removed. Make someone else a Lead User first.` };
        }
        await deleteMember(trx, scope, membershipId);
        await recordAudit(trx, { actorUserId: scope.userId, action: 'membership.removed', entityType: 'membership', entityId: membershipId, organizationId: scope.organizationId, before: { user_id: m.user_id, role: m.role }, ip });
        return { ok: true as const, removedSelf: m.user_id === scope.userId };
      });
    },

    /** What the invitee sees on opening the link. */
    async viewInvitation(secret: string): Promise<InvitationView> {
      const inv = await findInvitationByTokenHash(db, hashTokenSecret(secret));
      const state = invitationState(inv, now());
      if (state !== 'valid' || !inv) return { state: state as Exclude<InvitationState, 'valid'> };
      return { state, organizationId: inv.organization_id, organization: inv.organization_name, role: BUSINESS_ROLE_LABELS[inv.role], email: inv.email, maskedEmail: maskEmail(inv.email) };
    },

    /** Open invitations to this person's email, shown (and acceptable) on the account home. */
    async invitationsFor(user: UserRow) {
      return (await listOpenInvitationsForEmail(db, user.email)).map((i) => ({ id: i.id, organization: i.organization_name, role: BUSINESS_ROLE_LABELS[i.role] }));
    },

    /** Accept from the account home: the verified address on the account is the proof. */
    acceptInvitationById: async (user: UserRow, id: number, ip: string | null) => accept(user, await findInvitationById(db, id), ip),

    /** Accept through the emailed link. */
    acceptInvitation: async (user: UserRow, secret: string, ip: string | null) => accept(user, await findInvitationByTokenHash(db, hashTokenSecret(secret)), ip),
  };

  /**
   * Joins the organization with the invited role. An invitation is for the address
   * it was sent to: an account with another address is told so and joins nothing.
   */
  async function accept(
    user: UserRow,
    inv: (InvitationRow & { organization_name: string }) | undefined,
    ip: string | null,
  ): Promise<{ status: 'joined' | 'already_member'; organizationId: number } | { status: 'wrong_account'; maskedEmail: string } | { status: Exclude<InvitationState, 'valid'> }> {
    const state = invitationState(inv, now());
    if (state !== 'valid' || !inv) return { status: state as Exclude<InvitationState, 'valid'> };
    if (inv.email.toLowerCase() !== user.email.toLowerCase()) return { status: 'wrong_account', maskedEmail: maskEmail(inv.email) };
    // The invitation itself grants entry: this scope is made for the person joining, not found among memberships.
    const scope = orgScopeOfInvitation(user.id, inv);
    return inTransaction(db, async (trx) => {
      if (!(await markInvitationAccepted(trx, inv.id, user.id))) return { status: 'used' as const };
      const already = (await listMembers(trx, scope)).some((m) => m.user_id === user.id);
      if (!already) await insertMember(trx, scope, user.id, inv.role);
      await recordAudit(trx, { actorUserId: user.id, action: 'invitation.accepted', entityType: 'invitation', entityId: inv.id, organizationId: inv.organization_id, after: { user_id: user.id, role: inv.role }, ip });
      return { status: already ? ('already_member' as const) : ('joined' as const), organizationId: inv.organization_id };
    });
  }
}
