/**
 * Who may do what inside one organization (docs/product.md §2, src/rules/permissions.rules.ts).
 * Every route under /orgs/:orgId is found by walking the app (test/support/routes.ts)
 * and looked up in PERMISSIONS below: a route missing from the table fails the
 * test, so a new route forces a decision. Then a member of each role requests
 * every route on fresh rows of its own (FRESH and ROWS below, built by
 * test/support/role-fixtures.ts): with the permission a GET answers 200 and
 * a POST does its work (303, the row changed as asked); without it both answer
 * 403 and nothing in the organization changes. Pages a role can open must not
 * link to, or hold a form for, anything the role cannot do.
 */
import { createHash, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import request from 'supertest';
import type { MembershipRole, UserRow } from '../../src/db/types';
import { BUSINESS_ROLE_LABELS } from '../../src/rules/roles.rules';
import { can, MEMBERSHIP_ROLES, type BusinessPermission } from '../../src/rules/permissions.rules';
import { createTestApp, createUser, csrfFrom, signIn, submitForm, type Agent, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { PDF } from '../support/files';
import { BA_ALL_NO, filingFixtures, MATERIAL, OWNER_OPERATOR, peopleFixtures, savedAsSent, type FilingFixtures, type PeopleFixtures } from '../support/role-fixtures';
import { fillPath, listEndpoints, paramsOf } from '../support/routes';

/** The permission each organization route needs, keyed 'METHOD path' as the walk finds it. */
const PERMISSIONS: Record<string, BusinessPermission> = {
  'GET /orgs/:orgId': 'org:view',
  'GET /orgs/:orgId/facilities': 'org:view',
  'GET /orgs/:orgId/facilities/archived': 'org:view',
  'GET /orgs/:orgId/facilities/archived/transferred/:cersId': 'org:view',
  'GET /orgs/:orgId/facilities/:cersId': 'org:view',
  'GET /orgs/:orgId/facilities/:cersId/requests/new': 'facilities:manage',
  'POST /orgs/:orgId/facilities/:cersId/requests/new': 'facilities:manage',
  'POST /orgs/:orgId/facilities/:cersId/minor-corrections': 'facilities:manage',
  'GET /orgs/:orgId/facilities/:cersId/elements/:code': 'org:view',
  'POST /orgs/:orgId/facilities/:cersId/elements/:code/drafts': 'drafts:edit',
  'GET /orgs/:orgId/facilities/:cersId/elements/:code/discard': 'drafts:edit',
  'POST /orgs/:orgId/facilities/:cersId/elements/:code/discard': 'drafts:edit',
  'GET /orgs/:orgId/facilities/:cersId/elements/:code/versions/:versionId': 'org:view',
  'GET /orgs/:orgId/facilities/:cersId/elements/1/business-activities': 'drafts:edit',
  'POST /orgs/:orgId/facilities/:cersId/elements/1/business-activities': 'drafts:edit',
  'GET /orgs/:orgId/facilities/:cersId/elements/1/owner-operator': 'drafts:edit',
  'POST /orgs/:orgId/facilities/:cersId/elements/1/owner-operator': 'drafts:edit',
  'GET /orgs/:orgId/facilities/:cersId/elements/:code/documents/:part': 'drafts:edit',
  'POST /orgs/:orgId/facilities/:cersId/elements/:code/documents/:part': 'drafts:edit',
  'POST /orgs/:orgId/facilities/:cersId/elements/:code/documents/:part/upload': 'drafts:edit',
  'GET /orgs/:orgId/facilities/:cersId/documents/:documentId': 'org:view',
  'POST /orgs/:orgId/facilities/:cersId/documents/:documentId/remove': 'drafts:edit',
  'GET /orgs/:orgId/facilities/:cersId/submit': 'submittals:submit',
  'POST /orgs/:orgId/facilities/:cersId/submit': 'submittals:submit',
  'GET /orgs/:orgId/facilities/:cersId/submittals/:submittalId': 'org:view',
  'GET /orgs/:orgId/facilities/:cersId/submittals/:submittalId/receipt.pdf': 'org:view',
  'GET /orgs/:orgId/facilities/:cersId/inventory': 'org:view',
  'GET /orgs/:orgId/facilities/:cersId/inventory/validate': 'org:view',
  'GET /orgs/:orgId/facilities/:cersId/inventory/summary': 'org:view',
  'GET /orgs/:orgId/inventory/template.xlsx': 'org:view',
  'GET /orgs/:orgId/facilities/:cersId/inventory/download.xlsx': 'org:view',
  'GET /orgs/:orgId/facilities/:cersId/inventory/add': 'drafts:edit',
  'GET /orgs/:orgId/facilities/:cersId/inventory/new': 'drafts:edit',
  'POST /orgs/:orgId/facilities/:cersId/inventory/new': 'drafts:edit',
  'GET /orgs/:orgId/facilities/:cersId/inventory/:itemId': 'org:view',
  'POST /orgs/:orgId/facilities/:cersId/inventory/:itemId': 'drafts:edit',
  'GET /orgs/:orgId/facilities/:cersId/inventory/:itemId/delete': 'drafts:edit',
  'POST /orgs/:orgId/facilities/:cersId/inventory/:itemId/delete': 'drafts:edit',
  'GET /orgs/:orgId/inventory/upload': 'drafts:edit',
  'POST /orgs/:orgId/inventory/upload': 'drafts:edit',
  'GET /orgs/:orgId/inventory/uploads/:uploadId': 'drafts:edit',
  'GET /orgs/:orgId/inventory/uploads/:uploadId/status.json': 'drafts:edit',
  'GET /orgs/:orgId/inventory/uploads/:uploadId/problems.csv': 'drafts:edit',
  'POST /orgs/:orgId/inventory/uploads/:uploadId/commit': 'drafts:edit',
  'POST /orgs/:orgId/inventory/uploads/:uploadId/cancel': 'drafts:edit',
  'GET /orgs/:orgId/people': 'people:manage',
  'GET /orgs/:orgId/people/invite': 'people:manage',
  'POST /orgs/:orgId/people/invite': 'people:manage',
  'POST /orgs/:orgId/people/invitations/:invitationId/resend': 'people:manage',
  'POST /orgs/:orgId/people/invitations/:invitationId/revoke': 'people:manage',
  'GET /orgs/:orgId/people/:membershipId/role': 'people:manage',
  'POST /orgs/:orgId/people/:membershipId/role': 'people:manage',
  'GET /orgs/:orgId/people/:membershipId/remove': 'people:manage',
  'POST /orgs/:orgId/people/:membershipId/remove': 'people:manage',
  'GET /orgs/:orgId/access-requests': 'people:manage',
  'GET /orgs/:orgId/access-requests/:requestId': 'people:manage',
  'POST /orgs/:orgId/access-requests/:requestId': 'people:manage',
};

/** Links outside /orgs that organization pages may only show with a permission. */
const GATED_LINKS: Record<string, BusinessPermission> = { '/facilities/new': 'facilities:manage' };

/** The route's params filled with fresh rows (or, for :code and :part, fixed names), plus `n`, a number unique to the attempt. */
type Ids = Record<string, number | string> & { n: number };

/** How to make a POST do its work, and how to see that it did. */
type Mutation<T> = {
  body: (ids: Ids) => Record<string, string>;
  /** Sent with the body as multipart/form-data, the CSRF token in the query as the page's upload form has it. */
  file?: (ids: Ids) => { field: string; content: Buffer; name: string };
  /** The rows the request acts on, read before and after it. */
  read: (ids: Ids) => Promise<T>;
  /** Whether `after` is what the request was asked to do to `before`. */
  done: (after: T, before: T, ids: Ids) => boolean;
};
const mutation = <T>(m: Mutation<T>) => m as Mutation<unknown>;

let t: TestApp;
let org: { id: number; name: string; code: string };
let sharedFacility: { id: number; cers_id: number };
let fx: FilingFixtures;
let people: PeopleFixtures;
const members = {} as Record<MembershipRole, { user: UserRow; agent: Agent; csrf: string }>;
let routeKeys: string[];
let uniq = 0;

const membership = (id: unknown) => t.knex('memberships').where({ id }).first();
const invitation = (id: unknown) => t.knex('invitations').where({ id }).first();

type Draft = { status: string; based_on_version_id: number | null; content: Record<string, Record<string, unknown> | undefined> } | undefined;
const draftOf = async (ids: Ids, code: number): Promise<Draft> =>
  t.knex('element_versions').where({ facility_id: (await fx.facilityOf(ids.cersId)).id, element_code: code, status: 'draft' }).first();
const draftIdOf = (ids: Ids) =>
  t.knex('element_versions').select('id').where({ status: 'draft', element_code: ids.code, facility_id: t.knex('facilities').select('id').where({ cers_id: ids.cersId }) });
const PDF_SHA256 = createHash('sha256').update(PDF).digest('hex');

/** An inventory item as the checks compare it: where it is filed, the fields the form sent, its components. */
type Item = { element_code: number; status: string; common_name: string; location: string; max_daily: number; components: [string | null, number | null][] };
async function itemsWhere(where: (q: ReturnType<typeof t.knex>) => unknown): Promise<Item[]> {
  const q = t.knex('inventory_items as i').join('element_versions as v', 'v.id', 'i.element_version_id')
    .select('i.id', 'v.element_code', 'v.status', 'i.common_name', 'i.location', 'i.max_daily').orderBy('i.id');
  where(q);
  const rows = (await q) as (Omit<Item, 'max_daily' | 'components'> & { id: number; max_daily: string })[];
  const out: Item[] = [];
  for (const { id, max_daily, ...r } of rows) {
    const comps = await t.knex('inventory_components').where({ item_id: id }).orderBy('position').select('name', 'percent');
    out.push({ ...r, max_daily: Number(max_daily), components: comps.map((c: { name: string | null; percent: string | null }) => [c.name, c.percent === null ? null : Number(c.percent)]) });
  }
  return out;
}
const itemsOfFacility = (ids: Ids) => itemsWhere((q) => q.whereIn('i.facility_id', t.knex('facilities').select('id').where({ organization_id: org.id, cers_id: ids.cersId })));
const itemById = async (ids: Ids) => (await itemsWhere((q) => q.where('i.id', ids.itemId)))[0];
/** What MATERIAL at this location saves, in an element-2 draft. */
const savedMaterial = (item: Item | undefined, location: string) =>
  isDeepStrictEqual(item, { element_code: 2, status: 'draft', common_name: MATERIAL.commonName, location, max_daily: 1200, components: [['Sulfuric acid', 35]] });

const MUTATIONS: Record<string, Mutation<unknown>> = {
  'POST /orgs/:orgId/facilities/:cersId/minor-corrections': mutation({
    body: () => ({ minorCorrections: 'refuse' }),
    read: (ids) => t.knex('facilities').where({ cers_id: ids.cersId }).first('minor_corrections_opt_out'),
    done: (after: { minor_corrections_opt_out: boolean }, before: { minor_corrections_opt_out: boolean }) => !before.minor_corrections_opt_out && after.minor_corrections_opt_out,
  }),
  'POST /orgs/:orgId/facilities/:cersId/requests/new': mutation({
    body: () => ({ kind: 'delete', reason: 'Closed for good' }),
    read: (ids) => t.knex('facility_requests').whereIn('facility_id', t.knex('facilities').select('id').where({ cers_id: ids.cersId })).orderBy('id'),
    done: (after: { kind: string; status: string }[], before) =>
      before.length === 0 && after.length === 1 && after[0]!.kind === 'delete' && after[0]!.status === 'pending',
  }),
  'POST /orgs/:orgId/people/invite': mutation({
    body: (ids) => ({ email: `matrix-invitee-${ids.n}@example.com`, role: 'editor' }),
    read: (ids) => t.knex('invitations').where({ organization_id: org.id, email: `matrix-invitee-${ids.n}@example.com` }),
    done: (after: { role: string; revoked_at: Date | null }[], before) =>
      before.length === 0 && after.length === 1 && after[0]!.role === 'editor' && after[0]!.revoked_at === null,
  }),
  'POST /orgs/:orgId/people/invitations/:invitationId/resend': mutation({
    body: () => ({}),
    read: (ids) => invitation(ids.invitationId),
    done: (after: { token_hash: string; revoked_at: Date | null }, before) => after.token_hash !== before.token_hash && after.revoked_at === null,
  }),
  'POST /orgs/:orgId/people/invitations/:invitationId/revoke': mutation({
    body: () => ({}),
    read: (ids) => invitation(ids.invitationId),
    done: (after: { revoked_at: Date | null }, before) => before.revoked_at === null && after.revoked_at !== null,
  }),
  'POST /orgs/:orgId/people/:membershipId/role': mutation({
    body: () => ({ role: 'approver' }),
    read: (ids) => membership(ids.membershipId),
    done: (after: { role: string } | undefined, before) => before?.role === 'viewer' && after?.role === 'approver',
  }),
  'POST /orgs/:orgId/people/:membershipId/remove': mutation({
    body: () => ({}),
    read: (ids) => membership(ids.membershipId),
    done: (after: unknown, before) => before !== undefined && after === undefined,
  }),
  'POST /orgs/:orgId/access-requests/:requestId': mutation({
    body: () => ({ decision: 'grant', role: 'viewer', comment: '' }),
    read: async (ids) => {
      const r = await t.knex('access_requests').where({ id: ids.requestId }).first();
      const m = await t.knex('memberships').where({ user_id: r.requester_id, organization_id: org.id }).first();
      return { status: r.status as string, member: (m?.role ?? null) as string | null };
    },
    done: (after: { status: string; member: string | null }, before) =>
      before.status === 'pending' && before.member === null && after.status === 'granted' && after.member === 'viewer',
  }),
  'POST /orgs/:orgId/facilities/:cersId/elements/1/business-activities': mutation({
    body: () => BA_ALL_NO,
    read: (ids) => draftOf(ids, 1),
    done: (after: Draft, before) => before === undefined && after?.status === 'draft' && savedAsSent(after.content.businessActivities, BA_ALL_NO),
  }),
  'POST /orgs/:orgId/facilities/:cersId/elements/1/owner-operator': mutation({
    body: () => OWNER_OPERATOR,
    read: (ids) => draftOf(ids, 1),
    done: (after: Draft, before) => before === undefined && after?.status === 'draft' && savedAsSent(after.content.ownerOperator, OWNER_OPERATOR),
  }),
  'POST /orgs/:orgId/facilities/:cersId/elements/:code/drafts': mutation({
    body: () => ({ basis: 'blank' }),
    read: (ids) => draftOf(ids, Number(ids.code)),
    done: (after: Draft, before) => before === undefined && after?.status === 'draft' && after.based_on_version_id === null,
  }),
  'POST /orgs/:orgId/facilities/:cersId/elements/:code/discard': mutation({
    body: () => ({}),
    read: (ids) => draftOf(ids, Number(ids.code)),
    done: (after: Draft, before) => before?.status === 'draft' && after === undefined,
  }),
  // The page's rows uploaded a file to the part: the POST switches it to Exempt.
  'POST /orgs/:orgId/facilities/:cersId/elements/:code/documents/:part': mutation({
    body: () => ({ option: 'exempt', exemptComment: 'Nobody works at this site' }),
    read: (ids) => t.knex('document_parts').whereIn('element_version_id', draftIdOf(ids)).where({ part_code: ids.part }).first('option', 'exempt_comment'),
    done: (after: { option: string; exempt_comment: string | null } | undefined, before) =>
      before?.option === 'upload' && after?.option === 'exempt' && after.exempt_comment === 'Nobody works at this site',
  }),
  'POST /orgs/:orgId/facilities/:cersId/elements/:code/documents/:part/upload': mutation({
    body: (ids) => ({ title: `Matrix upload ${ids.n}`, dateAuthored: '2026-10-01', idempotencyKey: randomUUID() }),
    file: () => ({ field: 'file', content: PDF, name: 'plan.pdf' }),
    read: (ids) =>
      t.knex('documents as d').join('document_parts as p', 'p.id', 'd.document_part_id').whereIn('p.element_version_id', draftIdOf(ids)).where('d.title', `Matrix upload ${ids.n}`)
        .select('p.part_code', 'd.sha256'),
    done: (after: { part_code: string; sha256: string }[], before) =>
      before.length === 0 && after.length === 1 && after[0]!.part_code === 'training_plan' && after[0]!.sha256 === PDF_SHA256,
  }),
  'POST /orgs/:orgId/facilities/:cersId/documents/:documentId/remove': mutation({
    body: () => ({}),
    read: (ids) => t.knex('documents').where({ id: ids.documentId }).first('id', 'title'),
    done: (after: unknown, before) => before !== undefined && after === undefined,
  }),
  // A fresh facility with no inventory: the first material also starts the element-2 draft.
  'POST /orgs/:orgId/facilities/:cersId/inventory/new': mutation({
    body: (ids) => ({ ...MATERIAL, location: `Matrix room ${ids.n}` }),
    read: itemsOfFacility,
    done: (after: Item[], before, ids) => before.length === 0 && after.length === 1 && savedMaterial(after[0], `Matrix room ${ids.n}`),
  }),
  // The item (FRESH) was written straight to the database: the POST replaces it with MATERIAL.
  'POST /orgs/:orgId/facilities/:cersId/inventory/:itemId': mutation({
    body: (ids) => ({ ...MATERIAL, location: `Matrix room ${ids.n}` }),
    read: itemById,
    done: (after: Item | undefined, before, ids) => before?.common_name === `Matrix material ${ids.n}` && savedMaterial(after, `Matrix room ${ids.n}`),
  }),
  'POST /orgs/:orgId/facilities/:cersId/inventory/:itemId/delete': mutation({
    body: () => ({}),
    read: itemById,
    done: (after: Item | undefined, before) => before?.status === 'draft' && after === undefined,
  }),
  'POST /orgs/:orgId/inventory/upload': mutation({
    body: () => ({}),
    file: (ids) => ({ field: 'file', name: `matrix-${ids.n}.csv`, content: Buffer.from(`CERSID,ChemicalLocation,CommonName,HMType,PhysicalState,Units,MaximumDailyAmount,DaysOnSite\n${sharedFacility.cers_id},Shed,Matrix upload ${ids.n},a,b,a,5,365\n`) }),
    read: (ids) => t.knex('inventory_uploads').where({ organization_id: org.id, file_name: `matrix-${ids.n}.csv` }).pluck('status'),
    done: (after: string[], before) => before.length === 0 && isDeepStrictEqual(after, ['ready']),
  }),
  // FRESH made a ready upload of one material: commit saves it, cancel discards it.
  'POST /orgs/:orgId/inventory/uploads/:uploadId/commit': mutation({
    body: () => ({ mode: 'append' }),
    read: async (ids) => ({
      status: (await t.knex('inventory_uploads').where({ id: ids.uploadId }).first()).status as string,
      items: await t.knex('inventory_items').where({ organization_id: org.id, common_name: `Upload material ${ids.n}` }).pluck('location'),
    }),
    done: (after: { status: string; items: string[] }, before) => before.status === 'ready' && before.items.length === 0 && after.status === 'committed' && isDeepStrictEqual(after.items, ['Matrix shed']),
  }),
  'POST /orgs/:orgId/inventory/uploads/:uploadId/cancel': mutation({
    body: () => ({}),
    read: async (ids) => (await t.knex('inventory_uploads').where({ id: ids.uploadId }).first()).status as string,
    done: (after: string, before) => before === 'ready' && after === 'cancelled',
  }),
  // The page's rows made a Facility Information draft ready to submit, the only element required.
  'POST /orgs/:orgId/facilities/:cersId/submit': mutation({
    body: () => ({ elements: '1', idempotencyKey: randomUUID() }),
    read: async (ids) => {
      const f = await fx.facilityOf(ids.cersId);
      return {
        submittals: (await t.knex('facility_submittals').where({ facility_id: f.id }).pluck('id')).length,
        facilityInformation: await t.knex('element_versions').where({ facility_id: f.id, element_code: 1 }).orderBy('id').pluck('status'),
      };
    },
    done: (after: { submittals: number; facilityInformation: string[] }, before) =>
      before.submittals === 0 && isDeepStrictEqual(before.facilityInformation, ['draft']) &&
      after.submittals === 1 && isDeepStrictEqual(after.facilityInformation, ['submitted']),
  }),
};

/**
 * A fresh row for each route param, so every role's attempt acts on a row nobody
 * touched; each gets the params before it in the path (a version of this facility).
 */
const FRESH: Record<string, (ids: Ids) => Promise<number | string>> = {
  orgId: async () => org.id,
  cersId: async ({ n }) => (await createFacility(t.knex, org, { name: `Matrix Yard ${n}`, street: `${n} Matrix Way` })).cers_id,
  // Emergency Response and Training Plans: it has document parts, and Kern accepts upload and Exempt for its training plan.
  code: async () => 3,
  part: async () => 'training_plan',
  documentId: (ids) => fx.upload(ids.cersId, 3, 'er_plan', `Matrix file ${ids.n}`),
  versionId: async (ids) => (await fx.submitted(ids.cersId, [Number(ids.code)])).versionIds[0]!,
  submittalId: async (ids) => (await fx.submitted(ids.cersId, [1])).submittalId,
  membershipId: ({ n }) => people.member(n),
  invitationId: ({ n }) => people.invitation(n),
  requestId: ({ n }) => people.accessRequest(n),
  // A material of the facility's Hazardous Materials Inventory draft (started for it).
  itemId: (ids) => fx.inventoryItem(ids.cersId, `Matrix material ${ids.n}`),
  uploadId: (ids) => fx.inventoryUpload(ids.n),
};

/**
 * Rows a page needs besides its params, keyed by path (a GET and its POST share
 * them): a draft to edit or discard, a filing ready to submit, a file to list.
 */
const ROWS: Record<string, (ids: Ids) => Promise<unknown>> = {
  // 'Review and submit' shows only when there is a draft: a ready one, so the link check meets it.
  '/orgs/:orgId/facilities/:cersId': (ids) => fx.readyFacilityInformation(ids.cersId),
  '/orgs/:orgId/facilities/:cersId/elements/:code': async (ids) => {
    await fx.submitted(ids.cersId, [Number(ids.code)]);
    await fx.upload(ids.cersId, Number(ids.code), 'er_plan', `Matrix file ${ids.n}`);
  },
  '/orgs/:orgId/facilities/:cersId/elements/:code/discard': (ids) => fx.draft(ids.cersId, Number(ids.code)),
  '/orgs/:orgId/facilities/:cersId/elements/:code/documents/:part': (ids) => fx.upload(ids.cersId, Number(ids.code), String(ids.part), `Matrix file ${ids.n}`),
  '/orgs/:orgId/facilities/:cersId/elements/:code/documents/:part/upload': (ids) => fx.draft(ids.cersId, Number(ids.code)),
  '/orgs/:orgId/facilities/:cersId/submit': (ids) => fx.readyFacilityInformation(ids.cersId),
  // A material in the draft, so the list, Validate and the summary show it (and its link).
  '/orgs/:orgId/facilities/:cersId/inventory': (ids) => fx.inventoryItem(ids.cersId, `Matrix material ${ids.n}`),
  '/orgs/:orgId/facilities/:cersId/inventory/validate': (ids) => fx.inventoryItem(ids.cersId, `Matrix material ${ids.n}`),
  '/orgs/:orgId/facilities/:cersId/inventory/summary': (ids) => fx.inventoryItem(ids.cersId, `Matrix material ${ids.n}`),
  // Transferred to another organization (as the CUPA does it): the page is the read-only record of what was submitted.
  '/orgs/:orgId/facilities/archived/transferred/:cersId': async (ids) => {
    await fx.submitted(ids.cersId, [1]);
    const buyer = await createOrg(t.knex, { name: `Matrix Buyer ${ids.n}` });
    const f = await t.knex('facilities').where({ cers_id: ids.cersId }).first('id');
    await t.knex.transaction(async (trx) => {
      await trx.raw("set local upp.moving_history = 'on'");
      for (const table of ['facilities', 'element_versions', 'facility_submittals']) await trx(table).where(table === 'facilities' ? { id: f.id } : { facility_id: f.id }).update({ organization_id: buyer.id });
      await trx('facility_transfers').insert({ facility_id: f.id, from_organization_id: org.id, to_organization_id: buyer.id });
    });
  },
};

async function freshIds(path: string): Promise<Ids> {
  uniq += 1;
  const ids: Ids = { n: uniq };
  for (const p of paramsOf(path)) {
    const make = FRESH[p];
    if (!make) throw new Error(`no fresh row for :${p} (${path}): add one to FRESH`);
    ids[p] = await make(ids);
  }
  await ROWS[path]?.(ids);
  return ids;
}

/** Everything of the organization a POST could change. */
async function orgState() {
  const byOrg = (table: string) => t.knex(table).where({ organization_id: org.id }).orderBy('id');
  const ofVersions = (table: string) => t.knex(table).whereIn('element_version_id', t.knex('element_versions').select('id').where({ organization_id: org.id })).orderBy('id');
  return {
    organization: await t.knex('organizations').where({ id: org.id }).first(),
    memberships: await byOrg('memberships'),
    facilities: await byOrg('facilities'),
    invitations: await byOrg('invitations'),
    accessRequests: await byOrg('access_requests'),
    facilityRequests: await byOrg('facility_requests'),
    elementVersions: await byOrg('element_versions'),
    documentParts: await ofVersions('document_parts'),
    statusHistory: await ofVersions('element_status_history'),
    documents: await byOrg('documents'),
    inventoryItems: await byOrg('inventory_items'),
    inventoryComponents: await t.knex('inventory_components').whereIn('item_id', t.knex('inventory_items').select('id').where({ organization_id: org.id })).orderBy('id'),
    submittals: await byOrg('facility_submittals'),
    audit: await byOrg('audit_log'),
    inventoryUploads: await byOrg('inventory_uploads'),
    lastEmail: (await t.knex('emails').max('id as id').first())?.id ?? null,
  };
}

const splitKey = (key: string) => {
  const i = key.indexOf(' ');
  return { method: key.slice(0, i), path: key.slice(i + 1) };
};

const looksForbidden = (role: MembershipRole, text: string) =>
  text.includes('does not allow this') && text.includes(`(${BUSINESS_ROLE_LABELS[role]})`);

/** Requests one route as one role on fresh rows; what went wrong, as readable lines. */
async function attempt(role: MembershipRole, key: string): Promise<string[]> {
  const { method, path } = splitKey(key);
  const allowed = can(role, PERMISSIONS[key]!);
  const { agent, csrf } = members[role];
  const ids = await freshIds(path);
  const url = fillPath(path, (p) => ids[p]!);
  const where = `${role} ${method} ${url} (${key}, ${allowed ? 'allowed' : 'forbidden'})`;
  const problems: string[] = [];

  if (method === 'GET') {
    const res = await agent.get(url);
    if (!allowed) {
      if (res.status !== 403 || !looksForbidden(role, res.text)) problems.push(`${where} → ${res.status}, expected 403`);
      return problems;
    }
    if (res.status === 303) {
      // A page that only redirects (GET /orgs/:orgId) must land on a page the role can open.
      const location = String(res.headers.location ?? '');
      const landed = location.startsWith(`/orgs/${org.id}/`) ? (await agent.get(location)).status : null;
      if (landed !== 200) problems.push(`${where} → 303 to ${location} → ${landed}, expected 200`);
    } else if (res.status !== 200) problems.push(`${where} → ${res.status}, expected 200`);
    return problems;
  }

  const m = MUTATIONS[key];
  if (!m) return [`${where}: no entry in MUTATIONS`];
  const before = await m.read(ids);
  const stateBefore = await orgState();
  const send = agent[method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete'].bind(agent);
  let res;
  if (m.file) {
    let req = send(`${url}?_csrf=${encodeURIComponent(csrf)}`);
    for (const [field, value] of Object.entries(m.body(ids))) req = req.field(field, value);
    const file = m.file(ids);
    res = await req.attach(file.field, file.content, file.name);
  } else {
    res = await send(url).type('form').send({ _csrf: csrf, ...m.body(ids) });
  }
  const after = await m.read(ids);
  if (allowed) {
    if (res.status !== 303) problems.push(`${where} → ${res.status}, expected 303`);
    if (!m.done(after, before, ids)) problems.push(`${where} did not do its work: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
  } else {
    if (res.status !== 403 || !looksForbidden(role, res.text)) problems.push(`${where} → ${res.status}, expected 403`);
    if (!isDeepStrictEqual(after, before)) problems.push(`${where} changed its row: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    if (!isDeepStrictEqual(await orgState(), stateBefore)) problems.push(`${where} changed the organization's data`);
  }
  return problems;
}

/** Table routes as matchers, literal segments before params ('/facilities/archived' before '/facilities/:cersId'). */
function routeMatchers() {
  return Object.entries(PERMISSIONS)
    .map(([key, permission]) => {
      const { method, path } = splitKey(key);
      const source = path.split('/').map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
      return { key, method, permission, re: new RegExp(`^${source}/?$`, 'i'), params: paramsOf(path).length };
    })
    .sort((a, b) => a.params - b.params);
}

/** Every link and form on a page, as the request it would make. */
function actionsOn(html: string): { method: string; path: string }[] {
  const clean = (u: string) => u.replace(/&amp;/g, '&').replace(/[?#].*$/, '');
  const out = [...html.matchAll(/<a\b[^>]*?\bhref="([^"]*)"/g)].map((m) => ({ method: 'GET', path: clean(m[1]!) }));
  for (const m of html.matchAll(/<form\b([^>]*)>/g)) {
    const action = /\baction="([^"]*)"/.exec(m[1]!)?.[1];
    const method = (/\bmethod="([^"]*)"/.exec(m[1]!)?.[1] ?? 'get').toUpperCase();
    if (action !== undefined) out.push({ method, path: clean(action) });
  }
  return out;
}

/** Links or forms on a page that the role could not use (or that lead nowhere). */
function offeredBeyondRole(role: MembershipRole, page: string, html: string): string[] {
  const matchers = routeMatchers();
  const problems: string[] = [];
  for (const a of actionsOn(html)) {
    const gated = GATED_LINKS[a.path];
    if (gated && !can(role, gated)) problems.push(`${role} ${page} offers ${a.method} ${a.path} (needs ${gated})`);
    if (!/^\/orgs\//i.test(a.path)) continue;
    if (!a.path.startsWith(`/orgs/${org.id}/`) && a.path !== `/orgs/${org.id}`) {
      problems.push(`${role} ${page} links to another organization: ${a.method} ${a.path}`);
      continue;
    }
    const match = matchers.find((x) => x.method === a.method && x.re.test(a.path));
    if (!match) problems.push(`${role} ${page} offers ${a.method} ${a.path}, which is no route in the table`);
    else if (!can(role, match.permission)) problems.push(`${role} ${page} offers ${a.method} ${a.path} (${match.key} needs ${match.permission})`);
  }
  return problems;
}

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrg(t.knex, { name: 'Matrix Fuel & Supply' });
  sharedFacility = await createFacility(t.knex, org, { name: 'Matrix Main Yard' });
  for (const role of MEMBERSHIP_ROLES) {
    const user = await createUser(t.knex, { username: `matrix_${role}`, first_name: 'Role', last_name: BUSINESS_ROLE_LABELS[role] });
    await addMember(t.knex, user, org, role);
    const agent = request.agent(t.app);
    await signIn(agent, user.username);
    members[role] = { user, agent, csrf: csrfFrom((await agent.get('/account')).text) };
  }
  fx = filingFixtures(t.knex, org, members.lead_user);
  people = peopleFixtures(t.knex, org, members.lead_user, sharedFacility);
  routeKeys = [
    ...new Set(
      listEndpoints(t.app)
        .filter((e) => e.kind === 'route' && e.scoped)
        .flatMap((e) => e.methods.flatMap((m) => (m === 'all' ? ['GET', 'POST'] : [m.toUpperCase()])).map((m) => `${m} ${e.path}`)),
    ),
  ];
});
afterAll(() => t.close());

test('every organization route the walk finds has a permission in the table (and a way to exercise it)', () => {
  expect(routeKeys).toEqual(expect.arrayContaining(['GET /orgs/:orgId/facilities', 'GET /orgs/:orgId/people']));
  const missing = routeKeys.filter((k) => !(k in PERMISSIONS));
  const stale = Object.keys(PERMISSIONS).filter((k) => !routeKeys.includes(k));
  const noMutation = routeKeys.filter((k) => !k.startsWith('GET ') && !(k in MUTATIONS));
  const noFreshRow = [...new Set(routeKeys.flatMap((k) => paramsOf(k)))].filter((p) => !(p in FRESH));
  const staleRows = Object.keys(ROWS).filter((path) => !routeKeys.some((k) => splitKey(k).path === path));
  if (missing.length) console.error(`Routes with no permission in PERMISSIONS (role-matrix.test.ts):\n  ${missing.join('\n  ')}`);
  expect({ missing, stale, noMutation, noFreshRow, staleRows }).toEqual({ missing: [], stale: [], noMutation: [], noFreshRow: [], staleRows: [] });
});

test('each role holds the permissions docs/product.md §2 gives it', () => {
  const held = Object.fromEntries(
    MEMBERSHIP_ROLES.map((role) => [role, (['org:view', 'drafts:edit', 'submittals:submit', 'people:manage', 'facilities:manage'] as const).filter((p) => can(role, p))]),
  );
  expect(held).toEqual({
    viewer: ['org:view'],
    editor: ['org:view', 'drafts:edit'],
    approver: ['org:view', 'drafts:edit', 'submittals:submit'],
    lead_user: ['org:view', 'drafts:edit', 'submittals:submit', 'people:manage', 'facilities:manage'],
  });
});

describe.each(MEMBERSHIP_ROLES)('%s', (role) => {
  test('every organization route answers as the role allows, and a refused POST changes nothing', async () => {
    const problems: string[] = [];
    for (const key of routeKeys.filter((k) => k in PERMISSIONS)) problems.push(...(await attempt(role, key)));
    expect(problems).toEqual([]);
  });

  test('no page the role can open links to, or holds a form for, something it cannot do', async () => {
    const problems: string[] = [];
    const gets = routeKeys.filter((k) => k.startsWith('GET ') && k in PERMISSIONS && can(role, PERMISSIONS[k]!));
    expect(gets.length).toBeGreaterThan(0);
    for (const key of gets) {
      const path = splitKey(key).path;
      const ids = await freshIds(path);
      const url = fillPath(path, (p) => ids[p]!);
      const res = await members[role].agent.get(url).redirects(1);
      if (res.status !== 200) problems.push(`${role} GET ${url} → ${res.status}`);
      else if (res.type === 'text/html') problems.push(...offeredBeyondRole(role, `GET ${url}`, res.text)); // not downloads
    }
    expect(problems).toEqual([]);
  });

  test('the facilities pages offer Add a facility, People, Access requests and transfer/merge/delete only to a Lead User', async () => {
    const { agent } = members[role];
    const lead = role === 'lead_user';
    const base = `/orgs/${org.id}`;
    const list = await agent.get(`${base}/facilities`);
    expect(list.status).toBe(200);
    expect({
      addFacility: list.text.includes('Add a facility') && list.text.includes('href="/facilities/new"'),
      people: list.text.includes(`href="${base}/people"`) && list.text.includes('>People<'),
      accessRequests: list.text.includes(`href="${base}/access-requests"`),
    }).toEqual({ addFacility: lead, people: lead, accessRequests: lead });

    const archived = await agent.get(`${base}/facilities/archived`);
    expect(archived.status).toBe(200);
    expect(archived.text.includes(`href="${base}/people"`)).toBe(lead);

    const f = await createFacility(t.knex, org, { name: `Matrix Link Yard ${role}` });
    const page = await agent.get(`${base}/facilities/${f.cers_id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Matrix Link Yard ${role}`);
    expect({
      requestLink: page.text.includes(`href="${base}/facilities/${f.cers_id}/requests/new"`),
      wording: page.text.includes('Ask the CUPA to transfer, merge or delete this facility'),
    }).toEqual({ requestLink: lead, wording: lead });
  });

  test('the filing pages offer editing from Editor up, and Review and submit from Approver up', async () => {
    const { agent } = members[role];
    const edit = can(role, 'drafts:edit');
    const submit = can(role, 'submittals:submit');

    const ready = await createFacility(t.knex, org, { name: `Matrix Ready Yard ${role}` });
    await fx.readyFacilityInformation(ready.cers_id);
    const base = `/orgs/${org.id}/facilities/${ready.cers_id}`;
    const facility = await agent.get(base);
    const fi = await agent.get(`${base}/elements/1`);
    expect([facility.status, fi.status]).toEqual([200, 200]);
    expect(fi.text).toContain('Ready to submit.');
    expect({
      facilitySubmit: facility.text.includes(`href="${base}/submit"`) && facility.text.includes('Review and submit'),
      elementSubmit: fi.text.includes(`href="${base}/submit"`) && fi.text.includes('Review and submit'),
      forms: fi.text.includes(`href="${base}/elements/1/business-activities"`) && fi.text.includes(`href="${base}/elements/1/owner-operator"`),
      discard: fi.text.includes(`href="${base}/elements/1/discard"`),
    }).toEqual({ facilitySubmit: submit, elementSubmit: submit, forms: edit, discard: edit });

    const other = await createFacility(t.knex, org, { name: `Matrix Plans Yard ${role}` });
    const b = `/orgs/${org.id}/facilities/${other.cers_id}`;
    const noDraft = await agent.get(`${b}/elements/3`);
    expect(noDraft.text.includes(`action="${b}/elements/3/drafts"`)).toBe(edit);
    expect(noDraft.text.includes('There is no draft.')).toBe(!edit);
    const { versionIds } = await fx.submitted(other.cers_id, [3]);
    const version = await agent.get(`${b}/elements/3/versions/${versionIds[0]}`);
    expect(version.status).toBe(200);
    expect(version.text.includes(`action="${b}/elements/3/drafts"`)).toBe(edit); // a new draft based on this version

    await fx.draft(other.cers_id, 3);
    const draft = await agent.get(`${b}/elements/3`);
    expect(draft.text).toContain('Choose how you provide the Emergency Response / Contingency Plan');
    expect({
      provide: draft.text.includes(`href="${b}/elements/3/documents/er_plan"`) && draft.text.includes(`href="${b}/elements/3/documents/training_plan"`),
      discard: draft.text.includes(`href="${b}/elements/3/discard"`),
      submit: draft.text.includes(`href="${b}/submit"`), // not ready: nobody is offered to submit it
    }).toEqual({ provide: edit, discard: edit, submit: false });
  });

  test('the inventory pages offer Add a material, Save material, Copy and Delete from Editor up, and reading to everyone', async () => {
    const { agent } = members[role];
    const edit = can(role, 'drafts:edit');
    const f = await createFacility(t.knex, org, { name: `Matrix Inventory Yard ${role}` });
    const itemId = await fx.inventoryItem(f.cers_id, `Matrix solvent ${role}`);
    const b = `/orgs/${org.id}/facilities/${f.cers_id}`;
    const inv = `${b}/inventory`;

    const element = await agent.get(`${b}/elements/2`);
    const list = await agent.get(inv);
    const item = await agent.get(`${inv}/${itemId}`);
    expect([element.status, list.status, item.status]).toEqual([200, 200, 200]);
    expect(list.text).toContain(`Matrix solvent ${role}`);
    expect({
      elementRead: [inv, `${inv}/validate`, `${inv}/summary`].every((href) => element.text.includes(`href="${href}"`)),
      elementAdd: element.text.includes(`href="${inv}/add"`) && element.text.includes('Add a material'),
      listItem: list.text.includes(`href="${inv}/${itemId}"`),
      listAdd: list.text.includes(`href="${inv}/add"`) && list.text.includes('Add a material'),
      save: item.text.includes('Save material'),
      form: item.text.includes(`action="${inv}/${itemId}"`),
      copy: item.text.includes(`href="${inv}/new?copy=${itemId}"`),
      delete: item.text.includes(`href="${inv}/${itemId}/delete"`),
    }).toEqual({ elementRead: true, elementAdd: edit, listItem: true, listAdd: edit, save: edit, form: edit, copy: edit, delete: edit });
    // Element 2 is not among the generic walk's pages (its :code is 3): its links are checked here.
    expect(offeredBeyondRole(role, `GET ${b}/elements/2`, element.text)).toEqual([]);
  });
});

test.each(MEMBERSHIP_ROLES)('%s: the add-facility wizard (outside /orgs) adds to this organization only with facilities:manage', async (role) => {
  const { agent } = members[role];
  const allowed = can(role, 'facilities:manage');
  const n = ++uniq;
  const address = await submitForm(agent, '/facilities/new', { street: `${n} Wizard Rd`, city: 'Delano', zip: '93215', county: '15' });
  expect(address.status).toBe(303);
  const form = await agent.get('/facilities/new/name');
  expect(form.text.includes('Matrix Fuel &amp; Supply')).toBe(allowed);
  const before = await orgState();
  const res = await agent.post('/facilities/new/name').type('form').send({ _csrf: csrfFrom(form.text), name: `Wizard Yard ${n}`, organization: String(org.id) });
  const added = await t.knex('facilities').where({ organization_id: org.id, name: `Wizard Yard ${n}` }).first();
  if (allowed) {
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/orgs/${org.id}/facilities/${added?.cers_id}`);
  } else {
    expect(res.status).toBe(403);
    expect(added).toBeUndefined();
    expect(await orgState()).toEqual(before);
  }
});

test('the people pages a Lead User opens offer every action on the fresh rows', async () => {
  const { agent } = members.lead_user;
  const base = `/orgs/${org.id}`;
  const ids = { membershipId: await FRESH.membershipId!({ n: ++uniq }), invitationId: await FRESH.invitationId!({ n: ++uniq }), requestId: await FRESH.requestId!({ n: ++uniq }) };
  const people = await agent.get(`${base}/people`);
  expect(people.status).toBe(200);
  for (const href of [`${base}/people/invite`, `${base}/people/${ids.membershipId}/role`, `${base}/people/${ids.membershipId}/remove`]) {
    expect(people.text).toContain(`href="${href}"`);
  }
  for (const action of [`${base}/people/invitations/${ids.invitationId}/resend`, `${base}/people/invitations/${ids.invitationId}/revoke`]) {
    expect(people.text).toContain(`action="${action}"`);
  }
  const requests = await agent.get(`${base}/access-requests`);
  expect(requests.text).toContain(`href="${base}/access-requests/${ids.requestId}"`);
  const decide = await agent.get(`${base}/access-requests/${ids.requestId}`);
  expect(decide.text).toContain(`action="${base}/access-requests/${ids.requestId}"`);
});
