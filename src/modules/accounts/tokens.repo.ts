import type { Queryable } from '../../db/transaction';
import type { UserTokenRow } from '../../db/types';

export async function insertToken(
  db: Queryable,
  t: Pick<UserTokenRow, 'user_id' | 'purpose' | 'token_hash' | 'expires_at'> & { data?: Record<string, unknown> },
): Promise<void> {
  await db('user_tokens').insert({ ...t, data: JSON.stringify(t.data ?? {}) });
}

export function findTokenByHash(db: Queryable, purpose: UserTokenRow['purpose'], tokenHash: string) {
  return db<UserTokenRow>('user_tokens').where({ purpose, token_hash: tokenHash }).first();
}

/** Marks the token used only if nobody used it first; false means it was already spent. */
export async function consumeToken(db: Queryable, id: number): Promise<boolean> {
  const n = await db('user_tokens').where({ id }).whereNull('used_at').update({ used_at: db.fn.now() });
  return n === 1;
}

/** A newer link supersedes older unused ones of the same purpose. */
export async function retireTokens(db: Queryable, userId: number, purpose: UserTokenRow['purpose']): Promise<void> {
  await db('user_tokens').where({ user_id: userId, purpose }).whereNull('used_at').update({ used_at: db.fn.now() });
}

/**
 * Every outstanding one-time link of a person (reset, email change, activation)
 * stops working: after a password change, a reset or an email change, a link
 * mailed before it must not undo it.
 */
export async function retireAllTokens(db: Queryable, userId: number): Promise<void> {
  await db('user_tokens').where({ user_id: userId }).whereNull('used_at').update({ used_at: db.fn.now() });
}

export async function pendingEmailChange(db: Queryable, userId: number): Promise<string | null> {
  const row = await db<UserTokenRow>('user_tokens')
    .where({ user_id: userId, purpose: 'verify_email' })
    .whereNull('used_at')
    .where('expires_at', '>', db.fn.now())
    .orderBy('id', 'desc')
    .first();
  return row ? String(row.data.email ?? '') || null : null;
}
