/**
 * Facilities: the add-facility wizard (address first, no duplicates), the
 * organization's list, one facility, and the public search used to ask for access.
 */
import type { Knex } from 'knex';
import { inTransaction } from '../../db/transaction';
import { ForbiddenError, NotFoundError } from '../../http/errors';
import { formError, type FormErrors } from '../../http/form-errors';
import { classifyFacilitySearch, normalizeCity, normalizeStreet } from '../../rules/address.rules';
import { pickRegulator } from '../../rules/jurisdiction.rules';
import { can } from '../../rules/permissions.rules';
import { orgScopeOfMember, orgScopeOfNewOrganization, type OrgScope } from '../../tenancy/org-scope';
import { recordAudit } from '../audit/audit.repo';
import { findMembership } from '../organizations/memberships.repo';
import { insertMembership, insertOrganization } from '../organizations/organizations.repo';
import type { AddressInput, FacilityNameInput } from './facilities.schema';
import {
  setMinorCorrectionsOptOut,
  facilitiesInCityZip,
  findFacility,
  findPublicFacility,
  insertFacility,
  jurisdictionsForCounty,
  listCounties,
  listFacilities,
  searchFacilities,
  type PublicFacility,
} from './facilities.repo';
import { findTransferredFacility, listTransferredFacilities, transferredVersions } from './facility-transfers.repo';

/** How many facilities transferred away the Archived page lists (the newest). */
export const TRANSFERRED_LIMIT = 100;

export const PAGE_SIZE = 25;

export type FacilitiesService = ReturnType<typeof createFacilitiesService>;

export function createFacilitiesService(deps: { db: Knex }) {
  const { db } = deps;

  return {
    counties: () => listCounties(db),

    /** Active facilities at the same address ("1200 North Main Street" = "1200 N Main St"). */
    async duplicatesAt(a: AddressInput): Promise<PublicFacility[]> {
      const key = normalizeStreet(a.street);
      const candidates = await facilitiesInCityZip(db, normalizeCity(a.city), a.zip.slice(0, 5));
      return candidates.filter((f) => normalizeStreet(f.street) === key);
    },

    async create(
      user: { id: number },
      address: AddressInput,
      input: FacilityNameInput,
      ip: string | null,
    ): Promise<{ ok: true; organizationId: number; cersId: number } | { ok: false; errors: FormErrors }> {
      return inTransaction(db, async (trx) => {
        let scope: OrgScope;
        if (input.organization === 'new') {
          const org = await insertOrganization(trx, { name: input.orgName!, headquarters: input.headquarters });
          await insertMembership(trx, { userId: user.id, organizationId: org.id, role: 'lead_user' });
          await recordAudit(trx, { actorUserId: user.id, action: 'organization.created', entityType: 'organization', entityId: org.id, organizationId: org.id, after: org, ip });
          scope = orgScopeOfNewOrganization(user.id, org);
        } else {
          const m = /^\d{1,9}$/.test(input.organization) ? await findMembership(trx, user.id, Number(input.organization)) : undefined;
          if (!m) return { ok: false as const, errors: formError('organization', 'Choose which organization the facility belongs to') };
          if (!can(m.role, 'facilities:manage')) throw new ForbiddenError('Only a Lead User can add facilities to an organization.');
          scope = orgScopeOfMember(user.id, m);
        }
        const regulatorId = pickRegulator(await jurisdictionsForCounty(trx, address.county), address.city);
        const facility = await insertFacility(trx, scope, {
          name: input.name,
          street: address.street.replace(/\s+/g, ' ').trim(),
          city: address.city.replace(/\s+/g, ' ').trim(),
          zip: address.zip,
          county_id: address.county,
          local_facility_id: input.localFacilityId,
          regulator_id: regulatorId,
          created_by: user.id,
        });
        await recordAudit(trx, {
          actorUserId: user.id, action: 'facility.created', entityType: 'facility', entityId: facility.cers_id,
          organizationId: scope.organizationId, regulatorId, after: facility, ip,
        });
        return { ok: true as const, organizationId: scope.organizationId, cersId: facility.cers_id };
      });
    },

    async list(scope: OrgScope, opts: { q?: string | null; page: number; status: 'active' | 'archived' }) {
      const page = Math.max(1, opts.page);
      const { items, total } = await listFacilities(db, scope, {
        q: opts.q ?? undefined, status: opts.status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE,
      });
      return { items, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
    },

    get: (scope: OrgScope, cersId: number) => findFacility(db, scope, cersId),

    /** Facilities the organization transferred to another one, newest first. */
    transferred: (scope: OrgScope) => listTransferredFacilities(db, scope, TRANSFERRED_LIMIT),

    /** A facility transferred away, with what was submitted while it was the organization's; undefined if it is not one. */
    async transferredFacility(scope: OrgScope, cersId: number) {
      const facility = await findTransferredFacility(db, scope, cersId);
      return facility && { facility, versions: await transferredVersions(db, scope, facility.transfer_id) };
    },

    async setMinorCorrections(scope: OrgScope, facility: { id: number; regulator_id: number | null; minor_corrections_opt_out: boolean }, optOut: boolean, ip: string | null): Promise<void> {
      await inTransaction(db, async (trx) => {
        if (!(await setMinorCorrectionsOptOut(trx, scope, facility.id, optOut))) throw new NotFoundError();
        await recordAudit(trx, {
          actorUserId: scope.userId, action: optOut ? 'facility.minor_corrections_refused' : 'facility.minor_corrections_allowed', entityType: 'facility', entityId: facility.id,
          organizationId: scope.organizationId, regulatorId: facility.regulator_id, before: { optOut: facility.minor_corrections_opt_out }, after: { optOut }, ip,
        });
      });
    },

    async search(q: string): Promise<PublicFacility[]> {
      const s = classifyFacilitySearch(q);
      return s ? searchFacilities(db, s) : [];
    },

    findPublic: (cersId: number) => findPublicFacility(db, cersId),
  };
}
