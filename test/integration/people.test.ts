import request from 'supertest';
import { createTestApp, createUser, csrfFrom, emailsTo, linkInLatestEmail, PASSWORD, signIn, submitForm, type Agent, type TestApp } from '../support/app';
import { addMember, createOrg } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function orgWithLead(name: string) {
  const org = await createOrg(t.knex, { name });
  const lead = await createUser(t.knex, { username: `lead_${org.id}`, first_name: 'Lee', last_name: `Lead${org.id}` });
  await addMember(t.knex, lead, org, 'lead_user');
  const agent = request.agent(t.app);
  await signIn(agent, lead.username);
  return { org, lead, agent };
}

const membershipOf = (userId: number, orgId: number) => t.knex('memberships').where({ user_id: userId, organization_id: orgId }).first();

async function postOnPage(agent: Agent, page: string, action: string, data: Record<string, string> = {}) {
  return submitForm(agent, page, data, action);
}

describe('invitations', () => {
  test('a newcomer registers through the invitation link and joins with the invited role', async () => {
    const { org, agent } = await orgWithLead('Invite Co');
    const sent = await submitForm(agent, `/orgs/${org.id}/people/invite`, { email: 'newcomer@example.com', role: 'editor' });
    expect(sent.status).toBe(303);
    const link = await linkInLatestEmail(t.knex, 'newcomer@example.com', '/invitations/');
    expect((await emailsTo(t.knex, 'newcomer@example.com'))[0]!.subject).toBe('You are invited to Invite Co on the Unified Program Portal');

    const browser = request.agent(t.app);
    const landing = await browser.get(link);
    expect(landing.text).toContain('as <strong>Editor</strong>');
    expect(landing.text).toContain('n•••@example.com');
    const register = await browser.get('/register');
    expect(register.text).toContain('value="newcomer@example.com"');
    await browser.post('/register').type('form').send({
      _csrf: csrfFrom(register.text), firstName: 'New', lastName: 'Comer', email: 'newcomer@example.com', username: 'newcomer', password: PASSWORD, confirmPassword: PASSWORD,
    });
    const activation = await linkInLatestEmail(t.knex, 'newcomer@example.com', '/activate/');
    const act = await browser.get(activation);
    await browser.post(activation).type('form').send({ _csrf: csrfFrom(act.text) });
    const signedIn = await submitForm(browser, '/sign-in', { login: 'newcomer', password: PASSWORD });
    expect(signedIn.headers.location).toBe(link); // back to the invitation
    const accept = await submitForm(browser, link, {});
    expect(accept.status).toBe(303);
    expect(accept.headers.location).toBe(`/orgs/${org.id}/facilities`);
    const user = await t.knex('users').where({ username: 'newcomer' }).first();
    expect((await membershipOf(user.id, org.id)).role).toBe('editor');
    const again = await browser.get(link);
    expect(again.status).toBe(410);
    expect(again.text).toContain('already been used');
  });

  test('an existing account joins; another account cannot use the link', async () => {
    const { org, agent } = await orgWithLead('Existing Co');
    const invitee = await createUser(t.knex, { username: 'invitee1', email: 'invitee1@example.com' });
    const other = await createUser(t.knex, { username: 'notinvited' });
    await submitForm(agent, `/orgs/${org.id}/people/invite`, { email: 'Invitee1@example.com', role: 'approver' });
    const link = await linkInLatestEmail(t.knex, 'invitee1@example.com', '/invitations/');

    const wrong = request.agent(t.app);
    await signIn(wrong, other.username);
    expect((await wrong.get(link)).text).toContain('not the email address of the account you are signed in with');
    const refused = await submitForm(wrong, link, {});
    expect(refused.status).toBe(403);
    expect(await membershipOf(other.id, org.id)).toBeUndefined();

    const right = request.agent(t.app);
    await signIn(right, invitee.username);
    expect((await submitForm(right, link, {})).status).toBe(303);
    expect((await membershipOf(invitee.id, org.id)).role).toBe('approver');
  });

  test('expired, revoked and resent invitations', async () => {
    const { org, agent } = await orgWithLead('Resend Co');
    const invitee = await createUser(t.knex, { username: 'invitee2', email: 'invitee2@example.com' });
    await submitForm(agent, `/orgs/${org.id}/people/invite`, { email: 'invitee2@example.com', role: 'viewer' });
    const first = await linkInLatestEmail(t.knex, 'invitee2@example.com', '/invitations/');
    const inv = await t.knex('invitations').where({ email: 'invitee2@example.com' }).first();
    const days = (inv.expires_at.getTime() - inv.created_at.getTime()) / 86400_000;
    expect(Math.round(days)).toBe(30);

    await t.knex('invitations').where({ id: inv.id }).update({ expires_at: new Date(Date.now() - 1000) });
    const expired = await request(t.app).get(first);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('has expired');

    await postOnPage(agent, `/orgs/${org.id}/people`, `/orgs/${org.id}/people/invitations/${inv.id}/resend`);
    const second = await linkInLatestEmail(t.knex, 'invitee2@example.com', '/invitations/');
    expect(second).not.toBe(first);
    expect((await request(t.app).get(first)).status).toBe(404); // the old link is gone
    expect((await request(t.app).get(second)).status).toBe(200);

    await postOnPage(agent, `/orgs/${org.id}/people`, `/orgs/${org.id}/people/invitations/${inv.id}/revoke`);
    const revoked = await request(t.app).get(second);
    expect(revoked.status).toBe(410);
    expect(revoked.text).toContain('withdrawn');
    const joiner = request.agent(t.app);
    await signIn(joiner, invitee.username);
    expect((await submitForm(joiner, '/account', {}, second)).status).toBe(410);
  });

  test('inviting a member again, or a bad address, is explained', async () => {
    const { org, agent, lead } = await orgWithLead('Again Co');
    const dup = await submitForm(agent, `/orgs/${org.id}/people/invite`, { email: lead.email, role: 'viewer' });
    expect(dup.status).toBe(400);
    expect(dup.text).toContain('already a member');
    const bad = await submitForm(agent, `/orgs/${org.id}/people/invite`, { email: 'nope', role: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#role">Choose a role</a>');
    expect(bad.text).toContain('value="nope"');
  });
});

describe('roles and removal', () => {
  test('the only Lead User cannot be demoted or removed; the page recommends a second', async () => {
    const { org, agent, lead } = await orgWithLead('Solo Lead Co');
    const people = await agent.get(`/orgs/${org.id}/people`);
    expect(people.text).toContain('only one Lead User');
    const m = await membershipOf(lead.id, org.id);
    const demote = await submitForm(agent, `/orgs/${org.id}/people/${m.id}/role`, { role: 'viewer' });
    expect(demote.status).toBe(400);
    expect(demote.text).toContain('only Lead User');
    const remove = await submitForm(agent, `/orgs/${org.id}/people/${m.id}/remove`, {});
    expect(remove.status).toBe(409);
    expect((await membershipOf(lead.id, org.id)).role).toBe('lead_user');
  });

  test('a Lead User changes a role and removes a person, audited', async () => {
    const { org, agent } = await orgWithLead('Roles Co');
    const p = await createUser(t.knex, { username: 'rolechange' });
    await addMember(t.knex, p, org, 'viewer');
    const m = await membershipOf(p.id, org.id);
    expect((await submitForm(agent, `/orgs/${org.id}/people/${m.id}/role`, { role: 'approver' })).status).toBe(303);
    expect((await membershipOf(p.id, org.id)).role).toBe('approver');
    const audit = await t.knex('audit_log').where({ action: 'membership.role_changed', entity_id: String(m.id) }).first();
    expect(audit.before).toEqual({ role: 'viewer' });
    expect(audit.after).toEqual({ role: 'approver' });
    expect((await submitForm(agent, `/orgs/${org.id}/people/${m.id}/remove`, {})).status).toBe(303);
    expect(await membershipOf(p.id, org.id)).toBeUndefined();
    const gone = request.agent(t.app);
    await signIn(gone, 'rolechange');
    expect((await gone.get(`/orgs/${org.id}/facilities`)).status).toBe(404);
  });

  test('two Lead Users removing each other at the same moment leave one', async () => {
    const { org, agent: a, lead: leadA } = await orgWithLead('Race Co');
    const leadB = await createUser(t.knex, { username: 'raceb' });
    await addMember(t.knex, leadB, org, 'lead_user');
    const b = request.agent(t.app);
    await signIn(b, 'raceb');
    const mA = await membershipOf(leadA.id, org.id);
    const mB = await membershipOf(leadB.id, org.id);
    const [pageA, pageB] = await Promise.all([a.get(`/orgs/${org.id}/people/${mB.id}/remove`), b.get(`/orgs/${org.id}/people/${mA.id}/remove`)]);
    const results = await Promise.all([
      a.post(`/orgs/${org.id}/people/${mB.id}/remove`).type('form').send({ _csrf: csrfFrom(pageA.text) }),
      b.post(`/orgs/${org.id}/people/${mA.id}/remove`).type('form').send({ _csrf: csrfFrom(pageB.text) }),
    ]);
    const leads = await t.knex('memberships').where({ organization_id: org.id, role: 'lead_user' });
    expect(leads).toHaveLength(1);
    // One removal succeeds; the other is refused (409), or finds its author already removed (404).
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409 || s === 404)).toHaveLength(1);
  });

  test('members who are not Lead Users cannot manage people', async () => {
    const org = await createOrg(t.knex);
    const editor = await createUser(t.knex, { username: 'noteditorlead' });
    await addMember(t.knex, editor, org, 'approver');
    const agent = request.agent(t.app);
    await signIn(agent, 'noteditorlead');
    const res = await agent.get(`/orgs/${org.id}/people`);
    expect(res.status).toBe(403);
    expect(res.text).toContain('does not allow this');
    const facilities = await agent.get(`/orgs/${org.id}/facilities`);
    expect(facilities.text).not.toContain('>People<');
  });
});
