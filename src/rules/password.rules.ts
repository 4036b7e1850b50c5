/**
 * Password policy (docs/product.md §3): at least 12 characters, not a well-known password,
 * not built from the person's own username or email. Pure; the messages here are
 * the ones shown on every form that sets a password.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export const PASSWORD_HINT =
  `At least ${PASSWORD_MIN} characters. A few unrelated words make a strong password. ` +
  'Do not use your username, your email address or a well-known password.';

// Long passwords that appear near the top of breach corpora; short ones fail the length rule anyway.
const COMMON = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456789123', '1234567891011',
  'password1234', 'password12345', 'password123456', 'passwordpassword', 'password123!',
  'qwertyuiop12', 'qwertyuiopasdf', 'qwertyuiopasdfgh', 'qwerty123456', '1qaz2wsx3edc',
  'iloveyou1234', 'abc123456789', 'abcdefghijkl', 'abcd12345678', 'letmein12345',
  'welcome12345', 'welcome123456', 'administrator', 'administrator1', 'changeme1234',
  'trustno1trustno1', 'football1234', 'baseball1234', 'sunshine1234', 'princess1234',
  'monkey123456', 'dragon123456', 'superman1234', 'starwars1234', 'whatever1234',
  'aaaaaaaaaaaa', '111111111111', '000000000000', 'asdfghjkl123', 'zaq12wsxcde3',
  'california12', 'california123', 'california1234', 'hazmat123456',
]);

export type PasswordProblem = { code: string; message: string };

export function passwordProblems(
  password: string,
  person: { username?: string; email?: string } = {},
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (password.length < PASSWORD_MIN) {
    problems.push({ code: 'too_short', message: `Password must be at least ${PASSWORD_MIN} characters` });
    return problems;
  }
  if (password.length > PASSWORD_MAX) {
    problems.push({ code: 'too_long', message: `Password must be ${PASSWORD_MAX} characters or fewer` });
    return problems;
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) {
    problems.push({ code: 'common', message: 'That password is too easy to guess. Choose a different one' });
  }
  const username = person.username?.trim().toLowerCase();
  const local = person.email?.split('@')[0]?.trim().toLowerCase();
  if ((username && username.length >= 4 && lower.includes(username)) || (local && local.length >= 4 && lower.includes(local))) {
    problems.push({ code: 'personal', message: 'Password must not contain your username or email address' });
  }
  return problems;
}
