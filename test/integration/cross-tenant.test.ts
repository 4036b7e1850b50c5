/**
 * No door between tenants. Every route below /orgs/:orgId is found by walking
 * the app (test/support/routes.ts), then requested by each role of
 * organization A with organization B's ids: B's organization id must answer
 * 404, B's row ids under A's organization must answer 404 (or 403 where the role
 * may not use the page at all), and no answer may carry B's names. B's rows
 * must come out of all of it untouched.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { PDF } from '../support/files';
import request from 'supertest';
import type { MembershipRole, UserRow } from '../../src/db/types';
import { createTestApp, createUser, csrfFrom, signIn, type Agent, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { fillPath, label, listEndpoints, paramsOf, type Endpoint } from '../support/routes';

const ROLES: MembershipRole[] = ['lead_user', 'approver', 'editor', 'viewer'];
const UNKNOWN_ID = 999999;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

// Words that only ever appear on B's own pages.
const BRAVO = {
  org: 'Bravo Quarry Holdings',
  facility: 'Bravo Hidden Tank Farm',
  leadLastName: 'Quartermaine',
  memberLastName: 'Vandersloot',
  invitee: 'bravo-invitee@example.com',
  material: 'Bravo Secret Solvent',
};
const BRAVO_SECRETS = Object.values(BRAVO);

let t: TestApp;
let alpha: { id: number; facility: { cers_id: number; name: string } };
let bravo: { id: number; lead: UserRow; facility: { id: number; cers_id: number } };
const members = {} as Record<MembershipRole, { agent: Agent; csrf: string }>;
let bravoLead: Agent;
let orgRoutes: Endpoint[];
/** For each param name met in an /orgs route, ids of B-owned rows (or UNKNOWN_ID). */
const bravoIds = new Map<string, number[]>();
let bravoBefore: unknown;

