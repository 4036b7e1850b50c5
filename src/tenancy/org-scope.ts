/**
 * The business-side tenancy scope. It exists only once the organization in the
 * URL has been found among the signed-in user's own memberships, and every repo
 * function over a tenant-owned table takes it first (see orgScoped below).
 */
import type { Knex } from 'knex';
import type { Queryable } from '../db/transaction';
import type { MembershipRole } from '../db/types';

declare const brand: unique symbol;

export type OrgScope = {
  readonly [brand]: 'OrgScope';
  readonly organizationId: number;
  readonly userId: number;
  readonly role: MembershipRole;
  readonly organization: { readonly id: number; readonly name: string; readonly code: string };
};

/** Only the scope middleware (and tests) make scopes. */
export function makeOrgScope(m: { userId: number; role: MembershipRole; organization: { id: number; name: string; code: string } }): OrgScope {
  return { organizationId: m.organization.id, userId: m.userId, role: m.role, organization: m.organization } as OrgScope;
}

/** A query on a tenant-owned table, already limited to the scope's organization. */
export function orgScoped(db: Queryable, scope: OrgScope, table: string): Knex.QueryBuilder {
  const [name, alias] = table.split(/\s+as\s+/i);
  return db(table).where(`${alias ?? name}.organization_id`, scope.organizationId);
}
