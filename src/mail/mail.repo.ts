import type { Queryable } from '../db/transaction';
import type { EmailRow } from '../db/types';

export type NewEmail = Omit<EmailRow, 'id' | 'created_at'>;

export async function insertEmail(db: Queryable, email: NewEmail): Promise<string> {
  const [row] = await db('emails').insert(email).returning('id');
  return String(row.id);
}

/** The outcome of an email sent in the background (recorded first as 'queued'). */
export async function updateEmailDelivery(db: Queryable, id: string, d: Pick<EmailRow, 'status' | 'error' | 'message_id'>): Promise<void> {
  await db('emails').where({ id }).update(d);
}

/** An account's email history (no bodies: they may hold one-time links). */
export function listEmailsForUser(db: Queryable, userId: number, limit = 50) {
  return db('emails')
    .where({ user_id: userId })
    .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(limit)
    .select<Pick<EmailRow, 'id' | 'to_address' | 'subject' | 'status' | 'created_at'>[]>(
      'id', 'to_address', 'subject', 'status', 'created_at',
    );
}

/** Development outbox only. */
export function listOutbox(db: Queryable, limit = 100) {
  return db('emails')
    .orderBy('id', 'desc')
    .limit(limit)
    .select<Pick<EmailRow, 'id' | 'to_address' | 'subject' | 'status' | 'created_at'>[]>(
      'id', 'to_address', 'subject', 'status', 'created_at',
    );
}

export function findEmail(db: Queryable, id: string) {
  return db<EmailRow>('emails').where({ id }).first();
}
