/** Request-access and decision forms. */
import { z } from 'zod';
import { optionalText, requiredText } from '../../http/form-fields';
import { requiredName } from '../../http/name-fields';
import { MEMBERSHIP_ROLES } from '../../rules/permissions.rules';

const asString = (v: unknown) => (typeof v === 'string' ? v : '');
const roleField = (message: string) => z.preprocess(asString, z.enum(MEMBERSHIP_ROLES as [string, ...string[]], { error: message }));

export const requestAccessSchema = z.object({
  phone: requiredText('your phone number', 25, 'Enter your phone number').refine(
    (v) => /^[0-9()+.\-\s]{7,25}(\s*(x|ext\.?)\s*\d{1,6})?$/i.test(v),
    'Enter a phone number, like 661 555 0100',
  ),
  title: requiredName('your job title', 100, 'Enter your job title'),
  role: roleField('Choose the role you need'),
  message: optionalText('message', 500),
});

export const decisionSchema = z
  .object({
    decision: z.preprocess(asString, z.enum(['grant', 'deny'], { error: 'Choose whether to grant or deny the request' })),
    role: z.preprocess(asString, z.string()),
    comment: optionalText('comment', 500),
  })
  .superRefine((d, ctx) => {
    if (d.decision === 'grant' && !(MEMBERSHIP_ROLES as string[]).includes(d.role)) {
      ctx.addIssue({ code: 'custom', path: ['role'], message: 'Choose the role to give' });
    }
  });
