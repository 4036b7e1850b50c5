/**
 * Everything under /regulator. The scope middleware is the first thing on this
 * router, so no regulator page can run without a resolved CUPA staff role; a
 * test walks the app's routes and fails if any /regulator path is mounted elsewhere.
 */
import { Router } from 'express';
import type { Queryable } from '../../db/transaction';
import { regulatorScopeMiddleware } from '../../tenancy/regulator-scope.middleware';

export function regulatorRoutes(db: Queryable, features: Router[]): Router {
  const r = Router({ mergeParams: true });
  r.use(regulatorScopeMiddleware(db));
  r.get('/', (_req, res) => res.redirect(303, '/regulator/submittals'));
  for (const f of features) r.use(f);
  return r;
}
