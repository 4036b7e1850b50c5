/**
 * A CUPA's staff (docs/product.md §2, §10.1): a Regulator Admin invites people by email and
 * role, changes roles, removes people, resends or revokes invitations; the
 * invitee accepts through the emailed link. The invitation works like a
 * business one (30 days, once, for the address it was sent to; the same token
 * helpers and rules). A person is on one CUPA's staff at most, and a CUPA
 * always keeps a Regulator Admin: that is checked under a row lock, so two
 * admins demoting each other at the same moment cannot leave none.
 */
import type { Knex } from 'knex';
import type { Config } from '../../config';
import { hashTokenSecret, newTokenSecret } from '../../auth/tokens';
import { inTransaction } from '../../db/transaction';
import type { RegulatorRole, UserRow } from '../../db/types';
import { NotFoundError } from '../../http/errors';
import { formError, type FormErrors } from '../../http/form-errors';
import type { MailService } from '../../mail/mail.service';
import { cupaInvitationEmail } from '../../mail/mail.templates';
import { INVITATION_LIFETIME_MS, invitationState, maskEmail, type InvitationState } from '../../rules/invitation.rules';
import { expiresAfterWhenSentSince, invitationLimitProblem, PERSON_WINDOW_MS, resendProblem, TENANT_WINDOW_MS } from '../../rules/invitation-limits.rules';
import type { Queryable } from '../../db/transaction';
import { invitationsSentBy } from '../people/invitation-sends.repo';
import { REGULATOR_ROLE_LABELS } from '../../rules/roles.rules';
import { regulatorScopeOfInvitation, type RegulatorScope } from '../../tenancy/regulator-scope';
import { recordAudit } from '../audit/audit.repo';
import { findRegulatorStaffing } from '../organizations/memberships.repo';
import {
  deleteStaff,
  findOpenRegulatorInvitation,
  findRegulatorInvitationByTokenHash,
  findStaff,
  hasLiveInvitationFor,
  insertRegulatorInvitation,
  insertStaff,
  isStaffByEmail,
  listOpenRegulatorInvitations,
  listStaff,
  lockRegulatorAdmins,
  lockRegulatorInvitations,
  regulatorInvitationSends,
  markRegulatorInvitationAccepted,
  setStaffRole,
  updateRegulatorInvitation,
  type RegulatorInvitationWithName,
} from './cupa-staff.repo';

export type CupaStaffService = ReturnType<typeof createCupaStaffService>;

type Inviter = Pick<UserRow, 'first_name' | 'last_name'>;

export type CupaInvitationView =
  | { state: Exclude<InvitationState, 'valid'> }
  | { state: 'valid'; regulator: string; role: string; email: string; maskedEmail: string; staffElsewhere: string | null };

export type CupaAcceptResult =
  | { status: 'joined' | 'already_staff'; regulator: string }
  | { status: 'wrong_account'; maskedEmail: string }
  | { status: 'staff_elsewhere'; regulator: string; otherRegulator: string }
  | { status: Exclude<InvitationState, 'valid'> };

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

