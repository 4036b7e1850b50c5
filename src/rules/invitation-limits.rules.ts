/**
 * How many invitation emails the portal sends on one person's or one
 * tenant's say-so (OWASP Abuse Case Cheat Sheet: an invitation form sends
 * mail to any address, so unthrottled it is a spam and phishing relay).
 * Counted from the invitation tables: each send — the first or a resend — sets
 * expires_at to that moment plus the lifetime, so an invitation's last email
 * went out at expires_at − lifetime. A resend waits an hour after the previous
 * email of the same invitation, so one address cannot be flooded and every
 * email of the last hour is counted. Pure.
 */
import { INVITATION_LIFETIME_MS } from './invitation.rules';

export type InvitationLimits = {
  /** Invitations one person may send (new or resent), across every organization and CUPA, per hour. */
  perPersonPerHour: number;
  /** Invitations one organization or CUPA may send, per 24 hours. */
  perTenantPerDay: number;
};

export const PERSON_WINDOW_MS = 3600_000;
export const TENANT_WINDOW_MS = 24 * 3600_000;
export const RESEND_GAP_MS = 3600_000;

/** When the last email of an invitation went out. */
export const lastSentAt = (expiresAt: Date): Date => new Date(expiresAt.getTime() - INVITATION_LIFETIME_MS);

/** An invitation emailed after `since` expires after this. */
export const expiresAfterWhenSentSince = (since: Date): Date => new Date(since.getTime() + INVITATION_LIFETIME_MS);

/** What the invitation tables say: how many were emailed in the window, and when the earliest of them expires. */
export type Sends = { count: number; firstExpiresAt: Date | null };

/** "in 1 minute", "in 45 minutes", "in 3 hours": the wait until the earliest send leaves its window. */
function waitUntil(firstExpiresAt: Date | null, windowMs: number, now: Date): string {
  const at = firstExpiresAt ? lastSentAt(firstExpiresAt).getTime() + windowMs : now.getTime() + windowMs;
  const minutes = Math.max(1, Math.ceil((at - now.getTime()) / 60_000));
  if (minutes < 90) return `in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const hours = Math.ceil(minutes / 60);
  return `in ${hours} hours`;
}

/** Why one more invitation cannot be emailed now, or null. */
export function invitationLimitProblem(p: { byPerson: Sends; byTenant: Sends; tenantName: string; limits: InvitationLimits; now: Date }): string | null {
  const { byPerson, byTenant, limits, now } = p;
  if (byPerson.count >= limits.perPersonPerHour) {
    return `You have sent ${byPerson.count} invitations in the last hour, the most one person can send. You can send more ${waitUntil(byPerson.firstExpiresAt, PERSON_WINDOW_MS, now)}`;
  }
  if (byTenant.count >= limits.perTenantPerDay) {
    return `${p.tenantName} has sent ${byTenant.count} invitations in the last 24 hours, the most allowed in a day. You can send more ${waitUntil(byTenant.firstExpiresAt, TENANT_WINDOW_MS, now)}`;
  }
  return null;
}

/** Why this invitation cannot be emailed again yet, or null. */
export function resendProblem(p: { expiresAt: Date; email: string; now: Date }): string | null {
  const next = lastSentAt(p.expiresAt).getTime() + RESEND_GAP_MS;
  if (next <= p.now.getTime()) return null;
  const minutes = Math.max(1, Math.ceil((next - p.now.getTime()) / 60_000));
  return `The invitation to ${p.email} was emailed less than an hour ago. If it has not arrived, ask them to look in their spam or junk folder. You can send it again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}
