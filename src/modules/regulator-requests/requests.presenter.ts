/** View models of the CUPA's requests pages. Pure. */
import { pager } from '../../http/pager';
import { BUSINESS_ROLE_LABELS } from '../../rules/roles.rules';
import { formatDateTime } from '../accounts/account.presenter';
import { addressLine } from '../facilities/facilities.presenter';
import { ROLE_OPTIONS } from '../people/people.presenter';
import type { JurisdictionFacility, RegulatorAccessRequest, RegulatorFacilityRequest, RequestKind, RequestListRow, RequestStatus } from './requests.repo';
import type { FacilityOutcome } from './requests.service';

export const KIND_LABELS: Record<RequestKind, string> = { access: 'Access request', transfer: 'Transfer', merge: 'Merge', delete: 'Delete' };

const STATUS_LABELS: Record<RequestStatus, string> = { pending: 'Waiting for your decision', granted: 'Granted', denied: 'Denied', approved: 'Approved', withdrawn: 'Withdrawn' };

export const accessRequestUrl = (id: number) => `/regulator/requests/access/${id}`;
export const facilityRequestUrl = (id: number) => `/regulator/requests/facility/${id}`;
const facilityUrl = (cersId: number) => `/regulator/facilities/${cersId}`;
const listUrl = (page: number) => `/regulator/requests${page > 1 ? `?page=${page}` : ''}`;

export function requestsListView(data: {
  rows: RequestListRow[];
  counts: { pending: Partial<Record<RequestKind, number>>; pendingTotal: number; decided: number };
  total: number;
  page: number;
  pages: number;
}) {
  const rows = data.rows.map((r) => ({
    url: r.type === 'access' ? accessRequestUrl(r.id) : facilityRequestUrl(r.id),
    what: KIND_LABELS[r.kind],
    facility: r.facility_name,
    cersId: r.cers_id,
    city: r.city,
    organization: r.organization_name,
    requester: r.requester_name ?? 'A former user',
    asked: formatDateTime(r.created_at),
    status: STATUS_LABELS[r.status],
    statusCode: r.status,
    decided: r.decided_at ? formatDateTime(r.decided_at) : null,
    pending: r.status === 'pending',
  }));
  return {
    pending: rows.filter((r) => r.pending),
    decided: rows.filter((r) => !r.pending),
    counts: (['access', 'transfer', 'merge', 'delete'] as RequestKind[]).map((k) => ({ text: KIND_LABELS[k], count: data.counts.pending[k] ?? 0 })),
    pendingTotal: data.counts.pendingTotal,
    decidedTotal: data.counts.decided,
    pager: pager(listUrl, data.page, data.pages),
  };
}

function decisionView(r: { status: RequestStatus; decided_by_name: string | null; decided_at: Date | null; decision_comment: string | null }) {
  return {
    pending: r.status === 'pending',
    status: STATUS_LABELS[r.status],
    statusCode: r.status,
    decidedBy: r.decided_by_name,
    decidedAt: r.decided_at ? formatDateTime(r.decided_at) : null,
    comment: r.decision_comment,
  };
}

/** The message when the form arrives after someone else decided. */
export function alreadyDecidedText(r: { status: RequestStatus; decided_by_name: string | null; decided_at: Date | null }): string {
  if (r.status === 'withdrawn') return 'The business withdrew this request. Your decision was not saved; nothing was changed.';
  const when = r.decided_at ? ` on ${formatDateTime(r.decided_at)}` : '';
  return `This request was already ${STATUS_LABELS[r.status].toLowerCase()} by ${r.decided_by_name ?? 'another Regulator Admin'}${when}. Your decision was not saved; nothing was changed.`;
}

