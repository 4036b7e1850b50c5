/**
 * The one door into /admin: only a System Admin passes. Anyone else, signed in
 * or not, gets 404, exactly like a page that does not exist, so the platform
 * administration reveals nothing about itself. A test walks the app's routes
 * and fails if any /admin path is mounted without this in front of it.
 */
import type { Request, RequestHandler } from 'express';
import { NotFoundError } from '../http/errors';
import { systemAdminScopeOfAccount, type SystemAdminScope } from './system-admin-scope';

declare module 'express-serve-static-core' {
  interface Request {
    systemAdminScope?: SystemAdminScope;
  }
}

export const SYSTEM_ADMIN_MIDDLEWARE_NAME = 'systemAdmin';

export function systemAdminMiddleware(): RequestHandler {
  // The function name is what the route-walking test looks for.
  return function systemAdmin(req, res, next) {
    const scope = req.user && systemAdminScopeOfAccount(req.user);
    if (!scope) throw new NotFoundError();
    req.systemAdminScope = scope;
    res.locals.portal = 'admin';
    next();
  };
}

export function systemAdminScopeOf(req: Request): SystemAdminScope {
  if (!req.systemAdminScope) throw new Error('route mounted outside the system admin check');
  return req.systemAdminScope;
}
