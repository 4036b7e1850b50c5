/**
 * No door between CUPAs. Every route under /regulator is found by walking the
 * app, then requested by each regulator role of Kern County with the ids of
 * another CUPA (Bakersfield Fire Department): every answer must be 404 (or 403
 * where the role may not use the page at all), no answer may carry the other
 * CUPA's facility, organization or material names, and its rows must come out
 * of all of it untouched. A route whose id the matrix does not know fails the
 * test until its ids are added here.
 */
import fs from 'node:fs';
import request from 'supertest';
import type { RegulatorRole } from '../../src/db/types';
import { createTestApp, createUser, csrfFrom, signIn, type Agent, type TestApp } from '../support/app';
import { addMember, createOrg } from '../support/factories';
import { PDF } from '../support/files';
import { fillPath, isRegulatorPath, label, listEndpoints, paramsOf, type Endpoint } from '../support/routes';

const ROLES: RegulatorRole[] = ['regulator_viewer', 'reviewer', 'regulator_admin'];
const UNKNOWN_ID = 999999;
type Method = 'get' | 'post';

const OTHER = {
  org: 'Oleander Refining Partners',
  facility: 'Oleander Hidden Tank Farm',
  material: 'Oleander Secret Solvent',
  document: 'Oleander Emergency Binder',
  staffLastName: 'Quillfeather',
};
const SECRETS = Object.values(OTHER);

let t: TestApp;
let other: { regulatorId: number; orgId: number; facility: { id: number; cers_id: number } };
const staff = {} as Record<RegulatorRole, { agent: Agent; csrf: string }>;
let routes: Endpoint[];
const otherIds = new Map<string, number[]>();
let before: unknown;

