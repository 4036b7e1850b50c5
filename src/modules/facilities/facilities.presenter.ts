/** Facility view models. Pure. */
import type { FacilityListItem, PublicFacility } from './facilities.repo';
import type { FacilityRequestRow } from './facility-requests.repo';
import { formatDateTime } from '../accounts/account.presenter';
import { pager } from '../../http/pager';

export function addressLine(f: { street: string; city: string; zip: string }): string {
  return `${f.street}, ${f.city}, CA ${f.zip}`;
}

export function facilityListView(orgBase: string, items: FacilityListItem[]) {
  return items.map((f) => ({
    cersId: f.cers_id,
    name: f.name,
    address: addressLine(f),
    county: f.county_name,
    cupa: f.regulator_name ?? 'Not yet assigned',
    url: `${orgBase}/facilities/${f.cers_id}`,
  }));
}

export function facilityView(orgBase: string, f: FacilityListItem) {
  return {
    cersId: f.cers_id,
    name: f.name,
    address: addressLine(f),
    county: f.county_name,
    cupa: f.regulator_name,
    localFacilityId: f.local_facility_id,
    archived: f.status === 'archived',
    minorCorrectionsOptOut: f.minor_corrections_opt_out,
    url: `${orgBase}/facilities/${f.cers_id}`,
  };
}

/** A search result; facilities of the person's own organizations link straight to them. */
export function publicFacilityView(f: PublicFacility, memberOf: ReadonlySet<number> = new Set()) {
  return {
    cersId: f.cers_id,
    name: f.name,
    address: addressLine(f),
    requestUrl: `/facilities/${f.cers_id}/request-access`,
    ownUrl: memberOf.has(f.organization_id) ? `/orgs/${f.organization_id}/facilities/${f.cers_id}` : null,
  };
}

/** Page links that keep the search: 1 … n. */
export function pagination(base: string, q: string | null | undefined, page: number, pages: number) {
  return pager((p) => `${base}?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) }).toString()}`, page, pages);
}

const REQUEST_STATUS = { pending: 'Waiting for the CUPA', approved: 'Approved', denied: 'Denied', withdrawn: 'Withdrawn' } as const;

export function facilityRequestsView(rows: (FacilityRequestRow & { target_cers_id: number | null })[]) {
  return rows.map((r) => ({
    what:
      r.kind === 'transfer'
        ? `Transfer to organization ${r.target_organization_code}`
        : r.kind === 'merge'
          ? `Merge into CERS ID ${r.target_cers_id}`
          : 'Delete',
    reason: r.reason,
    status: REQUEST_STATUS[r.status],
    pending: r.status === 'pending',
    requestedAt: formatDateTime(r.created_at),
    comment: r.decision_comment,
  }));
}