beforeAll(async () => {
  t = await createTestApp();
  const { knex } = t;

  const a = await createOrg(knex, { name: 'Alpha Fuel Co' });
  alpha = { id: a.id, facility: await createFacility(knex, a, { name: 'Alpha Yard' }) };
  const users = {} as Record<MembershipRole, UserRow>;
  for (const role of ROLES) {
    users[role] = await createUser(knex, { username: `alpha_${role}` });
    await addMember(knex, users[role], a, role);
  }

  const b = await createOrg(knex, { name: BRAVO.org });
  const lead = await createUser(knex, { username: 'bravo_lead', first_name: 'Zebulon', last_name: BRAVO.leadLastName });
  const member = await createUser(knex, { username: 'bravo_viewer', first_name: 'Ottilie', last_name: BRAVO.memberLastName });
  await addMember(knex, lead, b, 'lead_user');
  await addMember(knex, member, b, 'viewer');
  const facility = await createFacility(knex, b, { name: BRAVO.facility, street: '9 Quarry Rd' });
  bravo = { id: b.id, lead, facility };
  // One row of each other tenant-owned kind, so routes taking their ids meet a real B row.
  const outsider = await createUser(knex, { username: 'outsider' });
  await knex('invitations').insert({
    organization_id: b.id, email: BRAVO.invitee, role: 'editor', token_hash: createHash('sha256').update('bravo-invite').digest('hex'),
    invited_by: lead.id, expires_at: new Date(Date.now() + 86_400_000),
  });
  await knex('access_requests').insert({
    organization_id: b.id, facility_id: facility.id, requester_id: outsider.id, phone: '661-555-0100', title: 'Manager',
    role_requested: 'editor', routed_to: 'lead_users',
  });
  await knex('facility_requests').insert({
    kind: 'delete', organization_id: b.id, facility_id: facility.id, reason: 'Closed', requested_by: lead.id,
  });
  // B's filing: a submitted Facility Information with its submittal, and an ER-plan draft holding an uploaded file.
  const [submittal] = await knex('facility_submittals')
    .insert({ facility_id: facility.id, organization_id: b.id, submitted_by: lead.id, fingerprint: 'f'.repeat(64), idempotency_key: '00000000-0000-4000-8000-000000000001' })
    .returning('id');
  await knex('element_versions').insert({
    facility_id: facility.id, organization_id: b.id, element_code: 1, status: 'submitted', content: JSON.stringify({ businessActivities: { comments: BRAVO.facility } }),
    facility_submittal_id: submittal.id, submitted_by: lead.id, submitted_at: new Date(), content_hash: 'a'.repeat(64),
  });
  const [draft] = await knex('element_versions').insert({ facility_id: facility.id, organization_id: b.id, element_code: 3, status: 'draft', created_by: lead.id }).returning('id');
  const [part] = await knex('document_parts').insert({ element_version_id: draft.id, part_code: 'er_plan', option: 'upload' }).returning('id');
  const tmp = t.services.files.tmpName();
  fs.writeFileSync(tmp, PDF);
  const stored = await t.services.files.keep(tmp);
  await knex('documents').insert({
    document_part_id: part.id, organization_id: b.id, facility_id: facility.id, title: BRAVO.facility, date_authored: '2026-01-01', original_name: 'bravo.pdf',
    stored_name: stored.storedName, media_type: 'application/pdf', size_bytes: PDF.length, sha256: stored.sha256, uploaded_by: lead.id,
  });
  // B's Hazardous Materials Inventory draft holding one material.
  const [inventory] = await knex('element_versions').insert({ facility_id: facility.id, organization_id: b.id, element_code: 2, status: 'draft', created_by: lead.id }).returning('id');
  const [material] = await knex('inventory_items')
    .insert({
      element_version_id: inventory.id, organization_id: b.id, facility_id: facility.id, location: 'Bravo back shed', common_name: BRAVO.material,
      hm_type: 'a', physical_state: 'b', units: 'a', max_daily: 55,
    })
    .returning('id');
  await knex('inventory_components').insert({ item_id: material.id, position: 1, name: BRAVO.material, percent: 100 });
  // A spreadsheet upload of B's, read and waiting for commit, with a problem naming B's facility.
  const [upload] = await knex('inventory_uploads')
    .insert({ organization_id: b.id, user_id: lead.id, file_name: `${BRAVO.material}.xlsx`, stored_name: `ab/${'ab'.repeat(32)}`, kind: 'xlsx', byte_size: 100, status: 'ready', rows_read: 1 })
    .returning('id');
  await knex('inventory_upload_rows').insert({ upload_id: upload.id, row_number: 2, cers_id: facility.cers_id, facility_id: facility.id, required: 0, item: JSON.stringify({ commonName: BRAVO.material, components: [] }) });
  await knex('inventory_upload_problems').insert({ upload_id: upload.id, row_number: 2, column_name: 'ChemicalLocation', value: BRAVO.facility, message: 'Check', level: 'Warning' });

  orgRoutes = listEndpoints(t.app).filter((e) => e.kind === 'route' && e.scoped);
  for (const name of new Set(orgRoutes.flatMap((e) => paramsOf(e.path)))) bravoIds.set(name, await bravoIdsFor(name));

  for (const role of ROLES) {
    const agent = request.agent(t.app);
    await signIn(agent, users[role].username);
    members[role] = { agent, csrf: csrfFrom((await agent.get('/account')).text) };
  }
  bravoLead = request.agent(t.app);
  await signIn(bravoLead, 'bravo_lead');
  bravoBefore = await bravoRows();
});
afterAll(() => t.close());

/** B's ids for a route param, found by the param's name: fooBarId → a row of foo_bars owned by B. */
async function bravoIdsFor(param: string): Promise<number[]> {
  const { knex } = t;
  const ofBravo = async (table: string) => (await knex(table).where({ organization_id: bravo.id }).orderBy('id').pluck('id')) as number[];
  const named: Record<string, () => Promise<number[]>> = {
    orgId: async () => [bravo.id],
    cersId: async () => [bravo.facility.cers_id],
    requestId: async () => [...(await ofBravo('access_requests')), ...(await ofBravo('facility_requests'))],
    versionId: async () => ofBravo('element_versions'),
    submittalId: async () => ofBravo('facility_submittals'),
    userId: async () => [bravo.lead.id],
    itemId: async () => ofBravo('inventory_items'),
    uploadId: async () => ofBravo('inventory_uploads'),
  };
  const found = named[param] ? await named[param]() : [];
  const m = /^(\w+?)Id$/.exec(param);
  if (!found.length && m) {
    const table = `${m[1]!.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}s`;
    if ((await knex.schema.hasTable(table)) && (await knex.schema.hasColumn(table, 'organization_id'))) found.push(...(await ofBravo(table)));
  }
  return found.length ? found : [UNKNOWN_ID];
}

