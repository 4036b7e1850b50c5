/** Lifetimes and the state of a one-time link. Pure. */
export type TokenPurpose = 'activate' | 'reset_password' | 'verify_email';

const HOUR = 3600_000;
export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  activate: 7 * 24 * HOUR, // docs/product.md §3: activation link expires in 7 days
  reset_password: 1 * HOUR, // docs/product.md §3: reset link, 1 hour
  verify_email: 24 * HOUR,
};

export type TokenState = 'valid' | 'expired' | 'used' | 'unknown';

export function tokenState(
  token: { expires_at: Date; used_at: Date | null } | undefined,
  now: Date,
): TokenState {
  if (!token) return 'unknown';
  if (token.used_at) return 'used';
  if (token.expires_at.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

export function tokenExpiry(purpose: TokenPurpose, now: Date): Date {
  return new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]);
}
