/**
 * The one door into /orgs/:orgId/...: resolves the organization among the
 * signed-in user's memberships and sets req.orgScope. Anyone else gets 404, so
 * a URL never reveals that an organization exists.
 */
import type { Request, RequestHandler } from 'express';
import { ForbiddenError, NotFoundError } from '../http/errors';
import { can, type BusinessPermission } from '../rules/permissions.rules';
import { BUSINESS_ROLE_LABELS } from '../rules/roles.rules';
import type { OrganizationsService } from '../modules/organizations/organizations.service';
import type { OrgScope } from './org-scope';

declare module 'express-serve-static-core' {
  interface Request {
    orgScope?: OrgScope;
  }
}

export const ORG_SCOPE_MIDDLEWARE_NAME = 'orgScope';

export function orgScopeMiddleware(organizations: OrganizationsService): RequestHandler {
  // The function name is what the route-walking test looks for.
  return async function orgScope(req, res, next) {
    if (!req.user) {
      if (req.method === 'GET') req.session.returnTo = req.originalUrl;
      return res.redirect(303, '/sign-in');
    }
    const raw = String(req.params.orgId ?? '');
    if (!/^\d{1,9}$/.test(raw)) throw new NotFoundError();
    const scope = await organizations.resolveScope(req.user.id, Number(raw));
    if (!scope) throw new NotFoundError();
    req.orgScope = scope;
    res.locals.org = {
      id: scope.organization.id,
      name: scope.organization.name,
      code: scope.organization.code,
      role: scope.role,
      roleLabel: BUSINESS_ROLE_LABELS[scope.role],
      base: `/orgs/${scope.organization.id}`,
      can: (p: BusinessPermission) => can(scope.role, p),
    };
    next();
  };
}

export function scopeOf(req: Request): OrgScope {
  if (!req.orgScope) throw new Error('route mounted outside the organization scope');
  return req.orgScope;
}

/** Declared inline in the route table: permit('people:manage'). */
export function permit(permission: BusinessPermission): RequestHandler {
  return function permitted(req, _res, next) {
    const scope = scopeOf(req);
    if (!can(scope.role, permission)) {
      throw new ForbiddenError(
        `Your role in ${scope.organization.name} (${BUSINESS_ROLE_LABELS[scope.role]}) does not allow this. Ask one of its Lead Users.`,
      );
    }
    next();
  };
}
