/**
 * The regulator portal and the platform administration cannot be opened by
 * accident: every handler under /regulator sits behind the regulator scope, and
 * every handler under /admin behind the System Admin check, found by walking the
 * app's router tree (test/support/routes.ts), so a route added tomorrow is
 * checked the day it lands. The organization scope has its own file
 * (org-routes.test.ts), which also checks the walk itself.
 */
import express, { Router } from 'express';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { GUARDS, label, listEndpoints, unguardedEndpoints, type Guard } from '../support/routes';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await request(t.app).get('/sign-in').expect(200);
});
afterAll(() => t.close());

const ok: express.RequestHandler = (_req, res) => {
  res.end();
};

/** A stand-in for the guard's middleware: the walk goes by the function's name. */
function stub(name: string): express.RequestHandler {
  const fn: express.RequestHandler = (_req, _res, next) => next();
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}

const CASES: { guard: Exclude<Guard, 'org'>; prefix: string; known: string[]; notMine: string[] }[] = [
  {
    guard: 'regulator',
    prefix: '/regulator',
    known: ['GET /regulator/submittals', 'GET /regulator/submittals/:versionId', 'POST /regulator/submittals/:versionId/decision', 'GET /regulator/requests', 'GET /regulator/admin/staff'],
    notMine: ['/regulators', '/regulators/x'],
  },
  {
    guard: 'admin',
    prefix: '/admin',
    known: ['GET /admin', 'GET /admin/agencies/new', 'POST /admin/agencies/new', 'GET /admin/agencies/:regulatorId', 'POST /admin/agencies/:regulatorId/invite'],
    notMine: ['/administration', '/regulator/admin'],
  },
];

describe.each(CASES)('$prefix', ({ guard, prefix, known, notMine }) => {
  test('the walk finds its routes, every one behind its guard', () => {
    const routes = listEndpoints(t.app).filter((e) => e.kind === 'route' && GUARDS[guard].path.test(e.path));
    expect(routes.map(label)).toEqual(expect.arrayContaining(known));
    expect(unguardedEndpoints(t.app, guard).map(label)).toEqual([]);
    for (const p of notMine) expect(GUARDS[guard].path.test(p)).toBe(false);
  });

  test('the check bites: a route outside the guarded router, or a router guarded late, is reported', () => {
    const before = unguardedEndpoints(t.app, guard).length;
    t.app.get(`${prefix}/leak`, ok);
    t.app.use(`${prefix.toUpperCase()}/also-leak`, ok);
    expect(unguardedEndpoints(t.app, guard).map(label)).toEqual(expect.arrayContaining([`GET ${prefix}/leak`, `ALL ${prefix.toUpperCase()}/also-leak`]));
    t.app.router.stack.splice(-2, 2);
    expect(unguardedEndpoints(t.app, guard)).toHaveLength(before);

    const middleware = stub(GUARDS[guard].middleware);
    const late = Router();
    late.get('/early', ok);
    late.use(middleware);
    late.get('/late', ok);
    const good = Router();
    good.use(middleware);
    good.get('/things/:id', ok);
    const app = express();
    app.use(prefix, late);
    app.use(prefix, good);
    expect(unguardedEndpoints(app, guard).map(label).sort()).toEqual([`ALL ${prefix}`, `GET ${prefix}/early`, `GET ${prefix}/late`]);
    expect(listEndpoints(app).filter((e) => e.behind.includes(guard)).map(label)).toEqual([`ALL ${prefix}`, `GET ${prefix}/things/:id`]);
  });
});
