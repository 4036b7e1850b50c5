import { profileSchema, registerSchema } from '../../src/modules/accounts/accounts.schema';
import { parseForm, type FormErrors } from '../../src/http/form-errors';

const PW = 'correct horse battery staple';
const valid = {
  firstName: 'Maria',
  lastName: 'Lopez',
  email: 'maria@example.com',
  username: 'mlopez',
  password: PW,
  confirmPassword: PW,
};

function errorsOf(schema: Parameters<typeof parseForm>[0], body: unknown): FormErrors {
  const result = parseForm(schema, body);
  if (result.ok) throw new Error('expected the form to be refused');
  return result.errors;
}

describe('registerSchema', () => {
  test('a valid form parses, with text trimmed and passwords untouched', () => {
    const pw = `  ${PW}  `;
    const result = parseForm(registerSchema, {
      ...valid,
      firstName: '  Maria ',
      email: ' maria@example.com ',
      username: ' mlopez ',
      password: pw,
      confirmPassword: pw,
    });
    expect(result).toEqual({
      ok: true,
      data: { ...valid, password: pw, confirmPassword: pw },
    });
  });

  test('an empty body gives one message per field, summary in form order, linked to each field', () => {
    const errors = errorsOf(registerSchema, undefined);
    expect(errors.fields).toEqual({
      firstName: 'Enter your first name',
      lastName: 'Enter your last name',
      email: 'Enter your email address',
      username: 'Enter a username',
      password: 'Enter a password',
    });
    expect(errors.summary).toEqual([
      { text: 'Enter your first name', href: '#firstName' },
      { text: 'Enter your last name', href: '#lastName' },
      { text: 'Enter your email address', href: '#email' },
      { text: 'Enter a username', href: '#username' },
      { text: 'Enter a password', href: '#password' },
    ]);
  });

  test('whitespace-only and non-string values count as empty', () => {
    const errors = errorsOf(registerSchema, { ...valid, firstName: '   ', lastName: 42 });
    expect(errors.fields).toEqual({ firstName: 'Enter your first name', lastName: 'Enter your last name' });
  });

  test('an invalid email address', () => {
    expect(errorsOf(registerSchema, { ...valid, email: 'maria@' }).fields).toEqual({
      email: 'Enter an email address in the correct format, like name@example.com',
    });
  });

  test('username rules', () => {
    const msg = (username: string) => errorsOf(registerSchema, { ...valid, username }).fields.username;
    expect(msg('abc')).toBe('Username must be at least 4 characters');
    expect(msg('a'.repeat(51))).toBe('Username must be 50 characters or fewer');
    expect(msg('.mlopez')).toBe(
      'Username can contain only letters, numbers, dots, hyphens and underscores, and must start with a letter or number',
    );
    expect(msg('m lopez')).toMatch(/^Username can contain only/);
    expect(parseForm(registerSchema, { ...valid, username: 'm.lopez_2-x' }).ok).toBe(true);
  });

  test('passwords that differ', () => {
    expect(errorsOf(registerSchema, { ...valid, confirmPassword: `${PW}!` }).fields).toEqual({
      confirmPassword: 'Passwords do not match',
    });
  });

  test('password policy messages are keyed by the password field', () => {
    const errors = errorsOf(registerSchema, { ...valid, password: 'my mlopez password', confirmPassword: 'my mlopez password' });
    expect(errors.fields).toEqual({ password: 'Password must not contain your username or email address' });
    const short = errorsOf(registerSchema, { ...valid, password: 'short', confirmPassword: 'short' });
    expect(short.summary).toEqual([{ text: 'Password must be at least 12 characters', href: '#password' }]);
  });

  test('only the first message of a field is kept', () => {
    // '.a' breaks two username rules; only the first is shown, once in the summary.
    const errors = errorsOf(registerSchema, { ...valid, username: '.a', password: 'short', confirmPassword: '' });
    expect(errors.fields).toEqual({
      username: 'Username must be at least 4 characters',
      password: 'Password must be at least 12 characters',
      confirmPassword: 'Passwords do not match',
    });
    expect(errors.summary.map((s) => s.href)).toEqual(['#username', '#password', '#confirmPassword']);
  });
});

describe('profileSchema', () => {
  const profile = { firstName: 'Maria', lastName: 'Lopez', email: 'maria@example.com' };

  test('blank or missing phone and title become null', () => {
    expect(parseForm(profileSchema, { ...profile, phone: '   ', title: '' })).toEqual({
      ok: true,
      data: { ...profile, phone: null, title: null, currentPassword: '' },
    });
    expect(parseForm(profileSchema, profile)).toEqual({ ok: true, data: { ...profile, phone: null, title: null, currentPassword: '' } });
  });

  test('phone and title are trimmed when given', () => {
    const result = parseForm(profileSchema, { ...profile, phone: ' 661 555 0100 ext 12 ', title: ' Manager ' });
    expect(result).toEqual({ ok: true, data: { ...profile, phone: '661 555 0100 ext 12', title: 'Manager', currentPassword: '' } });
  });

  test('a phone that is not a phone number', () => {
    for (const phone of ['call me', '12345', '661-555-0100 please']) {
      expect(errorsOf(profileSchema, { ...profile, phone }).fields).toEqual({ phone: 'Enter a phone number, like 661 555 0100' });
    }
  });

  test('a title that is too long', () => {
    expect(errorsOf(profileSchema, { ...profile, title: 'x'.repeat(101) }).fields).toEqual({
      title: 'Job title must be 100 characters or fewer',
    });
  });
});
