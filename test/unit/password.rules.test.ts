import { PASSWORD_MAX, PASSWORD_MIN, passwordProblems } from '../../src/rules/password.rules';

const codes = (pw: string, person?: { username?: string; email?: string }) => passwordProblems(pw, person).map((p) => p.code);

describe('passwordProblems', () => {
  test('limits are 12 and 128', () => {
    expect(PASSWORD_MIN).toBe(12);
    expect(PASSWORD_MAX).toBe(128);
  });

  test('a good passphrase has no problems', () => {
    expect(passwordProblems('correct horse battery staple', { username: 'mlopez', email: 'maria@example.com' })).toEqual([]);
  });

  test('shorter than 12 characters is too short, and nothing else is reported', () => {
    expect(passwordProblems('aaaaaaaaaaa')).toEqual([{ code: 'too_short', message: 'Password must be at least 12 characters' }]);
    expect(passwordProblems('')).toHaveLength(1);
    expect(codes('x'.repeat(11) + 'y')).toEqual([]);
  });

  test('longer than 128 characters is too long; exactly 128 is fine', () => {
    const base = 'correct horse battery staple ';
    const long = base.repeat(5).slice(0, 129);
    expect(passwordProblems(long)).toEqual([{ code: 'too_long', message: 'Password must be 128 characters or fewer' }]);
    expect(codes(long.slice(0, 128))).toEqual([]);
  });

  test('well-known passwords are refused, whatever their case', () => {
    const common = [{ code: 'common', message: 'That password is too easy to guess. Choose a different one' }];
    expect(passwordProblems('password1234')).toEqual(common);
    expect(passwordProblems('PassWord1234')).toEqual(common);
    expect(passwordProblems('california123')).toEqual(common);
  });

  test('one character repeated is refused, even if not in the list', () => {
    expect(codes('aaaaaaaaaaaa')).toEqual(['common']);
    expect(codes('zzzzzzzzzzzzzzzzzzzz')).toEqual(['common']);
    expect(codes('zzzzzzzzzzzzzzzzzzzy')).toEqual([]);
  });

  test('containing the username is refused, case-insensitively', () => {
    expect(passwordProblems('my name is MLopez ok', { username: 'mlopez' })).toEqual([
      { code: 'personal', message: 'Password must not contain your username or email address' },
    ]);
    expect(codes('my name is mlopez ok', { username: '  MLOPEZ ' })).toEqual(['personal']);
  });

  test('containing the email local part is refused, case-insensitively', () => {
    expect(codes('hello MARIA.L friends', { email: 'maria.l@example.com' })).toEqual(['personal']);
    // The domain alone is not personal.
    expect(codes('example.com is my site', { email: 'maria.l@example.com' })).toEqual([]);
  });

  test('usernames and local parts shorter than 4 characters are ignored', () => {
    expect(codes('the bob and the sea', { username: 'bob', email: 'sea@example.com' })).toEqual([]);
    expect(codes('the bobby and the sea', { username: 'bobby' })).toEqual(['personal']);
  });

  test('common and personal problems are both reported', () => {
    expect(codes('password1234', { username: 'password' })).toEqual(['common', 'personal']);
  });
});