export function accessRequestPageView(r: RegulatorAccessRequest) {
  return {
    type: 'access' as const,
    title: `Access request from ${r.requester_name}`,
    what: KIND_LABELS.access,
    request: {
      id: r.id,
      requester: r.requester_name,
      email: r.requester_email,
      phone: r.phone,
      jobTitle: r.title,
      roleRequested: BUSINESS_ROLE_LABELS[r.role_requested],
      roleGranted: r.role_granted ? BUSINESS_ROLE_LABELS[r.role_granted] : null,
      message: r.message,
      asked: formatDateTime(r.created_at),
      ...decisionView(r),
    },
    facility: { name: r.facility_name, cersId: r.cers_id, address: addressLine({ street: r.facility_street, city: r.facility_city, zip: r.facility_zip }), url: facilityUrl(r.cers_id) },
    organization: { name: r.organization_name, code: r.organization_code, leadUsers: r.lead_users },
    decideUrl: `${accessRequestUrl(r.id)}/decision`,
    decisionOptions: [
      { value: 'grant', text: 'Grant', hint: 'The person joins the organization with the role chosen below.' },
      { value: 'deny', text: 'Deny', hint: 'The person does not join the organization.' },
    ],
    roleOptions: ROLE_OPTIONS,
    // The organization has no Lead User: someone must become one.
    defaultRole: 'lead_user',
  };
}

const FACILITY_STATUS = { active: 'Active', archived: 'Archived', deleted: 'Deleted' } as const;

export function facilityRequestPageView(d: {
  r: RegulatorFacilityRequest;
  targetOrganization: { id: number; name: string; code: string } | null;
  targetFacility: JurisdictionFacility | null;
  discards: string[];
}) {
  const { r } = d;
  const what = {
    transfer: `Transfer to organization ${r.target_organization_code}`,
    merge: 'Merge into another facility',
    delete: 'Delete the facility',
  }[r.kind];
  const approveHint = {
    transfer: 'The facility and everything submitted for it move to the receiving organization. The requesting organization keeps a read-only record under Archived facilities.',
    merge: 'Everything of this facility moves to the facility to keep, which then shows both histories. This facility is archived. Its drafts of elements the other facility also has a draft of are discarded.',
    delete: 'Only possible while nothing was ever submitted for the facility. Its drafts are discarded and it disappears from every list. Its CERS ID is never reused.',
  }[r.kind];
  const t = d.targetFacility;
  return {
    type: 'facility' as const,
    kind: r.kind,
    title: `${KIND_LABELS[r.kind]}: ${r.facility_name}`,
    what,
    request: {
      id: r.id,
      reason: r.reason,
      requester: r.requester_name ?? 'A former user',
      email: r.requester_email,
      asked: formatDateTime(r.created_at),
      ...decisionView(r),
    },
    facility: {
      name: r.facility_name,
      cersId: r.cers_id,
      address: addressLine({ street: r.facility_street, city: r.facility_city, zip: r.facility_zip }),
      status: FACILITY_STATUS[r.facility_status],
      submitted: r.submitted_versions,
      drafts: r.drafts,
      url: r.facility_status === 'deleted' ? null : facilityUrl(r.cers_id),
    },
    organization: { name: r.organization_name, code: r.organization_code },
    targetOrganization: r.kind === 'transfer' ? { code: r.target_organization_code, name: d.targetOrganization?.name ?? null } : null,
    targetFacility:
      r.kind === 'merge'
        ? t
          ? { found: true, name: t.name, cersId: t.cers_id, address: addressLine(t), organization: t.organization_name, status: FACILITY_STATUS[t.status], url: facilityUrl(t.cers_id) }
          : { found: false }
        : null,
    deleteBlocked: r.kind === 'delete' && r.submitted_versions > 0,
    discards: d.discards,
    decideUrl: `${facilityRequestUrl(r.id)}/decision`,
    decisionOptions: [
      { value: 'approve', text: 'Approve', hint: approveHint },
      { value: 'deny', text: 'Deny', hint: 'Nothing changes.' },
    ],
  };
}

export function facilityDecidedFlash(facility: string, outcome: FacilityOutcome): string {
  switch (outcome.kind) {
    case 'denied':
      return `The request was denied; nothing changed. The business has been emailed.`;
    case 'transfer':
      return `${facility} was transferred to ${outcome.to.name} with its history. Both organizations have been emailed.`;
    case 'merge':
      return `${facility} was merged into ${outcome.survivor.name} (CERS ID ${outcome.survivor.cers_id}).${outcome.discarded.length ? ` Drafts discarded: ${outcome.discarded.join(', ')}.` : ''} The business has been emailed.`;
    case 'delete':
      return `${facility} was deleted. The business has been emailed.`;
  }
}
