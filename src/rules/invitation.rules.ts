/** Invitations (docs/product.md §4.3): a link that works once, for 30 days, for the address it was sent to. Pure. */
export const INVITATION_LIFETIME_MS = 30 * 24 * 3600_000;

export type InvitationState = 'valid' | 'expired' | 'used' | 'revoked' | 'unknown';

export function invitationState(
  inv: { expires_at: Date; accepted_at: Date | null; revoked_at: Date | null } | undefined,
  now: Date,
): InvitationState {
  if (!inv) return 'unknown';
  if (inv.revoked_at) return 'revoked';
  if (inv.accepted_at) return 'used';
  if (inv.expires_at.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

/** "jane.doe@example.com" → "j•••@example.com": enough to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}
