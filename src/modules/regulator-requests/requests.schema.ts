/** The CUPA's decision forms: every decision carries a comment, sent to the business. */
import { z } from 'zod';
import { requiredText } from '../../http/form-fields';
import { MEMBERSHIP_ROLES } from '../../rules/permissions.rules';
import type { MembershipRole } from '../../db/types';

const asString = (v: unknown) => (typeof v === 'string' ? v : '');

const comment = requiredText('the comment', 2000, 'Enter a comment: the business receives it with your decision');

export const accessDecisionSchema = z
  .object({
    decision: z.preprocess(asString, z.enum(['grant', 'deny'], { error: 'Choose whether to grant or deny the request' })),
    role: z.preprocess(asString, z.string()),
    comment,
  })
  .superRefine((d, ctx) => {
    if (d.decision === 'grant' && !(MEMBERSHIP_ROLES as string[]).includes(d.role)) {
      ctx.addIssue({ code: 'custom', path: ['role'], message: 'Choose the role to give' });
    }
  })
  .transform((d) => ({ decision: d.decision, role: d.decision === 'grant' ? (d.role as MembershipRole) : null, comment: d.comment }));

export type AccessDecisionInput = z.infer<typeof accessDecisionSchema>;

export const facilityDecisionSchema = z.object({
  decision: z.preprocess(asString, z.enum(['approve', 'deny'], { error: 'Choose whether to approve or deny the request' })),
  comment,
});

export type FacilityDecisionInput = z.infer<typeof facilityDecisionSchema>;
