/** System Admin accounts, made from the command line (npm run admin:create). */
import type { Queryable } from '../../db/transaction';
import type { UserRow } from '../../db/types';

export function findUserByUsername(db: Queryable, username: string): Promise<UserRow | undefined> {
  return db<UserRow>('users').whereRaw('lower(username) = ?', [username.trim().toLowerCase()]).first();
}

export async function insertSystemAdmin(
  db: Queryable,
  u: Pick<UserRow, 'username' | 'email' | 'first_name' | 'last_name' | 'password_hash'>,
): Promise<UserRow> {
  const [row] = await db<UserRow>('users').insert({ ...u, is_system_admin: true, activated_at: db.fn.now() as unknown as Date }).returning('*');
  return row as UserRow;
}

/** Makes an existing account a System Admin, activating it if it was not yet. */
export async function promoteToSystemAdmin(db: Queryable, userId: number): Promise<void> {
  await db('users').where({ id: userId }).update({ is_system_admin: true, activated_at: db.raw('coalesce(activated_at, now())'), updated_at: db.fn.now() });
}
