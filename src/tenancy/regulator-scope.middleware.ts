/**
 * The one door into /regulator/...: resolves the signed-in person's CUPA staff
 * role and sets req.regulatorScope. Anyone who is not regulator staff gets 404,
 * exactly like an id outside the jurisdiction, so the portal reveals nothing.
 */
import type { Request, RequestHandler } from 'express';
import type { Queryable } from '../db/transaction';
import { ForbiddenError, NotFoundError } from '../http/errors';
import { findRegulatorStaffing } from '../modules/organizations/memberships.repo';
import { regulatorCan, type RegulatorPermission } from '../rules/regulator-permissions.rules';
import { REGULATOR_ROLE_LABELS } from '../rules/roles.rules';
import { regulatorScopeOfStaff, type RegulatorScope } from './regulator-scope';

declare module 'express-serve-static-core' {
  interface Request {
    regulatorScope?: RegulatorScope;
  }
}

export const REGULATOR_SCOPE_MIDDLEWARE_NAME = 'regulatorScope';

export function regulatorScopeMiddleware(db: Queryable): RequestHandler {
  // The function name is what the route-walking test looks for.
  return async function regulatorScope(req, res, next) {
    if (!req.user) {
      if (req.method === 'GET') req.session.returnTo = req.originalUrl;
      return res.redirect(303, '/sign-in');
    }
    const staff = await findRegulatorStaffing(db, req.user.id);
    if (!staff) throw new NotFoundError();
    const scope = regulatorScopeOfStaff(req.user.id, staff);
    req.regulatorScope = scope;
    res.locals.portal = 'regulator';
    res.locals.cupa = {
      id: staff.id,
      name: staff.name,
      role: staff.role,
      roleLabel: REGULATOR_ROLE_LABELS[staff.role],
      can: (p: RegulatorPermission) => regulatorCan(staff.role, p),
    };
    next();
  };
}

export function regulatorScopeOf(req: Request): RegulatorScope {
  if (!req.regulatorScope) throw new Error('route mounted outside the regulator scope');
  return req.regulatorScope;
}

/** Declared inline in the route table: permitRegulator('review:decide'). */
export function permitRegulator(permission: RegulatorPermission): RequestHandler {
  return function permittedRegulator(req, _res, next) {
    const scope = regulatorScopeOf(req);
    if (!regulatorCan(scope.role, permission)) {
      throw new ForbiddenError(`Your role at ${scope.regulator.name} (${REGULATOR_ROLE_LABELS[scope.role]}) does not allow this. Ask one of its Regulator Admins.`);
    }
    next();
  };
}
