/**
 * Accounts (docs/product.md §3): registration and activation, sign-in checks, forgotten
 * username/password, profile and password changes. Routes call these and
 * render; this file owns the rules, including "say the same thing whether or
 * not an account exists".
 */
import type { Knex } from 'knex';
import type { Config } from '../../config';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from '../../auth/passwords';
import { hashTokenSecret, newTokenSecret } from '../../auth/tokens';
import { inTransaction, type Queryable } from '../../db/transaction';
import type { UserRow } from '../../db/types';
import { formError, type FormErrors } from '../../http/form-errors';
import type { MailService } from '../../mail/mail.service';
import {
  activationEmail,
  emailChangeNoticeEmail,
  forgotUsernameEmail,
  passwordChangedEmail,
  resetPasswordEmail,
  verifyEmailEmail,
} from '../../mail/mail.templates';
import { passwordProblems } from '../../rules/password.rules';
import { tokenExpiry, tokenState, type TokenPurpose, type TokenState } from '../../rules/token.rules';
import { recordAudit } from '../audit/audit.repo';
import type { ProfileInput, RegisterInput } from './accounts.schema';
import { findRegulatorStaffing, listOrganizationsForUser } from '../organizations/memberships.repo';
import { listEmailsForUser } from '../../mail/mail.repo';
import { consumeToken, findTokenByHash, insertToken, pendingEmailChange, retireAllTokens, retireTokens } from './tokens.repo';
import {
  findUserById,
  findUsersByEmail,
  findUsersByLogin,
  insertUser,
  setPassword,
  updateUser,
  usernameTaken,
} from './users.repo';

export type AuthResult =
  | { status: 'ok'; user: UserRow }
  | { status: 'invalid' }
  | { status: 'inactive'; user: UserRow };

export type TokenCheck = { state: TokenState; purpose: TokenPurpose };

export type AccountsService = ReturnType<typeof createAccountsService>;