/** Everything of B's that a leaking POST could change. */
async function bravoRows() {
  const { knex } = t;
  const byOrg = (table: string) => knex(table).where({ organization_id: bravo.id }).orderBy('id');
  return {
    organization: await knex('organizations').where({ id: bravo.id }).first(),
    memberships: await byOrg('memberships'),
    facilities: await byOrg('facilities'),
    invitations: await byOrg('invitations'),
    accessRequests: await byOrg('access_requests'),
    facilityRequests: await byOrg('facility_requests'),
    versions: await byOrg('element_versions'),
    submittals: await byOrg('facility_submittals'),
    documents: await byOrg('documents'),
    inventoryItems: await byOrg('inventory_items'),
    inventoryComponents: await knex('inventory_components').whereIn('item_id', knex('inventory_items').where({ organization_id: bravo.id }).select('id')).orderBy('id'),
    parts: await knex('document_parts').whereIn('element_version_id', knex('element_versions').where({ organization_id: bravo.id }).select('id')).orderBy('id'),
    audit: await byOrg('audit_log'),
    uploads: await byOrg('inventory_uploads'),
    stagedRows: await knex('inventory_upload_rows').whereIn('upload_id', knex('inventory_uploads').where({ organization_id: bravo.id }).select('id')).orderBy('row_number'),
    emails: await knex('emails').where({ to_address: BRAVO.invitee }),
  };
}

function methodsOf(e: Endpoint): Method[] {
  return e.methods.flatMap((m): Method[] => (m === 'all' ? ['get', 'post'] : (METHODS as readonly string[]).includes(m) ? [m as Method] : []));
}

/** Every filling of the route's params: orgId as given, each other param from B's ids. */
function urlsFor(e: Endpoint, orgId: number): string[] {
  let fillings: Record<string, number>[] = [{}];
  for (const name of paramsOf(e.path)) {
    const values = name === 'orgId' ? [orgId] : (bravoIds.get(name) ?? [UNKNOWN_ID]);
    fillings = fillings.flatMap((f) => values.map((v) => ({ ...f, [name]: v })));
  }
  return fillings.map((f) => fillPath(e.path, (p) => f[p] ?? UNKNOWN_ID));
}

function send(agent: Agent, method: Method, url: string, csrf: string) {
  return method === 'get' ? agent.get(url) : agent[method](url).type('form').send({ _csrf: csrf });
}

/** Requests every route, returning what went wrong as readable lines. */
async function probe(role: MembershipRole, routes: Endpoint[], orgId: number, allowed: number[]): Promise<string[]> {
  const { agent, csrf } = members[role];
  const problems: string[] = [];
  for (const e of routes) {
    for (const method of methodsOf(e)) {
      for (const url of urlsFor(e, orgId)) {
        const res = await send(agent, method, url, csrf);
        const where = `${role} ${method.toUpperCase()} ${url}`;
        if (!allowed.includes(res.status)) problems.push(`${where} → ${res.status}`);
        for (const secret of BRAVO_SECRETS) if ((res.text ?? '').includes(secret)) problems.push(`${where} shows "${secret}"`);
      }
    }
  }
  return problems;
}

