/**
 * The regulator's review: a business submits through the app, the CUPA's staff
 * find it in the queue, read it, decide; the decision is kept in the history,
 * emailed through a real SMTP server, and shown on the business side.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, createUser, csrfFrom, signIn, submitForm, type Agent, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { filingFixtures } from '../support/role-fixtures';
import { startSmtp, type TestSmtp } from '../support/smtp';

let t: TestApp;
let smtp: TestSmtp;
let org: { id: number; name: string };
let facility: { id: number; cers_id: number; name: string };
let lead: Agent;
let approver: Agent;
let reviewer: Agent;
let reviewer2: Agent;
let viewer: Agent;
let bakersfield: Agent;
let businessOnly: Agent;
let versionId: number;
let hmiVersionId: number;

async function submitFacilityInformation(agent: Agent, cersId: number): Promise<number> {
  const base = `/orgs/${org.id}/facilities/${cersId}`;
  const page = await agent.get(`${base}/submit`);
  const res = await agent.post(`${base}/submit`).type('form').send({ _csrf: csrfFrom(page.text), elements: '1', 'comment-1': 'First filing', idempotencyKey: randomUUID() });
  if (res.status !== 303) throw new Error(`submit answered ${res.status}: ${res.text.slice(0, 400)}`);
  const v = await t.knex('element_versions').where({ facility_id: (await t.knex('facilities').where({ cers_id: cersId }).first('id')).id, element_code: 1 }).whereNot('status', 'draft').orderBy('id', 'desc').first('id');
  return v.id as number;
}

async function staff(username: string, regulator: { code: string } | { name: string }, role: string) {
  const u = await createUser(t.knex, { username, email: `${username}@example.com`, first_name: username[0]!.toUpperCase() + username.slice(1), last_name: 'Staff' });
  const reg = await t.knex('regulators').where(regulator).first('id');
  await t.knex('regulator_staff').insert({ user_id: u.id, regulator_id: reg.id, role });
  const agent = request.agent(t.app);
  await signIn(agent, username);
  return agent;
}

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ SMTP_URL: smtp.url });
  org = await createOrg(t.knex, { name: 'Reviewed Co' });
  facility = await createFacility(t.knex, org, { name: 'Reviewed Yard' }); // Kern County
  const leadUser = await createUser(t.knex, { username: 'revlead', email: 'revlead@example.com', first_name: 'Lena' });
  await addMember(t.knex, leadUser, org, 'lead_user');
  await addMember(t.knex, await createUser(t.knex, { username: 'revapprover', email: 'revapprover@example.com', first_name: 'Abe' }), org, 'approver');
  lead = request.agent(t.app);
  approver = request.agent(t.app);
  businessOnly = lead;
  await signIn(lead, 'revlead');
  await signIn(approver, 'revapprover');
  reviewer = await staff('rita', { code: '1500' }, 'reviewer');
  reviewer2 = await staff('ralph', { code: '1500' }, 'reviewer');
  viewer = await staff('vera', { code: '1500' }, 'regulator_viewer');
  bakersfield = await staff('bart', { name: 'Bakersfield Fire Department' }, 'regulator_admin');

  const fx = filingFixtures(t.knex, org, { user: leadUser, agent: lead, csrf: csrfFrom((await lead.get('/account')).text) });
  await fx.readyFacilityInformation(facility.cers_id);
  versionId = await submitFacilityInformation(approver, facility.cers_id);
  // An inventory version with a material, submitted (written as the fixtures do).
  await fx.inventoryItem(facility.cers_id, 'Diesel fuel');
  const draft = await t.knex('element_versions').where({ facility_id: facility.id, element_code: 2, status: 'draft' }).first('id');
  await t.knex('element_versions').where({ id: draft.id }).update({ status: 'submitted', submitted_at: new Date(Date.now() - 3_600_000), submitted_by: leadUser.id, regulator_id: t.knex.raw('(select regulator_id from facilities where id = ?)', [facility.id]), content_hash: 'x' });
  hmiVersionId = draft.id;
}, 60_000);
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('sign-in and scope', () => {
  test('CUPA staff land in the regulator portal; it is blue and names their CUPA and role', async () => {
    const a = request.agent(t.app);
    const res = await submitForm(a, '/sign-in', { login: 'rita', password: 'river-lantern-pebble-42' });
    expect(res.headers.location).toBe('/regulator/submittals');
    const page = await a.get('/regulator/submittals');
    expect(page.status).toBe(200);
    expect(page.text).toContain('app-portal--regulator');
    expect(page.text).toContain('Kern County');
    expect(page.text).toContain('You are Reviewer');
  });

  test('a business user gets 404 anywhere under /regulator; a stranger is sent to sign in', async () => {
    expect((await businessOnly.get('/regulator/submittals')).status).toBe(404);
    expect((await businessOnly.get(`/regulator/submittals/${versionId}`)).status).toBe(404);
    const anon = await request(t.app).get('/regulator/submittals');
    expect(anon.status).toBe(303);
    expect(anon.headers.location).toBe('/sign-in');
  });

  test('regulator staff who are not members get 404 on the organization pages', async () => {
    expect((await reviewer.get(`/orgs/${org.id}/facilities`)).status).toBe(404);
  });

  test('another CUPA sees neither the queue entry nor the version, facility or document', async () => {
    const queue = await bakersfield.get('/regulator/submittals');
    expect(queue.status).toBe(200);
    expect(queue.text).not.toContain('Reviewed Yard');
    expect((await bakersfield.get(`/regulator/submittals/${versionId}`)).status).toBe(404);
    expect((await bakersfield.get(`/regulator/facilities/${facility.cers_id}`)).status).toBe(404);
    expect((await bakersfield.get(`/regulator/submittals/${hmiVersionId}/inventory`)).status).toBe(404);
  });
});

describe('the queue', () => {
  test('lists what was submitted, newest first, with counts per status; never drafts', async () => {
    const page = await reviewer.get('/regulator/submittals');
    expect(page.text).toContain('Reviewed Yard');
    const fi = page.text.indexOf('Facility Information');
    const hmi = page.text.indexOf('Hazardous Materials Inventory');
    expect(fi).toBeGreaterThan(0);
    expect(hmi).toBeGreaterThan(fi); // FI submitted just now, the inventory an hour ago
    expect(page.text).toMatch(/All <span class="app-tabs__count">2<\/span>/);
    expect(page.text).toMatch(/Submitted <span class="app-tabs__count">2<\/span>/);
  });

  test('filters by element, status, facility name or CERS ID, and dates', async () => {
    const byElement = await reviewer.get('/regulator/submittals?element=2');
    expect(byElement.text).toContain('Hazardous Materials Inventory');
    expect(byElement.text).not.toContain(`/regulator/submittals/${versionId}"`);
    expect((await reviewer.get('/regulator/submittals?facility=reviewed')).text).toContain('Reviewed Yard');
    expect((await reviewer.get('/regulator/submittals?facility=nothing+like+it')).text).toContain('No submitted elements match');
    expect((await reviewer.get(`/regulator/submittals?facility=${facility.cers_id}`)).text).toContain('Reviewed Yard');
    expect((await reviewer.get('/regulator/submittals?status=accepted')).text).toContain('No submitted elements match');
    expect((await reviewer.get('/regulator/submittals?from=2001-01-01&to=2001-12-31')).text).toContain('No submitted elements match');
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });
    expect((await reviewer.get(`/regulator/submittals?from=${today}&to=${today}`)).text).toContain('Reviewed Yard');
    // "%" is text, not a wildcard
    expect((await reviewer.get('/regulator/submittals?facility=%25')).text).toContain('No submitted elements match');
  });

  test('a bad date is shown beside its field and in the summary; the queue still shows', async () => {
    const res = await reviewer.get('/regulator/submittals?from=2026-02-31&to=yesterday');
    expect(res.status).toBe(400);
    expect(res.text).toContain('There is a problem');
    expect(res.text).toContain('Enter a date like 2026-03-01');
    expect(res.text).toContain('Reviewed Yard');
  });
});

describe('reviewing and deciding', () => {
  test('the review page shows the forms, the submitter, the comment and the history', async () => {
    const page = await reviewer.get(`/regulator/submittals/${versionId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Business Owner/Operator Identification');
    expect(page.text).toContain('Op Erator');
    expect(page.text).toContain('First filing');
    expect(page.text).toContain('Abe Person');
    expect(page.text).toContain('Save decision');
  });

  test('the inventory: summary on the review page, full table with the rules messages', async () => {
    const page = await reviewer.get(`/regulator/submittals/${hmiVersionId}`);
    expect(page.text).toContain('1 material');
    const table = await reviewer.get(`/regulator/submittals/${hmiVersionId}/inventory`);
    expect(table.status).toBe(200);
    expect(table.text).toContain('Diesel fuel');
    expect(table.text).toContain('app-level--Required'); // the fixture material lacks storage conditions
    expect((await reviewer.get(`/regulator/submittals/${versionId}/inventory`)).status).toBe(404); // FI has no inventory
  });

  test('a Regulator Viewer reads but cannot decide', async () => {
    const page = await viewer.get(`/regulator/submittals/${versionId}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Save decision');
    const forged = await viewer.post(`/regulator/submittals/${versionId}/decision`).type('form').send({ _csrf: csrfFrom(page.text), status: 'accepted', comment: '', seq: '0' });
    expect(forged.status).toBe(403);
    expect((await t.knex('element_versions').where({ id: versionId }).first('status')).status).toBe('submitted');
  });

  test('Not accepted needs a comment: the message is beside the field and in the summary; nothing changes', async () => {
    const res = await submitForm(reviewer, `/regulator/submittals/${versionId}`, { status: 'not_accepted', comment: '  ', seq: '0' }, `/regulator/submittals/${versionId}/decision`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('a Not accepted decision needs a comment');
    expect(res.text).toContain('id="comment-error"');
    expect((await t.knex('element_versions').where({ id: versionId }).first('status')).status).toBe('submitted');
  });

  test('Under review, then Not accepted with a comment: history, emails to the Lead User and the submitter, the business sees it', async () => {
    const a = await submitForm(reviewer, `/regulator/submittals/${versionId}`, { status: 'under_review', comment: '', seq: '0' }, `/regulator/submittals/${versionId}/decision`);
    expect(a.status).toBe(303);
    const b = await submitForm(reviewer, `/regulator/submittals/${versionId}`, { status: 'not_accepted', comment: 'The 24-hour phone of the emergency contact is missing a digit', seq: '1' }, `/regulator/submittals/${versionId}/decision`);
    expect(b.status).toBe(303);

    const history = await t.knex('element_status_history').where({ element_version_id: versionId }).orderBy('id').select('status', 'comment');
    expect(history.map((h) => h.status)).toEqual(['submitted', 'under_review', 'not_accepted']);
    expect(history[2]!.comment).toContain('missing a digit');
    const audit = await t.knex('audit_log').where({ action: 'submittal.decided', entity_id: String(versionId) }).orderBy('id');
    expect(audit).toHaveLength(2);

    const toLead = await smtp.waitForMail('revlead@example.com', /not accepted/i);
    expect(toLead.text).toContain('missing a digit');
    expect(toLead.text).toMatch(/resubmit by \w+ \d{1,2}, \d{4}/);
    expect(toLead.text).toContain(`/orgs/${org.id}/facilities/${facility.cers_id}/elements/1/versions/${versionId}`);
    await smtp.waitForMail('revapprover@example.com', /not accepted/i);
    expect(smtp.inbox.filter((m) => m.to === 'revlead@example.com' && /under review/i.test(m.subject))).toHaveLength(1);

    const page = await reviewer.get(`/regulator/submittals/${versionId}`);
    expect(page.text).toMatch(/Not accepted<\/strong>, [^<]+ by Rita Staff: The 24-hour phone/);

    const business = await lead.get(`/orgs/${org.id}/facilities/${facility.cers_id}`);
    expect(business.text).toContain('Not accepted');
    expect(business.text).toContain('missing a digit');
    expect(business.text).toMatch(/Correct and resubmit by \w+ \d{1,2}, \d{4}/);
  });

  test('two reviewers at once: the second sees the first decision and keeps their comment; nothing is lost', async () => {
    const p1 = await reviewer.get(`/regulator/submittals/${hmiVersionId}`);
    const p2 = await reviewer2.get(`/regulator/submittals/${hmiVersionId}`);
    const seq = /name="seq" value="(\d+)"/.exec(p1.text)![1]!;
    const first = await reviewer.post(`/regulator/submittals/${hmiVersionId}/decision`).type('form').send({ _csrf: csrfFrom(p1.text), status: 'accepted', comment: 'Fine', seq });
    expect(first.status).toBe(303);
    const second = await reviewer2.post(`/regulator/submittals/${hmiVersionId}/decision`).type('form').send({ _csrf: csrfFrom(p2.text), status: 'not_accepted', comment: 'Storage conditions missing', seq });
    expect(second.status).toBe(409);
    expect(second.text).toContain('Rita Staff set this element to Accepted while you were deciding');
    expect(second.text).toContain('Storage conditions missing'); // the comment is still in the box
    const v = await t.knex('element_versions').where({ id: hmiVersionId }).first('status', 'review_seq');
    expect(v).toEqual({ status: 'accepted', review_seq: Number(seq) + 1 });
    expect(await t.knex('element_status_history').where({ element_version_id: hmiVersionId, status: 'not_accepted' })).toHaveLength(0);
  });

  test('a decision can be changed later (Not applicable), every change kept', async () => {
    const page = await reviewer.get(`/regulator/submittals/${hmiVersionId}`);
    const seq = /name="seq" value="(\d+)"/.exec(page.text)![1]!;
    const res = await reviewer.post(`/regulator/submittals/${hmiVersionId}/decision`).type('form').send({ _csrf: csrfFrom(page.text), status: 'not_applicable', comment: 'Below reporting thresholds', seq });
    expect(res.status).toBe(303);
    const statuses = (await t.knex('element_status_history').where({ element_version_id: hmiVersionId }).orderBy('id')).map((h) => h.status);
    expect(statuses).toEqual(['accepted', 'not_applicable']);
  });

  test('a decision on a draft, on another CUPA’s element, or on an unknown id is 404 and changes nothing', async () => {
    const leadUser = await t.knex('users').where({ username: 'revlead' }).first('id');
    const draftFx = filingFixtures(t.knex, org, { user: leadUser, agent: lead, csrf: '' });
    const draftId = await draftFx.draft(facility.cers_id, 3);
    const page = await reviewer.get('/regulator/submittals');
    for (const id of [draftId, 999999]) {
      const res = await reviewer.post(`/regulator/submittals/${id}/decision`).type('form').send({ _csrf: csrfFrom(page.text), status: 'accepted', comment: '', seq: '0' });
      expect(res.status).toBe(404);
    }
    expect((await t.knex('element_versions').where({ id: draftId }).first('status')).status).toBe('draft');
    const bPage = await bakersfield.get('/regulator/submittals');
    const res = await bakersfield.post(`/regulator/submittals/${versionId}/decision`).type('form').send({ _csrf: csrfFrom(bPage.text), status: 'accepted', comment: '', seq: '2' });
    expect(res.status).toBe(404);
    expect((await t.knex('element_versions').where({ id: versionId }).first('status')).status).toBe('not_accepted');
  });
});