export function createAccountsService(deps: { db: Knex; mail: MailService; config: Config; now?: () => Date }) {
  const { db, mail, config } = deps;
  const now = deps.now ?? (() => new Date());
  const link = (path: string) => `${config.baseUrl}${path}`;

  async function issueToken(q: Queryable, user: UserRow, purpose: TokenPurpose, data?: Record<string, unknown>) {
    const secret = newTokenSecret();
    await retireTokens(q, user.id, purpose);
    await insertToken(q, {
      user_id: user.id,
      purpose,
      token_hash: hashTokenSecret(secret),
      expires_at: tokenExpiry(purpose, now()),
      data,
    });
    return secret;
  }

  // Emails answering a stranger's form (activation, forgotten username or
  // password) go out after the response: waiting for SMTP only when an account
  // matched would tell, by timing, that it exists (OWASP Authentication Cheat
  // Sheet, "Authentication and Error Messages").
  async function sendActivation(user: UserRow) {
    const secret = await issueToken(db, user, 'activate');
    await mail.sendInBackground({ to: user.email, userId: user.id, ...activationEmail({ firstName: user.first_name, link: link(`/activate/${secret}`) }) });
  }

  async function checkToken(purpose: TokenPurpose, secret: string) {
    const token = await findTokenByHash(db, purpose, hashTokenSecret(secret));
    return { token, state: tokenState(token, now()) };
  }

  return {
    async register(input: RegisterInput, ip: string | null): Promise<{ ok: true; user: UserRow } | { ok: false; errors: FormErrors }> {
      if (await usernameTaken(db, input.username)) {
        return { ok: false, errors: formError('username', 'That username is taken. Choose a different one') };
      }
      const passwordHash = await hashPassword(input.password);
      let user: UserRow;
      try {
        user = await inTransaction(db, async (trx) => {
          const u = await insertUser(trx, {
            username: input.username,
            email: input.email,
            first_name: input.firstName,
            last_name: input.lastName,
            phone: null,
            title: null,
            password_hash: passwordHash,
          });
          await recordAudit(trx, { actorUserId: u.id, action: 'account.registered', entityType: 'user', entityId: u.id, after: { username: u.username, email: u.email }, ip });
          return u;
        });
      } catch (err) {
        // Two people racing for one username: the unique index decides.
        if ((err as { code?: string }).code === '23505') {
          return { ok: false, errors: formError('username', 'That username is taken. Choose a different one') };
        }
        throw err;
      }
      await sendActivation(user);
      return { ok: true, user };
    },

    /** Resend activation: silent when nothing matches, so it reveals nothing. */
    async resendActivation(email: string): Promise<void> {
      for (const user of await findUsersByEmail(db, email)) {
        if (!user.activated_at) await sendActivation(user);
      }
    },

    checkActivation: (secret: string) => checkToken('activate', secret),

    async activate(secret: string, ip: string | null): Promise<TokenState> {
      const { token, state } = await checkToken('activate', secret);
      if (state !== 'valid' || !token) return state;
      return inTransaction(db, async (trx) => {
        if (!(await consumeToken(trx, token.id))) return 'used' as const;
        await updateUser(trx, token.user_id, { activated_at: now() });
        await recordAudit(trx, { actorUserId: token.user_id, action: 'account.activated', entityType: 'user', entityId: token.user_id, ip });
        return 'valid' as const;
      });
    },

    /**
     * Username or email plus password. Every miss costs one scrypt so that timing
     * does not tell whether an account exists. An email shared by several
     * accounts signs in to the one whose password matches.
     */
    async authenticate(login: string, password: string): Promise<AuthResult> {
      const candidates = await findUsersByLogin(db, login);
      if (candidates.length === 0) {
        await verifyAgainstDecoy(password);
        return { status: 'invalid' };
      }
      for (const user of candidates) {
        if (await verifyPassword(password, user.password_hash)) {
          if (!user.activated_at) return { status: 'inactive', user };
          await updateUser(db, user.id, { last_sign_in_at: now() });
          return { status: 'ok', user };
        }
      }
      return { status: 'invalid' };
    },

    async forgotUsername(email: string): Promise<void> {
      const users = await findUsersByEmail(db, email);
      if (users.length === 0) return;
      await mail.sendInBackground({ to: users[0]!.email, userId: users[0]!.id, ...forgotUsernameEmail({ usernames: users.map((u) => u.username) }) });
    },

    async forgotPassword(login: string): Promise<void> {
      for (const user of await findUsersByLogin(db, login)) {
        const secret = await issueToken(db, user, 'reset_password');
        await mail.sendInBackground({
          to: user.email,
          userId: user.id,
          ...resetPasswordEmail({ firstName: user.first_name, username: user.username, link: link(`/reset-password/${secret}`) }),
        });
      }
    },

    checkReset: (secret: string) => checkToken('reset_password', secret),

    async resetPassword(
      secret: string,
      password: string,
      ip: string | null,
    ): Promise<{ status: 'ok'; user: UserRow } | { status: 'token'; state: TokenState } | { status: 'invalid'; errors: FormErrors }> {
      const { token, state } = await checkToken('reset_password', secret);
      if (state !== 'valid' || !token) return { status: 'token', state };
      const user = await findUserById(db, token.user_id);
      if (!user) return { status: 'token', state: 'unknown' };
      const personal = passwordProblems(password, user).find((p) => p.code === 'personal');
      if (personal) return { status: 'invalid', errors: formError('password', personal.message) };
      const hash = await hashPassword(password);
      const ok = await inTransaction(db, async (trx) => {
        if (!(await consumeToken(trx, token.id))) return false;
        await setPassword(trx, user.id, hash);
        // Every other link sent before the new password (reset, email change, activation) stops working.
        await retireAllTokens(trx, user.id);
        // A reset link proves control of the mailbox, so it also activates the account.
        if (!user.activated_at) await updateUser(trx, user.id, { activated_at: now() });
        await recordAudit(trx, { actorUserId: user.id, action: 'account.password_reset', entityType: 'user', entityId: user.id, ip });
        return true;
      });
      if (!ok) return { status: 'token', state: 'used' };
      await mail.send({ to: user.email, userId: user.id, ...passwordChangedEmail({ firstName: user.first_name }) });
      return { status: 'ok', user: (await findUserById(db, user.id))! };
    },

    /**
     * Name, phone and title save at once. A new email address needs the current
     * password too: whoever controls the address can reset the password, so
     * a moment at someone's open session must not be enough to take it over
     * (OWASP Authentication Cheat Sheet, "Require re-authentication for
     * sensitive features").
     */
    async updateProfile(
      user: UserRow,
      input: ProfileInput,
      ip: string | null,
    ): Promise<{ ok: true; emailChangePendingTo: string | null } | { ok: false; errors: FormErrors }> {
      const emailChanged = input.email.toLowerCase() !== user.email.toLowerCase();
      if (emailChanged) {
        if (!input.currentPassword) {
          return { ok: false, errors: formError('currentPassword', 'Enter your current password to change your email address') };
        }
        if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
          return { ok: false, errors: formError('currentPassword', 'Your current password is not correct') };
        }
      }
      const before = { first_name: user.first_name, last_name: user.last_name, phone: user.phone, title: user.title };
      const after = { first_name: input.firstName, last_name: input.lastName, phone: input.phone, title: input.title };
      const secret = await inTransaction(db, async (trx) => {
        await updateUser(trx, user.id, after);
        await recordAudit(trx, { actorUserId: user.id, action: 'account.profile_updated', entityType: 'user', entityId: user.id, before, after, ip });
        return emailChanged ? issueToken(trx, user, 'verify_email', { email: input.email }) : null;
      });
      if (secret) {
        await mail.send({ to: input.email, userId: user.id, ...verifyEmailEmail({ firstName: input.firstName, link: link(`/verify-email/${secret}`) }) });
        await mail.send({ to: user.email, userId: user.id, ...emailChangeNoticeEmail({ firstName: input.firstName, newEmail: input.email }) });
      }
      return { ok: true, emailChangePendingTo: emailChanged ? input.email : null };
    },

    checkEmailVerification: (secret: string) => checkToken('verify_email', secret),

    async verifyEmail(secret: string, ip: string | null): Promise<TokenState> {
      const { token, state } = await checkToken('verify_email', secret);
      if (state !== 'valid' || !token) return state;
      const user = await findUserById(db, token.user_id);
      if (!user) return 'unknown';
      const email = String(token.data.email);
      return inTransaction(db, async (trx) => {
        if (!(await consumeToken(trx, token.id))) return 'used' as const;
        await updateUser(trx, user.id, { email });
        // Links mailed before the change (a reset sent to the old address) stop working.
        await retireAllTokens(trx, user.id);
        await recordAudit(trx, { actorUserId: user.id, action: 'account.email_changed', entityType: 'user', entityId: user.id, before: { email: user.email }, after: { email }, ip });
        return 'valid' as const;
      });
    },

    async changePassword(
      user: UserRow,
      current: string,
      next: string,
      ip: string | null,
    ): Promise<{ ok: true; sessionEpoch: number } | { ok: false; errors: FormErrors }> {
      if (!(await verifyPassword(current, user.password_hash))) {
        return { ok: false, errors: formError('currentPassword', 'Your current password is not correct') };
      }
      const personal = passwordProblems(next, user).find((p) => p.code === 'personal');
      if (personal) return { ok: false, errors: formError('newPassword', personal.message) };
      const hash = await hashPassword(next);
      const epoch = await inTransaction(db, async (trx) => {
        const e = await setPassword(trx, user.id, hash);
        // A reset or email-change link mailed before the change stops working.
        await retireAllTokens(trx, user.id);
        await recordAudit(trx, { actorUserId: user.id, action: 'account.password_changed', entityType: 'user', entityId: user.id, ip });
        return e;
      });
      await mail.send({ to: user.email, userId: user.id, ...passwordChangedEmail({ firstName: user.first_name }) });
      return { ok: true, sessionEpoch: epoch };
    },

    findUser: (id: number) => findUserById(db, id),

    /** Where sign-in lands: straight into the organization of someone who has exactly one. */
    async landingPath(userId: number): Promise<string> {
      // CUPA staff land in the regulator portal; a business member in their one organization.
      if (await findRegulatorStaffing(db, userId)) return '/regulator/submittals';
      const orgs = await listOrganizationsForUser(db, userId);
      return orgs.length === 1 ? `/orgs/${orgs[0]!.id}/facilities` : '/account';
    },

    /** Everything the account home shows: organizations with role, CUPA role, email history. */
    async home(user: UserRow) {
      const [organizations, regulator, emails, pendingEmail] = await Promise.all([
        listOrganizationsForUser(db, user.id),
        findRegulatorStaffing(db, user.id),
        listEmailsForUser(db, user.id),
        pendingEmailChange(db, user.id),
      ]);
      return { organizations, regulator, emails, pendingEmail };
    },
  };
}
