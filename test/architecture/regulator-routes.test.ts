/**
 * The regulator portal's tenancy cannot be forgotten either: every handler
 * under /regulator sits behind the regulator scope middleware, found by walking
 * the app's router tree (so a route added tomorrow is checked the day it lands).
 */
import express, { Router } from 'express';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { isRegulatorPath, label, listEndpoints, unscopedRegulatorEndpoints } from '../support/routes';
import { REGULATOR_SCOPE_MIDDLEWARE_NAME } from '../../src/tenancy/regulator-scope.middleware';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await request(t.app).get('/sign-in').expect(200);
});
afterAll(() => t.close());

const ok: express.RequestHandler = (_req, res) => {
  res.end();
};
const regulatorScope: express.RequestHandler = (_req, _res, next) => next();

test('the walk finds the regulator routes, all behind the regulator scope', () => {
  expect(regulatorScope.name).toBe(REGULATOR_SCOPE_MIDDLEWARE_NAME);
  const routes = listEndpoints(t.app).filter((e) => e.kind === 'route' && isRegulatorPath(e.path));
  expect(routes.map(label)).toEqual(expect.arrayContaining(['GET /regulator/submittals', 'GET /regulator/submittals/:versionId', 'POST /regulator/submittals/:versionId/decision']));
  expect(unscopedRegulatorEndpoints(t.app).map(label)).toEqual([]);
  // The public directory is not the regulator portal.
  expect(isRegulatorPath('/regulators')).toBe(false);
});

test('the check bites: a route outside the regulator router, or a router scoped late, is reported', () => {
  const before = unscopedRegulatorEndpoints(t.app).length;
  t.app.get('/regulator/leak', ok);
  t.app.use('/REGULATOR/also-leak', ok);
  expect(unscopedRegulatorEndpoints(t.app).map(label)).toEqual(expect.arrayContaining(['GET /regulator/leak', 'ALL /REGULATOR/also-leak']));
  t.app.router.stack.splice(-2, 2);
  expect(unscopedRegulatorEndpoints(t.app)).toHaveLength(before);

  const late = Router();
  late.get('/early', ok);
  late.use(regulatorScope);
  late.get('/late', ok);
  const good = Router();
  good.use(regulatorScope);
  good.get('/submittals/:versionId', ok);
  const app = express();
  app.use('/regulator', late);
  app.use('/regulator', good);
  expect(unscopedRegulatorEndpoints(app).map(label).sort()).toEqual(['ALL /regulator', 'GET /regulator/early', 'GET /regulator/late']);
});
