/** Account home view model. Pure. */
import type { UserRow } from '../../db/types';
import type { EmailRow } from '../../db/types';
import { BUSINESS_ROLE_LABELS, REGULATOR_ROLE_LABELS } from '../../rules/roles.rules';
import type { UserOrganization, UserRegulator } from '../organizations/memberships.repo';

const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'America/Los_Angeles',
});

export function formatDateTime(d: Date): string {
  return dateTime.format(d);
}

export function accountHomeView(
  user: UserRow,
  data: {
    organizations: UserOrganization[];
    regulator: UserRegulator | undefined;
    emails: Pick<EmailRow, 'id' | 'to_address' | 'subject' | 'status' | 'created_at'>[];
    pendingEmail: string | null;
  },
) {
  return {
    profile: {
      name: `${user.first_name} ${user.last_name}`,
      username: user.username,
      email: user.email,
      phone: user.phone ?? '',
      title: user.title ?? '',
      pendingEmail: data.pendingEmail,
    },
    organizations: data.organizations.map((o) => ({ name: o.name, code: o.code, role: BUSINESS_ROLE_LABELS[o.role], url: `/orgs/${o.id}/facilities` })),
    regulator: data.regulator
      ? { name: data.regulator.name, role: REGULATOR_ROLE_LABELS[data.regulator.role] }
      : null,
    systemAdmin: user.is_system_admin,
    emails: data.emails.map((e) => ({
      subject: e.subject,
      to: e.to_address,
      sentAt: formatDateTime(e.created_at),
      status: e.status === 'failed' ? 'Not delivered' : e.status === 'outbox' ? 'Kept in development outbox' : e.status === 'queued' ? 'Sending' : 'Sent',
    })),
  };
}
