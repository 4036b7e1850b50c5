/**
 * The review queue's status counts are kept by a trigger (review_queue_counts,
 * migration 20261121000009) instead of counted from every version on each page.
 * Whatever happens to a version — submitted through the app, decided by a
 * reviewer (two at once), written by other code, moved to another CUPA, deleted —
 * the tabs show exactly what a count of the rows says, and nothing of another CUPA.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, createUser, csrfFrom, signIn, submitForm, type Agent, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { filingFixtures, type FilingFixtures } from '../support/role-fixtures';

let t: TestApp;
let org: { id: number; name: string };
let fx: FilingFixtures;
let approver: Agent;
let reviewer: Agent;
let reviewer2: Agent;
let kernId: number;
let bakersfieldId: number;
let facilities: { id: number; cers_id: number }[];

/** The counts the trigger keeps, and the same counted from the rows. */
type Count = { status: string; n: number };

async function countsBothWays(regulatorId: number, element: number | null = null): Promise<{ kept: Count[]; counted: Count[] }> {
  const kept = await t.knex('review_queue_counts').where('regulator_id', regulatorId).where('n', '>', 0)
    .modify((q) => { if (element) q.where('element_code', element); })
    .groupBy('status').select('status', t.knex.raw('sum(n)::int as n')).orderBy('status');
  const counted = await t.knex('element_versions').where('regulator_id', regulatorId).whereNot('status', 'draft')
    .modify((q) => { if (element) q.where('element_code', element); })
    .groupBy('status').select('status', t.knex.raw('count(*)::int as n')).orderBy('status');
  return { kept, counted };
}

/** The numbers on the queue's tabs, by label. */
async function tabs(agent: Agent, query = ''): Promise<Record<string, number>> {
  const page = await agent.get(`/regulator/submittals${query}`);
  expect(page.status).toBe(200);
  return Object.fromEntries([...page.text.matchAll(/>([A-Za-z ]+) <span class="app-tabs__count">([\d,]+)<\/span>/g)].map((m) => [m[1]!.trim(), Number(m[2]!.replace(/,/g, ''))]));
}

async function expectExact() {
  for (const regulatorId of [kernId, bakersfieldId]) {
    for (const element of [null, 1, 2]) {
      const { kept, counted } = await countsBothWays(regulatorId, element);
      expect(kept).toEqual(counted);
    }
  }
  const { counted } = await countsBothWays(kernId);
  const shown = await tabs(reviewer);
  expect(shown.All).toBe(counted.reduce((a, c) => a + c.n, 0));
  expect(shown.Submitted).toBe(counted.find((c) => c.status === 'submitted')?.n ?? 0);
  expect(shown.Accepted).toBe(counted.find((c) => c.status === 'accepted')?.n ?? 0);
}

async function staff(username: string, regulatorId: number) {
  const u = await createUser(t.knex, { username, email: `${username}@example.com` });
  await t.knex('regulator_staff').insert({ user_id: u.id, regulator_id: regulatorId, role: 'reviewer' });
  const agent = request.agent(t.app);
  await signIn(agent, username);
  return agent;
}

async function decide(agent: Agent, versionId: number, status: string, comment = '') {
  const seq = (await t.knex('element_versions').where({ id: versionId }).first('review_seq')).review_seq as number;
  const res = await submitForm(agent, `/regulator/submittals/${versionId}`, { status, comment, seq: String(seq) }, `/regulator/submittals/${versionId}/decision`);
  expect(res.status).toBe(303);
}

beforeAll(async () => {
  t = await createTestApp();
  kernId = (await t.knex('regulators').where({ code: '1500' }).first('id')).id;
  bakersfieldId = (await t.knex('regulators').where({ name: 'Bakersfield Fire Department' }).first('id')).id;
  org = await createOrg(t.knex, { name: 'Counted Co' });
  facilities = [];
  for (let k = 0; k < 3; k++) facilities.push(await createFacility(t.knex, org, { name: `Counted Yard ${k}` }));
  const lead = await createUser(t.knex, { username: 'countlead', email: 'countlead@example.com' });
  await addMember(t.knex, lead, org, 'lead_user');
  await addMember(t.knex, await createUser(t.knex, { username: 'countapprover', email: 'countapprover@example.com' }), org, 'approver');
  const leadAgent = request.agent(t.app);
  await signIn(leadAgent, 'countlead');
  approver = request.agent(t.app);
  await signIn(approver, 'countapprover');
  fx = filingFixtures(t.knex, org, { user: lead, agent: leadAgent, csrf: csrfFrom((await leadAgent.get('/account')).text) });
  reviewer = await staff('countreviewer', kernId);
  reviewer2 = await staff('countreviewer2', kernId);
}, 60_000);
afterAll(async () => {
  await t.close();
});