beforeAll(async () => {
  t = await createTestApp();
  const { knex } = t;
  const kern = await knex('regulators').where({ code: '1500' }).first('id');
  const bakersfield = await knex('regulators').where({ name: 'Bakersfield Fire Department' }).first('id');
  for (const role of ROLES) {
    const u = await createUser(knex, { username: `kern_${role}` });
    await knex('regulator_staff').insert({ user_id: u.id, regulator_id: kern.id, role });
  }
  const otherAdmin = await createUser(knex, { username: 'bfd_admin', last_name: OTHER.staffLastName });
  await knex('regulator_staff').insert({ user_id: otherAdmin.id, regulator_id: bakersfield.id, role: 'regulator_admin' });

  // The other CUPA's facility, with everything a regulator route can take an id of.
  const org = await createOrg(knex, { name: OTHER.org });
  const lead = await createUser(knex, { username: 'oleander_lead' });
  await addMember(knex, lead, org, 'lead_user');
  const [facility] = await knex('facilities')
    .insert({ organization_id: org.id, name: OTHER.facility, street: '1 Truxtun Ave', city: 'Bakersfield', zip: '93301', county_id: 15, regulator_id: bakersfield.id })
    .returning(['id', 'cers_id']);
  other = { regulatorId: bakersfield.id, orgId: org.id, facility };
  const [submittal] = await knex('facility_submittals')
    .insert({ facility_id: facility.id, organization_id: org.id, submitted_by: lead.id, fingerprint: 'f'.repeat(64), idempotency_key: '00000000-0000-4000-8000-0000000000aa' })
    .returning('id');
  const version = async (code: number, status: string) => {
    const [v] = await knex('element_versions')
      .insert({
        facility_id: facility.id, organization_id: org.id, element_code: code, status, created_by: lead.id,
        ...(status === 'draft' ? {} : { regulator_id: bakersfield.id, facility_submittal_id: submittal.id, submitted_by: lead.id, submitted_at: new Date(), content_hash: 'a'.repeat(64) }),
        content: JSON.stringify(code === 1 ? { businessActivities: { comments: OTHER.facility } } : {}),
      })
      .returning('id');
    return v.id as number;
  };
  await version(1, 'submitted');
  const er = await version(3, 'draft');
  const [part] = await knex('document_parts').insert({ element_version_id: er, part_code: 'er_plan', option: 'upload' }).returning('id');
  const tmp = t.services.files.tmpName();
  fs.writeFileSync(tmp, PDF);
  const stored = await t.services.files.keep(tmp);
  await knex('documents').insert({
    document_part_id: part.id, organization_id: org.id, facility_id: facility.id, title: OTHER.document, date_authored: '2026-01-01', original_name: 'binder.pdf',
    stored_name: stored.storedName, media_type: 'application/pdf', size_bytes: PDF.length, sha256: stored.sha256, uploaded_by: lead.id,
  });
  await knex('element_versions').where({ id: er }).update({ status: 'submitted', regulator_id: bakersfield.id, facility_submittal_id: submittal.id, submitted_by: lead.id, submitted_at: new Date(), content_hash: 'b'.repeat(64) });
  const hmi = await version(2, 'draft');
  await knex('inventory_items').insert({ element_version_id: hmi, organization_id: org.id, facility_id: facility.id, location: 'Back shed', common_name: OTHER.material, hm_type: 'a', physical_state: 'b', units: 'a', max_daily: 55 });
  await knex('element_versions').where({ id: hmi }).update({ status: 'submitted', regulator_id: bakersfield.id, facility_submittal_id: submittal.id, submitted_by: lead.id, submitted_at: new Date(), content_hash: 'c'.repeat(64) });
  await version(4, 'draft'); // a draft: never visible to any CUPA
  // Requests routed to the other CUPA.
  const requester = await createUser(knex, { username: 'oleander_requester' });
  await knex('access_requests').insert({ organization_id: org.id, facility_id: facility.id, requester_id: requester.id, phone: '661-555-0100', title: 'Manager', role_requested: 'editor', routed_to: 'regulator', regulator_id: bakersfield.id });
  await knex('facility_requests').insert({ kind: 'delete', organization_id: org.id, facility_id: facility.id, reason: 'Closed', requested_by: lead.id, regulator_id: bakersfield.id });
  await knex('regulator_invitations').insert({ regulator_id: bakersfield.id, email: 'newbie@bfd.example', role: 'reviewer', token_hash: 'e'.repeat(64), invited_by: otherAdmin.id, expires_at: new Date(Date.now() + 86_400_000) });

  routes = listEndpoints(t.app).filter((e) => e.kind === 'route' && isRegulatorPath(e.path));
  for (const name of new Set(routes.flatMap((e) => paramsOf(e.path)))) otherIds.set(name, await idsFor(name));
  for (const role of ROLES) {
    const agent = request.agent(t.app);
    await signIn(agent, `kern_${role}`);
    staff[role] = { agent, csrf: csrfFrom((await agent.get('/account')).text) };
  }
  before = await otherRows();
}, 60_000);
afterAll(() => t.close());

/** The other CUPA's ids for a route param, by the param's name. */
async function idsFor(param: string): Promise<number[]> {
  const { knex } = t;
  const named: Record<string, () => Promise<number[]>> = {
    versionId: async () => (await knex('element_versions').where({ organization_id: other.orgId }).orderBy('id').pluck('id')) as number[],
    documentId: async () => (await knex('documents').where({ organization_id: other.orgId }).pluck('id')) as number[],
    cersId: async () => [other.facility.cers_id],
    requestId: async () => [
      ...((await knex('access_requests').where({ regulator_id: other.regulatorId }).pluck('id')) as number[]),
      ...((await knex('facility_requests').where({ regulator_id: other.regulatorId }).pluck('id')) as number[]),
    ],
    staffId: async () => (await knex('regulator_staff').where({ regulator_id: other.regulatorId }).pluck('id')) as number[],
    invitationId: async () => (await knex('regulator_invitations').where({ regulator_id: other.regulatorId }).pluck('id')) as number[],
    regulatorId: async () => [other.regulatorId],
  };
  if (!named[param]) throw new Error(`the jurisdiction matrix has no ids for :${param}; add the other CUPA's rows for it`);
  const found = await named[param]();
  return found.length ? found : [UNKNOWN_ID];
}

