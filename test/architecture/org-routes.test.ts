/**
 * Tenancy that cannot be forgotten: every handler under /orgs sits behind the
 * organization scope middleware. The app's router tree is walked, not listed,
 * so a route added anywhere is checked the day it lands.
 */
import express, { Router } from 'express';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { isOrgPath, label, listEndpoints, unscopedOrgEndpoints } from '../support/routes';
import { ORG_SCOPE_MIDDLEWARE_NAME } from '../../src/tenancy/org-scope.middleware';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // One real request, so the session store has finished its start-up queries
  // before close(): closing a freshly built app rejects them (see the report).
  await request(t.app).get('/sign-in').expect(200);
});
afterAll(() => t.close());

const ok: express.RequestHandler = (_req, res) => {
  res.end();
};
// Named like the real one: the check goes by the layer's name.
const orgScope: express.RequestHandler = (_req, _res, next) => next();

test('the walk finds the known organization routes, behind the scope', () => {
  const endpoints = listEndpoints(t.app);
  const routes = endpoints.filter((e) => e.kind === 'route').map(label);
  expect(routes).toEqual(
    expect.arrayContaining(['GET /orgs/:orgId/facilities', 'GET /orgs/:orgId/facilities/:cersId', 'GET /sign-in', 'POST /sign-in']),
  );
  const scope = endpoints.find((e) => e.kind === 'use' && e.path === '/orgs/:orgId');
  expect(scope).toMatchObject({ scoped: true });
  expect(orgScope.name).toBe(ORG_SCOPE_MIDDLEWARE_NAME);
});

test('every layer is one the walk can read (no regexp paths, no mounted sub-apps)', () => {
  expect(listEndpoints(t.app).filter((e) => e.opaque).map(label)).toEqual([]);
});

test('every route and middleware under /orgs runs behind the organization scope', () => {
  const orgRoutes = listEndpoints(t.app).filter((e) => e.kind === 'route' && isOrgPath(e.path));
  expect(orgRoutes.length).toBeGreaterThanOrEqual(2);
  expect(unscopedOrgEndpoints(t.app).map(label)).toEqual([]);
  // Everything in scope is addressed by the organization id.
  expect(orgRoutes.filter((e) => !e.path.startsWith('/orgs/:orgId')).map(label)).toEqual([]);
});

describe('the check bites', () => {
  test('a route added to the real app outside the org router is reported', () => {
    const outer = express();
    const subApp = express();
    subApp.get('/hidden', ok);
    outer.use('/orgs/:orgId', subApp); // not walkable: reported as opaque, never silently skipped
    expect(listEndpoints(outer).filter((e) => e.opaque).map(label)).toEqual(['ALL /orgs/:orgId']);

    const before = unscopedOrgEndpoints(t.app).length;
    t.app.get('/orgs/:orgId/leak', ok);
    t.app.use('/ORGS/:orgId/also-leak', ok);
    const reported = unscopedOrgEndpoints(t.app).map(label);
    expect(reported).toEqual(expect.arrayContaining(['GET /orgs/:orgId/leak', 'ALL /ORGS/:orgId/also-leak']));
    expect(reported).toHaveLength(before + 2);
    // Leave the shared app as it was for the other tests in this file.
    t.app.router.stack.splice(-2, 2);
    expect(unscopedOrgEndpoints(t.app)).toHaveLength(before);
  });

  test('a router whose scope middleware is not its first layer, or not at its root, is reported', () => {
    const late = Router({ mergeParams: true });
    late.get('/early', ok);
    late.use(orgScope);
    late.get('/late', ok);

    const narrow = Router({ mergeParams: true });
    narrow.use('/facilities', orgScope);
    narrow.get('/people', ok);

    const good = Router({ mergeParams: true });
    good.use(orgScope);
    good.post('/facilities/:cersId', ok);
    const nested = Router({ mergeParams: true });
    nested.get('/people/:membershipId', ok);
    good.use(nested);

    const app = express();
    app.use('/orgs/:orgId', late);
    app.use('/orgs/:orgId/x', narrow);
    app.use('/orgs/:orgId', good);
    app.get('/account', ok);

    expect(unscopedOrgEndpoints(app).map(label).sort()).toEqual([
      'ALL /orgs/:orgId',
      'ALL /orgs/:orgId/x/facilities',
      'GET /orgs/:orgId/early',
      'GET /orgs/:orgId/late',
      'GET /orgs/:orgId/x/people',
    ]);
    expect(listEndpoints(app).filter((e) => e.scoped).map(label)).toEqual([
      'ALL /orgs/:orgId',
      'POST /orgs/:orgId/facilities/:cersId',
      'GET /orgs/:orgId/people/:membershipId',
    ]);
  });
});