export function createCupaStaffService(deps: { db: Knex; mail: MailService; config: Config; now?: () => Date }) {
  const { db, mail, config } = deps;
  const now = deps.now ?? (() => new Date());
  const expiry = () => new Date(now().getTime() + INVITATION_LIFETIME_MS);

  async function sendInvitation(scope: RegulatorScope, inviter: Inviter, email: string, role: RegulatorRole, secret: string) {
    await mail.send({
      to: email,
      userId: null,
      ...cupaInvitationEmail({ regulator: scope.regulator.name, role: REGULATOR_ROLE_LABELS[role], inviter: `${inviter.first_name} ${inviter.last_name}`, link: `${config.baseUrl}/cupa-invitations/${secret}` }),
    });
  }

  /**
   * Why one more invitation email cannot go out now (invitation-limits.rules.ts),
   * or null. Call inside the transaction that records the send: the CUPA's row
   * is held until it commits.
   */
  async function limitProblem(trx: Queryable, scope: RegulatorScope): Promise<string | null> {
    await lockRegulatorInvitations(trx, scope);
    const at = now();
    const byPerson = await invitationsSentBy(trx, scope.userId, expiresAfterWhenSentSince(new Date(at.getTime() - PERSON_WINDOW_MS)));
    const byTenant = await regulatorInvitationSends(trx, scope, expiresAfterWhenSentSince(new Date(at.getTime() - TENANT_WINDOW_MS)));
    return invitationLimitProblem({ byPerson, byTenant, tenantName: scope.regulator.name, limits: config.invitations, now: at });
  }

  async function staffOrThrow(scope: RegulatorScope, staffId: number) {
    const s = await findStaff(db, scope, staffId);
    if (!s) throw new NotFoundError();
    return s;
  }

  async function openInvitationOrThrow(scope: RegulatorScope, invitationId: number) {
    const inv = await findOpenRegulatorInvitation(db, scope, invitationId);
    if (!inv) throw new NotFoundError();
    return inv;
  }

  const audit = (scope: RegulatorScope) => ({ actorUserId: scope.userId, regulatorId: scope.regulatorId });

  return {
    async overview(scope: RegulatorScope) {
      const [staff, invitations] = await Promise.all([listStaff(db, scope), listOpenRegulatorInvitations(db, scope)]);
      return { staff, invitations };
    },

    staffMember: staffOrThrow,

    /**
     * Emails a 30-day link. Used by the CUPA's Regulator Admins and by a System
     * Admin inviting a new agency's first Regulator Admin.
     */
    async invite(scope: RegulatorScope, inviter: Inviter, email: string, role: RegulatorRole, ip: string | null): Promise<{ ok: true } | { ok: false; errors: FormErrors; throttled?: true }> {
      if (await isStaffByEmail(db, scope, email)) {
        return { ok: false, errors: formError('email', `Someone with this email address is already on the staff of ${scope.regulator.name}`) };
      }
      if (await hasLiveInvitationFor(db, scope, email)) {
        return { ok: false, errors: formError('email', 'An invitation to this address is already waiting. Resend it from the list of invitations instead') };
      }
      const secret = newTokenSecret();
      const refused = await inTransaction(db, async (trx) => {
        const problem = await limitProblem(trx, scope);
        if (problem) return problem;
        const inv = await insertRegulatorInvitation(trx, scope, { email, role, token_hash: hashTokenSecret(secret), expires_at: expiry() });
        await recordAudit(trx, { ...audit(scope), action: 'regulator_invitation.created', entityType: 'regulator_invitation', entityId: inv.id, after: { email, role }, ip });
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
    async resendInvitation(scope: RegulatorScope, inviter: Inviter, invitationId: number, ip: string | null): Promise<{ ok: true; email: string } | { ok: false; email: string; message: string }> {
      const inv = await openInvitationOrThrow(scope, invitationId);
      const secret = newTokenSecret();
      const refused = await inTransaction(db, async (trx) => {
        const problem = resendProblem({ expiresAt: inv.expires_at, email: inv.email, now: now() }) ?? (await limitProblem(trx, scope));
        if (problem) return problem;
        await updateRegulatorInvitation(trx, scope, inv.id, { token_hash: hashTokenSecret(secret), expires_at: expiry(), invited_by: scope.userId });
        await recordAudit(trx, { ...audit(scope), action: 'regulator_invitation.resent', entityType: 'regulator_invitation', entityId: inv.id, ip });
        return null;
      });
      if (refused) return { ok: false, email: inv.email, message: refused };
      await sendInvitation(scope, inviter, inv.email, inv.role, secret);
      return { ok: true, email: inv.email };
    },

    async revokeInvitation(scope: RegulatorScope, invitationId: number, ip: string | null) {
      const inv = await openInvitationOrThrow(scope, invitationId);
      await inTransaction(db, async (trx) => {
        await updateRegulatorInvitation(trx, scope, inv.id, { revoked_at: now() });
        await recordAudit(trx, { ...audit(scope), action: 'regulator_invitation.revoked', entityType: 'regulator_invitation', entityId: inv.id, before: { email: inv.email, role: inv.role }, ip });
      });
      return inv;
    },

    async changeRole(scope: RegulatorScope, staffId: number, role: RegulatorRole, ip: string | null): Promise<{ ok: true } | { ok: false; errors: FormErrors }> {
      return inTransaction(db, async (trx) => {
        const admins = await lockRegulatorAdmins(trx, scope);
        const s = await findStaff(trx, scope, staffId);
        if (!s) throw new NotFoundError();
        if (s.role === 'regulator_admin' && role !== 'regulator_admin' && admins.length <= 1) {
          return { ok: false as const, errors: formError('role', 'This is the only Regulator Admin. Make someone else a Regulator Admin first') };
        }
        if (s.role === role) return { ok: true as const };
        await setStaffRole(trx, scope, staffId, role);
        await recordAudit(trx, { ...audit(scope), action: 'regulator_staff.role_changed', entityType: 'regulator_staff', entityId: staffId, before: { user_id: s.user_id, role: s.role }, after: { user_id: s.user_id, role }, ip });
        return { ok: true as const };
      });
    },

    async remove(scope: RegulatorScope, staffId: number, ip: string | null): Promise<{ ok: true; removedSelf: boolean } | { ok: false; message: string }> {
      return inTransaction(db, async (trx) => {
        const admins = await lockRegulatorAdmins(trx, scope);
        const s = await findStaff(trx, scope, staffId);
        if (!s) throw new NotFoundError();
        if (s.role === 'regulator_admin' && admins.length <= 1) {
          return { ok: false as const, message: `${s.first_name} ${s.last_name} is the only Regulator Admin and cannot be removed. Make someone else a Regulator Admin first.` };
        }
        await deleteStaff(trx, scope, staffId);
        await recordAudit(trx, { ...audit(scope), action: 'regulator_staff.removed', entityType: 'regulator_staff', entityId: staffId, before: { user_id: s.user_id, role: s.role }, ip });
        return { ok: true as const, removedSelf: s.user_id === scope.userId };
      });
    },

    /** What the invitee sees on opening the link (signed in or not). */
    async viewInvitation(secret: string, user: UserRow | undefined): Promise<CupaInvitationView> {
      const inv = await findRegulatorInvitationByTokenHash(db, hashTokenSecret(secret));
      const state = invitationState(inv, now());
      if (state !== 'valid' || !inv) return { state: state as Exclude<InvitationState, 'valid'> };
      const current = user ? await findRegulatorStaffing(db, user.id) : undefined;
      return {
        state,
        regulator: inv.regulator_name,
        role: REGULATOR_ROLE_LABELS[inv.role],
        email: inv.email,
        maskedEmail: maskEmail(inv.email),
        staffElsewhere: current && current.id !== inv.regulator_id ? current.name : null,
      };
    },

    /** Accept through the emailed link. */
    acceptInvitation: async (user: UserRow, secret: string, ip: string | null) => accept(user, await findRegulatorInvitationByTokenHash(db, hashTokenSecret(secret)), ip),
  };

  /**
   * Joins the CUPA's staff with the invited role. The invitation is for the
   * address it was sent to; someone already on another CUPA's staff is told so
   * and the invitation stays open (it can be used once they have left).
   */
  async function accept(user: UserRow, inv: RegulatorInvitationWithName | undefined, ip: string | null): Promise<CupaAcceptResult> {
    const state = invitationState(inv, now());
    if (state !== 'valid' || !inv) return { status: state as Exclude<InvitationState, 'valid'> };
    if (inv.email.toLowerCase() !== user.email.toLowerCase()) return { status: 'wrong_account', maskedEmail: maskEmail(inv.email) };
    const current = await findRegulatorStaffing(db, user.id);
    if (current && current.id !== inv.regulator_id) return { status: 'staff_elsewhere', regulator: inv.regulator_name, otherRegulator: current.name };
    // The invitation itself grants entry: this scope is made for the person joining, not found among the staff.
    const scope = regulatorScopeOfInvitation(user.id, inv);
    try {
      return await inTransaction(db, async (trx): Promise<CupaAcceptResult> => {
        if (!(await markRegulatorInvitationAccepted(trx, inv.id, user.id))) return { status: 'used' };
        if (!current) await insertStaff(trx, scope, user.id, inv.role);
        await recordAudit(trx, {
          actorUserId: user.id, regulatorId: inv.regulator_id, action: 'regulator_invitation.accepted', entityType: 'regulator_invitation', entityId: inv.id,
          after: { user_id: user.id, role: current ? current.role : inv.role, already_staff: !!current }, ip,
        });
        return { status: current ? 'already_staff' : 'joined', regulator: inv.regulator_name };
      });
    } catch (err) {
      // They joined another CUPA between the check and the write: one CUPA per person.
      if (!isUniqueViolation(err)) throw err;
      const other = await findRegulatorStaffing(db, user.id);
      if (other && other.id === inv.regulator_id) return { status: 'already_staff', regulator: inv.regulator_name };
      return { status: 'staff_elsewhere', regulator: inv.regulator_name, otherRegulator: other?.name ?? 'another CUPA' };
    }
  }
}