async function otherRows() {
  const { knex } = t;
  return {
    facilities: await knex('facilities').where({ regulator_id: other.regulatorId }).orderBy('id'),
    versions: await knex('element_versions').where({ organization_id: other.orgId }).orderBy('id'),
    history: await knex('element_status_history').whereIn('element_version_id', knex('element_versions').where({ organization_id: other.orgId }).select('id')).orderBy('id'),
    items: await knex('inventory_items').where({ organization_id: other.orgId }).orderBy('id'),
    documents: await knex('documents').where({ organization_id: other.orgId }).orderBy('id'),
    accessRequests: await knex('access_requests').where({ regulator_id: other.regulatorId }).orderBy('id'),
    facilityRequests: await knex('facility_requests').where({ regulator_id: other.regulatorId }).orderBy('id'),
    staff: await knex('regulator_staff').where({ regulator_id: other.regulatorId }).orderBy('id'),
    invitations: await knex('regulator_invitations').where({ regulator_id: other.regulatorId }).orderBy('id'),
    regulator: await knex('regulators').where({ id: other.regulatorId }).first(),
    policies: await knex('document_policies').where({ regulator_id: other.regulatorId }).orderBy('id'),
  };
}

function urlsFor(e: Endpoint): string[] {
  let fillings: Record<string, number>[] = [{}];
  for (const name of paramsOf(e.path)) fillings = fillings.flatMap((f) => (otherIds.get(name) ?? [UNKNOWN_ID]).map((v) => ({ ...f, [name]: v })));
  return fillings.map((f) => fillPath(e.path, (p) => f[p] ?? UNKNOWN_ID));
}

const methodsOf = (e: Endpoint): Method[] => e.methods.flatMap((m): Method[] => (m === 'all' ? ['get', 'post'] : m === 'get' || m === 'post' ? [m] : []));

test('the matrix walks the regulator routes that take ids', () => {
  const withIds = routes.filter((e) => paramsOf(e.path).length > 0).map(label);
  expect(withIds).toEqual(expect.arrayContaining(['GET /regulator/submittals/:versionId', 'POST /regulator/submittals/:versionId/decision', 'GET /regulator/documents/:documentId', 'GET /regulator/facilities/:cersId']));
});

describe.each(ROLES)('%s of Kern County', (role) => {
  test('every regulator route with the other CUPA’s ids answers 404 (or 403), showing none of its names', async () => {
    const { agent, csrf } = staff[role];
    const problems: string[] = [];
    for (const e of routes.filter((r) => paramsOf(r.path).length > 0)) {
      for (const method of methodsOf(e)) {
        for (const url of urlsFor(e)) {
          const res = method === 'get' ? await agent.get(url) : await agent.post(url).type('form').send({ _csrf: csrf, status: 'accepted', comment: 'x', seq: '0', decision: 'approve', role: 'reviewer', reason: 'x' });
          const where = `${role} ${method.toUpperCase()} ${url}`;
          if (![403, 404].includes(res.status)) problems.push(`${where} → ${res.status}`);
          for (const s of SECRETS) if ((res.text ?? '').includes(s)) problems.push(`${where} shows "${s}"`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('pages without ids (the queue searched by the other CUPA’s CERS ID or name) show none of its names', async () => {
    const { agent } = staff[role];
    const problems: string[] = [];
    for (const e of routes.filter((r) => paramsOf(r.path).length === 0 && r.methods.includes('get'))) {
      for (const q of ['', `?facility=${other.facility.cers_id}`, '?facility=oleander', '?q=oleander']) {
        const res = await agent.get(`${e.path}${q}`);
        for (const s of SECRETS) if ((res.text ?? '').includes(s)) problems.push(`${role} GET ${e.path}${q} shows "${s}"`);
      }
    }
    expect(problems).toEqual([]);
  });
});

test('the other CUPA’s rows are untouched after every probe', async () => {
  expect(await otherRows()).toEqual(before);
});
