/**
 * The regulator-side scope: a CUPA's jurisdiction. It exists only once the
 * signed-in person has been found on a CUPA's staff, and every repo function
 * over jurisdiction data takes it first and builds its query through
 * jurisdictionScoped(), so nothing outside the CUPA can be read by accident.
 */
import type { Knex } from 'knex';
import type { Queryable } from '../db/transaction';
import type { RegulatorRole } from '../db/types';
import type { SystemAdminScope } from './system-admin-scope';

declare const brand: unique symbol;

export type RegulatorScope = {
  readonly [brand]: 'RegulatorScope';
  readonly regulatorId: number;
  readonly userId: number;
  readonly role: RegulatorRole;
  readonly regulator: { readonly id: number; readonly name: string; readonly code: string | null };
};

type Regulator = { id: number; name: string; code: string | null };

/**
 * Scopes are made in src/tenancy only (an ESLint rule in eslint.config.mjs refuses `as RegulatorScope` anywhere
 * else; an object literal cannot be one, for want of the brand). Each way in below is named for why it may grant entry.
 */
function makeRegulatorScope(userId: number, role: RegulatorRole, regulator: Regulator): RegulatorScope {
  return { regulatorId: regulator.id, userId, role, regulator } as RegulatorScope;
}

/** A CUPA staff member's scope, from their staff role as found in the database (the /regulator door). */
export function regulatorScopeOfStaff(userId: number, staff: { role: RegulatorRole } & Regulator): RegulatorScope {
  return makeRegulatorScope(userId, staff.role, { id: staff.id, name: staff.name, code: staff.code });
}

/** Accepting a CUPA staff invitation sent to this person's address: the invitation itself grants entry, with its role. */
export function regulatorScopeOfInvitation(
  userId: number,
  invitation: { role: RegulatorRole; regulator_id: number; regulator_name: string; regulator_code: string | null },
): RegulatorScope {
  return makeRegulatorScope(userId, invitation.role, { id: invitation.regulator_id, name: invitation.regulator_name, code: invitation.regulator_code });
}

/** A System Admin acting for one agency, as its Regulator Admin, to invite that agency's first Regulator Admin. */
export function regulatorScopeForSystemAdmin(admin: SystemAdminScope, agency: Regulator): RegulatorScope {
  return makeRegulatorScope(admin.userId, 'regulator_admin', agency);
}

/**
 * Command-line tools, jobs and seeds (never a request) acting for a CUPA they set up or were given,
 * e.g. scripts/bench-review.ts. The caller vouches for the user and the role.
 */
export function regulatorScopeForScript(userId: number, role: RegulatorRole, regulator: Regulator): RegulatorScope {
  return makeRegulatorScope(userId, role, regulator);
}

/**
 * A query on a table that carries regulator_id (facilities, submitted element
 * versions, access and facility requests), already limited to the scope's CUPA.
 */
export function jurisdictionScoped(db: Queryable, scope: RegulatorScope, table: string): Knex.QueryBuilder {
  const [name, alias] = table.split(/\s+as\s+/i);
  return db(table).where(`${alias ?? name}.regulator_id`, scope.regulatorId);
}
