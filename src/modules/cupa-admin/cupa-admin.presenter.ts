/** View models of the CUPA administration pages. Pure. */
import type { RegulatorRole } from '../../db/types';
import { DEFAULT_POLICY, DOCUMENT_OPTIONS } from '../../rules/documents.rules';
import { annualDueDateText, MONTH_NAMES, POLICY_NOTE_MAX } from '../../rules/local-policy.rules';
import { REGULATOR_ROLES } from '../../rules/regulator-permissions.rules';
import { REGULATOR_ROLE_LABELS } from '../../rules/roles.rules';
import { invitationState } from '../../rules/invitation.rules';
import { formatDateTime } from '../accounts/account.presenter';
import type { ContactRow, DocumentPolicyRow, LocalPolicyRow } from './cupa-admin.repo';
import { noEmployeesKey, noteKey, optionsKey, POLICY_PARTS } from './cupa-admin.schema';
import type { RegulatorInvitationRow, StaffRow } from './cupa-staff.repo';

export const ADMIN_BASE = '/regulator/admin';

export const REGULATOR_ROLE_OPTIONS = REGULATOR_ROLES.map((r) => ({
  value: r,
  text: REGULATOR_ROLE_LABELS[r],
  hint: {
    regulator_viewer: 'Sees the facilities and submittals of the jurisdiction; changes nothing.',
    reviewer: 'Also accepts or does not accept submitted elements, and makes minor corrections.',
    regulator_admin: 'Also decides access, transfer, merge and delete requests, and runs the CUPA’s staff, policies and contact details.',
  }[r as RegulatorRole],
}));

export function staffView(currentUserId: number, data: { staff: StaffRow[]; invitations: RegulatorInvitationRow[] }, now: Date) {
  const adminCount = data.staff.filter((s) => s.role === 'regulator_admin').length;
  return {
    adminCount,
    recommendSecondAdmin: adminCount === 1,
    staff: data.staff.map((s) => ({
      name: `${s.first_name} ${s.last_name}`,
      email: s.email,
      role: REGULATOR_ROLE_LABELS[s.role],
      isYou: s.user_id === currentUserId,
      onlyAdmin: s.role === 'regulator_admin' && adminCount === 1,
      roleUrl: `${ADMIN_BASE}/staff/${s.staff_id}/role`,
      removeUrl: `${ADMIN_BASE}/staff/${s.staff_id}/remove`,
    })),
    invitations: data.invitations.map((i) => ({
      email: i.email,
      role: REGULATOR_ROLE_LABELS[i.role],
      expires: formatDateTime(i.expires_at),
      expired: invitationState(i, now) === 'expired',
      resendUrl: `${ADMIN_BASE}/invitations/${i.id}/resend`,
      revokeUrl: `${ADMIN_BASE}/invitations/${i.id}/revoke`,
    })),
  };
}

export const MONTH_OPTIONS = MONTH_NAMES.map((m, i) => ({ value: String(i + 1), text: m }));

const YES_NO = (yes: string, no: string) => [
  { value: 'yes', text: 'Yes', hint: yes },
  { value: 'no', text: 'No', hint: no },
];

export const WASTE_OPTIONS = YES_NO('Every hazardous waste is reported, whatever the amount.', 'Hazardous waste is reported at the same thresholds as other materials (55 gallons, 500 pounds, 200 cubic feet).');
export const CORRECTION_OPTIONS = YES_NO('Reviewers may fix misspellings and similar small mistakes in a submitted version; the business sees the corrected version, the original and why.', 'Reviewers never change what a business submitted.');

/** The form's values as they are saved now; parts without a saved policy accept every option. */
export function policiesFormValues(policy: LocalPolicyRow, parts: DocumentPolicyRow[]): Record<string, unknown> {
  const saved = new Map(parts.map((p) => [p.part_code, p]));
  const values: Record<string, unknown> = {
    dueMonth: String(policy.annual_due_month),
    dueDay: String(policy.annual_due_day),
    wasteAnyAmount: policy.waste_any_amount ? 'yes' : 'no',
    minorCorrections: policy.minor_corrections_allowed ? 'yes' : 'no',
  };
  for (const p of POLICY_PARTS) {
    const s = saved.get(p.code);
    values[optionsKey(p.code)] = s ? s.accepted_options : DEFAULT_POLICY.acceptedOptions;
    values[noteKey(p.code)] = s?.note ?? '';
    values[noEmployeesKey(p.code)] = s?.exempt_requires_no_employees ? 'yes' : '';
  }
  return values;
}

/** The document parts grouped by element, each with its three field names. */
export function policyPartsView() {
  const groups: { element: string; parts: { name: string; optionsName: string; noteName: string; noEmployeesName: string }[] }[] = [];
  for (const p of POLICY_PARTS) {
    let g = groups.find((x) => x.element === p.element);
    if (!g) groups.push((g = { element: p.element, parts: [] }));
    g.parts.push({ name: p.name, optionsName: optionsKey(p.code), noteName: noteKey(p.code), noEmployeesName: noEmployeesKey(p.code) });
  }
  return { groups, documentOptions: DOCUMENT_OPTIONS.map((o) => ({ value: o.value, text: o.label, hint: o.hint })), noteMax: POLICY_NOTE_MAX };
}

export function overviewView(d: { counts: { staff: number; invitations: number }; policy: LocalPolicyRow; contact: ContactRow }) {
  const c = d.contact;
  return {
    staff: `${d.counts.staff} ${d.counts.staff === 1 ? 'person' : 'people'}${d.counts.invitations ? `, ${d.counts.invitations} ${d.counts.invitations === 1 ? 'invitation' : 'invitations'} waiting` : ''}`,
    dueDate: annualDueDateText(d.policy.annual_due_month, d.policy.annual_due_day),
    waste: d.policy.waste_any_amount ? 'Reported at any amount' : 'Reported at the usual thresholds',
    corrections: d.policy.minor_corrections_allowed ? 'Allowed' : 'Not made',
    contactGiven: [c.phone, c.email, c.website, c.address].filter(Boolean).length,
  };
}

export function contactFormValues(c: ContactRow) {
  return { phone: c.phone ?? '', email: c.email ?? '', website: c.website ?? '', address: c.address ?? '' };
}
