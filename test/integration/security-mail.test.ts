/**
 * The portal's email is not a relay: invitations are throttled per person and
 * per organization or CUPA (counted in the database), addresses typed into
 * names are never links in its emails, and name fields refuse them.
 */
import request from 'supertest';
import { createTestApp, createUser, emailsTo, PASSWORD, signIn, submitForm, type Agent, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { OWNER_OPERATOR } from '../support/role-fixtures';

let t: TestApp;
beforeAll(async () => {
  // Small limits, so the test reaches them.
  t = await createTestApp({ INVITATIONS_PER_HOUR: '3', INVITATIONS_PER_DAY: '5' });
});
afterAll(() => t.close());

async function leadOf(org: { id: number }, username: string, names: { first_name?: string; last_name?: string } = {}) {
  const user = await createUser(t.knex, { username, ...names });
  await addMember(t.knex, user, org, 'lead_user');
  const agent = request.agent(t.app);
  await signIn(agent, username);
  return { user, agent };
}

const invite = (agent: Agent, org: { id: number }, email: string) => submitForm(agent, `/orgs/${org.id}/people/invite`, { email, role: 'viewer' });
const invitationsOf = (org: { id: number }) => t.knex('invitations').where({ organization_id: org.id }).orderBy('id');

describe('invitations are throttled', () => {
  test('per person per hour: the refused one is explained beside the email field and in the summary, nothing is sent', async () => {
    const org = await createOrg(t.knex, { name: 'Busy Inviter Co' });
    const { agent } = await leadOf(org, 'busy_lead');
    for (const n of [1, 2, 3]) expect((await invite(agent, org, `hourly${n}@example.com`)).status).toBe(303);
    const refused = await invite(agent, org, 'hourly4@example.com');
    expect(refused.status).toBe(429);
    expect(refused.text).toMatch(/href="#email">You have sent 3 invitations in the last hour, the most one person can send\. You can send more in \d+ minutes<\/a>/);
    expect(refused.text).toMatch(/id="email-error"><span class="usa-sr-only">Error: <\/span>You have sent 3 invitations in the last hour/); // and beside the field
    expect(refused.text).toContain('value="hourly4@example.com"'); // what was typed is kept
    expect(await invitationsOf(org)).toHaveLength(3);
    expect(await emailsTo(t.knex, 'hourly4@example.com')).toEqual([]);

    // The count is the person's, wherever they invite: their other organization refuses too.
    const second = await createOrg(t.knex, { name: 'Busy Inviter Second Co' });
    const user = await t.knex('users').where({ username: 'busy_lead' }).first();
    await addMember(t.knex, user, second, 'lead_user');
    expect((await invite(agent, second, 'hourly5@example.com')).status).toBe(429);

    // An hour later (the sends moved back in time) they can invite again.
    await t.knex('invitations').where({ invited_by: user.id }).update({ expires_at: t.knex.raw("expires_at - interval '61 minutes'") });
    expect((await invite(agent, org, 'hourly4@example.com')).status).toBe(303);
  });

  test('per organization per day, whoever sends them', async () => {
    const org = await createOrg(t.knex, { name: 'Daily Limit Co' });
    const a = await leadOf(org, 'daily_lead_a');
    const b = await leadOf(org, 'daily_lead_b');
    for (const n of [1, 2, 3]) expect((await invite(a.agent, org, `daily${n}@example.com`)).status).toBe(303);
    for (const n of [4, 5]) expect((await invite(b.agent, org, `daily${n}@example.com`)).status).toBe(303);
    const refused = await invite(b.agent, org, 'daily6@example.com');
    expect(refused.status).toBe(429);
    expect(refused.text).toMatch(/href="#email">Daily Limit Co has sent 5 invitations in the last 24 hours, the most allowed in a day\. You can send more in \d+ hours<\/a>/);
    expect(await invitationsOf(org)).toHaveLength(5);
  });

  test('a resend within the hour is refused with a message; the link and the count stay as they were', async () => {
    const org = await createOrg(t.knex, { name: 'Resend Limit Co' });
    const { agent } = await leadOf(org, 'resend_lead');
    await invite(agent, org, 'again@example.com');
    const before = (await invitationsOf(org))[0]!;
    const res = await submitForm(agent, `/orgs/${org.id}/people`, {}, `/orgs/${org.id}/people/invitations/${before.id}/resend`);
    expect(res.status).toBe(303);
    const page = await agent.get(`/orgs/${org.id}/people`);
    expect(page.text).toMatch(/The invitation to again@example\.com was emailed less than an hour ago\. .* You can send it again in \d+ minutes\./);
    expect((await invitationsOf(org))[0]!.token_hash).toBe(before.token_hash);
    expect(await emailsTo(t.knex, 'again@example.com')).toHaveLength(1);

    // Sent more than an hour ago: it goes, in the name of the person resending.
    await t.knex('invitations').where({ id: before.id }).update({ expires_at: t.knex.raw("expires_at - interval '2 hours'") });
    await submitForm(agent, `/orgs/${org.id}/people`, {}, `/orgs/${org.id}/people/invitations/${before.id}/resend`);
    expect((await invitationsOf(org))[0]!.token_hash).not.toBe(before.token_hash);
    expect(await emailsTo(t.knex, 'again@example.com')).toHaveLength(2);
  });

  test('CUPA staff invitations: per person, per CUPA', async () => {
    const kern = await t.knex('regulators').where({ code: '1500' }).first('id', 'name');
    const admin = await createUser(t.knex, { username: 'throttle_cupa_admin' });
    await t.knex('regulator_staff').insert({ user_id: admin.id, regulator_id: kern.id, role: 'regulator_admin' });
    const agent = request.agent(t.app);
    await signIn(agent, admin.username);
    const send = (email: string) => submitForm(agent, '/regulator/admin/staff/invite', { email, role: 'reviewer' });
    for (const n of [1, 2, 3]) expect((await send(`staff${n}@example.gov`)).status).toBe(303);
    const refused = await send('staff4@example.gov');
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('href="#email">You have sent 3 invitations in the last hour');
    expect(refused.text).toMatch(/id="email-error"><span class="usa-sr-only">Error: <\/span>You have sent 3 invitations in the last hour/);
    expect(await t.knex('regulator_invitations').where({ regulator_id: kern.id, email: 'staff4@example.gov' })).toEqual([]);
    expect(await emailsTo(t.knex, 'staff4@example.gov')).toEqual([]);

    // Another admin of the same CUPA: the CUPA's daily count (5) is reached after two more.
    const other = await createUser(t.knex, { username: 'throttle_cupa_admin2' });
    await t.knex('regulator_staff').insert({ user_id: other.id, regulator_id: kern.id, role: 'regulator_admin' });
    const agent2 = request.agent(t.app);
    await signIn(agent2, other.username);
    const send2 = (email: string) => submitForm(agent2, '/regulator/admin/staff/invite', { email, role: 'reviewer' });
    for (const n of [5, 6]) expect((await send2(`staff${n}@example.gov`)).status).toBe(303);
    const cupaRefused = await send2('staff7@example.gov');
    expect(cupaRefused.status).toBe(429);
    expect(cupaRefused.text).toContain(`${kern.name} has sent 5 invitations in the last 24 hours`);
  });
});

describe('addresses typed into names are never links in the portal’s email', () => {
  test('an invitation from an organization and a person whose names (saved before names were checked) hold addresses', async () => {
    const org = await createOrg(t.knex, { name: 'Acme — verify at https://evil.example/login' });
    const { agent } = await leadOf(org, 'phish_lead', { first_name: 'Visit', last_name: 'www.evil.example' });
    expect((await invite(agent, org, 'target@example.com')).status).toBe(303);
    const [mail] = await emailsTo(t.knex, 'target@example.com');
    const anchors = [...mail!.body_html!.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    expect(anchors).toHaveLength(1);
    expect(anchors[0]).toMatch(/^http:\/\/portal\.test\/invitations\/[A-Za-z0-9_-]+$/);
    for (const part of [mail!.body_html!, mail!.body_text!, mail!.subject]) {
      expect(part).not.toContain('https://evil.example');
      expect(part).not.toContain('www.evil.example');
    }
    expect(mail!.body_text).toContain('Visit www[.]evil[.]example invited you to join Acme — verify at https[:]//evil[.]example/login as Viewer');
    expect(mail!.subject).toBe('You are invited to Acme — verify at https[:]//evil[.]example/login on the Unified Program Portal');
  });
});

describe('name fields refuse addresses and line breaks', () => {
  test('registration: first and last name', async () => {
    const anon = request.agent(t.app);
    const res = await submitForm(anon, '/register', {
      firstName: 'Claim your refund at refunds.example.com', lastName: 'Smith\nhttps://evil.example', email: 'namecheck@example.com', username: 'namecheck', password: PASSWORD, confirmPassword: PASSWORD,
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#firstName">Your first name cannot contain a web or email address. Enter the name only</a>');
    expect(res.text).toContain('href="#lastName">Your last name must be on one line, without line breaks</a>');
    expect(await t.knex('users').where({ username: 'namecheck' })).toEqual([]);
  });

  test('a new facility and its organization', async () => {
    const user = await createUser(t.knex, { username: 'facility_namer' });
    const agent = request.agent(t.app);
    await signIn(agent, user.username);
    await submitForm(agent, '/facilities/new', { street: '900 Name Check Rd', city: 'Delano', zip: '93215', county: '15' });
    const res = await submitForm(agent, '/facilities/new/name', { name: 'Yard at http://evil.example', organization: 'new', orgName: 'Evil.com Holdings' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#name">The facility name cannot contain a web or email address. Enter the name only</a>');
    expect(res.text).toContain('href="#orgName">Organization name cannot contain a web or email address. Enter the name only</a>');
    const ok = await submitForm(agent, '/facilities/new/name', { name: 'St.Mary’s Yard', organization: 'new', orgName: 'J.B. Hunt & Sons, Inc.' });
    expect(ok.status).toBe(303);
  });

  test('profile job title and the Owner/Operator names', async () => {
    const org = await createOrg(t.knex, { name: 'Profile Check Co' });
    const { agent } = await leadOf(org, 'title_lead');
    const profile = await submitForm(agent, '/account/profile', { firstName: 'Tia', lastName: 'Tle', email: 'title_lead@example.com', phone: '', title: 'Manager, see bit.ly/x' });
    expect(profile.status).toBe(400);
    expect(profile.text).toContain('href="#title">Job title cannot contain a web or email address. Enter the name only</a>');

    const facility = await createFacility(t.knex, org, { name: 'Owner Check Yard' });
    const oo = await submitForm(agent, `/orgs/${org.id}/facilities/${facility.cers_id}/elements/1/owner-operator`, {
      ...OWNER_OPERATOR, operatorName: 'Operator https://evil.example', signerTitle: 'Owner\r\nCall 555',
    });
    expect(oo.status).toBe(400);
    expect(oo.text).toContain('href="#operatorName">The operator name cannot contain a web or email address. Enter the name only</a>');
    expect(oo.text).toContain('href="#signerTitle">The title of signer must be on one line, without line breaks</a>');
    expect(await t.knex('element_versions').where({ facility_id: facility.id })).toEqual([]);
  });
});
