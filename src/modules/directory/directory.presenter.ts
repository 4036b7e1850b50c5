/** Directory entries as the page shows them. Pure. */
import type { DirectoryRow } from './directory.repo';

export function directoryView(rows: DirectoryRow[]) {
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    county: r.county ? `${r.county} County` : 'Statewide',
    agencyType: r.agency_type,
    code: r.code,
    area: r.area_covered,
    phone: r.phone,
    email: r.email,
    address: r.address,
    // The agency's own site, else the page this entry was taken from.
    website: r.website ?? r.source_url,
  }));
}
