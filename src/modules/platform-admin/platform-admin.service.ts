/**
 * Platform administration (docs/product.md §10.2): a System Admin creates regulator agencies
 * (name, type, county, regulator code, area covered, the counties and cities
 * they cover) and invites each one's first Regulator Admin; nothing else. The
 * invitation is the CUPA staff invitation, sent on the agency's behalf.
 * Facilities already in the portal keep the CUPA they have: a jurisdiction
 * set here decides the CUPA of facilities added from now on.
 */
import type { Knex } from 'knex';
import { inTransaction } from '../../db/transaction';
import type { UserRow } from '../../db/types';
import { NotFoundError } from '../../http/errors';
import { addError, formError, noErrors, type FormErrors } from '../../http/form-errors';
import { regulatorScopeForSystemAdmin } from '../../tenancy/regulator-scope';
import type { SystemAdminScope } from '../../tenancy/system-admin-scope';
import { recordAudit } from '../audit/audit.repo';
import type { CupaStaffService } from '../cupa-admin/cupa-staff.service';
import { listCounties } from '../facilities/facilities.repo';
import {
  agencyWithCode,
  agencyWithName,
  countAgencies,
  countAgencyStaff,
  findAgency,
  insertAgency,
  jurisdictionHolders,
  listAgencies,
  listAgencyAdmins,
  listAgencyJurisdictions,
  listOpenAdminInvitations,
  lockAgency,
  replaceJurisdictions,
  updateAgency,
  type AgencyFields,
} from './agencies.repo';
import type { AgencyInput } from './platform-admin.schema';

export const AGENCIES_PAGE_SIZE = 25;

export type PlatformAdminService = ReturnType<typeof createPlatformAdminService>;

type Saved = { ok: true; id: number } | { ok: false; errors: FormErrors };

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

