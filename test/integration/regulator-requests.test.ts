/**
 * The CUPA's requests: a business asks through the app (access without a Lead
 * User, transfer, merge, delete), a Regulator Admin decides with a comment, the
 * change happens in one transaction with its audit rows, and both sides are
 * emailed through a real SMTP server.
 */
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import type { UserRow } from '../../src/db/types';
import { createTestApp, createUser, csrfFrom, signIn, submitForm, type Agent, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { startSmtp, type TestSmtp } from '../support/smtp';

let t: TestApp;
let smtp: TestSmtp;
let kernId: number;
let bakersfieldId: number;
let admin: Agent;
let viewer: Agent;
let reviewer: Agent;
let otherAdmin: Agent;

async function staff(username: string, regulatorId: number, role: string): Promise<Agent> {
  const u = await createUser(t.knex, { username, email: `${username}@example.com`, first_name: username[0]!.toUpperCase() + username.slice(1), last_name: 'Staff' });
  await t.knex('regulator_staff').insert({ user_id: u.id, regulator_id: regulatorId, role });
  const agent = request.agent(t.app);
  await signIn(agent, username);
  return agent;
}

async function person(username: string, org?: { id: number }, role: 'lead_user' | 'viewer' = 'lead_user'): Promise<{ user: UserRow; agent: Agent }> {
  const user = await createUser(t.knex, { username, email: `${username}@example.com`, first_name: username[0]!.toUpperCase() + username.slice(1) });
  if (org) await addMember(t.knex, user, org, role);
  const agent = request.agent(t.app);
  await signIn(agent, username);
  return { user, agent };
}

/** A facility submittal of these elements (submitted `daysAgo`), written as the app writes it; the versions' ids. */
async function submitted(facility: { id: number }, orgId: number, by: UserRow, codes: number[], daysAgo = 1): Promise<number[]> {
  const at = new Date(Date.now() - daysAgo * 86_400_000);
  const [s] = await t.knex('facility_submittals')
    .insert({ facility_id: facility.id, organization_id: orgId, submitted_by: by.id, submitted_at: at, fingerprint: createHash('sha256').update(randomUUID()).digest('hex'), idempotency_key: randomUUID() })
    .returning('id');
  const ids: number[] = [];
  for (const code of codes) {
    // Drafted first (an inventory gets its material while it is a draft), then submitted: the immutability triggers hold from then on.
    const [v] = await t.knex('element_versions').insert({ facility_id: facility.id, organization_id: orgId, element_code: code, status: 'draft', created_by: by.id }).returning('id');
    if (code === 2) {
      await t.knex('inventory_items').insert({ element_version_id: v.id, organization_id: orgId, facility_id: facility.id, location: 'Shed', common_name: 'Diesel', hm_type: 'a', physical_state: 'c', units: 'a', max_daily: 500 });
    }
    if (code === 3) {
      const [part] = await t.knex('document_parts').insert({ element_version_id: v.id, part_code: 'er_plan', option: 'upload' }).returning('id');
      await t.knex('documents').insert({
        document_part_id: part.id, organization_id: orgId, facility_id: facility.id, title: 'ER plan', date_authored: '2026-01-01', original_name: 'er.pdf',
        stored_name: `ab/${'ab'.repeat(32)}`, media_type: 'application/pdf', size_bytes: 10, sha256: 'a'.repeat(64), uploaded_by: by.id,
      });
    }
    await t.knex('element_versions').where({ id: v.id }).update({
      status: 'submitted', facility_submittal_id: s.id, submitted_by: by.id, submitted_at: at, status_changed_at: at, content_hash: 'c'.repeat(64),
      regulator_id: t.knex.raw('(select regulator_id from facilities where id = ?)', [facility.id]),
    });
    ids.push(v.id as number);
  }
  return ids;
}

async function draft(facility: { id: number }, orgId: number, code: number, by: UserRow): Promise<number> {
  const [v] = await t.knex('element_versions').insert({ facility_id: facility.id, organization_id: orgId, element_code: code, status: 'draft', created_by: by.id }).returning('id');
  return v.id as number;
}

/** Files a transfer / merge / delete request through the business's own form; the request's id. */
async function fileRequest(agent: Agent, orgId: number, cersId: number, data: Record<string, string>): Promise<number> {
  const res = await submitForm(agent, `/orgs/${orgId}/facilities/${cersId}/requests/new`, data);
  if (res.status !== 303) throw new Error(`filing the request answered ${res.status}`);
  const f = await t.knex('facilities').where({ cers_id: cersId }).first('id');
  return (await t.knex('facility_requests').where({ facility_id: f.id, status: 'pending' }).first('id')).id as number;
}

const decide = (agent: Agent, path: string, data: Record<string, string>) => submitForm(agent, path, data, `${path}/decision`);

/** A POST without the page's form (a decided request has none), as a second tab or a replayed form would send it. */
async function postAnyway(agent: Agent, path: string, data: Record<string, string>) {
  const token = csrfFrom((await agent.get('/account')).text);
  return agent.post(path).type('form').send({ _csrf: token, ...data });
}

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ SMTP_URL: smtp.url });
  kernId = (await t.knex('regulators').where({ code: '1500' }).first('id')).id;
  bakersfieldId = (await t.knex('regulators').where({ name: 'Bakersfield Fire Department' }).first('id')).id;
  admin = await staff('kira', kernId, 'regulator_admin');
  viewer = await staff('vic', kernId, 'regulator_viewer');
  reviewer = await staff('rob', kernId, 'reviewer');
  otherAdmin = await staff('bea', bakersfieldId, 'regulator_admin');
}, 60_000);
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('access requests of organizations without a Lead User', () => {
  let org: { id: number; name: string };
  let facility: { id: number; cers_id: number };
  let asker: { user: UserRow; agent: Agent };
  let requestId: number;
  let otherCupaRequestId: number;

  beforeAll(async () => {
    org = await createOrg(t.knex, { name: 'Leaderless Farms' });
    facility = await createFacility(t.knex, org, { name: 'Leaderless Barn' });
    asker = await person('asker');
    const res = await submitForm(asker.agent, `/facilities/${facility.cers_id}/request-access`, { phone: '661 555 0100', title: 'Owner', role: 'editor', message: 'I bought the farm.' });
    expect(res.status).toBe(303);
    requestId = (await t.knex('access_requests').where({ requester_id: asker.user.id }).first('id')).id;

    // A request routed to another CUPA, about a facility in Bakersfield.
    const otherOrg = await createOrg(t.knex, { name: 'Oleander Holdings' });
    const [otherFacility] = await t.knex('facilities')
      .insert({ organization_id: otherOrg.id, name: 'Oleander Secret Yard', street: '1 Truxtun Ave', city: 'Bakersfield', zip: '93301', county_id: 15, regulator_id: bakersfieldId })
      .returning('id');
    const stranger = await createUser(t.knex, { username: 'stranger' });
    const [row] = await t.knex('access_requests')
      .insert({ organization_id: otherOrg.id, facility_id: otherFacility.id, requester_id: stranger.id, phone: '661-555-0100', title: 'Manager', role_requested: 'editor', routed_to: 'regulator', regulator_id: bakersfieldId })
      .returning('id');
    otherCupaRequestId = row.id;
  });

  test("the Regulator Admins are emailed a link to the request; the list shows their CUPA's requests only", async () => {
    const mail = await smtp.waitForMail('kira@example.com', /Access/);
    expect(mail.text).toContain(`http://portal.test/regulator/requests/access/${requestId}`);
    const list = await admin.get('/regulator/requests');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Leaderless Barn');
    expect(list.text).toContain('Access request: <strong>1</strong>');
    expect(list.text).not.toContain('Oleander');
    const theirs = await otherAdmin.get('/regulator/requests');
    expect(theirs.text).toContain('Oleander Secret Yard');
    expect(theirs.text).not.toContain('Leaderless');
  });

  test('Regulator Viewers and Reviewers may not open or decide requests', async () => {
    for (const agent of [viewer, reviewer]) {
      expect((await agent.get('/regulator/requests')).status).toBe(403);
      expect((await agent.get(`/regulator/requests/access/${requestId}`)).status).toBe(403);
      const page = await agent.get('/regulator/submittals');
      expect(page.text).not.toContain('href="/regulator/requests"');
    }
    const res = await postAnyway(viewer, `/regulator/requests/access/${requestId}/decision`, { decision: 'grant', role: 'lead_user', comment: 'x' });
    expect(res.status).toBe(403);
    expect((await t.knex('access_requests').where({ id: requestId }).first()).status).toBe('pending');
  });

  test("another CUPA's request, or an unknown id, is 404 for reading and deciding", async () => {
    for (const url of [`/regulator/requests/access/${otherCupaRequestId}`, '/regulator/requests/access/999999', '/regulator/requests/facility/999999', '/regulator/requests/access/abc']) {
      expect((await admin.get(url)).status).toBe(404);
    }
    const post = await postAnyway(admin, `/regulator/requests/access/${otherCupaRequestId}/decision`, { decision: 'grant', role: 'lead_user', comment: 'x' });
    expect(post.status).toBe(404);
    expect((await t.knex('access_requests').where({ id: otherCupaRequestId }).first()).status).toBe('pending');
  });

  test('the request page shows the requester, facility and organization; Lead User is the default role', async () => {
    const page = await admin.get(`/regulator/requests/access/${requestId}`);
    expect(page.status).toBe(200);
    for (const s of ['asker@example.com', 'I bought the farm.', 'Leaderless Barn', String(facility.cers_id), 'Leaderless Farms', 'None: that is why your CUPA decides.', 'Editor']) expect(page.text).toContain(s);
    expect(page.text).toMatch(/value="lead_user" checked/);
  });

  test('a decision needs a comment: the message is beside the field and in the summary, and nothing changes', async () => {
    const res = await decide(admin, `/regulator/requests/access/${requestId}`, { decision: 'grant', role: 'lead_user', comment: '  ' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('There is a problem');
    expect(res.text).toContain('href="#comment"');
    expect(res.text.match(/Enter a comment: the business receives it with your decision/g)).toHaveLength(2);
    expect((await t.knex('access_requests').where({ id: requestId }).first()).status).toBe('pending');
    expect(await t.knex('memberships').where({ user_id: asker.user.id }).first()).toBeUndefined();
  });

  test('granting makes the requester a member with the chosen role, is audited and emailed; a second decision is refused', async () => {
    const res = await decide(admin, `/regulator/requests/access/${requestId}`, { decision: 'grant', role: 'lead_user', comment: 'Welcome, new owner' });
    expect(res.status).toBe(303);
    const row = await t.knex('access_requests').where({ id: requestId }).first();
    expect(row).toMatchObject({ status: 'granted', role_granted: 'lead_user', decision_comment: 'Welcome, new owner' });
    expect((await t.knex('memberships').where({ user_id: asker.user.id, organization_id: org.id }).first()).role).toBe('lead_user');
    expect(await t.knex('audit_log').where({ action: 'access_request.granted', entity_id: String(requestId), regulator_id: kernId }).first()).toBeDefined();
    const mail = await smtp.waitForMail('asker@example.com', /Access granted: Leaderless Farms/);
    expect(mail.text).toContain('You are now Lead User of Leaderless Farms');
    expect(mail.text).toContain('Comment: Welcome, new owner');
    expect((await asker.agent.get(`/orgs/${org.id}/facilities`)).status).toBe(200);

    const page = await admin.get(`/regulator/requests/access/${requestId}`);
    expect(page.text).toContain('Granted as Lead User');
    expect(page.text).toContain('Kira Staff');
    expect(page.text).not.toContain('Save decision');

    const again = await postAnyway(admin, `/regulator/requests/access/${requestId}/decision`, { decision: 'deny', role: '', comment: 'Changed my mind' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('This request was already granted by Kira Staff');
    expect((await t.knex('access_requests').where({ id: requestId }).first()).status).toBe('granted');
    expect(await t.knex('memberships').where({ user_id: asker.user.id, organization_id: org.id }).first()).toBeDefined();
  });

  test('two Regulator Admins deciding at once: one decision wins, the other is told', async () => {
    const o = await createOrg(t.knex, { name: 'Race Ranch' });
    const f = await createFacility(t.knex, o, { name: 'Race Ranch Barn' });
    const p = await person('racer');
    await submitForm(p.agent, `/facilities/${f.cers_id}/request-access`, { phone: '661 555 0102', title: 'Owner', role: 'editor' });
    const id = (await t.knex('access_requests').where({ requester_id: p.user.id }).first('id')).id;
    const second = await staff('kim', kernId, 'regulator_admin');
    const path = `/regulator/requests/access/${id}/decision`;
    const [a, b] = await Promise.all([
      postAnyway(admin, path, { decision: 'grant', role: 'lead_user', comment: 'Granted by Kira' }),
      postAnyway(second, path, { decision: 'deny', role: '', comment: 'Denied by Kim' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    const row = await t.knex('access_requests').where({ id }).first();
    const winner = a.status === 303 ? { status: 'granted', comment: 'Granted by Kira' } : { status: 'denied', comment: 'Denied by Kim' };
    expect({ status: row.status, comment: row.decision_comment }).toEqual(winner);
    expect(!!(await t.knex('memberships').where({ user_id: p.user.id }).first())).toBe(winner.status === 'granted');
    expect(await t.knex('audit_log').whereIn('action', ['access_request.granted', 'access_request.denied']).where({ entity_id: String(id) })).toHaveLength(1);
  });

  test('denying grants nothing and tells the requester', async () => {
    const o = await createOrg(t.knex, { name: 'Empty Ranch' });
    const f = await createFacility(t.knex, o, { name: 'Empty Ranch House' });
    const p = await person('hopeful');
    await submitForm(p.agent, `/facilities/${f.cers_id}/request-access`, { phone: '661 555 0101', title: 'Neighbor', role: 'viewer' });
    const id = (await t.knex('access_requests').where({ requester_id: p.user.id }).first('id')).id;
    const res = await decide(admin, `/regulator/requests/access/${id}`, { decision: 'deny', role: '', comment: 'You do not work there' });
    expect(res.status).toBe(303);
    expect((await t.knex('access_requests').where({ id }).first()).status).toBe('denied');
    expect(await t.knex('memberships').where({ user_id: p.user.id }).first()).toBeUndefined();
    const mail = await smtp.waitForMail('hopeful@example.com', /not granted: Empty Ranch/);
    expect(mail.text).toContain('Comment: You do not work there');
    const list = await admin.get('/regulator/requests');
    expect(list.text).toContain('Recently decided');
    expect(list.text).toMatch(/app-status--denied">Denied/);
  });
});

describe('transfer', () => {
  let seller: { id: number; name: string; code: string };
  let buyer: { id: number; name: string; code: string };
  let sellerLead: { user: UserRow; agent: Agent };
  let buyerLead: { user: UserRow; agent: Agent };
  let facility: { id: number; cers_id: number };
  let versionIds: number[];
  let requestId: number;

  beforeAll(async () => {
    seller = await createOrg(t.knex, { name: 'Seller Oil' });
    buyer = await createOrg(t.knex, { name: 'Buyer Fuels' });
    sellerLead = await person('sellerlead', seller);
    buyerLead = await person('buyerlead', buyer);
    facility = await createFacility(t.knex, seller, { name: 'Sold Depot' });
    versionIds = await submitted(facility, seller.id, sellerLead.user, [1, 2, 3], 10);
    await draft(facility, seller.id, 4, sellerLead.user);
    requestId = await fileRequest(sellerLead.agent, seller.id, facility.cers_id, { kind: 'transfer', targetOrganizationCode: buyer.code, reason: 'Sold on 1 November' });
    // Someone waiting to join the organization that files for the facility: after the transfer, that is the buyer.
    const waiting = await createUser(t.knex, { username: 'waitingjoiner' });
    await t.knex('access_requests').insert({ organization_id: seller.id, facility_id: facility.id, requester_id: waiting.id, phone: '661-555-0100', title: 'Operator', role_requested: 'editor', routed_to: 'lead_users' });
  });

  test('the request page names the facility, both organizations and the reason', async () => {
    const page = await admin.get(`/regulator/requests/facility/${requestId}`);
    expect(page.status).toBe(200);
    for (const s of ['Transfer: Sold Depot', 'Seller Oil', 'Buyer Fuels', buyer.code, 'Sold on 1 November', '3 element versions; 1 draft']) expect(page.text).toContain(s);
    expect((await otherAdmin.get(`/regulator/requests/facility/${requestId}`)).status).toBe(404);
    const mail = await smtp.waitForMail('kira@example.com', /Facility transfer requested: Sold Depot/);
    expect(mail.text).toContain(`http://portal.test/regulator/requests/facility/${requestId}`);
  });

  test('approving moves the facility and all its history to the receiving organization, in one audited transaction, and emails both', async () => {
    const res = await decide(admin, `/regulator/requests/facility/${requestId}`, { decision: 'approve', comment: 'Sale confirmed' });
    expect(res.status).toBe(303);
    expect((await t.knex('facilities').where({ id: facility.id }).first()).organization_id).toBe(buyer.id);
    for (const table of ['element_versions', 'facility_submittals', 'documents', 'inventory_items']) {
      const owners = (await t.knex(table).where({ facility_id: facility.id }).pluck('organization_id')) as number[];
      expect({ table, owners: [...new Set(owners)] }).toEqual({ table, owners: [buyer.id] });
    }
    expect(await t.knex('facility_transfers').where({ facility_id: facility.id, from_organization_id: seller.id, to_organization_id: buyer.id, facility_request_id: requestId }).first()).toBeDefined();
    expect((await t.knex('facility_requests').where({ id: requestId }).first()).status).toBe('approved');
    expect(await t.knex('access_requests').where({ facility_id: facility.id, status: 'pending' }).first()).toMatchObject({ organization_id: buyer.id, routed_to: 'lead_users' });
    const actions = (await t.knex('audit_log').where({ entity_id: String(facility.cers_id) }).orWhere({ entity_type: 'facility_request', entity_id: String(requestId) }).pluck('action')) as string[];
    expect(actions).toEqual(expect.arrayContaining(['facility_request.approved', 'facility.transferred', 'facility.received']));

    const toSeller = await smtp.waitForMail('sellerlead@example.com', /Transfer approved: Sold Depot/);
    expect(toSeller.text).toContain('Comment: Sale confirmed');
    expect(toSeller.text).toContain(`/orgs/${seller.id}/facilities/archived/transferred/${facility.cers_id}`);
    const toBuyer = await smtp.waitForMail('buyerlead@example.com', /Facility transferred to Buyer Fuels: Sold Depot/);
    expect(toBuyer.text).toContain(`/orgs/${buyer.id}/facilities/${facility.cers_id}`);
  });

  test('the receiving organization sees the facility with its submitted history', async () => {
    const list = await buyerLead.agent.get(`/orgs/${buyer.id}/facilities`);
    expect(list.text).toContain('Sold Depot');
    const page = await buyerLead.agent.get(`/orgs/${buyer.id}/facilities/${facility.cers_id}`);
    expect(page.status).toBe(200);
    const version = await buyerLead.agent.get(`/orgs/${buyer.id}/facilities/${facility.cers_id}/elements/1/versions/${versionIds[0]}`);
    expect(version.status).toBe(200);
    // The transferred link is the facility itself for its owner.
    const own = await buyerLead.agent.get(`/orgs/${buyer.id}/facilities/archived/transferred/${facility.cers_id}`);
    expect(own.status).toBe(303);
    expect(own.headers.location).toBe(`/orgs/${buyer.id}/facilities/${facility.cers_id}`);
  });

  test('the old organization keeps it read only under Archived, with what it submitted, and cannot edit it', async () => {
    // Filed by the new owner after the transfer: not the old organization's business.
    await submitted(facility, buyer.id, buyerLead.user, [5], -1);
    const archived = await sellerLead.agent.get(`/orgs/${seller.id}/facilities/archived`);
    expect(archived.text).toContain('Sold Depot');
    expect(archived.text).toMatch(/Transferred to Buyer Fuels on/);
    const page = await sellerLead.agent.get(`/orgs/${seller.id}/facilities/archived/transferred/${facility.cers_id}`);
    expect(page.status).toBe(200);
    for (const s of ['Facility Information', 'Hazardous Materials Inventory', 'Emergency Response and Training Plans', 'Transferred to Buyer Fuels']) expect(page.text).toContain(s);
    expect(page.text).not.toContain('Onsite Hazardous Waste Treatment'); // element 5, filed by the buyer
    expect((await sellerLead.agent.get(`/orgs/${seller.id}/facilities/${facility.cers_id}`)).status).toBe(404);
    const edit = await submitForm(sellerLead.agent, `/orgs/${seller.id}/facilities/archived`, {}, `/orgs/${seller.id}/facilities/${facility.cers_id}/elements/1/drafts`);
    expect(edit.status).toBe(404);
    // Only the organization it came from: another organization gets 404.
    const third = await createOrg(t.knex, { name: 'Third Party' });
    const outsider = await person('thirdlead', third);
    expect((await outsider.agent.get(`/orgs/${third.id}/facilities/archived/transferred/${facility.cers_id}`)).status).toBe(404);
  });

  test('a second decision is refused and changes nothing', async () => {
    const page = await admin.get(`/regulator/requests/facility/${requestId}`);
    expect(page.text).toContain('Approved');
    expect(page.text).toContain('Sale confirmed');
    const again = await postAnyway(admin, `/regulator/requests/facility/${requestId}/decision`, { decision: 'deny', comment: 'Oops' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('This request was already approved by Kira Staff');
    expect((await t.knex('facility_requests').where({ id: requestId }).first()).status).toBe('approved');
    expect((await t.knex('facilities').where({ id: facility.id }).first()).organization_id).toBe(buyer.id);
  });

  test('a receiving organization that no longer has the code: a message, and nothing changes', async () => {
    const o = await createOrg(t.knex, { name: 'Renamed Seller' });
    const lead = await person('renamedlead', o);
    const target = await createOrg(t.knex, { name: 'Vanishing Buyer' });
    const f = await createFacility(t.knex, o, { name: 'Stuck Depot' });
    const id = await fileRequest(lead.agent, o.id, f.cers_id, { kind: 'transfer', targetOrganizationCode: target.code, reason: 'Sold' });
    await t.knex('organizations').where({ id: target.id }).update({ code: '89999998' });
    const res = await decide(admin, `/regulator/requests/facility/${id}`, { decision: 'approve', comment: 'OK' });
    expect(res.status).toBe(400);
    expect(res.text).toContain(`No organization has the code ${target.code} any more`);
    expect((await t.knex('facility_requests').where({ id }).first()).status).toBe('pending');
    expect((await t.knex('facilities').where({ id: f.id }).first()).organization_id).toBe(o.id);
    expect(await t.knex('facility_transfers').where({ facility_id: f.id }).first()).toBeUndefined();
  });
});

describe('merge', () => {
  test('the survivor keeps both histories; the merged facility is archived; a colliding draft is discarded and said so', async () => {
    const org = await createOrg(t.knex, { name: 'Twice Registered Co' });
    const lead = await person('twicelead', org);
    const keep = await createFacility(t.knex, org, { name: 'Keeper Yard' });
    const dup = await createFacility(t.knex, org, { name: 'Duplicate Yard' });
    await submitted(keep, org.id, lead.user, [1], 30);
    const dupVersions = await submitted(dup, org.id, lead.user, [1, 2], 20);
    const keepDraft = await draft(keep, org.id, 3, lead.user);
    const collidingDraft = await draft(dup, org.id, 3, lead.user);
    const movingDraft = await draft(dup, org.id, 4, lead.user);
    const id = await fileRequest(lead.agent, org.id, dup.cers_id, { kind: 'merge', targetCersId: String(keep.cers_id), reason: 'Registered twice' });
    const joiner = await createUser(t.knex, { username: 'dupjoiner' });
    const [accessRequest] = await t.knex('access_requests')
      .insert({ organization_id: org.id, facility_id: dup.id, requester_id: joiner.id, phone: '661-555-0100', title: 'Clerk', role_requested: 'viewer', routed_to: 'lead_users', status: 'denied' })
      .returning('id');

    const page = await admin.get(`/regulator/requests/facility/${id}`);
    expect(page.text).toContain('Facility to keep');
    expect(page.text).toContain('Keeper Yard');
    expect(page.text).toContain('Drafts of Duplicate Yard that approving discards');

    const res = await decide(admin, `/regulator/requests/facility/${id}`, { decision: 'approve', comment: 'Same site' });
    expect(res.status).toBe(303);
    const flash = await admin.get(res.headers.location!);
    expect(flash.text).toContain('Drafts discarded: Emergency Response and Training Plans');

    expect(await t.knex('facilities').where({ id: dup.id }).first()).toMatchObject({ status: 'archived', merged_into_facility_id: keep.id });
    expect(await t.knex('element_versions').where({ facility_id: dup.id })).toEqual([]);
    expect(await t.knex('element_versions').where({ id: collidingDraft }).first()).toBeUndefined();
    expect((await t.knex('element_versions').where({ id: keepDraft }).first()).facility_id).toBe(keep.id);
    expect((await t.knex('element_versions').where({ id: movingDraft }).first()).facility_id).toBe(keep.id);
    for (const v of dupVersions) expect((await t.knex('element_versions').where({ id: v }).first()).facility_id).toBe(keep.id);
    expect(await t.knex('inventory_items').where({ facility_id: dup.id })).toEqual([]);
    expect(await t.knex('facility_submittals').where({ facility_id: dup.id })).toEqual([]);
    expect((await t.knex('access_requests').where({ id: accessRequest.id }).first()).facility_id).toBe(keep.id);
    const audit = await t.knex('audit_log').where({ action: 'facility.merged', entity_id: String(dup.cers_id) }).first();
    expect(audit.after.discarded_drafts).toEqual(['Emergency Response and Training Plans']);

    // The survivor's history shows both Facility Information submittals, for the CUPA and for the business.
    const cupa = await admin.get(`/regulator/facilities/${keep.cers_id}`);
    expect(cupa.text.match(/>Facility Information</g)).toHaveLength(2);
    expect(cupa.text).toContain('Hazardous Materials Inventory');
    const archived = await lead.agent.get(`/orgs/${org.id}/facilities/archived`);
    expect(archived.text).toContain('Duplicate Yard');
    const mail = await smtp.waitForMail('twicelead@example.com', /Merge approved: Duplicate Yard/);
    expect(mail.text).toContain(`merged into Keeper Yard (CERS ID ${keep.cers_id})`);
    expect(mail.text).toContain('were discarded');
    expect(mail.text).toContain('Emergency Response and Training Plans');
  });
});

describe('delete', () => {
  let org: { id: number; name: string };
  let lead: { user: UserRow; agent: Agent };
  beforeAll(async () => {
    org = await createOrg(t.knex, { name: 'Closing Down Inc' });
    lead = await person('closinglead', org);
  });

  test('refused when something was submitted since the request; nothing changes', async () => {
    const f = await createFacility(t.knex, org, { name: 'Busy Yard' });
    const id = await fileRequest(lead.agent, org.id, f.cers_id, { kind: 'delete', reason: 'Closed' });
    await submitted(f, org.id, lead.user, [1]);
    const page = await admin.get(`/regulator/requests/facility/${id}`);
    expect(page.text).toContain('Elements have been submitted for this facility, so it cannot be deleted.');
    const res = await decide(admin, `/regulator/requests/facility/${id}`, { decision: 'approve', comment: 'OK' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Busy Yard has submitted elements now, so it cannot be deleted');
    expect((await t.knex('facility_requests').where({ id }).first()).status).toBe('pending');
    expect((await t.knex('facilities').where({ id: f.id }).first()).status).toBe('active');
    // Denying it still works.
    expect((await decide(admin, `/regulator/requests/facility/${id}`, { decision: 'deny', comment: 'It has submittals' })).status).toBe(303);
    expect((await t.knex('facility_requests').where({ id }).first()).status).toBe('denied');
    await smtp.waitForMail('closinglead@example.com', /Deletion denied: Busy Yard/);
  });

  test('without submittals the facility and its drafts disappear everywhere; its CERS ID stays taken', async () => {
    const f = await createFacility(t.knex, org, { name: 'Never Used Yard' });
    const d = await draft(f, org.id, 2, lead.user);
    await t.knex('inventory_items').insert({ element_version_id: d, organization_id: org.id, facility_id: f.id, location: 'Shed', common_name: 'Paint', hm_type: 'a', physical_state: 'c', units: 'a', max_daily: 60 });
    const id = await fileRequest(lead.agent, org.id, f.cers_id, { kind: 'delete', reason: 'Opened by mistake' });
    const res = await decide(admin, `/regulator/requests/facility/${id}`, { decision: 'approve', comment: 'Deleted' });
    expect(res.status).toBe(303);
    expect((await t.knex('facilities').where({ id: f.id }).first()).status).toBe('deleted');
    expect(await t.knex('element_versions').where({ facility_id: f.id })).toEqual([]);
    expect(await t.knex('inventory_items').where({ facility_id: f.id })).toEqual([]);
    expect(await t.knex('audit_log').where({ action: 'facility.deleted', entity_id: String(f.cers_id) }).first()).toBeDefined();
    expect((await lead.agent.get(`/orgs/${org.id}/facilities`)).text).not.toContain('Never Used Yard');
    expect((await lead.agent.get(`/orgs/${org.id}/facilities/archived`)).text).not.toContain('Never Used Yard');
    expect((await lead.agent.get(`/orgs/${org.id}/facilities/${f.cers_id}`)).status).toBe(404);
    expect((await lead.agent.get(`/facilities/search?q=${f.cers_id}`)).text).not.toContain('Never Used Yard');
    expect((await admin.get(`/regulator/facilities/${f.cers_id}`)).status).toBe(404);
    await smtp.waitForMail('closinglead@example.com', /Deletion approved: Never Used Yard/);
    // The request page still reads, for the record.
    const page = await admin.get(`/regulator/requests/facility/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Deleted');
  });
});

describe('the list', () => {
  test('pending first with counts per kind, then the decided ones, paged', async () => {
    const o = await createOrg(t.knex, { name: 'Paging Co' });
    const f = await createFacility(t.knex, o, { name: 'Paging Yard' });
    const old = new Date('2026-01-01T12:00:00Z');
    const u = await createUser(t.knex, { username: 'pager' });
    for (let i = 0; i < 30; i++) {
      await t.knex('access_requests').insert({
        organization_id: o.id, facility_id: f.id, requester_id: u.id, phone: '661-555-0100', title: 'Clerk', role_requested: 'viewer', routed_to: 'regulator',
        regulator_id: kernId, status: 'denied', decided_at: old, decision_comment: 'No',
      });
    }
    const first = await admin.get('/regulator/requests');
    expect(first.text).toContain('Page 1 of 2');
    const pendingAt = first.text.indexOf('Waiting for your decision');
    const decidedAt = first.text.indexOf('Recently decided');
    expect(pendingAt).toBeGreaterThan(0);
    expect(decidedAt).toBeGreaterThan(pendingAt);
    expect(first.text).toMatch(/Transfer: <strong>\d+<\/strong>/);
    const second = await admin.get('/regulator/requests?page=2');
    expect(second.status).toBe(200);
    expect(second.text).toContain('Page 2 of 2');
    expect(second.text).toContain('Paging Yard'); // the oldest decisions come last
  });
});
