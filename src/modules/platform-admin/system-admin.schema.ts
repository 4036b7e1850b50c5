/** The options of `npm run admin:create`, with the messages it prints. */
import { z } from 'zod';
import { emailField } from '../../http/form-fields';
import { requiredName } from '../../http/name-fields';
import { usernameField } from '../accounts/accounts.schema';

const given = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** --email, --first and --last are needed only to create an account; promoting one needs the username alone. */
export const adminCreateSchema = z.object({
  username: usernameField,
  email: z.preprocess(given, emailField().optional()),
  first: z.preprocess(given, requiredName('the first name', 50).optional()),
  last: z.preprocess(given, requiredName('the last name', 50).optional()),
});

export type AdminCreateInput = z.infer<typeof adminCreateSchema>;
