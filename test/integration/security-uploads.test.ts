/**
 * Uploads leave nothing behind: whatever the answer (404, 400, 403) the
 * temporary file multer wrote is gone, stale leftovers of a stopped process are
 * swept at start, and the redirect after removing a document never leaves the site.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, createUser, csrfFrom, signIn, type Agent, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { EXE, PDF } from '../support/files';
import { uploadInventory } from '../support/inventory-files';

let t: TestApp;
let org: { id: number };
let other: { id: number };
let withDraft: { id: number; cers_id: number };
let noDraft: { id: number; cers_id: number };
let othersFacility: { id: number; cers_id: number };
let editor: Agent;
let viewer: Agent;
let tmpDir: string;

const tmpFiles = () => fs.readdirSync(tmpDir);

/** The temporary folder is emptied when the response is sent; this waits for that, not for a time. */
async function tmpFolderEmpties(): Promise<string[]> {
  for (let i = 0; i < 200 && tmpFiles().length; i++) await new Promise((r) => setTimeout(r, 10));
  return tmpFiles();
}

async function startDraft(facilityId: number, code: number) {
  const user = await t.knex('users').where({ username: 'up_editor' }).first('id');
  await t.knex('element_versions').insert({ facility_id: facilityId, organization_id: org.id, element_code: code, status: 'draft', content: '{}', created_by: user.id });
}

/** Posts a document upload as a browser does: the CSRF token (taken from any page of the signed-in person) in the action's query. */
async function uploadTo(agent: Agent, url: string, file: { buf: Buffer; name: string }, fields: Record<string, string> = {}) {
  const csrf = csrfFrom((await agent.get('/account')).text);
  return agent
    .post(`${url}?_csrf=${encodeURIComponent(csrf)}`)
    .field('title', fields.title ?? 'Site map')
    .field('dateAuthored', fields.dateAuthored ?? '2026-10-01')
    .field('idempotencyKey', randomUUID())
    .attach('file', file.buf, file.name);
}

const partUrl = (orgId: number, cersId: number, code: number, part: string) => `/orgs/${orgId}/facilities/${cersId}/elements/${code}/documents/${part}/upload`;

beforeAll(async () => {
  t = await createTestApp();
  tmpDir = t.services.files.tmpDir;
  org = await createOrg(t.knex, { name: 'Upload Leak Co' });
  other = await createOrg(t.knex, { name: 'Someone Else Co' });
  withDraft = await createFacility(t.knex, org, { name: 'Draft Yard' });
  noDraft = await createFacility(t.knex, org, { name: 'No Draft Yard' });
  othersFacility = await createFacility(t.knex, other, { name: 'Their Yard' });
  await addMember(t.knex, await createUser(t.knex, { username: 'up_editor' }), org, 'editor');
  await addMember(t.knex, await createUser(t.knex, { username: 'up_viewer' }), org, 'viewer');
  await startDraft(withDraft.id, 2);
  editor = request.agent(t.app);
  viewer = request.agent(t.app);
  await signIn(editor, 'up_editor');
  await signIn(viewer, 'up_viewer');
});
afterAll(() => t.close());

describe('document uploads leave no temporary file', () => {
  test.each([
    ['an unknown part', () => partUrl(org.id, withDraft.cers_id, 2, 'no_such_part')],
    ['a part of another element', () => partUrl(org.id, withDraft.cers_id, 3, 'site_map')],
    ['an element without a draft', () => partUrl(org.id, noDraft.cers_id, 2, 'site_map')],
    ['another organization’s CERS ID', () => partUrl(org.id, othersFacility.cers_id, 2, 'site_map')],
    ['an unknown CERS ID', () => partUrl(org.id, 99999999, 2, 'site_map')],
  ])('404 for %s, and the file is not kept', async (_what, url) => {
    const res = await uploadTo(editor, url(), { buf: PDF, name: 'map.pdf' });
    expect(res.status).toBe(404);
    expect(await tmpFolderEmpties()).toEqual([]);
  });

  test('400 for a refused file, a form error, or a NUL in a field: explained, and the file is not kept', async () => {
    const url = partUrl(org.id, withDraft.cers_id, 2, 'site_map');
    const program = await uploadTo(editor, url, { buf: EXE, name: 'site-map.pdf' });
    expect(program.status).toBe(400);
    const noTitle = await uploadTo(editor, url, { buf: PDF, name: 'map.pdf' }, { title: '' });
    expect(noTitle.status).toBe(400);
    expect(noTitle.text).toContain('Enter a title for the document');
    const badDate = await uploadTo(editor, url, { buf: PDF, name: 'map.pdf' }, { dateAuthored: '2026-02-30' });
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('Enter the date written as a real date');
    const nul = await uploadTo(editor, url, { buf: PDF, name: 'map.pdf' }, { title: 'Site\u0000map' });
    expect(nul.status).toBe(400);
    expect(nul.text).toContain('cannot be saved');
    expect(await tmpFolderEmpties()).toEqual([]);
    expect(Number((await t.knex('documents').where({ facility_id: withDraft.id }).count('* as n').first())!.n)).toBe(0);
  });

  test('403 for a Viewer, before any byte is stored', async () => {
    const res = await uploadTo(viewer, partUrl(org.id, withDraft.cers_id, 2, 'site_map'), { buf: PDF, name: 'map.pdf' });
    expect(res.status).toBe(403);
    expect(await tmpFolderEmpties()).toEqual([]);
  });

  test('a good upload is stored and nothing is left in the temporary folder', async () => {
    const res = await uploadTo(editor, partUrl(org.id, withDraft.cers_id, 2, 'site_map'), { buf: PDF, name: 'map.pdf' }, { title: 'Kept map' });
    expect(res.status).toBe(303);
    const doc = await t.knex('documents').where({ facility_id: withDraft.id, title: 'Kept map' }).first();
    expect(fs.existsSync(t.services.files.pathOf(doc.stored_name))).toBe(true);
    expect(await tmpFolderEmpties()).toEqual([]);
  });
});

