/**
 * The platform administration cannot be opened by accident: every handler
 * under /admin sits behind the systemAdmin middleware, found by walking the
 * app's router tree (so an /admin route added tomorrow is checked the day it
 * lands), and anyone who is not a System Admin gets 404 there.
 */
import express, { Router } from 'express';
import request from 'supertest';
import { createTestApp, createUser, csrfFrom, signIn, type TestApp } from '../support/app';
import { isAdminPath, label, listEndpoints, unguardedAdminEndpoints } from '../support/routes';
import { SYSTEM_ADMIN_MIDDLEWARE_NAME } from '../../src/tenancy/system-admin.middleware';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await request(t.app).get('/sign-in').expect(200);
});
afterAll(() => t.close());

const ok: express.RequestHandler = (_req, res) => {
  res.end();
};
const systemAdmin: express.RequestHandler = (_req, _res, next) => next();

test('the walk finds the /admin routes, all behind the systemAdmin check', () => {
  expect(systemAdmin.name).toBe(SYSTEM_ADMIN_MIDDLEWARE_NAME);
  const routes = listEndpoints(t.app).filter((e) => e.kind === 'route' && isAdminPath(e.path));
  expect(routes.map(label)).toEqual(
    expect.arrayContaining(['GET /admin', 'GET /admin/agencies/new', 'POST /admin/agencies/new', 'GET /admin/agencies/:regulatorId', 'POST /admin/agencies/:regulatorId/edit', 'POST /admin/agencies/:regulatorId/invite']),
  );
  expect(unguardedAdminEndpoints(t.app).map(label)).toEqual([]);
  expect(isAdminPath('/administration')).toBe(false);
  expect(isAdminPath('/regulator/admin')).toBe(false);
});

test('the check bites: a route outside the admin router, or a router guarded late, is reported', () => {
  const before = unguardedAdminEndpoints(t.app).length;
  t.app.get('/admin/leak', ok);
  t.app.use('/ADMIN/also-leak', ok);
  expect(unguardedAdminEndpoints(t.app).map(label)).toEqual(expect.arrayContaining(['GET /admin/leak', 'ALL /ADMIN/also-leak']));
  t.app.router.stack.splice(-2, 2);
  expect(unguardedAdminEndpoints(t.app)).toHaveLength(before);

  const late = Router();
  late.get('/early', ok);
  late.use(systemAdmin);
  late.get('/late', ok);
  const good = Router();
  good.use(systemAdmin);
  good.get('/agencies/:regulatorId', ok);
  const app = express();
  app.use('/admin', late);
  app.use('/admin', good);
  expect(unguardedAdminEndpoints(app).map(label).sort()).toEqual(['ALL /admin', 'GET /admin/early', 'GET /admin/late']);
});

test('every /admin route answers 404 to a stranger, a business user and CUPA staff', async () => {
  const kern = await t.knex('regulators').where({ code: '1500' }).first('id');
  const business = await createUser(t.knex, { username: 'arch_business' });
  const staff = await createUser(t.knex, { username: 'arch_cupa_admin' });
  await t.knex('regulator_staff').insert({ user_id: staff.id, regulator_id: kern.id, role: 'regulator_admin' });
  const agents = [request.agent(t.app), request.agent(t.app), request.agent(t.app)];
  await signIn(agents[1]!, business.username);
  await signIn(agents[2]!, staff.username);
  const routes = listEndpoints(t.app).filter((e) => e.kind === 'route' && isAdminPath(e.path));
  const problems: string[] = [];
  for (const [i, agent] of agents.entries()) {
    const csrf = csrfFrom((await agent.get(i === 0 ? '/sign-in' : '/account')).text);
    for (const e of routes) {
      const url = e.path.replace(':regulatorId', String(kern.id));
      const res = e.methods.includes('get') ? await agent.get(url) : await agent.post(url).type('form').send({ _csrf: csrf, name: 'Probe Agency', email: 'probe@example.com' });
      if (res.status !== 404) problems.push(`${e.methods.join(',')} ${url} → ${res.status}`);
    }
  }
  expect(await t.knex('regulators').where({ name: 'Probe Agency' }).first()).toBeUndefined();
  expect(problems).toEqual([]);
});
