/** Manage-people view models. Pure. */
import { BUSINESS_ROLE_LABELS } from '../../rules/roles.rules';
import { MEMBERSHIP_ROLES } from '../../rules/permissions.rules';
import { formatDateTime } from '../accounts/account.presenter';
import type { InvitationRow, MemberRow } from './people.repo';

export const ROLE_OPTIONS = MEMBERSHIP_ROLES.map((r) => ({
  value: r,
  text: BUSINESS_ROLE_LABELS[r],
  hint: {
    viewer: 'Sees the facilities and submittals; changes nothing.',
    editor: 'Also edits drafts and uploads inventory and documents; cannot submit.',
    approver: 'Also submits to the CUPA.',
    lead_user: 'Also manages people and facilities, and grants access requests.',
  }[r],
}));

export function peopleView(base: string, currentUserId: number, data: { members: MemberRow[]; invitations: InvitationRow[] }) {
  const leadCount = data.members.filter((m) => m.role === 'lead_user').length;
  return {
    leadCount,
    recommendSecondLead: leadCount === 1,
    members: data.members.map((m) => ({
      name: `${m.first_name} ${m.last_name}`,
      email: m.email,
      role: BUSINESS_ROLE_LABELS[m.role],
      isYou: m.user_id === currentUserId,
      onlyLead: m.role === 'lead_user' && leadCount === 1,
      roleUrl: `${base}/people/${m.membership_id}/role`,
      removeUrl: `${base}/people/${m.membership_id}/remove`,
    })),
    invitations: data.invitations.map((i) => ({
      email: i.email,
      role: BUSINESS_ROLE_LABELS[i.role],
      expires: formatDateTime(i.expires_at),
      resendUrl: `${base}/people/invitations/${i.id}/resend`,
      revokeUrl: `${base}/people/invitations/${i.id}/revoke`,
    })),
  };
}
