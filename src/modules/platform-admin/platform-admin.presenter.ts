/** View models of the platform administration pages. Pure. */
import { pager } from '../../http/pager';
import { invitationState } from '../../rules/invitation.rules';
import { formatDateTime } from '../accounts/account.presenter';
import type { AgencyAdminRow, AgencyInvitationRow, AgencyListRow, AgencyRow, JurisdictionRow } from './agencies.repo';
import { AGENCY_TYPES, jCityKey, jCountyKey, JURISDICTION_ROWS_MAX } from './platform-admin.schema';

export const agencyUrl = (id: number) => `/admin/agencies/${id}`;

export const AGENCY_TYPE_OPTIONS = AGENCY_TYPES.map((t) => ({ value: t, text: t }));

export const countyOptions = (counties: { id: number; name: string }[]) => counties.map((c) => ({ value: String(c.id), text: c.name }));

function listLink(q: string, page: number): string {
  const p = new URLSearchParams();
  if (q) p.set('q', q);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return `/admin${s ? `?${s}` : ''}`;
}

export function agencyListView(data: { rows: AgencyListRow[]; total: number; page: number; pages: number }, q: string) {
  return {
    q,
    total: data.total,
    rows: data.rows.map((r) => ({
      name: r.name,
      url: agencyUrl(r.id),
      county: r.county ? `${r.county} County` : 'Statewide',
      code: r.code ?? '–',
      type: r.agency_type ?? '–',
      staff: r.staff_count,
      noAdmin: r.admin_count === 0,
    })),
    pager: pager((p) => listLink(q, p), data.page, data.pages),
  };
}

export const areaText = (j: Pick<JurisdictionRow, 'county' | 'city'>) => (j.city ? `${j.city} (${j.county} County)` : `${j.county} County, outside the cities with their own CUPA`);

export function agencyView(d: { agency: AgencyRow; jurisdictions: JurisdictionRow[]; admins: AgencyAdminRow[]; staffCount: number; invitations: AgencyInvitationRow[] }, now: Date) {
  const a = d.agency;
  return {
    agency: {
      id: a.id,
      name: a.name,
      type: a.agency_type ?? 'Not given',
      county: a.county ? `${a.county} County` : 'Statewide',
      code: a.code ?? 'None',
      area: a.area_covered ?? 'Not given',
      editUrl: `${agencyUrl(a.id)}/edit`,
      inviteUrl: `${agencyUrl(a.id)}/invite`,
    },
    jurisdictions: d.jurisdictions.map(areaText),
    admins: d.admins.map((x) => ({ name: `${x.first_name} ${x.last_name}`, email: x.email })),
    staffCount: d.staffCount,
    invitations: d.invitations.map((i) => ({ email: i.email, expires: formatDateTime(i.expires_at), expired: invitationState(i, now) === 'expired' })),
    canInvite: d.admins.length === 0,
  };
}

/** The edit form's values: the agency as saved, one area per row. */
export function agencyFormValues(a: AgencyRow, jurisdictions: JurisdictionRow[]): Record<string, string> {
  const values: Record<string, string> = {
    name: a.name,
    agencyType: a.agency_type ?? '',
    countyId: a.county_id ? String(a.county_id) : '',
    code: a.code ?? '',
    areaCovered: a.area_covered ?? '',
  };
  jurisdictions.forEach((j, i) => {
    values[jCountyKey(i)] = String(j.county_id);
    values[jCityKey(i)] = j.city ?? '';
  });
  return values;
}

/** Rows for the areas: every filled one, and a few empty ones to add more (no script needed). */
export function jurisdictionRowsView(values: Record<string, unknown>) {
  let last = -1;
  for (let i = 0; i < JURISDICTION_ROWS_MAX; i++) if (String(values[jCountyKey(i)] ?? '') || String(values[jCityKey(i)] ?? '').trim()) last = i;
  const count = Math.min(JURISDICTION_ROWS_MAX, Math.max(4, last + 4));
  return Array.from({ length: count }, (_, i) => ({ n: i + 1, countyName: jCountyKey(i), cityName: jCityKey(i) }));
}
