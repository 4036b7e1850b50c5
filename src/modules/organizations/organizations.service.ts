/** Organizations and the scope that every /orgs/:orgId page runs in. */
import type { Knex } from 'knex';
import { orgScopeOfMember, type OrgScope } from '../../tenancy/org-scope';
import { findMembership, listOrganizationsForUser } from './memberships.repo';

export type OrganizationsService = ReturnType<typeof createOrganizationsService>;

export function createOrganizationsService(deps: { db: Knex }) {
  const { db } = deps;
  return {
    /** The user's scope in an organization, or undefined when they are not a member. */
    async resolveScope(userId: number, organizationId: number): Promise<OrgScope | undefined> {
      const m = await findMembership(db, userId, organizationId);
      return m && orgScopeOfMember(userId, m);
    },
    listForUser: (userId: number) => listOrganizationsForUser(db, userId),
  };
}
