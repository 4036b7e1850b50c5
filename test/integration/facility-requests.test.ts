import request from 'supertest';
import { createTestApp, createUser, emailsTo, signIn, submitForm, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';

let t: TestApp;
let org: { id: number; name: string; code: string };
let other: { id: number; code: string };
let agent: ReturnType<typeof request.agent>;
beforeAll(async () => {
  t = await createTestApp();
  org = await createOrg(t.knex, { name: 'Requests Co' });
  other = await createOrg(t.knex, { name: 'Buyer Co' });
  const lead = await createUser(t.knex, { username: 'requestslead' });
  await addMember(t.knex, lead, org, 'lead_user');
  agent = request.agent(t.app);
  await signIn(agent, 'requestslead');
});
afterAll(() => t.close());

const url = (cersId: number) => `/orgs/${org.id}/facilities/${cersId}/requests/new`;

test('a transfer request names the receiving organization, is stored for the CUPA, and shows on the facility', async () => {
  const kern = await t.knex('regulators').where({ code: '1500' }).first('id');
  const admin = await createUser(t.knex, { username: 'frkernadmin', email: 'frkernadmin@example.com' });
  await t.knex('regulator_staff').insert({ user_id: admin.id, regulator_id: kern.id, role: 'regulator_admin' });
  const f = await createFacility(t.knex, org, { name: 'Sold Yard' });
  const res = await submitForm(agent, url(f.cers_id), { kind: 'transfer', targetOrganizationCode: other.code, reason: 'Sold on 1 Nov 2026' });
  expect(res.status).toBe(303);
  const row = await t.knex('facility_requests').where({ facility_id: f.id }).first();
  expect(row).toMatchObject({ kind: 'transfer', status: 'pending', target_organization_code: other.code, regulator_id: kern.id });
  const page = await agent.get(`/orgs/${org.id}/facilities/${f.cers_id}`);
  expect(page.text).toContain(`Transfer to organization ${other.code}`);
  expect(page.text).toContain('Waiting for the CUPA');
  expect((await emailsTo(t.knex, 'frkernadmin@example.com')).map((m) => m.subject)).toContain(`Facility transfer requested: Sold Yard (CERS ID ${f.cers_id})`);
  const again = await submitForm(agent, url(f.cers_id), { kind: 'delete', reason: 'oops' });
  expect(again.status).toBe(400);
  expect(again.text).toContain('already waiting for the CUPA');
});

test('transfer and merge targets are checked', async () => {
  const f = await createFacility(t.knex, org);
  const keep = await createFacility(t.knex, org);
  const foreign = await createFacility(t.knex, other);
  const cases: [Record<string, string>, string][] = [
    [{ kind: 'transfer', targetOrganizationCode: '', reason: 'x' }, 'Enter the 8-digit organization code'],
    [{ kind: 'transfer', targetOrganizationCode: '00000000', reason: 'x' }, 'No organization has this code'],
    [{ kind: 'transfer', targetOrganizationCode: org.code, reason: 'x' }, 'This is your own organization'],
    [{ kind: 'merge', targetCersId: String(foreign.cers_id), reason: 'x' }, 'another active facility of this organization'],
    [{ kind: 'merge', targetCersId: String(f.cers_id), reason: 'x' }, 'cannot be merged into itself'],
    [{ kind: '', reason: '' }, 'Choose what you are asking for'],
  ];
  for (const [data, message] of cases) {
    const res = await submitForm(agent, url(f.cers_id), data);
    expect({ data, status: res.status, has: res.text.includes(message) }).toEqual({ data, status: 400, has: true });
  }
  const merged = await submitForm(agent, url(f.cers_id), { kind: 'merge', targetCersId: String(keep.cers_id), reason: 'Registered twice' });
  expect(merged.status).toBe(303);
  expect(await t.knex('facility_requests').where({ facility_id: f.id, target_facility_id: keep.id }).first()).toBeDefined();
});

test('a delete request for a facility with no submittals is accepted', async () => {
  const f = await createFacility(t.knex, org);
  const res = await submitForm(agent, url(f.cers_id), { kind: 'delete', reason: 'Added by mistake' });
  expect(res.status).toBe(303);
  expect((await t.knex('facility_requests').where({ facility_id: f.id }).first()).kind).toBe('delete');
});

test('only Lead Users may file requests', async () => {
  const f = await createFacility(t.knex, org);
  const approver = await createUser(t.knex, { username: 'frapprover' });
  await addMember(t.knex, approver, org, 'approver');
  const a = request.agent(t.app);
  await signIn(a, 'frapprover');
  expect((await a.get(url(f.cers_id))).status).toBe(403);
  expect((await a.get(`/orgs/${org.id}/facilities/${f.cers_id}`)).text).not.toContain('/requests/new');
});
