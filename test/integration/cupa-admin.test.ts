/**
 * CUPA administration: a Regulator Admin runs the CUPA's staff (invitations
 * through a real SMTP server, roles, removal, the last admin protected), its
 * local policies (validated, saved all or nothing, and in effect on the
 * business pages at once) and its contact details (in the public directory).
 * Regulator Viewers and Reviewers are refused every page.
 */
import request from 'supertest';
import { createTestApp, createUser, csrfFrom, PASSWORD, signIn, submitForm, type Agent, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { filingFixtures } from '../support/role-fixtures';
import { startSmtp, type Mail, type TestSmtp } from '../support/smtp';
import { POLICY_PARTS } from '../../src/modules/cupa-admin/cupa-admin.schema';

let t: TestApp;
let smtp: TestSmtp;
let kern: { id: number; name: string };
let bakersfield: { id: number; name: string };
let admin: Agent;
let reviewer: Agent;
let viewer: Agent;

async function staffAgent(username: string, regulatorId: number, role: string, over: { first_name?: string; last_name?: string } = {}) {
  const u = await createUser(t.knex, { username, email: `${username}@example.com`, ...over });
  await t.knex('regulator_staff').insert({ user_id: u.id, regulator_id: regulatorId, role });
  const agent = request.agent(t.app);
  await signIn(agent, username);
  return { user: u, agent };
}

/** The nth mail (1 = first) to an address whose subject matches, once it has arrived. */
async function nthMail(to: string, subject: RegExp, n: number): Promise<Mail> {
  for (let i = 0; i < 100; i++) {
    const found = smtp.inbox.filter((m) => m.to === to.toLowerCase() && subject.test(m.subject));
    if (found.length >= n) return found[n - 1]!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`mail ${n} to ${to} matching ${subject} did not arrive; inbox: ${smtp.inbox.map((m) => `${m.to}: ${m.subject}`).join(' | ')}`);
}

const linkIn = (mail: Mail, prefix: string) => {
  const m = new RegExp(`http://portal\\.test(${prefix}\\S+)`).exec(mail.text);
  if (!m) throw new Error(`no ${prefix} link in "${mail.subject}"`);
  return m[1]!;
};

const INVITED = /You are invited to the staff of Kern County/;

async function invite(email: string, role: string) {
  const res = await submitForm(admin, '/regulator/admin/staff/invite', { email, role });
  expect(res.status).toBe(303);
  return res;
}

const staffRow = async (username: string) => t.knex('regulator_staff as s').join('users as u', 'u.id', 's.user_id').where('u.username', username).first('s.id', 's.regulator_id', 's.role');

/** A complete policies form: every part accepts uploads; `over` replaces fields. */
function policiesBody(csrf: string, over: Record<string, string | string[]> = {}): string {
  const fields: Record<string, string | string[]> = { dueMonth: '3', dueDay: '1', wasteAnyAmount: 'yes', minorCorrections: 'yes' };
  for (const p of POLICY_PARTS) {
    fields[`options-${p.code}`] = ['upload'];
    fields[`note-${p.code}`] = '';
  }
  Object.assign(fields, over);
  const body = new URLSearchParams({ _csrf: csrf });
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return body.toString();
}

async function postPolicies(agent: Agent, over: Record<string, string | string[]> = {}) {
  const page = await agent.get('/regulator/admin/policies');
  return agent.post('/regulator/admin/policies').type('form').send(policiesBody(csrfFrom(page.text), over));
}

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ SMTP_URL: smtp.url });
  kern = await t.knex('regulators').where({ code: '1500' }).first('id', 'name');
  bakersfield = await t.knex('regulators').where({ name: 'Bakersfield Fire Department' }).first('id', 'name');
  admin = (await staffAgent('kadmin', kern.id, 'regulator_admin', { first_name: 'Kim', last_name: 'Admin' })).agent;
  reviewer = (await staffAgent('kreviewer', kern.id, 'reviewer', { first_name: 'Rex', last_name: 'Reviewer' })).agent;
  viewer = (await staffAgent('kviewer', kern.id, 'regulator_viewer')).agent;
}, 60_000);
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('who may use it', () => {
  test('Regulator Viewers and Reviewers get 403 on every page, and see no administration tab', async () => {
    for (const agent of [viewer, reviewer]) {
      for (const path of ['/regulator/admin', '/regulator/admin/staff', '/regulator/admin/staff/invite', '/regulator/admin/policies', '/regulator/admin/contact']) {
        expect((await agent.get(path)).status).toBe(403);
      }
      const csrf = csrfFrom((await agent.get('/account')).text);
      const post = await agent.post('/regulator/admin/contact').type('form').send({ _csrf: csrf, phone: '661 555 0199' });
      expect(post.status).toBe(403);
      expect((await agent.get('/regulator/submittals')).text).not.toContain('CUPA administration');
    }
    expect((await t.knex('regulators').where({ id: kern.id }).first('phone')).phone).toBeNull();
  });

  test('a Regulator Admin sees the overview linking to staff, policies and contact details', async () => {
    const page = await admin.get('/regulator/admin');
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/regulator/admin/staff"');
    expect(page.text).toContain('href="/regulator/admin/policies"');
    expect(page.text).toContain('href="/regulator/admin/contact"');
    expect(page.text).toContain('March 1');
  });
});

