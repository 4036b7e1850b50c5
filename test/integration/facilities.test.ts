import request from 'supertest';
import { createTestApp, createUser, signIn, submitForm, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function addFacility(agent: ReturnType<typeof request.agent>, address: Record<string, string>, name: Record<string, string>) {
  const step1 = await submitForm(agent, '/facilities/new', address);
  if (step1.status !== 303) return step1;
  return submitForm(agent, '/facilities/new/name', name);
}

describe('add facility', () => {
  test('a person with no organization creates one, leads it, and sees the CERS ID and the CUPA', async () => {
    const u = await createUser(t.knex, { username: 'newbiz' });
    const agent = request.agent(t.app);
    await signIn(agent, 'newbiz');
    const name = await agent.get('/facilities/new/name');
    expect(name.status).toBe(303); // no address yet: back to step 1
    const res = await addFacility(
      agent,
      { street: '2800  Pegasus Drive', city: 'Bakersfield', zip: '93308', county: '15' },
      { name: 'Pegasus Terminal', organization: 'new', orgName: 'Pegasus Fuels LLC', headquarters: 'Bakersfield' },
    );
    expect(res.status).toBe(303);
    const [, orgId, cersId] = /^\/orgs\/(\d+)\/facilities\/(\d+)$/.exec(res.headers.location ?? "")!;
    expect(Number(cersId!)).toBeGreaterThanOrEqual(10000001);
    const page = await agent.get(res.headers.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Its CERS ID is ${cersId}`);
    expect(page.text).toContain('Bakersfield Fire Department'); // city CUPA inside Kern County
    expect(page.text).toContain('Pegasus Fuels LLC');
    expect(page.text).toContain('You are Lead User');
    const membership = await t.knex('memberships').where({ user_id: u.id, organization_id: Number(orgId!) }).first();
    expect(membership.role).toBe('lead_user');
    expect(await t.knex('audit_log').where({ action: 'facility.created', entity_id: cersId! }).first()).toBeDefined();
  });

  test('outside a city CUPA, the county CUPA is derived', async () => {
    await createUser(t.knex, { username: 'delanobiz' });
    const agent = request.agent(t.app);
    await signIn(agent, 'delanobiz');
    const res = await addFacility(
      agent,
      { street: '1 Rural Rte', city: 'Delano', zip: '93215', county: '15' },
      { name: 'Delano Ag', organization: 'new', orgName: 'Delano Ag Inc' },
    );
    const page = await agent.get(res.headers.location!);
    expect(page.text).toContain('Kern County Public Health Services Department');
  });

  test('an address already registered offers Request access instead of a duplicate', async () => {
    const org = await createOrg(t.knex);
    await createFacility(t.knex, org, { name: 'Existing Yard', street: '455 East Lerdo Highway', city: 'Shafter', zip: '93263' });
    await createUser(t.knex, { username: 'duplicator' });
    const agent = request.agent(t.app);
    await signIn(agent, 'duplicator');
    const res = await submitForm(agent, '/facilities/new', { street: '455 E. Lerdo Hwy', city: 'shafter', zip: '93263', county: '15' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('This facility may already be registered');
    expect(res.text).toContain('Existing Yard');
    expect(res.text).toContain('Request access');
    expect(res.text).not.toContain(org.name); // the owning organization is not revealed
    const follow = await agent.get('/facilities/new/name');
    expect(follow.status).toBe(303);
  });

  test('bad address input is explained field by field', async () => {
    await createUser(t.knex, { username: 'badaddress' });
    const agent = request.agent(t.app);
    await signIn(agent, 'badaddress');
    const res = await submitForm(agent, '/facilities/new', { street: '', city: 'Delano', zip: '9321', county: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#street">Enter the street address, like 1200 Main St</a>');
    expect(res.text).toContain('href="#zip">Enter a 5-digit ZIP code, like 93301</a>');
    expect(res.text).toContain('href="#county">Select the county</a>');
    expect(res.text).toContain('value="Delano"');
  });

  test('only a Lead User may add a facility to an existing organization', async () => {
    const org = await createOrg(t.knex);
    const editor = await createUser(t.knex, { username: 'editoradds' });
    await addMember(t.knex, editor, org, 'editor');
    const agent = request.agent(t.app);
    await signIn(agent, 'editoradds');
    await submitForm(agent, '/facilities/new', { street: '9 Editor Way', city: 'Delano', zip: '93215', county: '15' });
    const form = await agent.get('/facilities/new/name');
    expect(form.text).not.toContain(`value="${org.id}"`);
    const res = await submitForm(agent, '/facilities/new/name', { name: 'Sneaky', organization: String(org.id) });
    expect(res.status).toBe(403);
    expect(await t.knex('facilities').where({ name: 'Sneaky' }).first()).toBeUndefined();
  });

  test('CERS IDs come from a sequence and are never reused', async () => {
    const org = await createOrg(t.knex);
    const a = await createFacility(t.knex, org);
    await t.knex('facilities').where({ id: a.id }).del();
    const b = await createFacility(t.knex, org);
    expect(b.cers_id).toBeGreaterThan(a.cers_id);
  });
});

describe('the organization facilities list', () => {
  test('is paged and searchable, and shows which organization is current', async () => {
    const org = await createOrg(t.knex, { name: 'Many Sites Co' });
    const viewer = await createUser(t.knex, { username: 'manysites' });
    await addMember(t.knex, viewer, org, 'viewer');
    for (let i = 0; i < 27; i++) await createFacility(t.knex, org, { name: `Site ${String(i).padStart(2, '0')}` });
    await createFacility(t.knex, org, { name: 'Old Site', status: 'archived' });
    const agent = request.agent(t.app);
    await signIn(agent, 'manysites');
    const p1 = await agent.get(`/orgs/${org.id}/facilities`);
    expect(p1.text).toContain('Many Sites Co');
    expect(p1.text).toContain('You are Viewer');
    expect(p1.text).toContain('27 facilities');
    expect(p1.text).toContain('Site 00');
    expect(p1.text).not.toContain('Site 26');
    expect(p1.text).not.toContain('Add a facility'); // viewers cannot
    const p2 = await agent.get(`/orgs/${org.id}/facilities?page=2`);
    expect(p2.text).toContain('Site 26');
    const found = await agent.get(`/orgs/${org.id}/facilities?q=site 1`);
    expect(found.text).toContain('10 facilities matching');
    const archived = await agent.get(`/orgs/${org.id}/facilities/archived`);
    expect(archived.text).toContain('Old Site');
    expect(p1.text).not.toContain('Old Site');
  });

  test('a person with one organization lands in it after sign-in', async () => {
    const org = await createOrg(t.knex);
    const u = await createUser(t.knex, { username: 'oneorg' });
    await addMember(t.knex, u, org, 'editor');
    const res = await signIn(request.agent(t.app), 'oneorg');
    expect(res.headers.location).toBe(`/orgs/${org.id}/facilities`);
  });
});

describe('public facility search', () => {
  test('finds by CERS ID, name or address number; marks your own facilities', async () => {
    const org = await createOrg(t.knex);
    const f = await createFacility(t.knex, org, { name: 'Searchable Chemical Depot', street: '7788 Main St' });
    const mine = await createOrg(t.knex);
    const u = await createUser(t.knex, { username: 'searcher' });
    await addMember(t.knex, u, mine, 'viewer');
    const own = await createFacility(t.knex, mine, { name: 'Searchable Own Site' });
    const agent = request.agent(t.app);
    await signIn(agent, 'searcher');
    for (const q of [String(f.cers_id), 'chemical depo', 'Serchable Chemical Depot', '7788']) {
      const res = await agent.get(`/facilities/search?q=${encodeURIComponent(q)}`);
      expect({ q, found: res.text.includes('Searchable Chemical Depot') }).toEqual({ q, found: true });
    }
    const res = await agent.get('/facilities/search?q=searchable');
    expect(res.text).toContain(`/facilities/${f.cers_id}/request-access`);
    expect(res.text).toContain(`/orgs/${mine.id}/facilities/${own.cers_id}`);
  });
});

describe('organization request', () => {
  test('one organization holds facilities in several CUPAs, without any letter', async () => {
    await createUser(t.knex, { username: 'multicupa' });
    const agent = request.agent(t.app);
    await signIn(agent, 'multicupa');
    const first = await addFacility(
      agent,
      { street: '100 Oak St', city: 'Delano', zip: '93215', county: '15' },
      { name: 'Kern Site', organization: 'new', orgName: 'Statewide Supply Inc' },
    );
    const orgId = /^\/orgs\/(\d+)\//.exec(first.headers.location ?? '')![1]!;
    const second = await addFacility(
      agent,
      { street: '500 Harbor Blvd', city: 'Long Beach', zip: '90802', county: '19' },
      { name: 'Long Beach Site', organization: orgId },
    );
    expect(second.status).toBe(303);
    const list = await agent.get(`/orgs/${orgId}/facilities`);
    expect(list.text).toContain('Kern County Public Health Services Department');
    expect(list.text).toContain('City of Long Beach / Signal Hill');
  });
});
