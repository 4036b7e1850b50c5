import ExcelJS from 'exceljs';
import request from 'supertest';
import { createTestApp, createUser, csrfFrom, signIn, submitForm, type Agent, type TestApp } from '../support/app';
import { MATERIAL } from '../support/role-fixtures';
import { addMember, createFacility, createOrg } from '../support/factories';
import { csv, unzip, uploadInventory, validRow, xlsx, zip } from '../support/inventory-files';

let t: TestApp;
let org: { id: number };
let other: { id: number };
let yard: { id: number; cers_id: number };
let depot: { id: number; cers_id: number };
let foreign: { id: number; cers_id: number };
let editor: Agent;
let viewer: Agent;

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrg(t.knex, { name: 'Upload Co' });
  other = await createOrg(t.knex, { name: 'Someone Else Inc' });
  yard = await createFacility(t.knex, org, { name: 'North Yard' });
  depot = await createFacility(t.knex, org, { name: 'South Depot' });
  foreign = await createFacility(t.knex, other, { name: 'Not Yours' });
  await addMember(t.knex, await createUser(t.knex, { username: 'upeditor' }), org, 'editor');
  await addMember(t.knex, await createUser(t.knex, { username: 'upviewer' }), org, 'viewer');
  editor = request.agent(t.app);
  viewer = request.agent(t.app);
  await signIn(editor, 'upeditor');
  await signIn(viewer, 'upviewer');
});
afterAll(() => t.close());

const upload = (agent: Agent, buf: Buffer | string, name: string) => uploadInventory(agent, org.id, buf, name);

async function post(agent: Agent, pagePath: string, action: string, data: Record<string, string>) {
  const page = await agent.get(pagePath);
  return agent.post(action).type('form').send({ _csrf: csrfFrom(page.text), ...data });
}

const itemsOf = (facilityId: number) => t.knex('inventory_items').where({ facility_id: facilityId }).orderBy('id');
const uploadIdOf = (location: string) => Number(/\/inventory\/uploads\/(\d+)$/.exec(location)![1]);

describe('upload → preview → commit', () => {
  test('a clean file shows its rows per facility, saves nothing until commit, then Replace makes it the inventory', async () => {
    const file = await xlsx([
      validRow(yard.cers_id, { CommonName: 'Acetone' }),
      validRow(yard.cers_id, { CommonName: 'Diesel', HMType: 'Mixture', PhysicalState: 'LIQUID', MaximumDailyAmount: '1,200', HC1Name: 'Diesel fuel', HC1PercentByWeight: 100 }),
      validRow(depot.cers_id, { CommonName: 'Propane', PhysicalState: 'Gas', Units: 'c', FHCPhysicalGasUnderPressure: 'yes' }),
    ]);
    const res = await upload(editor, file, 'inventory.xlsx');
    expect(res.status).toBe(303);
    const id = uploadIdOf(res.headers.location!);
    const preview = await editor.get(res.headers.location!);
    expect(preview.text).toContain('North Yard');
    expect(preview.text).toContain('South Depot');
    expect(preview.text).toContain('Ready to review');
    expect(await itemsOf(yard.id)).toHaveLength(0);

    const saved = await post(editor, `/orgs/${org.id}/inventory/uploads/${id}`, `/orgs/${org.id}/inventory/uploads/${id}/commit`, { mode: 'replace' });
    expect(saved.status).toBe(303);
    const yardItems = await itemsOf(yard.id);
    expect(yardItems.map((i) => i.common_name)).toEqual(['Acetone', 'Diesel']);
    expect(Number(yardItems[1].max_daily)).toBe(1200);
    expect(yardItems[1].hm_type).toBe('b');
    const comps = await t.knex('inventory_components').where({ item_id: yardItems[1].id });
    expect(comps.map((c) => [c.name, Number(c.percent)])).toEqual([['Diesel fuel', 100]]);
    expect((await itemsOf(depot.id)).map((i) => [i.common_name, i.physical_state, i.ghs])).toEqual([['Propane', 'c', ['FHCPhysicalFlammable', 'FHCPhysicalGasUnderPressure', 'FHCHealthSeriousEyeDamageEyeIrritation']]]);
    expect((await t.knex('inventory_uploads').where({ id }).first()).status).toBe('committed');
    expect(await t.knex('inventory_upload_rows').where({ upload_id: id })).toHaveLength(0);
    const after = await editor.get(`/orgs/${org.id}/inventory/uploads/${id}`);
    expect(after.text).toContain('Saved to the inventory');
    // A second commit (double click, Back button) saves nothing more.
    await post(editor, `/orgs/${org.id}/inventory/uploads/${id}`, `/orgs/${org.id}/inventory/uploads/${id}/commit`, { mode: 'append' });
    expect(await itemsOf(yard.id)).toHaveLength(2);
  });

  test('Append adds to the draft; Replace replaces only the facilities in the file', async () => {
    const res = await upload(editor, csv([validRow(yard.cers_id, { CommonName: 'Bleach' })]), 'more.csv');
    const id = uploadIdOf(res.headers.location!);
    await post(editor, res.headers.location!, `/orgs/${org.id}/inventory/uploads/${id}/commit`, { mode: 'append' });
    expect((await itemsOf(yard.id)).map((i) => i.common_name)).toEqual(['Acetone', 'Diesel', 'Bleach']);

    const res2 = await upload(editor, csv([validRow(yard.cers_id, { CommonName: 'Only this' })]), 'replace.csv');
    const id2 = uploadIdOf(res2.headers.location!);
    const preview = await editor.get(res2.headers.location!);
    expect(preview.text).toMatch(/Materials in the draft now[\s\S]*>3</);
    await post(editor, res2.headers.location!, `/orgs/${org.id}/inventory/uploads/${id2}/commit`, { mode: 'replace' });
    expect((await itemsOf(yard.id)).map((i) => i.common_name)).toEqual(['Only this']);
    expect(await itemsOf(depot.id)).toHaveLength(1); // not in the file, untouched
  });

  test('commit without choosing Replace or Append is explained and saves nothing', async () => {
    const res = await upload(editor, csv([validRow(depot.cers_id, { CommonName: 'Undecided' })]), 'undecided.csv');
    const id = uploadIdOf(res.headers.location!);
    const r = await post(editor, res.headers.location!, `/orgs/${org.id}/inventory/uploads/${id}/commit`, {});
    expect(r.status).toBe(400);
    expect(r.text).toContain('Choose whether the file replaces the draft inventory or adds to it');
    expect(r.text).toContain('href="#mode"');
    expect((await itemsOf(depot.id)).map((i) => i.common_name)).toEqual(['Propane']);
  });
});

