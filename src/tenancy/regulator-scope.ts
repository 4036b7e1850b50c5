/**
 * The regulator-side scope: a CUPA's jurisdiction. It exists only once the
 * signed-in person has been found on a CUPA's staff, and every repo function
 * over jurisdiction data takes it first and builds its query through
 * jurisdictionScoped(), so nothing outside the CUPA can be read by accident.
 */
import type { Knex } from 'knex';
import type { Queryable } from '../db/transaction';
import type { RegulatorRole } from '../db/types';

declare const brand: unique symbol;

export type RegulatorScope = {
  readonly [brand]: 'RegulatorScope';
  readonly regulatorId: number;
  readonly userId: number;
  readonly role: RegulatorRole;
  readonly regulator: { readonly id: number; readonly name: string; readonly code: string | null };
};

/** Only the scope middleware (and tests) make scopes. */
export function makeRegulatorScope(s: { userId: number; role: RegulatorRole; regulator: { id: number; name: string; code: string | null } }): RegulatorScope {
  return { regulatorId: s.regulator.id, userId: s.userId, role: s.role, regulator: s.regulator } as RegulatorScope;
}

/**
 * A query on a table that carries regulator_id (facilities, submitted element
 * versions, access and facility requests), already limited to the scope's CUPA.
 */
export function jurisdictionScoped(db: Queryable, scope: RegulatorScope, table: string): Knex.QueryBuilder {
  const [name, alias] = table.split(/\s+as\s+/i);
  return db(table).where(`${alias ?? name}.regulator_id`, scope.regulatorId);
}
