/**
 * Minor corrections: a Reviewer fixes a misspelling or a missing storage
 * condition in a regulator-corrected version. The original stays as submitted,
 * the correction records each field before and after, who and why, the business
 * sees it and is emailed; a facility's Lead User can refuse corrections.
 */
import request from 'supertest';
import { createTestApp, createUser, csrfFrom, signIn, submitForm, type Agent, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { filingFixtures, type FilingFixtures } from '../support/role-fixtures';
import { startSmtp, type TestSmtp } from '../support/smtp';

let t: TestApp;
let smtp: TestSmtp;
let org: { id: number };
let facility: { id: number; cers_id: number };
let lead: Agent;
let reviewer: Agent;
let viewer: Agent;
let fx: FilingFixtures;
let fiId: number;
let hmiId: number;

const versionRow = (id: number) => t.knex('element_versions').where({ id }).first();

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ SMTP_URL: smtp.url });
  org = await createOrg(t.knex, { name: 'Corrected Co' });
  facility = await createFacility(t.knex, org, { name: 'Corrected Yard' });
  const leadUser = await createUser(t.knex, { username: 'corrlead', email: 'corrlead@example.com', first_name: 'Lou' });
  await addMember(t.knex, leadUser, org, 'lead_user');
  lead = request.agent(t.app);
  await signIn(lead, 'corrlead');
  const kern = await t.knex('regulators').where({ code: '1500' }).first('id');
  for (const [username, role] of [['corrreviewer', 'reviewer'], ['corrviewer', 'regulator_viewer']] as const) {
    const u = await createUser(t.knex, { username, first_name: 'Rex', last_name: 'Corrector' });
    await t.knex('regulator_staff').insert({ user_id: u.id, regulator_id: kern.id, role });
  }
  reviewer = request.agent(t.app);
  viewer = request.agent(t.app);
  await signIn(reviewer, 'corrreviewer');
  await signIn(viewer, 'corrviewer');
  fx = filingFixtures(t.knex, org, { user: leadUser, agent: lead, csrf: csrfFrom((await lead.get('/account')).text) });
  fiId = (await fx.submitted(facility.cers_id, [1])).versionIds[0]!;
  // An inventory version with two materials, one without storage conditions.
  await fx.inventoryItem(facility.cers_id, 'Diesel fuel');
  await fx.inventoryItem(facility.cers_id, 'Motor oil');
  const draft = await t.knex('element_versions').where({ facility_id: facility.id, element_code: 2, status: 'draft' }).first('id');
  await t.knex('element_versions').where({ id: draft.id }).update({ status: 'accepted', submitted_at: new Date(Date.now() - 7_200_000), submitted_by: leadUser.id, regulator_id: kern.id, content_hash: 'h' });
  hmiId = draft.id;
}, 60_000);
afterAll(async () => {
  await t.close();
  await smtp.close();
});

