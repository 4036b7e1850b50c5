/** Access request view models. Pure. */
import { BUSINESS_ROLE_LABELS } from '../../rules/roles.rules';
import { formatDateTime } from '../accounts/account.presenter';
import type { AccessRequestListItem } from './access-requests.repo';

export function accessRequestView(base: string, r: AccessRequestListItem) {
  return {
    id: r.id,
    requester: r.requester_name,
    email: r.requester_email,
    phone: r.phone,
    title: r.title,
    facility: `${r.facility_name} (CERS ID ${r.cers_id})`,
    roleRequested: BUSINESS_ROLE_LABELS[r.role_requested],
    roleRequestedCode: r.role_requested,
    message: r.message,
    requestedAt: formatDateTime(r.created_at),
    pending: r.status === 'pending',
    status: r.status === 'pending' ? 'Waiting for a decision' : r.status === 'granted' ? `Granted as ${BUSINESS_ROLE_LABELS[r.role_granted ?? r.role_requested]}` : 'Denied',
    comment: r.decision_comment,
    url: `${base}/access-requests/${r.id}`,
  };
}