test('the walk found the organization routes, and B has a real row for the ids it needs', () => {
  expect(orgRoutes.map(label)).toEqual(expect.arrayContaining(['GET /orgs/:orgId/facilities', 'GET /orgs/:orgId/facilities/:cersId']));
  expect(orgRoutes.every((e) => e.path.startsWith('/orgs/:orgId'))).toBe(true);
  expect(bravoIds.get('cersId')).toEqual([bravo.facility.cers_id]);
  expect(bravoIds.get('itemId')).toEqual([expect.any(Number)]);
  expect(bravoIds.get('itemId')).not.toContain(UNKNOWN_ID);
});

test("a member of A sees A's own facilities, so the matrix below is not 404 for everyone", async () => {
  const res = await members.viewer.agent.get(`/orgs/${alpha.id}/facilities`);
  expect(res.status).toBe(200);
  expect(res.text).toContain(alpha.facility.name);
  const one = await members.viewer.agent.get(`/orgs/${alpha.id}/facilities/${alpha.facility.cers_id}`);
  expect(one.status).toBe(200);
});

test("B's own Lead User reaches every GET route with the ids used below, so they are B's real rows", async () => {
  const missed: string[] = [];
  for (const e of orgRoutes.filter((r) => methodsOf(r).includes('get'))) {
    if (paramsOf(e.path).some((p) => bravoIds.get(p)?.includes(UNKNOWN_ID))) continue; // nothing of B's to point at
    const statuses = await Promise.all(urlsFor(e, bravo.id).map(async (url) => (await bravoLead.get(url)).status));
    // A param such as :requestId may name rows of two tables; one of them must be the page's.
    if (!statuses.some((s) => s === 200 || s === 303)) missed.push(`${label(e)} → ${statuses.join(', ')}`);
  }
  expect(missed).toEqual([]);
  expect((await bravoLead.get(`/orgs/${bravo.id}/facilities/${bravo.facility.cers_id}`)).text).toContain(BRAVO.facility);
});

describe.each(ROLES)("A's %s", (role) => {
  test("every /orgs route with B's organization id and B's ids answers 404 and shows nothing of B", async () => {
    expect(await probe(role, orgRoutes, bravo.id, [404])).toEqual([]);
  });

  test("every /orgs route with A's organization id and B's row ids answers 404 (or 403) and shows nothing of B", async () => {
    const withRowIds = orgRoutes.filter((e) => paramsOf(e.path).some((p) => p !== 'orgId'));
    expect(await probe(role, withRowIds, alpha.id, [403, 404])).toEqual([]);
  });
});

test('malformed or unknown ids answer 404, never an error', async () => {
  const { agent, csrf } = members.lead_user;
  const urls = ['abc', '1e3', '-1', '1.0', '99999999', '9999999999', '0x10'].map((id) => `/orgs/${id}/facilities`);
  for (const e of orgRoutes.filter((r) => paramsOf(r.path).length > 1)) {
    for (const bad of ['abc', '1e3', '99999999999']) urls.push(fillPath(e.path, (p) => (p === 'orgId' ? alpha.id : bad)));
  }
  const problems: string[] = [];
  for (const url of urls) {
    const res = await agent.get(url);
    if (res.status !== 404) problems.push(`GET ${url} → ${res.status}`);
    const post = await send(agent, 'post', url, csrf);
    if (post.status !== 404) problems.push(`POST ${url} → ${post.status}`);
  }
  expect(problems).toEqual([]);
});

test('signed out, every /orgs page sends you to sign in', async () => {
  const problems: string[] = [];
  for (const e of orgRoutes.filter((r) => methodsOf(r).includes('get'))) {
    const url = fillPath(e.path, (p) => (p === 'orgId' ? bravo.id : (bravoIds.get(p)?.[0] ?? UNKNOWN_ID)));
    const res = await request(t.app).get(url);
    if (res.status !== 303 || res.headers.location !== '/sign-in') problems.push(`GET ${url} → ${res.status} ${res.headers.location ?? ''}`);
    if (BRAVO_SECRETS.some((s) => res.text.includes(s))) problems.push(`GET ${url} shows something of B`);
  }
  expect(problems).toEqual([]);
});

test("after all of that, B's rows are exactly as they were", async () => {
  expect(await bravoRows()).toEqual(bravoBefore);
});
