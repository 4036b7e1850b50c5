/** The account forms and their messages. */
import { z } from 'zod';
import { emailField, optionalText, passwordField, requiredText } from '../../http/form-fields';
import { optionalName, requiredName } from '../../http/name-fields';
import { passwordProblems } from '../../rules/password.rules';

const newPassword = (field: string, confirmField: string) =>
  (data: Record<string, unknown>, ctx: z.RefinementCtx, person: { username?: string; email?: string }) => {
    const pw = String(data[field] ?? '');
    for (const p of passwordProblems(pw, person)) ctx.addIssue({ code: 'custom', path: [field], message: p.message });
    if (pw && data[confirmField] !== pw) {
      ctx.addIssue({ code: 'custom', path: [confirmField], message: 'Passwords do not match' });
    }
  };

export const usernameField = z.preprocess(
  (v) => (typeof v === 'string' ? v : ''),
  z
    .string()
    .trim()
    .min(1, 'Enter a username')
    .min(4, 'Username must be at least 4 characters')
    .max(50, 'Username must be 50 characters or fewer')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Username can contain only letters, numbers, dots, hyphens and underscores, and must start with a letter or number'),
);

export const registerSchema = z
  .object({
    firstName: requiredName('your first name', 50),
    lastName: requiredName('your last name', 50),
    email: emailField(),
    username: usernameField,
    password: passwordField('Enter a password'),
    confirmPassword: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string()),
  })
  .superRefine((d, ctx) => newPassword('password', 'confirmPassword')(d, ctx, { username: d.username, email: d.email }));
export type RegisterInput = z.infer<typeof registerSchema>;

export const signInSchema = z.object({
  login: requiredText('your username or email address', 254),
  password: passwordField('Enter your password'),
});

export const emailOnlySchema = z.object({ email: emailField() });

export const forgotPasswordSchema = z.object({
  login: requiredText('your username or email address', 254),
});

export const resetPasswordSchema = z
  .object({
    password: passwordField('Enter a new password'),
    confirmPassword: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string()),
  })
  .superRefine((d, ctx) => newPassword('password', 'confirmPassword')(d, ctx, {}));

export const profileSchema = z.object({
  firstName: requiredName('your first name', 50),
  lastName: requiredName('your last name', 50),
  email: emailField(),
  phone: optionalText('phone number', 25).refine(
    (v) => v === null || /^[0-9()+.\-\s]{7,25}(\s*(x|ext\.?)\s*\d{1,6})?$/i.test(v),
    'Enter a phone number, like 661 555 0100',
  ),
  title: optionalName('job title', 100),
  // Needed only when the email address changes; the service decides.
  currentPassword: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string()),
});
export type ProfileInput = z.infer<typeof profileSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: passwordField('Enter your current password'),
    newPassword: passwordField('Enter a new password'),
    confirmPassword: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string()),
  })
  .superRefine((d, ctx) => newPassword('newPassword', 'confirmPassword')(d, ctx, {}));