export function createPlatformAdminService(deps: { db: Knex; cupaStaff: CupaStaffService }) {
  const { db, cupaStaff } = deps;

  async function agencyOrThrow(scope: SystemAdminScope, id: number) {
    const a = await findAgency(db, scope, id);
    if (!a) throw new NotFoundError();
    return a;
  }

  /** What cannot be saved: a code or name already used, an area listed twice or covered by another agency. */
  async function problems(scope: SystemAdminScope, input: AgencyInput, exceptId: number | null): Promise<FormErrors> {
    const errors = noErrors();
    const counties = new Map((await listCounties(db)).map((c) => [c.id, c.name]));
    const area = (j: { countyId: number; city: string | null }) => (j.city ? `${j.city} (${counties.get(j.countyId)} County)` : `${counties.get(j.countyId)} County`);
    const sameName = await agencyWithName(db, scope, input.name, input.countyId, exceptId);
    if (sameName) addError(errors, 'name', `There is already an agency called ${sameName.name} in ${counties.get(input.countyId)} County`);
    if (input.code) {
      const holder = await agencyWithCode(db, scope, input.code, exceptId);
      if (holder) addError(errors, 'code', `Regulator code ${input.code} belongs to ${holder.name}`);
    }
    const seen = new Set<string>();
    const key = (j: { countyId: number; city: string | null }) => `${j.countyId}|${(j.city ?? '').toLowerCase()}`;
    for (const j of input.jurisdictions) {
      if (seen.has(key(j))) addError(errors, j.field, `${area(j)} is listed twice`);
      seen.add(key(j));
    }
    for (const h of await jurisdictionHolders(db, scope, input.jurisdictions, exceptId)) {
      const j = input.jurisdictions.find((x) => key(x) === key({ countyId: h.county_id, city: h.city }));
      if (j) addError(errors, j.field, `${area(j)} is already covered by ${h.regulator_name}`);
    }
    return errors;
  }

  const fields = (input: AgencyInput): AgencyFields => ({ name: input.name, agency_type: input.agencyType, county_id: input.countyId, code: input.code, area_covered: input.areaCovered });
  const areas = (input: AgencyInput) => input.jurisdictions.map((j) => ({ countyId: j.countyId, city: j.city }));

  /** Two System Admins racing for one code, name or area: the unique indexes decide. */
  function raced(): FormErrors {
    return formError('name', 'Another change to the agencies was saved at the same moment. Check the regulator code and the areas, and save again');
  }

  return {
    counties: () => listCounties(db),

    async agencies(scope: SystemAdminScope, q: string, page: number) {
      const total = await countAgencies(db, scope, q);
      const pages = Math.max(1, Math.ceil(total / AGENCIES_PAGE_SIZE));
      const current = Math.min(Math.max(1, page), pages);
      const rows = await listAgencies(db, scope, q, AGENCIES_PAGE_SIZE, (current - 1) * AGENCIES_PAGE_SIZE);
      return { rows, total, page: current, pages };
    },

    agencyOrThrow,

    async agency(scope: SystemAdminScope, id: number) {
      const agency = await agencyOrThrow(scope, id);
      const [jurisdictions, admins, staffCount, invitations] = await Promise.all([
        listAgencyJurisdictions(db, scope, id),
        listAgencyAdmins(db, scope, id),
        countAgencyStaff(db, scope, id),
        listOpenAdminInvitations(db, scope, id),
      ]);
      return { agency, jurisdictions, admins, staffCount, invitations };
    },

    jurisdictions: (scope: SystemAdminScope, id: number) => listAgencyJurisdictions(db, scope, id),

    async createAgency(scope: SystemAdminScope, input: AgencyInput, ip: string | null): Promise<Saved> {
      const errors = await problems(scope, input, null);
      if (errors.summary.length) return { ok: false, errors };
      try {
        const id = await inTransaction(db, async (trx) => {
          const newId = await insertAgency(trx, scope, fields(input));
          await replaceJurisdictions(trx, scope, newId, areas(input));
          await recordAudit(trx, { actorUserId: scope.userId, regulatorId: newId, action: 'regulator.created', entityType: 'regulator', entityId: newId, after: { ...fields(input), jurisdictions: areas(input) }, ip });
          return newId;
        });
        return { ok: true, id };
      } catch (err) {
        if (isUniqueViolation(err)) return { ok: false, errors: raced() };
        throw err;
      }
    },

    async updateAgency(scope: SystemAdminScope, id: number, input: AgencyInput, ip: string | null): Promise<Saved> {
      await agencyOrThrow(scope, id);
      const errors = await problems(scope, input, id);
      if (errors.summary.length) return { ok: false, errors };
      try {
        await inTransaction(db, async (trx) => {
          const before = await lockAgency(trx, scope, id);
          if (!before) throw new NotFoundError();
          const beforeAreas = (await listAgencyJurisdictions(trx, scope, id)).map((j) => ({ countyId: j.county_id, city: j.city }));
          await updateAgency(trx, scope, id, fields(input));
          await replaceJurisdictions(trx, scope, id, areas(input));
          await recordAudit(trx, {
            actorUserId: scope.userId, regulatorId: id, action: 'regulator.updated', entityType: 'regulator', entityId: id,
            before: { ...before, jurisdictions: beforeAreas }, after: { ...fields(input), jurisdictions: areas(input) }, ip,
          });
        });
        return { ok: true, id };
      } catch (err) {
        if (isUniqueViolation(err)) return { ok: false, errors: raced() };
        throw err;
      }
    },

    /**
     * Invites an agency's first Regulator Admin. Once it has one, its own admins
     * run its staff: the System Admin does nothing else there by default.
     */
    async inviteFirstAdmin(scope: SystemAdminScope, admin: UserRow, id: number, email: string, ip: string | null): Promise<{ ok: true } | { ok: false; errors: FormErrors }> {
      const agency = await agencyOrThrow(scope, id);
      const admins = await listAgencyAdmins(db, scope, id);
      if (admins.length) {
        return { ok: false, errors: formError('email', `${agency.name} already has a Regulator Admin (${admins.map((a) => `${a.first_name} ${a.last_name}`).join(', ')}), who invites its staff`) };
      }
      // The System Admin acts for this one agency, for this one invitation: the scope is made
      // here, after the systemAdmin check, with the role the invitation hands on.
      const agencyScope = regulatorScopeForSystemAdmin(scope, { id: agency.id, name: agency.name, code: agency.code });
      return cupaStaff.invite(agencyScope, admin, email, 'regulator_admin', ip);
    },
  };
}
