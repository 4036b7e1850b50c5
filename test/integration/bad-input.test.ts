/**
 * Input PostgreSQL cannot take — a NUL byte in any searched or typed text, an
 * impossible calendar date — is a 400 with a message, never a 500.
 */
import request from 'supertest';
import { createTestApp, createUser, csrfFrom, signIn, submitForm, type Agent, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { OWNER_OPERATOR } from '../support/role-fixtures';

let t: TestApp;
let org: { id: number };
let facility: { id: number; cers_id: number };
let lead: Agent;
let reviewer: Agent;

const NUL_MESSAGE = 'contains a character that cannot be saved';

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrg(t.knex, { name: 'Bad Input Co' });
  facility = await createFacility(t.knex, org, { name: 'Bad Input Yard' });
  await addMember(t.knex, await createUser(t.knex, { username: 'bad_lead' }), org, 'lead_user');
  const kern = await t.knex('regulators').where({ code: '1500' }).first('id');
  const rev = await createUser(t.knex, { username: 'bad_reviewer' });
  await t.knex('regulator_staff').insert({ user_id: rev.id, regulator_id: kern.id, role: 'reviewer' });
  lead = request.agent(t.app);
  reviewer = request.agent(t.app);
  await signIn(lead, 'bad_lead');
  await signIn(reviewer, 'bad_reviewer');
});
afterAll(() => t.close());

describe('a NUL byte', () => {
  test('in the sign-in username or password: 400 with a message', async () => {
    const anon = request.agent(t.app);
    for (const data of [{ login: 'bad\u0000lead', password: 'x' }, { login: 'bad_lead', password: 'pass\u0000word' }]) {
      const res = await submitForm(anon, '/sign-in', data);
      expect(res.status).toBe(400);
      expect(res.text).toContain(NUL_MESSAGE);
    }
    // The same form without it still works.
    expect((await submitForm(anon, '/sign-in', { login: 'bad_lead', password: 'wrong-password' })).status).toBe(400);
  });

  test.each([
    ['the directory search', () => '/regulators?q=Kern%00'],
    ['the facility search', () => '/facilities/search?q=Yard%00'],
    ['the organization’s facility list', () => `/orgs/${org.id}/facilities?q=%00`],
    ['the chemical library search', () => `/orgs/${org.id}/facilities/${facility.cers_id}/inventory/add?q=acid%00`],
    ['a repeated query parameter', () => `/orgs/${org.id}/facilities?q=a&q=%00`],
    ['a path segment', () => `/orgs/${org.id}/facilities/1%00`],
  ])('in %s: 400 with a message', async (_what, url) => {
    const res = await lead.get(url());
    expect(res.status).toBe(400);
    expect(res.text).toContain(NUL_MESSAGE);
  });

  test('in the review queue filter: 400 with a message', async () => {
    const res = await reviewer.get('/regulator/submittals?facility=Yard%00');
    expect(res.status).toBe(400);
    expect(res.text).toContain(NUL_MESSAGE);
  });

  test('in a form body: 400, and nothing is saved', async () => {
    const page = await lead.get(`/orgs/${org.id}/people/invite`);
    const res = await lead.post(`/orgs/${org.id}/people/invite`).type('form').send({ _csrf: csrfFrom(page.text), email: 'nul\u0000@example.com', role: 'viewer' });
    expect(res.status).toBe(400);
    expect(res.text).toContain(NUL_MESSAGE);
    expect(await t.knex('invitations').where({ organization_id: org.id })).toEqual([]);
  });

  test('a broken %-encoding in the path: 400, not 500', async () => {
    const res = await lead.get(`/orgs/${org.id}/facilities/%E0%A4%A`);
    expect(res.status).toBe(400);
  });
});

describe('an impossible calendar date', () => {
  test.each(['2026-02-30', '2026-13-01', '2025-02-29', '0000-01-01'])('%s in the review queue filter: 400 with the message beside the field', async (date) => {
    const res = await reviewer.get(`/regulator/submittals?from=${date}&to=2026-12-31`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter a real date');
    const to = await reviewer.get(`/regulator/submittals?to=${date}`);
    expect(to.status).toBe(400);
    expect(to.text).toContain('Enter a real date');
  });

  test('a real leap day is accepted', async () => {
    expect((await reviewer.get('/regulator/submittals?from=2024-02-29&to=2028-02-29')).status).toBe(200);
  });

  test('in a facility’s Owner/Operator form: the message beside the field, nothing saved', async () => {
    const res = await submitForm(lead, `/orgs/${org.id}/facilities/${facility.cers_id}/elements/1/owner-operator`, { ...OWNER_OPERATOR, signedDate: '2026-02-30' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#signedDate">Enter the date signed as a date</a>');
    expect(await t.knex('element_versions').where({ facility_id: facility.id })).toEqual([]);
  });
});
