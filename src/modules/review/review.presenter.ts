/** View models of the regulator's review pages. Pure. */
import { pager } from '../../http/pager';
import { ELEMENTS, elementDef, type ElementCode } from '../../rules/elements.rules';
import { formatDateTime } from '../accounts/account.presenter';
import { levelCounts, type AssessedItem } from '../inventory/inventory-assessment';
import { summaryView } from '../inventory/inventory.presenter';
import type { DocumentPartRow, DocumentRow } from '../submittals/documents.repo';
import type { VersionStatus } from '../submittals/element-versions.repo';
import { STATUS_LABELS, submittedPartsView } from '../submittals/submittals.presenter';
import { addressLine } from '../facilities/facilities.presenter';
import type { QueueFilters, QueueRow } from './review-queue.repo';
import type { ReviewVersion, ReviewFacility } from './review.repo';

export const QUEUE_STATUSES: Exclude<VersionStatus, 'draft'>[] = ['submitted', 'under_review', 'accepted', 'not_accepted', 'not_applicable'];

export const DECISION_OPTIONS = [
  { value: 'under_review', text: 'Under review', hint: 'You have started reviewing it.' },
  { value: 'accepted', text: 'Accepted', hint: 'It meets the requirements.' },
  { value: 'not_accepted', text: 'Not accepted', hint: 'The business must correct and resubmit within 30 days. Say what to correct.' },
  { value: 'not_applicable', text: 'Not applicable', hint: 'This facility does not have to file this element.' },
];

const elementName = (code: number) => elementDef(code as ElementCode)?.name ?? `Element ${code}`;

export const versionUrl = (id: number) => `/regulator/submittals/${id}`;

function queueLink(f: QueueFilters, page: number, status: QueueFilters['status'] = f.status): string {
  const q = new URLSearchParams();
  if (f.element) q.set('element', String(f.element));
  if (status) q.set('status', status);
  if (f.facility) q.set('facility', f.facility);
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return `/regulator/submittals${s ? `?${s}` : ''}`;
}

export function queueView(data: { rows: QueueRow[]; counts: Partial<Record<VersionStatus, number>>; total: number; page: number; pages: number }, f: QueueFilters) {
  const all = QUEUE_STATUSES.reduce((n, s) => n + (data.counts[s] ?? 0), 0);
  return {
    rows: data.rows.map((r) => ({
      url: versionUrl(r.id),
      cersId: r.cers_id,
      facility: r.facility_name,
      facilityUrl: `/regulator/facilities/${r.cers_id}`,
      city: r.city,
      organization: r.organization_name,
      element: elementName(r.element_code),
      submitted: formatDateTime(r.submitted_at),
      submitter: r.submitter_name,
      status: STATUS_LABELS[r.status],
      statusCode: r.status,
      corrected: r.corrected_from_version_id !== null,
    })),
    tabs: [
      { text: 'All', count: all, url: queueLink(f, 1, null), current: !f.status },
      ...QUEUE_STATUSES.map((s) => ({ text: STATUS_LABELS[s], count: data.counts[s] ?? 0, url: queueLink(f, 1, s), current: f.status === s })),
    ],
    total: data.total,
    pager: pager((p) => queueLink(f, p), data.page, data.pages),
    elementOptions: ELEMENTS.map((e) => ({ value: String(e.code), text: e.name })),
  };
}

export function historyView(rows: { status: VersionStatus; changed_at: Date; comment: string | null; changed_by_name: string | null }[]) {
  return rows.map((h) => ({ status: STATUS_LABELS[h.status], when: formatDateTime(h.changed_at), who: h.changed_by_name, comment: h.comment }));
}

export function otherVersionsView(rows: { id: number; element_code: number; status: VersionStatus; submitted_at: Date; corrected_from_version_id: number | null; submitter_name: string | null }[], currentId: number) {
  return rows.map((o) => ({
    id: o.id,
    url: versionUrl(o.id),
    element: elementName(o.element_code),
    submitted: formatDateTime(o.submitted_at),
    status: STATUS_LABELS[o.status],
    submitter: o.submitter_name,
    corrected: o.corrected_from_version_id !== null,
    current: o.id === currentId,
  }));
}

export function reviewFacilityView(f: Pick<ReviewFacility, 'cers_id' | 'name' | 'street' | 'city' | 'zip'> & { organization_name: string }) {
  return { cersId: f.cers_id, name: f.name, address: addressLine(f), organization: f.organization_name, url: `/regulator/facilities/${f.cers_id}` };
}

export function submittalView(d: {
  v: ReviewVersion;
  parts: DocumentPartRow[];
  docs: DocumentRow[];
  history: Parameters<typeof historyView>[0];
  others: Parameters<typeof otherVersionsView>[0];
  inventory: AssessedItem[] | null;
}) {
  const { v } = d;
  const def = elementDef(v.element_code as ElementCode)!;
  const content = v.content as { businessActivities?: Record<string, string>; ownerOperator?: Record<string, string> };
  const sameElement = d.others.filter((o) => o.element_code === v.element_code);
  return {
    version: {
      id: v.id,
      name: def.name,
      code: v.element_code,
      status: STATUS_LABELS[v.status],
      statusCode: v.status,
      seq: v.review_seq,
      submitted: v.submitted_at ? formatDateTime(v.submitted_at) : null,
      submitter: v.submitter_name ?? 'A former member',
      commentToRegulator: v.comment_to_regulator,
      hash: v.content_hash,
      businessActivities: content.businessActivities ?? null,
      ownerOperator: content.ownerOperator ?? null,
      parts: submittedPartsView(def, d.parts, d.docs),
      history: historyView(d.history),
      correction: v.correction ? { ...v.correction, by: v.corrected_by_name, originalUrl: v.corrected_from_version_id ? versionUrl(v.corrected_from_version_id) : null } : null,
    },
    facility: reviewFacilityView({ cers_id: v.cers_id, name: v.facility_name, street: v.facility_street, city: v.facility_city, zip: v.facility_zip, organization_name: v.organization_name }),
    inventory: d.inventory ? { summary: summaryView(d.inventory), levels: levelCounts(d.inventory), url: `${versionUrl(v.id)}/inventory` } : null,
    elementVersions: otherVersionsView(sameElement, v.id),
    otherElements: otherVersionsView(d.others.filter((o) => o.element_code !== v.element_code), v.id),
    correctedBy: d.others.filter((o) => o.corrected_from_version_id === v.id).map((o) => ({ url: versionUrl(o.id), submitted: formatDateTime(o.submitted_at) })),
    decisionOptions: DECISION_OPTIONS,
  };
}
