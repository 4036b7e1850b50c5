/**
 * "Same as the business mailing address" on the Owner/Operator form: a ticked
 * box saves the business mailing address into the owner, environmental contact
 * or billing block (every UPDD field filled, as CERS needs), with or without
 * JavaScript; an error keeps the tick and what was typed; what was copied is
 * what the business, the regulator's review page and the correction form show.
 */
import request from 'supertest';
import { createTestApp, createUser, csrfFrom, signIn, submitForm, type Agent, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { BA_ALL_NO, OWNER_OPERATOR as OO } from '../support/role-fixtures';

let t: TestApp;
let facility: { id: number; cers_id: number };
let lead: Agent;
let reviewer: Agent;
let form: string;

const BUSINESS = { mailingAddress: '77 Copy Lane', mailingCity: 'Wasco', mailingState: 'CA', mailingZip: '93280' };
const boxTicked = (html: string, box: string) => new RegExp(`<input[^>]*id="${box}"[^>]*\\schecked>`).test(html);
const savedOwnerOperator = async () =>
  ((await t.knex('element_versions').where({ facility_id: facility.id, element_code: 1, status: 'draft' }).first()).content as { ownerOperator: Record<string, unknown> }).ownerOperator;

beforeAll(async () => {
  t = await createTestApp();
  const org = await createOrg(t.knex, { name: 'Same Address Co' });
  facility = await createFacility(t.knex, org, { name: 'Same Address Yard' }); // Kern County CUPA
  await addMember(t.knex, await createUser(t.knex, { username: 'samelead', email: 'samelead@example.com' }), org, 'lead_user');
  const kern = await t.knex('regulators').where({ code: '1500' }).first('id');
  const staff = await createUser(t.knex, { username: 'samereviewer', email: 'samereviewer@example.com' });
  await t.knex('regulator_staff').insert({ user_id: staff.id, regulator_id: kern.id, role: 'reviewer' });
  lead = request.agent(t.app);
  reviewer = request.agent(t.app);
  await signIn(lead, 'samelead');
  await signIn(reviewer, 'samereviewer');
  const base = `/orgs/${org.id}/facilities/${facility.cers_id}`;
  form = `${base}/elements/1/owner-operator`;
  expect((await submitForm(lead, `${base}/elements/1/business-activities`, BA_ALL_NO)).status).toBe(303);
});
afterAll(() => t.close());

test('a ticked box saves the business mailing address into that block; the form shows it ticked again', async () => {
  const blank = { ownerAddress: '', ownerCity: '', ownerState: '', ownerZip: '' };
  const res = await submitForm(lead, form, { ...OO, ...BUSINESS, ...blank, ownerSameAsMailing: 'Y', billingSameAsMailing: 'Y', billingAddress: 'typed before ticking' });
  expect(res.status).toBe(303);
  const saved = await savedOwnerOperator();
  expect(saved).toMatchObject({ ownerAddress: '77 Copy Lane', ownerCity: 'Wasco', ownerState: 'CA', ownerZip: '93280' });
  expect(saved).toMatchObject({ billingAddress: '77 Copy Lane', billingCity: 'Wasco', billingState: 'CA', billingZip: '93280' });
  expect(saved).toMatchObject({ envContactAddress: '1 Main St', envContactCity: 'Delano' }); // not ticked: as typed
  expect(Object.keys(saved).filter((k) => /SameAs/.test(k))).toEqual([]); // only UPDD fields are saved

  const page = await lead.get(form);
  expect(page.text).toContain('Same as the business mailing address');
  expect(boxTicked(page.text, 'ownerSameAsMailing')).toBe(true);
  expect(boxTicked(page.text, 'billingSameAsMailing')).toBe(true);
  expect(boxTicked(page.text, 'envContactSameAsMailing')).toBe(false);
});

test('an error keeps the tick and what was typed; the copied address is checked once, at the business mailing address', async () => {
  const before = await savedOwnerOperator();
  const res = await submitForm(lead, form, { ...OO, ...BUSINESS, mailingCity: '', ownerName: '', ownerSameAsMailing: 'Y', ownerAddress: 'PO Box 5', ownerCity: '', envContactCity: '' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('href="#mailingCity">Enter the city</a>');
  expect(res.text).toContain('href="#ownerName">Enter the owner name</a>');
  expect(res.text).not.toContain('href="#ownerCity"'); // ticked: not the person's input
  expect(res.text).toContain('href="#envContactCity">Enter the environmental contact city</a>'); // not ticked: checked as typed
  expect(boxTicked(res.text, 'ownerSameAsMailing')).toBe(true);
  expect(boxTicked(res.text, 'billingSameAsMailing')).toBe(false);
  expect(res.text).toContain('value="PO Box 5"');
  expect(res.text).toContain('value="77 Copy Lane"');
  expect(await savedOwnerOperator()).toEqual(before); // nothing saved
});

test('the copied addresses are submitted, and shown to the business, on the review page and in the correction form', async () => {
  expect((await submitForm(lead, form, { ...OO, ...BUSINESS, ownerSameAsMailing: 'Y', envContactSameAsMailing: 'Y', billingSameAsMailing: 'Y' })).status).toBe(303);
  const submitPage = await lead.get(form.replace(/\/elements\/1\/owner-operator$/, '/submit'));
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(submitPage.text)![1]!;
  const submitted = await lead.post(form.replace(/\/elements\/1\/owner-operator$/, '/submit')).type('form').send({ _csrf: csrfFrom(submitPage.text), elements: ['1'], idempotencyKey: key });
  expect(submitted.status).toBe(303);
  const version = await t.knex('element_versions').where({ facility_id: facility.id, element_code: 1, status: 'submitted' }).first();
  expect(version.content.ownerOperator).toMatchObject({ ownerAddress: '77 Copy Lane', envContactZip: '93280', billingCity: 'Wasco' });

  const times = (html: string) => html.split('77 Copy Lane').length - 1;
  const business = await lead.get(form.replace(/\/owner-operator$/, `/versions/${version.id}`));
  expect(business.status).toBe(200);
  expect(times(business.text)).toBe(4); // business, owner, environmental contact, billing
  const review = await reviewer.get(`/regulator/submittals/${version.id}`);
  expect(review.status).toBe(200);
  expect(times(review.text)).toBe(4);
  const correction = await reviewer.get(`/regulator/submittals/${version.id}/correct`);
  expect(correction.status).toBe(200);
  for (const prefix of ['mailing', 'owner', 'envContact', 'billing']) expect(correction.text).toMatch(new RegExp(`id="${prefix}Address"[^>]*value="77 Copy Lane"`));
});
