/**
 * Real data is the judge: the ten materials of a real Kern County CERS
 * submittal (test/fixtures/cers), which CERS accepted, go through the upload
 * template as a filer would send them. None may get a Required problem, and
 * upload → download → upload must give back every field as CERS had it.
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { TEMPLATE_COLUMNS } from '../../src/rules/inventory/template-columns.rules';
import { createTestApp, createUser, csrfFrom, signIn, type Agent, type TestApp } from '../support/app';
import { sampleChemicals } from '../support/cers-sample';
import { addMember, createFacility, createOrg } from '../support/factories';
import { csv, uploadInventory } from '../support/inventory-files';

let t: TestApp;
let org: { id: number };
let editor: Agent;
const chemicals = sampleChemicals();
const facilities = new Map<number, { id: number; cers_id: number }>();

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrg(t.knex, { name: 'Dole Enterprise Inc' });
  for (const cersId of new Set(chemicals.map((c) => c.cersId))) {
    facilities.set(cersId, await createFacility(t.knex, org, { name: `Lease ${cersId}`, cers_id: cersId }));
  }
  await addMember(t.knex, await createUser(t.knex, { username: 'realdata' }), org, 'editor');
  editor = request.agent(t.app);
  await signIn(editor, 'realdata');
});
afterAll(() => t.close());

/** The sample's materials as rows of the CERS upload template (only the template's columns; keys are EDT-only). */
const templateRows = () => chemicals.map((c) => Object.fromEntries([['CERSID', c.cersId], ...TEMPLATE_COLUMNS.filter((col) => col in c.fields).map((col) => [col, c.fields[col]!])]));

async function uploadAndCommit(body: Buffer | string, name: string) {
  const res = await uploadInventory(editor, org.id, body, name);
  expect(res.status).toBe(303);
  const id = Number(/(\d+)$/.exec(res.headers.location!)![1]);
  const problems = await t.knex('inventory_upload_problems').where({ upload_id: id }).select('row_number', 'column_name as column', 'level', 'message');
  const page = await editor.get(res.headers.location!);
  const commit = await editor.post(`/orgs/${org.id}/inventory/uploads/${id}/commit`).type('form').send({ _csrf: csrfFrom(page.text), mode: 'replace' });
  return { problems, commit };
}

async function download(cersId: number): Promise<Record<string, unknown>[]> {
  const res = await editor.get(`/orgs/${org.id}/facilities/${cersId}/inventory/download.xlsx`).buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as never);
  const ws = wb.worksheets[0]!;
  const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return rows;
}

/** CERS writes N for a flag that is off, or leaves it out; both mean "no". Numbers compare as numbers ("100.00" is 100). */
function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === undefined || v === null || v === '' || v === 'N' ? null : v);
  const x = norm(a);
  const y = norm(b);
  if (x === null || y === null) return x === y;
  const nx = Number(x);
  const ny = Number(y);
  return Number.isFinite(nx) && Number.isFinite(ny) ? nx === ny : String(x) === String(y);
}

const snapshot = async () => {
  const items = await t.knex('inventory_items').whereIn('facility_id', [...facilities.values()].map((f) => f.id)).orderBy(['facility_id', 'common_name', 'location', 'max_daily']);
  const out = [];
  for (const { id, created_at: _c, updated_at: _u, ...rest } of items) {
    out.push({ ...rest, comps: await t.knex('inventory_components').where({ item_id: id }).orderBy('position').select('position', 'name', 'cas', 'percent', 'ehs') });
  }
  return out;
};

test('the sample holds the ten real materials', () => {
  expect(chemicals).toHaveLength(10);
  // The case of the issue: a 31,500-gallon tank holding at most 2,100 gallons, and a CCLID this portal did not know.
  expect(chemicals.some((c) => c.fields.LargestContainer === '31500' && c.fields.MaximumDailyAmount === '2100')).toBe(true);
  expect(chemicals.some((c) => c.fields.CCLID === '102843')).toBe(true);
});

test('CERS-accepted materials upload with no Required problem and come back field for field', async () => {
  const first = await uploadAndCommit(csv(templateRows()), 'kern-2014.csv');
  expect(first.problems.filter((p) => p.level === 'Required')).toEqual([]);
  expect(first.commit.status).toBe(303);

  // Every UPDD field of every material, as CERS had it, is in the download.
  const mismatches: string[] = [];
  for (const [cersId] of facilities) {
    const downloaded = await download(cersId);
    const originals = chemicals.filter((c) => c.cersId === cersId);
    expect(downloaded).toHaveLength(originals.length);
    for (const original of originals) {
      const match = downloaded.find((d) => TEMPLATE_COLUMNS.every((col) => same(original.fields[col], d[col]) || col === 'CERSID'));
      if (!match) mismatches.push(`${cersId} ${original.fields.CommonName} @ ${original.fields.ChemicalLocation}: ${JSON.stringify(original.fields)}`);
    }
  }
  expect(mismatches).toEqual([]);

  // The CCLID is kept as given (UPDD 250) and links the library entry that carries it.
  const diesel = await t.knex('inventory_items').where({ common_name: 'DIESEL' }).first();
  expect(diesel.cclid).toBe(102843);
  expect(diesel.chemical_id).toBe((await t.knex('chemicals').where({ cclid: 102843 }).first('id')).id);
  // The tank larger than its contents is saved as it is.
  const tank = await t.knex('inventory_items').where({ common_name: 'CRUDE OIL WASH TANK', max_daily: 2100 }).first();
  expect(Number(tank.largest_container)).toBe(31500);
});

test('download → upload (Replace) changes nothing', async () => {
  const before = await snapshot();
  expect(before).toHaveLength(10);
  for (const [cersId] of facilities) {
    const rows = await download(cersId);
    const again = await uploadAndCommit(await workbook(rows), `${cersId}.xlsx`);
    expect(again.problems.filter((p) => p.level === 'Required')).toEqual([]);
    expect(again.commit.status).toBe(303);
  }
  expect(await snapshot()).toEqual(before);
});

test('a CCLID the portal does not know is kept as given, with an Advisory only', async () => {
  const [row] = templateRows();
  const res = await uploadAndCommit(csv([{ ...row, CCLID: 999001, CommonName: 'Unlisted product' }]), 'unknown-cclid.csv');
  expect(res.problems.filter((p) => p.column === 'CCLID')).toEqual([expect.objectContaining({ level: 'Advisory' })]);
  const saved = await t.knex('inventory_items').where({ common_name: 'Unlisted product' }).first();
  expect(saved.cclid).toBe(999001);
  expect(saved.chemical_id).toBeNull();
  expect((await download(row!.CERSID as number)).map((r) => r.CCLID)).toContain(999001);
});

async function workbook(rows: Record<string, unknown>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Inventory');
  ws.addRow(TEMPLATE_COLUMNS);
  for (const r of rows) ws.addRow(TEMPLATE_COLUMNS.map((c) => r[c] ?? null) as ExcelJS.CellValue[]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
