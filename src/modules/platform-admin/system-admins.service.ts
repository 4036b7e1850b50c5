/**
 * System Admins (docs/product.md §2) are made from the command line, never from the web:
 * `npm run admin:create` creates an activated account with the flag, or
 * promotes an existing username. The password follows the same rules as every
 * other password in the portal.
 */
import type { Knex } from 'knex';
import { hashPassword } from '../../auth/passwords';
import { inTransaction } from '../../db/transaction';
import { passwordProblems } from '../../rules/password.rules';
import { recordAudit } from '../audit/audit.repo';
import { findUserByUsername, insertSystemAdmin, promoteToSystemAdmin } from './system-admins.repo';
import type { AdminCreateInput } from './system-admin.schema';

export type AdminCreateResult =
  | { status: 'created' | 'promoted' | 'already'; username: string; email: string; activated: boolean }
  | { status: 'refused'; problems: string[] };

export function createSystemAdminsService(deps: { db: Knex }) {
  const { db } = deps;
  return {
    /**
     * `password` is asked only when an account is created (promoting keeps the
     * person's own password).
     */
    async createOrPromote(input: AdminCreateInput, password: () => Promise<string>): Promise<AdminCreateResult> {
      const existing = await findUserByUsername(db, input.username);
      if (existing) {
        if (existing.is_system_admin && existing.activated_at) return { status: 'already', username: existing.username, email: existing.email, activated: false };
        await inTransaction(db, async (trx) => {
          await promoteToSystemAdmin(trx, existing.id);
          await recordAudit(trx, { actorUserId: null, action: 'system_admin.promoted', entityType: 'user', entityId: existing.id, before: { is_system_admin: existing.is_system_admin, activated: !!existing.activated_at }, after: { is_system_admin: true, activated: true } });
        });
        return { status: 'promoted', username: existing.username, email: existing.email, activated: !existing.activated_at };
      }
      const missing = [!input.email && '--email', !input.first && '--first', !input.last && '--last'].filter(Boolean);
      if (missing.length) return { status: 'refused', problems: [`There is no account "${input.username}". To create it, give ${missing.join(', ')} too.`] };
      const pw = await password();
      const problems = passwordProblems(pw, { username: input.username, email: input.email }).map((p) => p.message);
      if (problems.length) return { status: 'refused', problems };
      const hash = await hashPassword(pw);
      try {
        const user = await inTransaction(db, async (trx) => {
          const u = await insertSystemAdmin(trx, { username: input.username, email: input.email!, first_name: input.first!, last_name: input.last!, password_hash: hash });
          await recordAudit(trx, { actorUserId: null, action: 'system_admin.created', entityType: 'user', entityId: u.id, after: { username: u.username, email: u.email, is_system_admin: true } });
          return u;
        });
        return { status: 'created', username: user.username, email: user.email, activated: true };
      } catch (err) {
        if ((err as { code?: string }).code === '23505') return { status: 'refused', problems: [`The username "${input.username}" was taken at the same moment. Run the command again.`] };
        throw err;
      }
    },
  };
}