test('Facility Information: the form is prefilled; a reason is required and something must change', async () => {
  const page = await reviewer.get(`/regulator/submittals/${fiId}/correct`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('value="Own Er"');
  const noReason = await submitForm(reviewer, `/regulator/submittals/${fiId}/correct`, { ...ooValues(page.text), ownerName: 'Owen Er', reason: '' });
  expect(noReason.status).toBe(400);
  expect(noReason.text).toContain('Say why');
  expect(noReason.text).toContain('id="reason-error"');
  expect(noReason.text).toContain('value="Owen Er"'); // what was typed is kept
  const nothing = await submitForm(reviewer, `/regulator/submittals/${fiId}/correct`, { ...ooValues(page.text), reason: 'Typo' });
  expect(nothing.status).toBe(400);
  expect(nothing.text).toContain('Nothing was changed');
  const tooLong = await submitForm(reviewer, `/regulator/submittals/${fiId}/correct`, { ...ooValues(page.text), ownerName: 'x'.repeat(200), reason: 'Typo' });
  expect(tooLong.status).toBe(400);
  expect(await t.knex('element_versions').where({ corrected_from_version_id: fiId })).toHaveLength(0);
});

test('Facility Information: a corrected version beside the original, before/after, emailed, seen by the business', async () => {
  const page = await reviewer.get(`/regulator/submittals/${fiId}/correct`);
  const res = await submitForm(reviewer, `/regulator/submittals/${fiId}/correct`, { ...ooValues(page.text), ownerName: 'Owen Err', reason: 'Misspelled owner name' });
  expect(res.status).toBe(303);
  const corrected = await t.knex('element_versions').where({ corrected_from_version_id: fiId }).first();
  expect(res.headers.location).toBe(`/regulator/submittals/${corrected.id}`);
  expect(corrected.status).toBe('submitted');
  expect(corrected.content.ownerOperator.ownerName).toBe('Owen Err');
  expect(corrected.correction).toEqual({ reason: 'Misspelled owner name', changes: [{ field: 'ownerName', label: expect.stringContaining('Owner name'), before: 'Own Er', after: 'Owen Err' }] });
  expect((await versionRow(fiId)).content.ownerOperator.ownerName).toBe('Own Er'); // the original never changes
  expect(await t.knex('audit_log').where({ action: 'submittal.corrected', entity_id: String(corrected.id) })).toHaveLength(1);

  const mail = await smtp.waitForMail('corrlead@example.com', /corrected your Facility Information/);
  expect(mail.text).toContain('Misspelled owner name');
  expect(mail.text).toContain('“Own Er” → “Owen Err”');

  const regulatorView = await reviewer.get(`/regulator/submittals/${corrected.id}`);
  expect(regulatorView.text).toContain('Regulator-corrected version');
  const original = await reviewer.get(`/regulator/submittals/${fiId}`);
  expect(original.text).toContain('This version was corrected by the CUPA');
  expect(original.text).not.toContain('Make a minor correction'); // superseded
  expect(original.text).toContain('A newer version of this element exists');
  expect((await reviewer.get('/regulator/submittals')).text).toContain('(regulator corrected)');

  const business = await lead.get(`/orgs/${org.id}/facilities/${facility.cers_id}/elements/1/versions/${corrected.id}`);
  expect(business.text).toContain('A reviewer made a minor correction: Misspelled owner name');
  expect(business.text).toMatch(/<td data-label="Before">Own Er<\/td><td data-label="After">Owen Err<\/td>/);
  expect((await lead.get(`/orgs/${org.id}/facilities/${facility.cers_id}`)).text).toContain('(corrected by the CUPA)');
  expect((await lead.get(`/orgs/${org.id}/facilities/${facility.cers_id}/elements/1`)).text).toContain('(corrected by the CUPA)');
});

test('inventory: a missing storage condition added to one material; the others are copied; the original is unchanged', async () => {
  const list = await reviewer.get(`/regulator/submittals/${hmiId}/correct`);
  expect(list.text).toContain('Which material?');
  const diesel = await t.knex('inventory_items').where({ element_version_id: hmiId, common_name: 'Diesel fuel' }).first();
  const form = await reviewer.get(`/regulator/submittals/${hmiId}/correct?item=${diesel.id}`);
  expect(form.text).toContain('value="Matrix shed"');
  const res = await reviewer.post(`/regulator/submittals/${hmiId}/correct-item`).type('form').send({
    _csrf: csrfFrom(form.text), itemId: String(diesel.id), commonName: 'Diesel fuel', chemicalName: '', location: 'Matrix shed', mapNumber: '', gridNumber: '',
    pressure: 'a', temperature: 'a', reason: 'Storage conditions were missing; confirmed on the phone',
  });
  expect(res.status).toBe(303);
  const corrected = await t.knex('element_versions').where({ corrected_from_version_id: hmiId }).first();
  expect(corrected.status).toBe('accepted');
  const items = await t.knex('inventory_items').where({ element_version_id: corrected.id }).orderBy('common_name');
  expect(items.map((i) => [i.common_name, i.pressure, i.temperature])).toEqual([['Diesel fuel', 'a', 'a'], ['Motor oil', null, null]]);
  const originals = await t.knex('inventory_items').where({ element_version_id: hmiId }).orderBy('common_name');
  expect(originals.map((i) => [i.common_name, i.pressure])).toEqual([['Diesel fuel', null], ['Motor oil', null]]);
  expect(corrected.correction.changes.map((c: { label: string; before: string | null; after: string }) => [c.label, c.before, c.after])).toEqual([
    ['Diesel fuel: Storage pressure', null, 'Ambient'],
    ['Diesel fuel: Storage temperature', null, 'Ambient'],
  ]);
});

test('a Regulator Viewer cannot correct', async () => {
  expect((await viewer.get(`/regulator/submittals/${hmiId}/correct`)).status).toBe(403);
  expect((await viewer.get(`/regulator/submittals/${hmiId}`)).text).not.toContain('Make a minor correction');
});

test('the Lead User refuses minor corrections: the action is not offered and is refused', async () => {
  const { versionIds } = await fx.submitted(facility.cers_id, [1]);
  const fresh = versionIds[0]!;
  expect((await reviewer.get(`/regulator/submittals/${fresh}`)).text).toContain('Make a minor correction');
  const page = await lead.get(`/orgs/${org.id}/facilities/${facility.cers_id}`);
  expect(page.text).toContain('Refuse minor corrections');
  const refused = await lead.post(`/orgs/${org.id}/facilities/${facility.cers_id}/minor-corrections`).type('form').send({ _csrf: csrfFrom(page.text), minorCorrections: 'refuse' });
  expect(refused.status).toBe(303);
  expect((await lead.get(`/orgs/${org.id}/facilities/${facility.cers_id}`)).text).toContain('Allow minor corrections');

  const review = await reviewer.get(`/regulator/submittals/${fresh}`);
  expect(review.text).not.toContain('Make a minor correction');
  expect(review.text).toContain('opted out of minor corrections');
  expect((await reviewer.get(`/regulator/submittals/${fresh}/correct`)).status).toBe(403);
  const forged = await reviewer.post(`/regulator/submittals/${fresh}/correct`).type('form').send({ _csrf: csrfFrom(review.text), ownerName: 'X', reason: 'x' });
  expect(forged.status).toBe(403);
  expect(await t.knex('element_versions').where({ corrected_from_version_id: fresh })).toHaveLength(0);
  expect(await t.knex('audit_log').where({ action: 'facility.minor_corrections_refused', entity_id: String(facility.id) })).toHaveLength(1);
  await lead.post(`/orgs/${org.id}/facilities/${facility.cers_id}/minor-corrections`).type('form').send({ _csrf: csrfFrom(page.text), minorCorrections: 'allow' });
});

test('a CUPA whose policy forbids corrections is not offered the action', async () => {
  const { versionIds } = await fx.submitted(facility.cers_id, [1]);
  await t.knex('regulators').where({ code: '1500' }).update({ minor_corrections_allowed: false });
  try {
    const review = await reviewer.get(`/regulator/submittals/${versionIds[0]}`);
    expect(review.text).not.toContain('Make a minor correction');
    expect(review.text).toContain('Your CUPA does not make minor corrections');
    expect((await reviewer.get(`/regulator/submittals/${versionIds[0]}/correct`)).status).toBe(403);
  } finally {
    await t.knex('regulators').where({ code: '1500' }).update({ minor_corrections_allowed: true });
  }
});

/** The Owner/Operator inputs of the correction page with their current values. */
test('a version submitted through the app (microsecond times on PostgreSQL) can be corrected, once', async () => {
  const yard = await createFacility(t.knex, org, { name: 'App Submitted Yard' });
  await fx.readyFacilityInformation(yard.cers_id);
  const submitUrl = `/orgs/${org.id}/facilities/${yard.cers_id}/submit`;
  const key = /name="idempotencyKey" value="([^"]+)"/.exec((await lead.get(submitUrl)).text)![1]!;
  expect((await submitForm(lead, submitUrl, { elements: '1', idempotencyKey: key })).status).toBe(303);
  const original = await t.knex('element_versions').where({ facility_id: yard.id, element_code: 1 }).whereNot('status', 'draft').first('id');

  const review = await reviewer.get(`/regulator/submittals/${original.id}`);
  expect(review.text).toContain('Make a minor correction'); // not "superseded" by itself
  const page = await reviewer.get(`/regulator/submittals/${original.id}/correct`);
  expect(page.status).toBe(200);
  const res = await submitForm(reviewer, `/regulator/submittals/${original.id}/correct`, { ...ooValues(page.text), ownerName: 'Owen Er Jr', reason: 'Suffix missing' });
  expect(res.status).toBe(303);
  // The corrected version keeps the original's exact submitted time (to the microsecond) and is the newer one.
  const same = await t.knex.raw('select (c.submitted_at = o.submitted_at) as same from element_versions c join element_versions o on o.id = c.corrected_from_version_id where o.id = ?', [original.id]);
  expect(same.rows[0].same).toBe(true);
  expect((await reviewer.get(`/regulator/submittals/${original.id}/correct`)).status).toBe(403);
});

function ooValues(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input class="usa-input[^"]*" id="(\w+)" name="\w+" type="(?:text|date)" value="([^"]*)"/g)) out[m[1]!] = m[2]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return out;
}
