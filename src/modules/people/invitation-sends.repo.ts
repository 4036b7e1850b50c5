/**
 * Invitation emails one person sent, business and CUPA staff invitations
 * together: the per-person throttle (src/rules/invitation-limits.rules.ts)
 * counts them wherever the person invites. A person's own activity, so it is
 * keyed by the person rather than by an organization or CUPA scope.
 */
import type { Queryable } from '../../db/transaction';
import type { Sends } from '../../rules/invitation-limits.rules';

type Row = { count: string | number; first: Date | string | null };

export const toSends = (row: Row | undefined): Sends => ({
  count: Number(row?.count ?? 0),
  firstExpiresAt: row?.first ? new Date(row.first) : null,
});

/** Invitations whose last email set an expiry after `expiresAfter`, sent by this person (index *_sender_recent). */
export async function invitationsSentBy(db: Queryable, userId: number, expiresAfter: Date): Promise<Sends> {
  const sent = db
    .select('expires_at')
    .from('invitations')
    .where('invited_by', userId)
    .where('expires_at', '>', expiresAfter)
    .unionAll((q) => q.select('expires_at').from('regulator_invitations').where('invited_by', userId).where('expires_at', '>', expiresAfter));
  const row = await db.from(sent.as('s')).first(db.raw('count(*) as count'), db.raw('min(expires_at) as first'));
  return toSends(row as Row | undefined);
}