describe('staff invitations', () => {
  test('a newcomer registers through the emailed link and joins the staff with the invited role', async () => {
    await invite('newcomer@example.com', 'reviewer');
    const mail = await nthMail('newcomer@example.com', INVITED, 1);
    expect(mail.text).toContain('as Reviewer');
    const link = linkIn(mail, '/cupa-invitations/');
    expect((await admin.get('/regulator/admin/staff')).text).toContain('newcomer@example.com');

    const browser = request.agent(t.app);
    const landing = await browser.get(link);
    expect(landing.status).toBe(200);
    expect(landing.text).toContain('as <strong>Reviewer</strong>');
    expect(landing.text).toContain('n•••@example.com');
    const register = await browser.get('/register');
    expect(register.text).toContain('value="newcomer@example.com"');
    const registered = await browser.post('/register').type('form').send({
      _csrf: csrfFrom(register.text), firstName: 'Nia', lastName: 'Newcomer', email: 'newcomer@example.com', username: 'newcomer', password: PASSWORD, confirmPassword: PASSWORD,
    });
    expect(registered.status).toBe(303);
    const activation = linkIn(await nthMail('newcomer@example.com', /Activate your/, 1), '/activate/');
    const act = await browser.get(activation);
    await browser.post(activation).type('form').send({ _csrf: csrfFrom(act.text) });
    const signedIn = await submitForm(browser, '/sign-in', { login: 'newcomer', password: PASSWORD });
    expect(signedIn.headers.location).toBe(link); // back to the invitation

    const accept = await submitForm(browser, link, {});
    expect(accept.status).toBe(303);
    expect(accept.headers.location).toBe('/regulator/submittals');
    expect(await staffRow('newcomer')).toMatchObject({ regulator_id: kern.id, role: 'reviewer' });
    const portal = await browser.get('/regulator/submittals');
    expect(portal.text).toContain('You are Reviewer');

    const staff = await admin.get('/regulator/admin/staff');
    expect(staff.text).toContain('Nia Newcomer');
    expect(staff.text).not.toContain('newcomer@example.com</th>'); // no longer waiting
    const again = await browser.get(link);
    expect(again.status).toBe(410);
    expect(again.text).toContain('already been used');
    expect(await t.knex('audit_log').where({ action: 'regulator_invitation.accepted', regulator_id: kern.id }).first()).toBeTruthy();
  });

  test('an existing account signs in through the link; an account with another address is refused', async () => {
    const invitee = await createUser(t.knex, { username: 'existing_inspector', email: 'inspector@example.com', first_name: 'Ina', last_name: 'Spector' });
    const other = await createUser(t.knex, { username: 'not_invited', email: 'someone-else@example.com' });
    await invite('Inspector@Example.com', 'regulator_viewer');
    const link = linkIn(await nthMail('inspector@example.com', INVITED, 1), '/cupa-invitations/');

    const wrong = request.agent(t.app);
    await signIn(wrong, other.username);
    expect((await wrong.get(link)).text).toContain('not the email address of the account you are signed in with');
    const refused = await submitForm(wrong, link, {});
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('I•••@Example.com'); // as the admin typed it
    expect(await staffRow(other.username)).toBeUndefined();

    const anon = request.agent(t.app);
    expect((await anon.get(link)).text).toContain('href="/sign-in"');
    const bounced = await submitForm(anon, '/sign-in', {}, link);
    expect(bounced.headers.location).toBe('/sign-in');
    const signedIn = await submitForm(anon, '/sign-in', { login: invitee.username, password: PASSWORD });
    expect(signedIn.headers.location).toBe(link);
    expect((await submitForm(anon, link, {})).status).toBe(303);
    expect(await staffRow(invitee.username)).toMatchObject({ regulator_id: kern.id, role: 'regulator_viewer' });
  });

  test('expired, resent and revoked invitations', async () => {
    await invite('later@example.com', 'reviewer');
    const first = linkIn(await nthMail('later@example.com', INVITED, 1), '/cupa-invitations/');
    const inv = await t.knex('regulator_invitations').where({ email: 'later@example.com' }).first();
    expect(Math.round((inv.expires_at.getTime() - inv.created_at.getTime()) / 86_400_000)).toBe(30);

    await t.knex('regulator_invitations').where({ id: inv.id }).update({ expires_at: new Date(Date.now() - 1000) });
    const expired = await request(t.app).get(first);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('has expired');
    expect((await admin.get('/regulator/admin/staff')).text).toContain('Expired');

    const resent = await submitForm(admin, '/regulator/admin/staff', {}, `/regulator/admin/invitations/${inv.id}/resend`);
    expect(resent.status).toBe(303);
    const second = linkIn(await nthMail('later@example.com', INVITED, 2), '/cupa-invitations/');
    expect(second).not.toBe(first);
    expect((await request(t.app).get(first)).status).toBe(404); // the old link is gone
    expect((await request(t.app).get(second)).status).toBe(200);

    await submitForm(admin, '/regulator/admin/staff', {}, `/regulator/admin/invitations/${inv.id}/revoke`);
    const revoked = await request(t.app).get(second);
    expect(revoked.status).toBe(410);
    expect(revoked.text).toContain('withdrawn');
    const joiner = request.agent(t.app);
    await createUser(t.knex, { username: 'later_person', email: 'later@example.com' });
    await signIn(joiner, 'later_person');
    expect((await submitForm(joiner, '/account', {}, second)).status).toBe(410);
    expect(await staffRow('later_person')).toBeUndefined();
    expect(await t.knex('audit_log').whereIn('action', ['regulator_invitation.resent', 'regulator_invitation.revoked']).where({ entity_id: String(inv.id) }).count('* as n').first()).toEqual({ n: '2' });
  });

  test('a person on another CUPA’s staff cannot accept, and is told why; the invitation stays open', async () => {
    const elsewhere = await staffAgent('bfd_inspector', bakersfield.id, 'reviewer');
    await invite('bfd_inspector@example.com', 'reviewer');
    const link = linkIn(await nthMail('bfd_inspector@example.com', INVITED, 1), '/cupa-invitations/');
    const landing = await elsewhere.agent.get(link);
    expect(landing.text).toContain('You are on the staff of Bakersfield Fire Department');
    const res = await submitForm(elsewhere.agent, link, {}, link);
    expect(res.status).toBe(409);
    expect(res.text).toContain('one CUPA only');
    expect(await staffRow('bfd_inspector')).toMatchObject({ regulator_id: bakersfield.id, role: 'reviewer' });
    expect((await t.knex('regulator_invitations').where({ email: 'bfd_inspector@example.com' }).first()).accepted_at).toBeNull();
  });

  test('inviting someone already on the staff, twice, or a bad address is explained beside the field', async () => {
    const dup = await submitForm(admin, '/regulator/admin/staff/invite', { email: 'kreviewer@example.com', role: 'reviewer' });
    expect(dup.status).toBe(400);
    expect(dup.text).toContain('already on the staff of Kern County');
    const twice = await submitForm(admin, '/regulator/admin/staff/invite', { email: 'BFD_inspector@example.com', role: 'reviewer' });
    expect(twice.status).toBe(400);
    expect(twice.text).toContain('already waiting');
    const bad = await submitForm(admin, '/regulator/admin/staff/invite', { email: 'not an address', role: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('There is a problem');
    expect(bad.text).toContain('id="email-error"');
    expect(bad.text).toContain('Choose a role');
  });
});

describe('roles and removal', () => {
  test('a role is changed and audited; the last Regulator Admin can be neither demoted nor removed', async () => {
    const rex = await staffRow('kreviewer');
    const changed = await submitForm(admin, `/regulator/admin/staff/${rex.id}/role`, { role: 'regulator_viewer' });
    expect(changed.status).toBe(303);
    expect((await staffRow('kreviewer')).role).toBe('regulator_viewer');
    const audit = await t.knex('audit_log').where({ action: 'regulator_staff.role_changed', entity_id: String(rex.id) }).first();
    expect(audit.before).toMatchObject({ role: 'reviewer' });
    expect(audit.after).toMatchObject({ role: 'regulator_viewer' });
    await submitForm(admin, `/regulator/admin/staff/${rex.id}/role`, { role: 'reviewer' });

    const me = await staffRow('kadmin');
    const demote = await submitForm(admin, `/regulator/admin/staff/${me.id}/role`, { role: 'reviewer' });
    expect(demote.status).toBe(400);
    expect(demote.text).toContain('This is the only Regulator Admin');
    const remove = await submitForm(admin, `/regulator/admin/staff/${me.id}/remove`, {});
    expect(remove.status).toBe(409);
    expect(remove.text).toContain('is the only Regulator Admin and cannot be removed');
    expect((await staffRow('kadmin')).role).toBe('regulator_admin');
    expect((await admin.get('/regulator/admin/staff')).text).toContain('has only one Regulator Admin');
  });

  test('with a second admin, an admin can step down; a removed person loses the portal', async () => {
    const second = await staffAgent('kadmin2', kern.id, 'regulator_admin');
    const me = await staffRow('kadmin2');
    const stepDown = await submitForm(second.agent, `/regulator/admin/staff/${me.id}/role`, { role: 'reviewer' });
    expect(stepDown.status).toBe(303);
    expect(stepDown.headers.location).toBe('/regulator/submittals');
    expect((await second.agent.get('/regulator/admin')).status).toBe(403);

    const removed = await submitForm(admin, `/regulator/admin/staff/${me.id}/remove`, {});
    expect(removed.status).toBe(303);
    expect(await staffRow('kadmin2')).toBeUndefined();
    expect((await second.agent.get('/regulator/submittals')).status).toBe(404);
    expect(await t.knex('audit_log').where({ action: 'regulator_staff.removed', entity_id: String(me.id) }).first()).toBeTruthy();
  });
});

describe('local policies', () => {
  test('the form shows the saved policies (Kern: uploads only for the site map, waste at any amount)', async () => {
    const page = await admin.get('/regulator/admin/policies');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/name="options-site_map" value="upload" checked/);
    expect(page.text).not.toMatch(/name="options-site_map" value="url" checked/);
    expect(page.text).toMatch(/name="wasteAnyAmount" value="yes" checked/);
    expect(page.text).toContain('Kern County requires an uploaded site map');
  });

  test('bad values are told beside their fields and in the summary, what was typed is kept, and nothing is saved', async () => {
    const before = { regulator: await t.knex('regulators').where({ id: kern.id }).first(), policies: await t.knex('document_policies').where({ regulator_id: kern.id }).orderBy('id') };
    const longNote = 'x'.repeat(501);
    const res = await postPolicies(admin, { dueMonth: '2', dueDay: '29', 'options-site_map': [], 'note-er_plan': longNote, 'options-training_plan': ['url'], wasteAnyAmount: 'no' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('There is a problem');
    expect(res.text).toContain('February 29 does not come every year');
    expect(res.text).toContain('id="dueDay-error"');
    expect(res.text).toContain('Choose at least one way businesses may provide the Annotated Site Map');
    expect(res.text).toContain('href="#options-site_map"');
    expect(res.text).toContain('id="options-site_map-error"');
    expect(res.text).toContain('must be 500 characters or fewer');
    expect(res.text).toContain('id="note-er_plan-error"');
    expect(res.text).toMatch(/name="options-training_plan" value="url" checked/); // kept as typed
    expect(res.text).toMatch(/name="wasteAnyAmount" value="no" checked/);

    const april = await postPolicies(admin, { dueMonth: '4', dueDay: '31' });
    expect(april.status).toBe(400);
    expect(april.text).toContain('April has only 30 days');
    const notADay = await postPolicies(admin, { dueMonth: '', dueDay: 'first' });
    expect(notADay.text).toContain('Choose the month of the annual due date');
    expect(notADay.text).toContain('Enter the day as a number');

    expect(await t.knex('regulators').where({ id: kern.id }).first()).toEqual(before.regulator);
    expect(await t.knex('document_policies').where({ regulator_id: kern.id }).orderBy('id')).toEqual(before.policies);
  });

  test('a saved policy takes effect on the business and review pages at once, and is audited', async () => {
    const org = await createOrg(t.knex, { name: 'Policy Effects Co' });
    const facility = await createFacility(t.knex, org, { name: 'Policy Yard' }); // Kern County
    const leadUser = await createUser(t.knex, { username: 'policy_lead' });
    await addMember(t.knex, leadUser, org, 'lead_user');
    const lead = request.agent(t.app);
    await signIn(lead, leadUser.username);
    const fx = filingFixtures(t.knex, org, { user: leadUser, agent: lead, csrf: csrfFrom((await lead.get('/account')).text) });
    const { versionIds } = await fx.submitted(facility.cers_id, [1]);
    await fx.draft(facility.cers_id, 2);
    const hmi = await t.knex('element_versions').where({ facility_id: facility.id, element_code: 2, status: 'draft' }).first('id');
    await t.knex('inventory_items').insert({
      element_version_id: hmi.id, organization_id: org.id, facility_id: facility.id, location: 'Drum pad', common_name: 'Spent solvent rags',
      hm_type: 'c', physical_state: 'a', units: 'c', max_daily: 20, average_daily: 10, largest_container: 20, days_on_site: 90, annual_waste: 100, state_waste_code: '352',
    });
    const base = `/orgs/${org.id}/facilities/${facility.cers_id}`;
    const year = new Date().getUTCFullYear() + 1;
    expect((await lead.get(base)).text).toContain(`March 1, ${year}`);
    expect((await lead.get(`${base}/elements/2/documents/site_map`)).text).not.toContain('Public internet URL');
    expect((await lead.get(`${base}/inventory/validate`)).text).not.toContain('Below the reporting threshold');

    const saved = await postPolicies(admin, {
      dueMonth: '6', dueDay: '30', wasteAnyAmount: 'no', minorCorrections: 'no',
      'options-site_map': ['url', 'upload'], 'note-site_map': 'A link to your site map on your own website is fine.',
      'options-training_plan': ['upload', 'exempt'], 'noEmployees-training_plan': 'yes',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/regulator/admin');

    expect((await lead.get(base)).text).toContain(`June 30, ${year}`);
    const sitemap = await lead.get(`${base}/elements/2/documents/site_map`);
    expect(sitemap.text).toContain('Public internet URL');
    expect(sitemap.text).toContain('A link to your site map on your own website is fine.');
    expect((await lead.get(`${base}/inventory/validate`)).text).toContain('Below the reporting threshold');
    expect((await reviewer.get(`/regulator/submittals/${versionIds[0]}`)).text).toContain('Your CUPA does not make minor corrections');

    const row = await t.knex('document_policies').where({ regulator_id: kern.id, part_code: 'training_plan' }).first();
    expect(row).toMatchObject({ accepted_options: ['upload', 'exempt'], exempt_requires_no_employees: true });
    expect(await t.knex('document_policies').where({ regulator_id: kern.id }).count('* as n').first()).toEqual({ n: String(POLICY_PARTS.length) });
    const audit = await t.knex('audit_log').where({ action: 'regulator.policies_updated', regulator_id: kern.id }).orderBy('id', 'desc').first();
    expect(audit.before).toMatchObject({ annual_due_month: 3, annual_due_day: 1, waste_any_amount: true, minor_corrections_allowed: true });
    expect(audit.after).toMatchObject({ annual_due_month: 6, annual_due_day: 30, waste_any_amount: false, minor_corrections_allowed: false });
    const overview = await admin.get('/regulator/admin');
    expect(overview.text).toContain('June 30');
    // Another CUPA's facilities are untouched by Kern's policy.
    expect((await t.knex('regulators').where({ id: bakersfield.id }).first('annual_due_month')).annual_due_month).toBe(3);
  });
});

describe('contact details', () => {
  test('a bad website or email is refused beside its field; good details show in the Regulator Directory', async () => {
    const bad = await submitForm(admin, '/regulator/admin/contact', { phone: 'call us', email: 'hazmat-at-kern', website: 'http://kern.example.gov', address: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('starting with https://');
    expect(bad.text).toContain('id="website-error"');
    expect(bad.text).toContain('id="email-error"');
    expect(bad.text).toContain('id="phone-error"');
    expect(bad.text).toContain('value="http://kern.example.gov"');
    expect((await t.knex('regulators').where({ id: kern.id }).first('website')).website).toBeNull();

    const good = await submitForm(admin, '/regulator/admin/contact', { phone: '661 862 8700', email: 'hazmat@kern.example.gov', website: 'https://kern.example.gov/hazmat', address: '2700 M Street, Suite 300\nBakersfield, CA 93301' });
    expect(good.status).toBe(303);
    const directory = await request(t.app).get('/regulators?q=Kern');
    expect(directory.text).toContain('661 862 8700');
    expect(directory.text).toContain('mailto:hazmat@kern.example.gov');
    expect(directory.text).toContain('href="https://kern.example.gov/hazmat"');
    expect(directory.text).toContain('2700 M Street');
    const audit = await t.knex('audit_log').where({ action: 'regulator.contact_updated', regulator_id: kern.id }).first();
    expect(audit.after).toMatchObject({ phone: '661 862 8700' });

    const cleared = await submitForm(admin, '/regulator/admin/contact', { phone: '', email: '', website: '', address: '' });
    expect(cleared.status).toBe(303);
    expect(await t.knex('regulators').where({ id: kern.id }).first('phone', 'email', 'website', 'address')).toEqual({ phone: null, email: null, website: null, address: null });
  });
});
