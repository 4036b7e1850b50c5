/**
 * Facility transfer / merge / delete requests (docs/product.md §4.1, §9.3). The business files them;
 * the CUPA decides in the regulator portal. Rules checked here: a transfer names
 * another organization by its code; a merge keeps another active facility of the
 * same organization; a delete is only for a facility with no submittals.
 */
import type { Knex } from 'knex';
import { inTransaction } from '../../db/transaction';
import { NotFoundError } from '../../http/errors';
import { formError, type FormErrors } from '../../http/form-errors';
import type { MailService } from '../../mail/mail.service';
import { facilityRequestEmail } from '../../mail/mail.templates';
import type { Config } from '../../config';
import type { OrgScope } from '../../tenancy/org-scope';
import { recordAudit } from '../audit/audit.repo';
import { listRegulatorAdminContacts } from '../organizations/memberships.repo';
import { findOrganizationByCode } from '../organizations/organizations.repo';
import { facilityHasSubmittals, findFacility } from './facilities.repo';
import type { FacilityRequestInput } from './facilities.schema';
import { insertFacilityRequest, listFacilityRequests } from './facility-requests.repo';

export type FacilityRequestsService = ReturnType<typeof createFacilityRequestsService>;

export function createFacilityRequestsService(deps: { db: Knex; mail: MailService; config: Config }) {
  const { db, mail, config } = deps;
  return {
    async list(scope: OrgScope, facilityId: number) {
      return listFacilityRequests(db, scope, facilityId);
    },

    async file(scope: OrgScope, cersId: number, input: FacilityRequestInput, ip: string | null): Promise<{ ok: true } | { ok: false; errors: FormErrors }> {
      const facility = await findFacility(db, scope, cersId);
      if (!facility || facility.status !== 'active') throw new NotFoundError();
      let targetFacilityId: number | null = null;
      if (input.kind === 'transfer') {
        const target = await findOrganizationByCode(db, input.targetOrganizationCode!);
        if (!target) return { ok: false, errors: formError('targetOrganizationCode', 'No organization has this code. Ask the business taking over for its 8-digit organization code') };
        if (target.id === scope.organizationId) return { ok: false, errors: formError('targetOrganizationCode', 'This is your own organization. Enter the code of the business taking over') };
      } else if (input.kind === 'merge') {
        const target = await findFacility(db, scope, Number(input.targetCersId));
        if (!target || target.status !== 'active') return { ok: false, errors: formError('targetCersId', 'Enter the CERS ID of another active facility of this organization') };
        if (target.id === facility.id) return { ok: false, errors: formError('targetCersId', 'A facility cannot be merged into itself. Enter the CERS ID of the facility to keep') };
        targetFacilityId = target.id;
      } else if (await facilityHasSubmittals(db, facility.id)) {
        return { ok: false, errors: formError('kind', 'This facility has submittals, so it cannot be deleted. Ask for a transfer or merge instead') };
      }
      let requestId: number;
      try {
        requestId = await inTransaction(db, async (trx) => {
          const row = await insertFacilityRequest(trx, scope, {
            kind: input.kind, facility_id: facility.id, target_organization_code: input.kind === 'transfer' ? input.targetOrganizationCode : null,
            target_facility_id: targetFacilityId, reason: input.reason, regulator_id: facility.regulator_id,
          });
          await recordAudit(trx, { actorUserId: scope.userId, action: `facility_request.${input.kind}`, entityType: 'facility_request', entityId: row.id, organizationId: scope.organizationId, regulatorId: facility.regulator_id, after: row, ip });
          return row.id;
        });
      } catch (err) {
        if ((err as { code?: string }).code === '23505') {
          return { ok: false, errors: formError('kind', 'A request for this facility is already waiting for the CUPA') };
        }
        throw err;
      }
      if (facility.regulator_id) {
        for (const admin of await listRegulatorAdminContacts(db, facility.regulator_id)) {
          await mail.send({ to: admin.email, userId: admin.id, ...facilityRequestEmail({ kind: input.kind, facility: facility.name, cersId, organization: scope.organization.name, link: `${config.baseUrl}/regulator/requests/facility/${requestId}` }) });
        }
      }
      return { ok: true };
    },
  };
}