describe('problems', () => {
  test('every problem is listed with row, column, value and level; a Required problem blocks the commit and nothing is saved', async () => {
    const before = (await itemsOf(depot.id)).length;
    const file = await xlsx([
      validRow(depot.cers_id, { CommonName: 'Good one' }),
      validRow(depot.cers_id, { CommonName: 'Bad amount', MaximumDailyAmount: 'lots' }),
      validRow(depot.cers_id, { CommonName: 'Negative', AverageDailyAmount: -5 }),
      validRow(foreign.cers_id, { CommonName: 'Not mine' }),
      validRow(depot.cers_id, { CommonName: 'Odd state', PhysicalState: 'plasma', SCSteelDrum: 'N' }),
    ], { titleRows: [['Hazardous Materials Inventory'], ['Prepared 2026-11-01']] });
    const res = await upload(editor, file, 'problems.xlsx');
    const id = uploadIdOf(res.headers.location!);
    const page = await editor.get(res.headers.location!);
    // Row numbers are the spreadsheet's: two title rows and the header come first.
    expect(page.text).toMatch(/>5<\/th>\s*<td data-label="Column">MaximumDailyAmount<\/td>\s*<td[^>]*>lots<\/td>/);
    expect(page.text).toContain('AverageDailyAmount cannot be negative');
    expect(page.text).toContain(`CERS ID ${foreign.cers_id} is not a facility of Upload Co`);
    expect(page.text).toContain('PhysicalState must be one of the codes');
    expect(page.text).toContain('Choose at least one type of storage container'); // a Warning
    expect(page.text).not.toContain('Not Yours');
    expect(page.text).toContain('nothing can be saved yet');
    expect(page.text).not.toContain(`action="/orgs/${org.id}/inventory/uploads/${id}/commit"`);

    const only = await editor.get(`${res.headers.location}?level=Warning`);
    expect(only.text).toContain('Choose at least one type of storage container');
    expect(only.text).not.toContain('cannot be negative');

    const report = await editor.get(`/orgs/${org.id}/inventory/uploads/${id}/problems.csv`);
    expect(report.headers['content-type']).toMatch(/text\/csv/);
    expect(report.text).toContain('Row,Column,Value,Level,Message');
    expect(report.text).toMatch(/5,MaximumDailyAmount,lots,Required,/);
    expect(report.text).toContain("'-5"); // a value starting with - is kept as text

    // Forcing the commit anyway saves nothing.
    const forced = await post(editor, res.headers.location!, `/orgs/${org.id}/inventory/uploads/${id}/commit`, { mode: 'append' });
    expect(forced.status).toBe(400);
    expect(forced.text).toContain('Nothing was saved: 4 rows have Required problems');
    expect(await itemsOf(depot.id)).toHaveLength(before);
  });

  test('cancel discards the staged rows', async () => {
    const res = await upload(editor, csv([validRow(depot.cers_id, { CommonName: 'Never' })]), 'cancel.csv');
    const id = uploadIdOf(res.headers.location!);
    expect(await t.knex('inventory_upload_rows').where({ upload_id: id })).toHaveLength(1);
    const r = await post(editor, res.headers.location!, `/orgs/${org.id}/inventory/uploads/${id}/cancel`, {});
    expect(r.status).toBe(303);
    expect((await t.knex('inventory_uploads').where({ id }).first()).status).toBe('cancelled');
    expect(await t.knex('inventory_upload_rows').where({ upload_id: id })).toHaveLength(0);
    const again = await post(editor, res.headers.location!.replace(/$/, ''), `/orgs/${org.id}/inventory/uploads/${id}/commit`, { mode: 'append' });
    expect(again.status).toBe(400);
    expect((await itemsOf(depot.id)).map((i) => i.common_name)).not.toContain('Never');
  });
});

