import { createHash } from 'node:crypto';
import { hashTokenSecret, newTokenSecret } from '../../src/auth/tokens';

describe('newTokenSecret', () => {
  test('is 32 random bytes as 43 base64url characters', () => {
    const s = newTokenSecret();
    expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(s, 'base64url')).toHaveLength(32);
  });

  test('is different every time', () => {
    const many = new Set(Array.from({ length: 50 }, () => newTokenSecret()));
    expect(many.size).toBe(50);
  });
});

describe('hashTokenSecret', () => {
  test('is the SHA-256 hex of the secret', () => {
    expect(hashTokenSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const s = newTokenSecret();
    expect(hashTokenSecret(s)).toBe(createHash('sha256').update(s).digest('hex'));
  });

  test('is deterministic, 64 hex characters, and not the secret itself', () => {
    const s = newTokenSecret();
    const h = hashTokenSecret(s);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashTokenSecret(s)).toBe(h);
    expect(h).not.toBe(s);
    expect(hashTokenSecret(newTokenSecret())).not.toBe(h);
  });
});
