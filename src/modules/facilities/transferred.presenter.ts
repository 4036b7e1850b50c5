/** Facilities transferred to another organization, as the old organization sees them (read only). Pure. */
import { elementDef, type ElementCode } from '../../rules/elements.rules';
import { formatDateTime } from '../accounts/account.presenter';
import { STATUS_LABELS } from '../submittals/submittals.presenter';
import { addressLine } from './facilities.presenter';
import type { TransferredFacility, TransferredVersion } from './facility-transfers.repo';

export function transferredListView(orgBase: string, items: TransferredFacility[]) {
  return items.map((f) => ({
    cersId: f.cers_id,
    name: f.name,
    address: addressLine(f),
    transferred: `Transferred to ${f.to_organization_name} on ${formatDateTime(f.transferred_at)}`,
    url: `${orgBase}/facilities/archived/transferred/${f.cers_id}`,
  }));
}

export function transferredFacilityView(orgBase: string, d: { facility: TransferredFacility; versions: TransferredVersion[] }) {
  const f = d.facility;
  return {
    facility: {
      cersId: f.cers_id,
      name: f.name,
      address: addressLine(f),
      toOrganization: f.to_organization_name,
      transferredAt: formatDateTime(f.transferred_at),
    },
    versions: d.versions.map((v) => ({
      element: elementDef(v.element_code as ElementCode)?.name ?? `Element ${v.element_code}`,
      submitted: formatDateTime(v.submitted_at),
      submitter: v.submitter_name,
      status: STATUS_LABELS[v.status],
    })),
    archivedUrl: `${orgBase}/facilities/archived`,
  };
}