describe('inventory spreadsheet uploads leave no temporary file', () => {
  test('a refused file (400) and a Viewer (403)', async () => {
    const program = await uploadInventory(editor, org.id, EXE, 'inventory.xlsx');
    expect(program.status).toBe(400);
    const empty = await uploadInventory(editor, org.id, Buffer.alloc(0), 'inventory.csv');
    expect(empty.status).toBe(400);
    const csrf = csrfFrom((await viewer.get('/account')).text);
    const denied = await viewer.post(`/orgs/${org.id}/inventory/upload?_csrf=${encodeURIComponent(csrf)}`).attach('file', Buffer.from('CERSID\n'), 'inventory.csv');
    expect(denied.status).toBe(403);
    expect(await tmpFolderEmpties()).toEqual([]);
  });
});

describe('the redirect after removing a document', () => {
  async function uploadedDocument(title: string) {
    const res = await uploadTo(editor, partUrl(org.id, withDraft.cers_id, 2, 'site_map'), { buf: PDF, name: 'map.pdf' }, { title });
    expect(res.status).toBe(303);
    return (await t.knex('documents').where({ facility_id: withDraft.id, title }).first('id')).id as number;
  }

  async function removeWithReferer(documentId: number, referer: string) {
    const csrf = csrfFrom((await editor.get('/account')).text);
    return editor
      .post(`/orgs/${org.id}/facilities/${withDraft.cers_id}/documents/${documentId}/remove`)
      .set('Host', 'portal.test')
      .set('Referer', referer)
      .type('form')
      .send({ _csrf: csrf });
  }

  test('goes back to the page of this site it came from', async () => {
    const page = `/orgs/${org.id}/facilities/${withDraft.cers_id}/elements/2/documents/site_map`;
    const res = await removeWithReferer(await uploadedDocument('Back to the page'), `http://portal.test${page}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(page);
  });

  test.each([
    ['a path starting with //', 'http://portal.test//evil.example/login'],
    ['a path starting with /\\', 'http://portal.test/\\evil.example/login'],
    ['another site', 'http://evil.example/orgs/1/facilities'],
    ['another port of this host', 'http://portal.test:8080/orgs/1/facilities'],
    ['not a URL', 'not a url'],
  ])('never to another site: %s', async (_what, referer) => {
    const res = await removeWithReferer(await uploadedDocument(`Removed ${randomUUID()}`), referer);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/orgs/${org.id}/facilities`);
  });
});

describe('stale leftovers', () => {
  test('files in the temporary folder older than an hour are removed at start; recent ones are kept', async () => {
    const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'upp-sweep-'));
    const tmp = path.join(uploadDir, 'tmp');
    fs.mkdirSync(tmp, { recursive: true });
    const stale = path.join(tmp, 'left-by-a-crash');
    const fresh = path.join(tmp, 'arriving-now');
    fs.writeFileSync(stale, PDF);
    fs.writeFileSync(fresh, PDF);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(stale, twoHoursAgo, twoHoursAgo);
    const app = await createTestApp({ UPLOAD_DIR: uploadDir });
    try {
      expect(fs.readdirSync(tmp)).toEqual(['arriving-now']);
    } finally {
      await app.close();
      fs.rmSync(uploadDir, { recursive: true, force: true });
    }
  });
});
