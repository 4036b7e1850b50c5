import { TOKEN_LIFETIME_MS, tokenExpiry, tokenState } from '../../src/rules/token.rules';

const HOUR = 3600_000;
const now = new Date('2025-03-01T12:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);

describe('tokenState', () => {
  test('no token is unknown', () => {
    expect(tokenState(undefined, now)).toBe('unknown');
  });

  test('a used token is used, even if it has also expired', () => {
    expect(tokenState({ expires_at: at(HOUR), used_at: at(-1000) }, now)).toBe('used');
    expect(tokenState({ expires_at: at(-HOUR), used_at: at(-2 * HOUR) }, now)).toBe('used');
  });

  test('before expires_at it is valid; at or after it, expired', () => {
    expect(tokenState({ expires_at: at(1), used_at: null }, now)).toBe('valid');
    expect(tokenState({ expires_at: at(0), used_at: null }, now)).toBe('expired');
    expect(tokenState({ expires_at: at(-1), used_at: null }, now)).toBe('expired');
  });
});

describe('lifetimes', () => {
  test('activation 7 days, reset 1 hour, email verification 24 hours', () => {
    expect(TOKEN_LIFETIME_MS.activate).toBe(7 * 24 * HOUR);
    expect(TOKEN_LIFETIME_MS.reset_password).toBe(HOUR);
    expect(TOKEN_LIFETIME_MS.verify_email).toBe(24 * HOUR);
  });

  test('tokenExpiry adds the lifetime to now', () => {
    expect(tokenExpiry('activate', now).toISOString()).toBe('2025-03-08T12:00:00.000Z');
    expect(tokenExpiry('reset_password', now).toISOString()).toBe('2025-03-01T13:00:00.000Z');
    expect(tokenExpiry('verify_email', now).toISOString()).toBe('2025-03-02T12:00:00.000Z');
  });

  test('a fresh reset token is valid until exactly one hour later', () => {
    const token = { expires_at: tokenExpiry('reset_password', now), used_at: null };
    expect(tokenState(token, at(HOUR - 1))).toBe('valid');
    expect(tokenState(token, at(HOUR))).toBe('expired');
  });
});