test('an empty queue counts nothing', async () => {
  expect(await t.knex('review_queue_counts').where('n', '>', 0)).toEqual([]);
  const shown = await tabs(reviewer);
  expect(shown.All).toBe(0);
});

test('versions written by other code and a submittal through the app are counted; drafts are not', async () => {
  await fx.submitted(facilities[0]!.cers_id, [1, 2, 3]);
  await fx.submitted(facilities[1]!.cers_id, [1, 2]);
  await fx.draft(facilities[2]!.cers_id, 2);
  await fx.readyFacilityInformation(facilities[2]!.cers_id);
  const base = `/orgs/${org.id}/facilities/${facilities[2]!.cers_id}`;
  const page = await approver.get(`${base}/submit`);
  const res = await approver.post(`${base}/submit`).type('form').send({ _csrf: csrfFrom(page.text), elements: '1', idempotencyKey: randomUUID() });
  expect(res.status).toBe(303);
  await expectExact();
  expect((await tabs(reviewer)).Submitted).toBe(6);
  expect((await tabs(reviewer, '?element=2')).All).toBe(2);
});

test('decisions move a version between tabs, also two reviewers deciding at once', async () => {
  const ids = (await t.knex('element_versions').where('regulator_id', kernId).whereNot('status', 'draft').orderBy('id').select('id')).map((r) => r.id as number);
  await decide(reviewer, ids[0]!, 'under_review');
  await Promise.all([decide(reviewer, ids[0]!, 'accepted'), decide(reviewer2, ids[1]!, 'accepted')]);
  await Promise.all([decide(reviewer, ids[1]!, 'not_accepted', 'The site map is missing'), decide(reviewer2, ids[2]!, 'not_applicable')]);
  await expectExact();
  const shown = await tabs(reviewer);
  expect(shown).toMatchObject({ All: 6, Submitted: 3, Accepted: 1, 'Not accepted': 1 });
});

test('a version moved to another CUPA, decided by other code, or deleted leaves its bucket', async () => {
  const [a, b, c] = (await t.knex('element_versions').where('regulator_id', kernId).where('status', 'submitted').orderBy('id').select('id')).map((r) => r.id as number);
  await t.knex('element_versions').where({ id: a }).update({ regulator_id: bakersfieldId });
  await t.knex('element_versions').where({ id: b }).update({ status: 'accepted', review_seq: 1 });
  // Nothing the queue counts changes: the trigger writes nothing.
  await t.knex('element_versions').where({ id: c }).update({ comment_to_regulator: 'Same buckets', regulator_id: kernId });
  await expectExact();
  await t.knex('element_versions').where({ id: c }).del();
  await expectExact();
  expect((await countsBothWays(bakersfieldId)).kept).toEqual([{ status: 'submitted', n: 1 }]);
  expect(await tabs(reviewer)).toMatchObject({ All: 4, Submitted: 0, Accepted: 2 });
  // The other CUPA's reviewer sees only its own version.
  const bart = await staff('countbart', bakersfieldId);
  expect(await tabs(bart)).toMatchObject({ All: 1, Submitted: 1 });
});

test('filters by facility or date count the rows themselves, and agree', async () => {
  const byFacility = await tabs(reviewer, `?facility=${facilities[0]!.cers_id}`);
  const rows = await t.knex('element_versions').where({ regulator_id: kernId, facility_id: facilities[0]!.id }).whereNot('status', 'draft').count({ n: '*' }).first();
  expect(byFacility.All).toBe(Number(rows!.n));
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });
  const byDate = await tabs(reviewer, `?from=2000-01-01&to=${today}`);
  expect(byDate).toEqual(await tabs(reviewer));
});

test('review_queue_counts_refresh() recounts the same numbers from the rows', async () => {
  const before = await t.knex('review_queue_counts').where('n', '>', 0).orderBy(['regulator_id', 'element_code', 'status']).select('regulator_id', 'element_code', 'status', 'n');
  await t.knex.raw('select review_queue_counts_refresh()');
  const after = await t.knex('review_queue_counts').orderBy(['regulator_id', 'element_code', 'status']).select('regulator_id', 'element_code', 'status', 'n');
  expect(after).toEqual(before);
});
