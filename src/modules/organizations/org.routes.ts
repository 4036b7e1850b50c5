/**
 * Everything under /orgs/:orgId. The scope middleware is the first thing on this
 * router, so no page below it can run without a resolved membership; a test
 * walks the app's routes and fails if any /orgs path is mounted elsewhere.
 */
import { Router } from 'express';
import { orgScopeMiddleware } from '../../tenancy/org-scope.middleware';
import type { OrganizationsService } from './organizations.service';

export function orgRoutes(organizations: OrganizationsService, features: Router[]): Router {
  const org = Router({ mergeParams: true });
  org.use(orgScopeMiddleware(organizations));
  for (const f of features) org.use(f);
  return org;
}