describe('files that cannot be read get a message beside the field and save nothing', () => {
  const cases: [string, () => Promise<Buffer | string> | Buffer | string, string, RegExp][] = [
    ['a legacy .xls', () => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]), 'old.xls', /older Excel file \(\.xls\).*save it as|Save As/i],
    ['a renamed .exe', () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0x90)]), 'inventory.xlsx', /is a program, not a spreadsheet/],
    ['an empty file', () => Buffer.alloc(0), 'empty.csv', /is empty/],
    ['an .xlsx with no header row', () => xlsx([{ A: 'just', B: 'some', C: 'cells' }]), 'noheader.xlsx', /No header row was found/],
    ['a misspelled header', () => csv([validRow(1)], { columns: ['CERSID', 'ChemicalLocation', 'ComonName', 'HMType', 'PhysicalState', 'Units', 'MaximumDailyAmount', 'DaysOnSite'] }), 'typo.csv', /missing a required column: CommonName\. Check the spelling: &#34;ComonName&#34; should be CommonName/],
    ['duplicated headers', () => 'CERSID,ChemicalLocation,CommonName,HMType,PhysicalState,Units,MaximumDailyAmount,DaysOnSite,CommonName\n', 'dup.csv', /names a column twice: CommonName \(columns C and I\)/],
  ];
  test.each(cases)('%s', async (_name, make, fileName, message) => {
    const staged = async () => Number((await t.knex('inventory_upload_rows').count({ n: '*' }).first())!.n);
    const before = await staged();
    const res = await upload(editor, await make(), fileName);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(message);
    expect(res.text).toContain('href="#file"');
    expect(res.text).toContain('usa-form-group--error');
    expect(await staged()).toBe(before);
  });

  test('no file chosen', async () => {
    const page = await editor.get(`/orgs/${org.id}/inventory/upload`);
    const action = /action="([^"]*\/inventory\/upload\?_csrf=[^"]+)"/.exec(page.text)![1]!.replace(/&amp;/g, '&');
    const res = await editor.post(action).field('x', '1');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Choose the inventory spreadsheet to upload');
  });
});

