import type { Queryable } from '../../db/transaction';
import type { UserRow } from '../../db/types';

export function findUserById(db: Queryable, id: number) {
  return db<UserRow>('users').where({ id }).first();
}

/** Sign-in accepts a username or an email; an email may match several accounts. */
export function findUsersByLogin(db: Queryable, login: string) {
  const l = login.trim().toLowerCase();
  return db<UserRow>('users').whereRaw('lower(username) = ?', [l]).orWhereRaw('lower(email) = ?', [l]).orderBy('id');
}

export function findUsersByEmail(db: Queryable, email: string) {
  return db<UserRow>('users').whereRaw('lower(email) = ?', [email.trim().toLowerCase()]).orderBy('id');
}

export async function usernameTaken(db: Queryable, username: string): Promise<boolean> {
  return !!(await db('users').whereRaw('lower(username) = ?', [username.trim().toLowerCase()]).first('id'));
}

export type NewUser = Pick<UserRow, 'username' | 'email' | 'first_name' | 'last_name' | 'phone' | 'title' | 'password_hash'>;

export async function insertUser(db: Queryable, user: NewUser): Promise<UserRow> {
  const [row] = await db<UserRow>('users').insert(user).returning('*');
  return row as UserRow;
}

export async function updateUser(
  db: Queryable,
  id: number,
  patch: Partial<Pick<UserRow, 'email' | 'first_name' | 'last_name' | 'phone' | 'title' | 'password_hash' | 'activated_at' | 'last_sign_in_at'>>,
): Promise<void> {
  await db('users').where({ id }).update({ ...patch, updated_at: db.fn.now() });
}

/** New password: bump the epoch so every session signed in under the old one is signed out. */
export async function setPassword(db: Queryable, id: number, passwordHash: string): Promise<number> {
  const [row] = await db('users')
    .where({ id })
    .update({ password_hash: passwordHash, session_epoch: db.raw('session_epoch + 1'), updated_at: db.fn.now() })
    .returning('session_epoch');
  return Number(row.session_epoch);
}
