import request from 'supertest';
import { migrateLatest } from '../../src/db/migrate';
import { runSeeds } from '../../src/db/seed';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../seeds/90_demo';
import { createTestApp, signIn, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const count = async (table: string) => Number((await t.knex(table).count('* as n').first())!.n);

test('reference data is seeded: 58 counties, the known CUPAs, the EHS list and the chemical library', async () => {
  expect(await count('counties')).toBe(58);
  expect((await t.knex('counties').where({ id: 15 }).first()).name).toBe('Kern');
  expect(await count('regulators')).toBe(35);
  expect((await t.knex('regulators').where({ code: '1500' }).first()).name).toMatch(/^Kern County/);
  expect(await count('ehs_substances')).toBe(355);
  expect(Number((await t.knex('ehs_substances').where({ cas_number: '7782-50-5' }).first()).tpq_lbs)).toBe(100); // chlorine
  expect(await count('chemicals')).toBe(165);
});

test('migrations and seeds can run again without changing anything', async () => {
  expect(await migrateLatest(t.knex)).toEqual([]);
  await runSeeds(t.knex, { demo: false });
  expect(await count('counties')).toBe(58);
  expect(await count('regulators')).toBe(35);
  expect(await count('chemicals')).toBe(165);
});

test('seeding again on restart keeps what a System Admin changed in the reference agencies', async () => {
  const kern = await t.knex('regulators').where({ code: '1500' }).first('id');
  const bfd = await t.knex('regulators').where({ name: 'Bakersfield Fire Department' }).first('id');
  await t.knex('regulators').where({ id: kern.id }).update({ name: 'Kern County Environmental Health', area_covered: 'Kern County outside Bakersfield and Arvin' });
  const arvin = await t.knex('regulator_jurisdictions').insert({ regulator_id: bfd.id, county_id: 15, city: 'Arvin' }).returning('id');
  const delano = await t.knex('regulator_jurisdictions').where({ county_id: 15, city: null }).first('id');
  await t.knex('regulator_jurisdictions').where({ id: delano.id }).update({ regulator_id: kern.id });
  await runSeeds(t.knex, { demo: false });
  expect(await t.knex('regulators').where({ id: kern.id }).first('name', 'area_covered')).toEqual({ name: 'Kern County Environmental Health', area_covered: 'Kern County outside Bakersfield and Arvin' });
  expect(await count('regulators')).toBe(35); // the renamed agency is not seeded again under its old name
  expect((await t.knex('regulator_jurisdictions').where({ id: arvin[0].id }).first('regulator_id')).regulator_id).toBe(bfd.id);
});

test('demo data: every demo account signs in, twice-seeded without duplicates, with its role', async () => {
  await runSeeds(t.knex, { demo: true });
  await runSeeds(t.knex, { demo: true });
  expect(await count('users')).toBeGreaterThanOrEqual(DEMO_ACCOUNTS.length);
  for (const a of DEMO_ACCOUNTS) {
    const agent = request.agent(t.app);
    await signIn(agent, a.username, DEMO_PASSWORD);
    const home = await agent.get('/account');
    expect(home.status).toBe(200);
  }
  const consultant = request.agent(t.app);
  await signIn(consultant, 'consultant', DEMO_PASSWORD);
  const page = (await consultant.get('/account')).text;
  expect(page).toContain('Kern Valley Fuel &amp; Supply');
  expect(page).toContain('Delano Farm Services');
  expect(page).toContain('Lead User');
  const reviewer = request.agent(t.app);
  await signIn(reviewer, 'reviewer', DEMO_PASSWORD);
  expect((await reviewer.get('/account')).text).toContain('Reviewer');
  // Work waiting in the regulator portal, seeded once however often the seed runs.
  const queue = (await reviewer.get('/regulator/submittals')).text;
  expect(queue).toContain('Delano Farm Services – main shop');
  expect(queue).toMatch(/Submitted <span class="app-tabs__count">1<\/span>/);
  const admin = request.agent(t.app);
  await signIn(admin, 'cupa-admin', DEMO_PASSWORD);
  const requests = (await admin.get('/regulator/requests')).text;
  expect(requests).toContain('Shafter Pool &amp; Spa Supply');
  expect(requests).toContain('Delano Farm Services – McFarland ag chemicals');
  expect(await t.knex('access_requests').where({ routed_to: 'regulator', status: 'pending' })).toHaveLength(1);
});

test('a multi-row write is all-or-nothing', async () => {
  await expect(
    t.knex.transaction(async (trx) => {
      await trx('organizations').insert({ name: 'Half Saved Inc', code: '12345678' });
      await trx('organizations').insert({ name: 'Bad code', code: 'not-digits' });
    }),
  ).rejects.toThrow();
  expect(await t.knex('organizations').where({ code: '12345678' }).first()).toBeUndefined();
});
