/** Manage-people forms. */
import { z } from 'zod';
import { emailField } from '../../http/form-fields';
import { MEMBERSHIP_ROLES } from '../../rules/permissions.rules';

const roleField = z.preprocess((v) => (typeof v === 'string' ? v : ''), z.enum(MEMBERSHIP_ROLES as [string, ...string[]], { error: 'Choose a role' }));

export const inviteSchema = z.object({
  email: emailField('Enter the email address of the person to add'),
  role: roleField,
});

export const roleSchema = z.object({ role: roleField });