describe('download → edit → upload (Replace) round trip', () => {
  const snapshot = async (facilityId: number) => {
    const items = await t.knex('inventory_items').where({ facility_id: facilityId }).orderBy(['common_name', 'location']);
    const out = [];
    // chemical_id is this portal's own library link, which no spreadsheet carries; every UPDD field (CCLID included) must come back.
    for (const { id, created_at: _c, updated_at: _u, chemical_id: _l, ...rest } of items) {
      const comps = await t.knex('inventory_components').where({ item_id: id }).orderBy('position').select('position', 'name', 'cas', 'percent', 'ehs');
      out.push({ ...rest, comps });
    }
    return out;
  };

  test('the inventory comes back field for field, formula-like text included', async () => {
    const plant = await createFacility(t.knex, org, { name: 'Round Trip Plant', street: '1 Loop Rd' });
    const base = `/orgs/${org.id}/facilities/${plant.cers_id}/inventory`;
    const chlorine = await t.knex('chemicals').where({ common_name: 'Chlorine' }).first();
    const forms = [
      { ...MATERIAL, locationConfidential: 'Y', mapNumber: 'M-1', gridNumber: 'B4', tradeSecret: 'Y', legacyHazards: ['FHCFire', 'FHCAcuteHealth'], fireCodeClasses: ['5', '14'],
        dotClass: '8', epaSrsNumber: '59378', comment: '=HYPERLINK("http://evil.example","click")', additionalComponents: '+cmd|calc', hc2Name: 'Water', hc2Percent: '65', hc2Cas: '7732-18-5' },
      { ...MATERIAL, commonName: 'Chlorine', chemicalName: 'Chlorine', casNumber: '7782-50-5', chemicalId: String(chlorine.id), hmType: 'a', physicalState: 'c', units: 'c', ehs: 'Y',
        maxDaily: '150', averageDaily: '100', largestContainer: '150', location: '@Cylinder cage', containers: ['SCCylinder', 'SCOther'], otherContainer: '-ton container',
        ghs: ['FHCPhysicalOxidizer', 'FHCHealthAcuteToxicity'], hc1Name: '', hc1Cas: '', hc1Percent: '', pressure: 'b', temperature: 'c', radioactive: 'Y', curies: '0.25' },
      { ...MATERIAL, commonName: 'Waste oil', chemicalName: '', casNumber: '', hmType: 'c', stateWasteCode: '221', annualWaste: '1,000.5', maxDaily: '275', averageDaily: '',
        largestContainer: '', daysOnSite: '180', location: 'Yard, north "bay"', containers: 'SCSteelDrum', hc1Name: 'Used oil', hc1Percent: '99.5', hc1Cas: '', hc1Ehs: 'Y' },
    ];
    for (const f of forms) expect((await submitForm(editor, `${base}/new`, f as unknown as Record<string, string>)).status).toBe(303);
    const before = await snapshot(plant.id);
    expect(before).toHaveLength(3);

    const download = await editor.get(`${base}/download.xlsx`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    // "Edit in Excel": open the workbook and save it again.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(download.body as never);
    const comment = wb.worksheets[0]!.getRow(2).values as unknown[];
    expect(comment.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false); // no cell became a formula
    const edited = Buffer.from(await wb.xlsx.writeBuffer());

    const res = await upload(editor, edited, 'round-trip.xlsx');
    expect(res.status).toBe(303);
    const id = Number(/(\d+)$/.exec(res.headers.location!)![1]);
    const page = await editor.get(res.headers.location!);
    expect(page.text).not.toContain('app-level--Required">Required</span></td>');
    const saved = await post(editor, res.headers.location!, `/orgs/${org.id}/inventory/uploads/${id}/commit`, { mode: 'replace' });
    expect(saved.status).toBe(303);
    expect(await snapshot(plant.id)).toEqual(before);
  });
});

describe('access', () => {
  test('a Viewer cannot upload, see uploads or commit', async () => {
    expect((await viewer.get(`/orgs/${org.id}/inventory/upload`)).status).toBe(403);
    const id = (await t.knex('inventory_uploads').where({ organization_id: org.id }).first()).id;
    expect((await viewer.get(`/orgs/${org.id}/inventory/uploads/${id}`)).status).toBe(403);
  });
});

describe('damaged and hostile files', () => {
  const refusedBesideTheField = (res: { status: number; text: string }, message: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.text).toContain('data-error-summary');
    expect(res.text).toContain('href="#file"');
    expect(res.text).toContain('usa-form-group--error');
    const summary = /data-error-summary[\s\S]*?<\/ul>/.exec(res.text)?.[0] ?? '';
    expect(summary).toMatch(message);
    expect(res.text.replace(summary, '')).toMatch(message); // and beside the field
  };

  test('NUL characters in CSV cells are Required problems naming row and column, never a 500; nothing shown or staged holds a NUL', async () => {
    // Past the first 4 KB, which the check of the file's kind reads (a NUL there makes it "not a spreadsheet").
    const file = csv([
      ...Array.from({ length: 80 }, (_, i) => validRow(depot.cers_id, { CommonName: `Fine ${i + 1}` })),
      validRow(depot.cers_id, { CommonName: 'Ace\u0000tone' }),
      validRow(depot.cers_id, { CASNumber: '67-64-1\u0000', HC1Name: 'Part', HC1CAS: '7664-93-9\u0000' }),
      validRow(depot.cers_id, { CERSID: `${depot.cers_id}\u0000` }),
    ]);
    const res = await upload(editor, file, 'nul.csv');
    expect(res.status).toBe(303);
    const id = uploadIdOf(res.headers.location!);
    const page = await editor.get(res.headers.location!);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/>82<\/th>\s*<td data-label="Column">CommonName<\/td>[\s\S]*?CommonName contains a NUL character \(a damaged or binary file\?\)/);
    expect(page.text).toContain('CASNumber contains a NUL character');
    expect(page.text).toContain('HC1CAS contains a NUL character');
    expect(page.text).toMatch(/>84<\/th>\s*<td data-label="Column">CERSID<\/td>/);
    expect(page.text).not.toContain('\u0000');
    const problems = await t.knex('inventory_upload_problems').where({ upload_id: id });
    expect(problems.filter((p) => /NUL character/.test(p.message)).map((p) => [p.row_number, p.column_name, p.level])).toEqual([
      [82, 'CommonName', 'Required'],
      [83, 'CASNumber', 'Required'],
      [83, 'HC1CAS', 'Required'],
      [84, 'CERSID', 'Required'],
    ]);
    const report = await editor.get(`/orgs/${org.id}/inventory/uploads/${id}/problems.csv`);
    expect(report.text).not.toContain('\u0000');
    expect(report.text).toContain('82,CommonName,Ace\uFFFDtone,Required,"CommonName contains a NUL character');
    const forced = await post(editor, res.headers.location!, `/orgs/${org.id}/inventory/uploads/${id}/commit`, { mode: 'append' });
    expect(forced.text).toContain('Nothing was saved: 3 rows have Required problems');
  });

  test('an .xlsx with an edited zip directory is refused beside the field as damaged', async () => {
    const good = await xlsx([validRow(depot.cers_id)]);
    const eocd = good.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const damaged = Buffer.from(good);
    damaged.writeUInt16LE(good.readUInt16LE(eocd + 10) + 5, eocd + 10);
    damaged.writeUInt16LE(good.readUInt16LE(eocd + 10) + 5, eocd + 8);
    refusedBesideTheField(await upload(editor, damaged, 'damaged.xlsx'), /The file is damaged or is not an Excel workbook \(\.xlsx\)/);
    refusedBesideTheField(await upload(editor, good.subarray(0, good.length - 40), 'cut.xlsx'), /The file is damaged or is not an Excel workbook \(\.xlsx\)/);
  });

  test('an .xlsx whose worksheet claims 99,999,999,999 rows is read for what it holds, not a 500', async () => {
    const parts = unzip(await xlsx([validRow(depot.cers_id, { CommonName: 'Claims a lot' })])).map((p) =>
      p.name === 'xl/worksheets/sheet1.xml' ? { ...p, data: Buffer.from(p.data.toString('utf8').replace(/<dimension ref="[^"]*"/, '<dimension ref="A1:S99999999999"')) } : p,
    );
    const res = await upload(editor, zip(parts), 'claims.xlsx');
    expect(res.status).toBe(303);
    expect((await editor.get(res.headers.location!)).text).toContain('Ready to review');
  });

  test('a CSV row wider than 500 columns and a binary "CSV" are refused beside the field', async () => {
    refusedBesideTheField(await upload(editor, `CERSID,${'x,'.repeat(100_000)}\r\n`, 'wide.csv'), /Row 1 has a value in column SG \(column 501\); an upload reads at most 500 columns/);
    const rows = csv(Array.from({ length: 80 }, () => validRow(depot.cers_id)));
    const binary = Buffer.concat([Buffer.from(rows), Buffer.alloc(5000, 0)]); // its first 4 KB are text
    refusedBesideTheField(await upload(editor, binary, 'binary.csv'), /not a text \(CSV\) file: it holds binary data/);
  });

  test('a long value cut for display between the halves of an emoji is stored and shown, not a 500', async () => {
    const value = `${'a'.repeat(59)}\u{1F600}${'b'.repeat(600)}`;
    const res = await upload(editor, csv([validRow(depot.cers_id, { ChemicalName: value })]), 'emoji.csv');
    expect(res.status).toBe(303);
    const page = await editor.get(res.headers.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('ChemicalName can be at most 500 characters; this one has 661');
  });

  test('the problem report quotes fields holding ; , " or a line break, so it opens as columns in every locale', async () => {
    const res = await upload(editor, csv([validRow(depot.cers_id, { MaximumDailyAmount: 'lots; many', AverageDailyAmount: 'some, "few"' })]), 'semicolon.csv');
    const id = uploadIdOf(res.headers.location!);
    const report = await editor.get(`/orgs/${org.id}/inventory/uploads/${id}/problems.csv`);
    expect(report.text).toContain('2,MaximumDailyAmount,"lots; many",Required,');
    expect(report.text).toContain('2,AverageDailyAmount,"some, ""few""",Required,');
    expect(report.text).toMatch(/\r\n2,MaximumDailyAmount,"lots; many",Required,"MaximumDailyAmount must be a number only, like 1200 \(the unit goes in the Units column\)"\r\n/);
  });
});
