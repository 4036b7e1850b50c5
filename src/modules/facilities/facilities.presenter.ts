/** Facility view models. Pure. */
import type { FacilityListItem, PublicFacility } from './facilities.repo';

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
  const link = (p: number) => `${base}?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) }).toString()}`;
  return {
    page,
    pages,
    prev: page > 1 ? link(page - 1) : null,
    next: page < pages ? link(page + 1) : null,
  };
}
