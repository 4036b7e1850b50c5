import request from 'supertest';
import { createTestApp, createUser, emailsTo, signIn, submitForm, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const valid = { phone: '661 555 0100', title: 'Safety coordinator', role: 'editor', message: 'I file for the Delano site now.' };

describe('request access', () => {
  test('search → request → the Lead User grants with a role → the requester sees the organization; both emailed', async () => {
    const org = await createOrg(t.knex, { name: 'Granting Co' });
    const lead = await createUser(t.knex, { username: 'grantlead', email: 'grantlead@example.com' });
    await addMember(t.knex, lead, org, 'lead_user');
    const facility = await createFacility(t.knex, org, { name: 'Granting Yard' });
    const requester = await createUser(t.knex, { username: 'asker', email: 'asker@example.com' });

    const asker = request.agent(t.app);
    await signIn(asker, 'asker');
    const search = await asker.get(`/facilities/search?q=${facility.cers_id}`);
    expect(search.text).toContain(`/facilities/${facility.cers_id}/request-access`);
    const sent = await submitForm(asker, `/facilities/${facility.cers_id}/request-access`, valid);
    expect(sent.status).toBe(303);
    expect((await emailsTo(t.knex, 'grantlead@example.com')).map((m) => m.subject)).toContain(`Access request for Granting Yard (CERS ID ${facility.cers_id})`);
    const again = await asker.get(`/facilities/${facility.cers_id}/request-access`);
    expect(again.text).toContain('already asked');
    expect((await asker.get(`/orgs/${org.id}/facilities`)).status).toBe(404);

    const leadAgent = request.agent(t.app);
    await signIn(leadAgent, 'grantlead');
    const list = await leadAgent.get(`/orgs/${org.id}/access-requests`);
    expect(list.text).toContain('asks to join as <strong>Editor</strong>');
    const req = await t.knex('access_requests').where({ requester_id: requester.id }).first();
    expect(req.routed_to).toBe('lead_users');
    const detail = await leadAgent.get(`/orgs/${org.id}/access-requests/${req.id}`);
    expect(detail.text).toContain('Safety coordinator');
    expect(detail.text).toContain('I file for the Delano site now.');
    const decided = await submitForm(leadAgent, `/orgs/${org.id}/access-requests/${req.id}`, { decision: 'grant', role: 'approver', comment: 'Welcome' });
    expect(decided.status).toBe(303);

    expect((await asker.get(`/orgs/${org.id}/facilities`)).status).toBe(200);
    expect((await t.knex('memberships').where({ user_id: requester.id, organization_id: org.id }).first()).role).toBe('approver');
    const mail = (await emailsTo(t.knex, 'asker@example.com')).pop()!;
    expect(mail.subject).toBe('Access granted: Granting Co');
    expect(mail.body_text).toContain('You are now Approver of Granting Co');
    expect(mail.body_text).toContain('Comment: Welcome');

    const twice = await submitForm(leadAgent, `/orgs/${org.id}/access-requests/${req.id}`, { decision: 'deny', role: '', comment: '' });
    expect(twice.status).toBe(400);
  });

  test('a denied request is emailed and grants nothing', async () => {
    const org = await createOrg(t.knex, { name: 'Denying Co' });
    const lead = await createUser(t.knex, { username: 'denylead' });
    await addMember(t.knex, lead, org, 'lead_user');
    const facility = await createFacility(t.knex, org);
    const requester = await createUser(t.knex, { username: 'denied', email: 'denied@example.com' });
    const asker = request.agent(t.app);
    await signIn(asker, 'denied');
    await submitForm(asker, `/facilities/${facility.cers_id}/request-access`, valid);
    const req = await t.knex('access_requests').where({ requester_id: requester.id }).first();
    const leadAgent = request.agent(t.app);
    await signIn(leadAgent, 'denylead');
    await submitForm(leadAgent, `/orgs/${org.id}/access-requests/${req.id}`, { decision: 'deny', role: '', comment: 'We do not know you' });
    expect(await t.knex('memberships').where({ user_id: requester.id, organization_id: org.id }).first()).toBeUndefined();
    expect((await emailsTo(t.knex, 'denied@example.com')).pop()!.subject).toBe('Access request not granted: Denying Co');
  });

  test('an organization without a Lead User routes the request to its CUPA admins', async () => {
    const org = await createOrg(t.knex, { name: 'Orphan Co' });
    const facility = await createFacility(t.knex, org); // Kern County CUPA
    const kern = await t.knex('regulators').where({ code: '1500' }).first('id');
    const admin = await createUser(t.knex, { username: 'kernadmin', email: 'kernadmin@example.com' });
    await t.knex('regulator_staff').insert({ user_id: admin.id, regulator_id: kern.id, role: 'regulator_admin' });
    await createUser(t.knex, { username: 'orphanasker' });
    const asker = request.agent(t.app);
    await signIn(asker, 'orphanasker');
    const sent = await submitForm(asker, `/facilities/${facility.cers_id}/request-access`, valid);
    expect(sent.status).toBe(303);
    expect((await asker.get('/account')).text).toContain('its CUPA will decide');
    const req = await t.knex('access_requests').where({ facility_id: facility.id }).first();
    expect(req.routed_to).toBe('regulator');
    expect(req.regulator_id).toBe(kern.id);
    expect((await emailsTo(t.knex, 'kernadmin@example.com')).map((m) => m.subject)).toContain(`Access request for ${facility.name} (CERS ID ${facility.cers_id})`);
  });

  test('bad input keeps what was typed', async () => {
    const org = await createOrg(t.knex);
    const facility = await createFacility(t.knex, org);
    await createUser(t.knex, { username: 'badasker' });
    const asker = request.agent(t.app);
    await signIn(asker, 'badasker');
    const res = await submitForm(asker, `/facilities/${facility.cers_id}/request-access`, { phone: 'abc', title: '', role: 'owner', message: 'hello' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#phone">Enter a phone number, like 661 555 0100</a>');
    expect(res.text).toContain('href="#title">Enter your job title</a>');
    expect(res.text).toContain('href="#role">Choose the role you need</a>');
    expect(res.text).toContain('hello</textarea>');
    expect((await request.agent(t.app).get('/facilities/99999999/request-access')).status).toBe(303); // signed out → sign in
    expect((await asker.get('/facilities/99999999/request-access')).status).toBe(404);
  });

  test('an invitation shows on the account home and can be accepted there', async () => {
    const org = await createOrg(t.knex, { name: 'Home Invite Co' });
    const lead = await createUser(t.knex, { username: 'homelead' });
    await addMember(t.knex, lead, org, 'lead_user');
    const invitee = await createUser(t.knex, { username: 'homeinvitee', email: 'homeinvitee@example.com' });
    const leadAgent = request.agent(t.app);
    await signIn(leadAgent, 'homelead');
    await submitForm(leadAgent, `/orgs/${org.id}/people/invite`, { email: 'homeinvitee@example.com', role: 'viewer' });
    const agent = request.agent(t.app);
    await signIn(agent, 'homeinvitee');
    const home = await agent.get('/account');
    expect(home.text).toContain('You are invited to join <strong>Home Invite Co</strong> as <strong>Viewer</strong>');
    const inv = await t.knex('invitations').where({ email: 'homeinvitee@example.com' }).first();
    const res = await submitForm(agent, '/account', {}, `/account/invitations/${inv.id}/accept`);
    expect(res.headers.location).toBe(`/orgs/${org.id}/facilities`);
    expect((await t.knex('memberships').where({ user_id: invitee.id, organization_id: org.id }).first()).role).toBe('viewer');
    // Somebody else cannot accept it by id.
    const other = await createUser(t.knex, { username: 'otherhome' });
    await t.knex('invitations').where({ id: inv.id }).update({ accepted_at: null, accepted_by: null });
    const otherAgent = request.agent(t.app);
    await signIn(otherAgent, 'otherhome');
    expect((await submitForm(otherAgent, '/account', {}, `/account/invitations/${inv.id}/accept`)).status).toBe(404);
    expect(await t.knex('memberships').where({ user_id: other.id }).first()).toBeUndefined();
  });
});
