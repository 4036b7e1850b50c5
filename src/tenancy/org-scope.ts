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

type Organization = { id: number; name: string; code: string };

/**
 * Scopes are made in src/tenancy only (an ESLint rule in eslint.config.mjs refuses `as OrgScope` anywhere else;
 * an object literal cannot be one, for want of the brand). Each way in below is named for why it may grant entry.
 */
function makeOrgScope(userId: number, role: MembershipRole, organization: Organization): OrgScope {
  return { organizationId: organization.id, userId, role, organization } as OrgScope;
}

/** A member's scope, from their membership as found in the database (the /orgs/:orgId door; adding a facility). */
export function orgScopeOfMember(userId: number, membership: { role: MembershipRole; organization: Organization }): OrgScope {
  return makeOrgScope(userId, membership.role, membership.organization);
}

/** Whoever creates an organization is its first Lead User, in the same transaction. */
export function orgScopeOfNewOrganization(userId: number, organization: Organization): OrgScope {
  return makeOrgScope(userId, 'lead_user', organization);
}

/** Accepting an invitation sent to this person's address: the invitation itself grants entry, with its role. */
export function orgScopeOfInvitation(userId: number, invitation: { role: MembershipRole; organization_id: number; organization_name: string }): OrgScope {
  return makeOrgScope(userId, invitation.role, { id: invitation.organization_id, name: invitation.organization_name, code: '' });
}

/**
 * Command-line tools, jobs and seeds (never a request) acting in an organization they set up or were given,
 * e.g. scripts/bench-upload.ts. The caller vouches for the user and the role.
 */
export function orgScopeForScript(userId: number, role: MembershipRole, organization: Organization): OrgScope {
  return makeOrgScope(userId, role, organization);
}

/** A query on a tenant-owned table, already limited to the scope's organization. */
export function orgScoped(db: Queryable, scope: OrgScope, table: string): Knex.QueryBuilder {
  const [name, alias] = table.split(/\s+as\s+/i);
  return db(table).where(`${alias ?? name}.organization_id`, scope.organizationId);
}
