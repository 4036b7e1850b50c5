/**
 * Anyone who is not a System Admin gets 404 on every /admin route (found by
 * walking the app); guarded-routes.test.ts checks they all sit behind the guard.
 */
import request from 'supertest';
import { createTestApp, createUser, csrfFrom, signIn, type TestApp } from '../support/app';
import { isAdminPath, listEndpoints } from '../support/routes';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await request(t.app).get('/sign-in').expect(200);
});
afterAll(() => t.close());

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
