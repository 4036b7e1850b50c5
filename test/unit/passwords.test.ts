import { hashPassword, verifyAgainstDecoy, verifyPassword } from '../../src/auth/passwords';

const PW = 'correct horse battery staple';

describe('password hashing', () => {
  let stored: string;
  beforeAll(async () => {
    stored = await hashPassword(PW);
  });

  test('the stored form is scrypt$N$r$p$salt$key with base64url salt and key', () => {
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain(PW);
  });

  test('two hashes of one password differ (random salt) and both verify', async () => {
    const again = await hashPassword(PW);
    expect(again).not.toBe(stored);
    expect(again.split('$')[4]).not.toBe(stored.split('$')[4]);
    expect(await verifyPassword(PW, again)).toBe(true);
  });

  test('verifyPassword accepts the right password and refuses others', async () => {
    expect(await verifyPassword(PW, stored)).toBe(true);
    expect(await verifyPassword(PW.toUpperCase(), stored)).toBe(false);
    expect(await verifyPassword(`${PW} `, stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  test('a tampered key does not verify', async () => {
    const parts = stored.split('$');
    const key = parts[5]!;
    parts[5] = (key[0] === 'A' ? 'B' : 'A') + key.slice(1);
    expect(await verifyPassword(PW, parts.join('$'))).toBe(false);
  });

  test.each<[string, (s: string) => string]>([
    ['empty', () => ''],
    ['plain text', () => PW],
    ['another algorithm', (s) => s.replace(/^scrypt/, 'bcrypt')],
    ['too few parts', (s) => s.split('$').slice(0, 5).join('$')],
    ['too many parts', (s) => `${s}$extra`],
    ['non-numeric N', (s) => s.replace('$32768$', '$abc$')],
    ['zero r', (s) => s.replace('$8$1$', '$0$1$')],
    ['empty key', (s) => s.replace(/\$[^$]+$/, '$')],
  ])('a malformed stored value (%s) gives false, not an exception', async (_name, malform) => {
    const bad = malform(stored);
    expect(bad).not.toBe(stored);
    await expect(verifyPassword(PW, bad)).resolves.toBe(false);
  });

  test('verifyAgainstDecoy resolves false, even when called again', async () => {
    await expect(verifyAgainstDecoy(PW)).resolves.toBe(false);
    await expect(verifyAgainstDecoy('')).resolves.toBe(false);
  });
});

test('a hash with impossible scrypt parameters is a failed check, not an exception', async () => {
  await expect(verifyPassword('whatever', 'scrypt$3$8$1$AAAA$AAAA')).resolves.toBe(false);
  await expect(verifyPassword('whatever', 'scrypt$1048576$8$1$AAAA$AAAA')).resolves.toBe(false);
});
