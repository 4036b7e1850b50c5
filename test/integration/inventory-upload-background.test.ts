/**
 * Big inventory files are read in the background by the job queue (pg-boss on
 * the app's own database): progress is visible while it runs, the filer is
 * emailed when the preview is ready, and a restart in the middle resumes after
 * the last staged batch — never staging a row twice, never saving anything
 * before commit.
 */
import pino from 'pino';
import request from 'supertest';
import { bootstrap, type Runtime } from '../../src/bootstrap';
import { createTestApp, createUser, csrfFrom, emailsTo, signIn, type Agent, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { csv, uploadInventory, validRow } from '../support/inventory-files';

let t: TestApp;
let org: { id: number };
let yard: { id: number; cers_id: number };
let editor: Agent;
const EMAIL = 'bg-editor@example.com';

beforeAll(async () => {
  t = await createTestApp({ JOBS: 'true', JOBS_POLL_SECONDS: '0.5', JOBS_STALE_SECONDS: '1', INVENTORY_UPLOAD_BACKGROUND_ROWS: '100', INVENTORY_UPLOAD_BATCH_ROWS: '100' });
  org = await createOrg(t.knex, { name: 'Background Co' });
  yard = await createFacility(t.knex, org, { name: 'Big Yard' });
  await addMember(t.knex, await createUser(t.knex, { username: 'bgeditor', email: EMAIL }), org, 'editor');
  editor = request.agent(t.app);
  await signIn(editor, 'bgeditor');
});
afterAll(() => t.close());

const bigFile = (n: number, prefix: string) => csv(Array.from({ length: n }, (_, i) => validRow(yard.cers_id, { CommonName: `${prefix} ${i + 1}`, ChemicalLocation: `Rack ${i % 40}` })));

async function upload(body: string, name: string) {
  const res = await uploadInventory(editor, org.id, body, name);
  expect(res.status).toBe(303);
  return { url: res.headers.location as string, id: Number(/(\d+)$/.exec(res.headers.location as string)![1]) };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const uploadRow = (id: number) => t.knex('inventory_uploads').where({ id }).first();

test('a file above the threshold is read in the background with progress, then emailed as ready; commit saves every row', async () => {
  const { url, id } = await upload(bigFile(1200, 'Solvent'), 'big.csv');
  expect((await uploadRow(id)).background).toBe(true);
  const first = await editor.get(url);
  expect(first.status).toBe(200);
  expect(first.text).toMatch(/<progress id="upload-progress" max="100" value="\d+">/);
  expect(first.text).toContain('we will email you when the preview is ready');

  const seen: number[] = [];
  const final = await waitFor('the preview', async () => {
    const s = (await editor.get(`${url}/status.json`)).body as { status: string; percent: number; rowsRead: number; working: boolean };
    seen.push(s.rowsRead);
    return !s.working && s;
  });
  expect(final.status).toBe('ready');
  expect(final.percent).toBe(100);
  expect(Math.max(...seen)).toBe(1200);

  const mail = await waitFor('the email', async () => (await emailsTo(t.knex, EMAIL)).find((m) => m.template === 'inventory_upload_ready'));
  expect(mail.subject).toBe('Your inventory upload is ready to review: big.csv');
  expect(mail.body_text).toContain(`http://portal.test/orgs/${org.id}/inventory/uploads/${id}`);
  expect(mail.body_text).toContain('1,200 materials were read');

  expect(await t.knex('inventory_items').where({ facility_id: yard.id })).toHaveLength(0);
  const page = await editor.get(url);
  expect(page.text).toContain('Save 1200 materials');
  const res = await editor.post(`${url}/commit`).type('form').send({ _csrf: csrfFrom(page.text), mode: 'replace' });
  expect(res.status).toBe(303);
  expect(await t.knex('inventory_items').where({ facility_id: yard.id })).toHaveLength(1200);
});

test('a restart in the middle of a read resumes after the last staged batch; nothing is staged twice or saved early', async () => {
  const { id } = await upload(bigFile(10000, 'Resumed'), 'restart.csv');
  // Let a few batches land, then stop this app's worker as a shutdown would.
  await waitFor('a few batches', async () => ((await uploadRow(id)).rows_read >= 100 ? true : undefined));
  t.services.inventoryUploads.stop();
  await t.jobs!.stop();
  const halfway = await uploadRow(id);
  expect(halfway.status).toBe('processing');
  expect(halfway.rows_read).toBeLessThan(10000);
  const staged = Number((await t.knex('inventory_upload_rows').where({ upload_id: id }).count({ n: '*' }).first())!.n);
  expect(staged).toBe(halfway.rows_read);
  expect(await t.knex('inventory_items').where('common_name', 'like', 'Resumed %')).toHaveLength(0);

  // A new process on the same database and files: it finds the stalled upload and resumes it.
  await new Promise((r) => setTimeout(r, 1100));
  const second: Runtime = await bootstrap(t.config, { prepared: t.db, logger: pino({ level: 'silent' }) });
  try {
    const done = await waitFor('the resumed read', async () => {
      const u = await uploadRow(id);
      return u.status === 'ready' && u;
    });
    expect(done.rows_read).toBe(10000);
    const rows = (await t.knex('inventory_upload_rows').where({ upload_id: id }).orderBy('row_number').pluck('row_number')) as number[];
    expect(rows).toHaveLength(10000);
    expect(rows[0]).toBe(2);
    expect(rows[9999]).toBe(10001);
    expect(await t.knex('inventory_items').where('common_name', 'like', 'Resumed %')).toHaveLength(0);
  } finally {
    second.services.inventoryUploads.stop();
    await second.jobs?.stop();
  }
});
