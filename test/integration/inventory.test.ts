import ExcelJS from 'exceljs';
import request from 'supertest';
import { TEMPLATE_COLUMNS } from '../../src/rules/inventory/template-columns.rules';
import { createTestApp, createUser, signIn, submitForm, type Agent, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { MATERIAL as BASE_MATERIAL } from '../support/role-fixtures';

let t: TestApp;
let org: { id: number };
let facility: { id: number; cers_id: number };
let editor: Agent;
let viewer: Agent;
let base: string;

const MATERIAL = { ...BASE_MATERIAL, legacyHazards: 'FHCAcuteHealth', epaSrsNumber: '59378' };


beforeAll(async () => {
  t = await createTestApp();
  org = await createOrg(t.knex, { name: 'Inventory Co' });
  facility = await createFacility(t.knex, org, { name: 'Inventory Yard' });
  for (const [name, role] of [['inveditor', 'editor'], ['invviewer', 'viewer']] as const) {
    await addMember(t.knex, await createUser(t.knex, { username: name }), org, role);
  }
  editor = request.agent(t.app);
  viewer = request.agent(t.app);
  await signIn(editor, 'inveditor');
  await signIn(viewer, 'invviewer');
  base = `/orgs/${org.id}/facilities/${facility.cers_id}`;
});
afterAll(() => t.close());

const items = () => t.knex('inventory_items').where({ facility_id: facility.id }).orderBy('id');

describe('the chemical library', () => {
  test.each(['sulfuric', '7664-93-9', 'sulphuric', 'sulfric acid'])('"%s" finds sulfuric acid', async (q) => {
    const res = await editor.get(`${base}/inventory/add?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect(res.text.toLowerCase()).toContain('sulfuric acid');
  });

  test('picking a result pre-fills the form from the library', async () => {
    const chem = await t.knex('chemicals').where({ common_name: 'Chlorine' }).first();
    const res = await editor.get(`${base}/inventory/new?chemical=${chem.id}`);
    expect(res.text).toContain('value="Chlorine"');
    expect(res.text).toContain('value="7782-50-5"');
    expect(res.text).toMatch(/id="physicalState-2"[^>]*value="c"[^>]*checked/);
    expect(res.text).toMatch(/value="FHCPhysicalOxidizer" checked/);
    expect(res.text).toMatch(/<option value="c" selected>Pounds<\/option>/); // an EHS gas, in pounds (UPDD 221), not cubic feet
  });
});

describe('materials', () => {
  test('add a new material: numbers with thousands separators are read; a new draft is started', async () => {
    const res = await submitForm(editor, `${base}/inventory/new`, MATERIAL);
    expect(res.status).toBe(303);
    const [row] = await items();
    expect(row.common_name).toBe('Sulfuric acid (battery acid)');
    expect(Number(row.max_daily)).toBe(1200);
    expect(row.containers).toEqual(['SCPlasticNonMetallicDrum']);
    expect(row.legacy_hazards).toEqual(['FHCAcuteHealth']);
    expect(row.epa_srs_number).toBe('59378');
    const comps = await t.knex('inventory_components').where({ item_id: row.id });
    expect(comps.map((c) => [c.name, Number(c.percent)])).toEqual([['Sulfuric acid', 35]]);
    expect(await t.knex('element_versions').where({ facility_id: facility.id, element_code: 2, status: 'draft' }).first()).toBeDefined();
  });

  test('bad input is explained field by field and nothing is saved', async () => {
    const before = (await items()).length;
    const res = await submitForm(editor, `${base}/inventory/new`, { ...MATERIAL, maxDaily: '1,200 gal', commonName: '', daysOnSite: '12.5', casNumber: 'x'.repeat(16) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#maxDaily">Enter the maximum daily amount as a number only, like 1200 (choose the unit separately)</a>');
    expect(res.text).toContain('href="#commonName">Enter the common name of the material</a>');
    expect(res.text).toContain('href="#daysOnSite">Enter the days on site as a whole number</a>');
    expect(res.text).toContain('The CAS number must be 15 characters or fewer');
    expect(res.text).toContain('value="1,200 gal"');
    expect((await items()).length).toBe(before);
  });

  test('rule problems are saved, shown beside the fields and in Validate My Inventory, and block the element', async () => {
    const res = await submitForm(editor, `${base}/inventory/new`, { ...MATERIAL, commonName: 'Used oil', hmType: 'c', casNumber: '7664-93-8', averageDaily: '2000', location: 'Yard', hc1Name: '', hc1Cas: '', hc1Percent: '' });
    expect(res.status).toBe(303);
    const page = await editor.get(res.headers.location!);
    expect(page.text).toContain('id="averageDaily-error"');
    expect(page.text).toContain('The average daily amount cannot be more than the maximum daily amount');
    expect(page.text).toContain('Check the CAS number: it should look like 7664-93-9'); // a Warning: CERS has no check-digit rule
    expect(page.text).toContain('Enter the California waste code');
    const validate = await viewer.get(`${base}/inventory/validate?only=problems`);
    expect(validate.text).toContain('Used oil');
    expect(validate.text).not.toContain('Sulfuric acid (battery acid)');
    const element = await editor.get(`${base}/elements/2`);
    expect(element.text).toContain('1 material has Required problems');
  });

  test('copy for another location, edit, delete', async () => {
    const [first] = await items();
    const copyForm = await editor.get(`${base}/inventory/new?copy=${first.id}`);
    expect(copyForm.text).toContain('value="Sulfuric acid (battery acid)"');
    expect(copyForm.text).toMatch(/id="location"[^>]*value=""/);
    await submitForm(editor, `${base}/inventory/new?copy=${first.id}`, { ...MATERIAL, location: 'Shop' }, `${base}/inventory/new`);
    expect((await items()).filter((i) => i.common_name === 'Sulfuric acid (battery acid)').map((i) => i.location)).toEqual(['Battery room', 'Shop']);
    const used = (await items()).find((i) => i.common_name === 'Used oil')!;
    const fixed = await submitForm(editor, `${base}/inventory/${used.id}`, { ...MATERIAL, commonName: 'Used oil', hmType: 'c', casNumber: '', averageDaily: '600', location: 'Yard', stateWasteCode: '221', annualWaste: '2400', hc1Name: '', hc1Cas: '', hc1Percent: '' });
    expect(fixed.status).toBe(303);
    expect((await editor.get(`${base}/elements/2`)).text).not.toContain('Required problems');
    await submitForm(editor, `${base}/inventory/${used.id}/delete`, {});
    expect((await items()).some((i) => i.id === used.id)).toBe(false);
  });

  test('the list filters by name, location, hazard and level, and sorts by location', async () => {
    const added = await submitForm(editor, `${base}/inventory/new`, { ...MATERIAL, commonName: 'Propane', hmType: 'a', physicalState: 'c', units: 'b', maxDaily: '500', averageDaily: '100', largestContainer: '100', location: 'Annex', ghs: 'FHCPhysicalGasUnderPressure', hc1Name: '', hc1Cas: '', hc1Percent: '', casNumber: '74-98-6', daysOnSite: '400' });
    expect(added.status).toBe(303);
    const byHazard = await viewer.get(`${base}/inventory?q=gasunderpressure`);
    expect(byHazard.text).toContain('Propane');
    expect(byHazard.text).not.toContain('Sulfuric acid (battery acid)');
    const byLocation = await viewer.get(`${base}/inventory?sort=location`);
    expect(byLocation.text.indexOf('Annex')).toBeLessThan(byLocation.text.indexOf('Battery room'));
    const required = await viewer.get(`${base}/inventory?level=Required`);
    expect(required.text).toContain('Propane'); // 400 days on site is out of range (CERS guidance 1027): Required
    expect(required.text).not.toContain('Sulfuric acid (battery acid)');
    const propane = (await items()).find((i) => i.common_name === 'Propane')!;
    await submitForm(editor, `${base}/inventory/${propane.id}/delete`, {});
  });

  test('the summary totals by state and location', async () => {
    const res = await viewer.get(`${base}/inventory/summary`);
    expect(res.text).toContain('2,400 gallons');
    expect(res.text).toContain('Battery room');
  });

  test('a Viewer sees but cannot change; another organization sees nothing', async () => {
    const [first] = await items();
    expect((await viewer.get(`${base}/inventory`)).status).toBe(200);
    expect((await viewer.get(`${base}/inventory/${first.id}`)).text).not.toContain('Save material');
    expect((await viewer.get(`${base}/inventory/new`)).status).toBe(403);
    const forbidden = await submitForm(viewer, `${base}/inventory`, { ...MATERIAL, location: 'Nope' }, `${base}/inventory/${first.id}`);
    expect(forbidden.status).toBe(403);
    const other = await createOrg(t.knex);
    const outsider = await createUser(t.knex, { username: 'invoutsider' });
    await addMember(t.knex, outsider, other, 'lead_user');
    const otherFacility = await createFacility(t.knex, other);
    const agent = request.agent(t.app);
    await signIn(agent, 'invoutsider');
    expect((await agent.get(`${base}/inventory`)).status).toBe(404);
    expect((await agent.get(`/orgs/${other.id}/facilities/${otherFacility.cers_id}/inventory/${first.id}`)).status).toBe(404);
  });

  test('a submitted inventory is immutable; the next draft starts from a copy', async () => {
    const draft = await t.knex('element_versions').where({ facility_id: facility.id, element_code: 2, status: 'draft' }).first();
    await t.knex('element_versions').where({ id: draft.id }).update({ status: 'submitted', submitted_at: new Date() });
    await expect(t.knex('inventory_items').where({ element_version_id: draft.id }).update({ location: 'Tampered' })).rejects.toThrow(/immutable/);
    await submitForm(editor, `${base}/elements/2`, { basis: String(draft.id) }, `${base}/elements/2/drafts`);
    const next = await t.knex('element_versions').where({ facility_id: facility.id, element_code: 2, status: 'draft' }).first();
    expect((await t.knex('inventory_items').where({ element_version_id: next.id })).length).toBe(2);
  });
});

describe('spreadsheets', () => {
  async function workbook(agent: Agent, url: string) {
    const res = await agent.get(url).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    return wb;
  }

  test('the template: CERSID first, GHS columns after FHCChronicHealth, frozen header, drop-downs, a legend, no example row', async () => {
    const wb = await workbook(viewer, `/orgs/${org.id}/inventory/template.xlsx`);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(TEMPLATE_COLUMNS);
    expect(sheet.rowCount).toBe(1);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const col = (name: string) => sheet.getColumn(TEMPLATE_COLUMNS.indexOf(name) + 1).letter;
    expect(sheet.getCell(`${col('PhysicalState')}2`).dataValidation).toMatchObject({ type: 'list', formulae: ['"a,b,c"'] });
    expect(sheet.getCell(`${col('EHS')}100`).dataValidation).toMatchObject({ type: 'list', formulae: ['"Y,N"'] });
    const legend = wb.getWorksheet('Legend')!;
    const rows = legend.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1, 4).join('|'));
    expect(rows).toContain('PhysicalState|b|Liquid');
    expect(rows).toContain('Units|d|Tons');
  });

  test("the facility's inventory downloads in the template's format; formula-like text stays text", async () => {
    const draft = await t.knex('element_versions').where({ facility_id: facility.id, element_code: 2, status: 'draft' }).first();
    const first = await t.knex('inventory_items').where({ element_version_id: draft.id, location: 'Battery room' }).first();
    await t.knex('inventory_items').where({ id: first.id }).update({ comment: '=HYPERLINK("http://evil.example")' });
    const wb = await workbook(viewer, `${base}/inventory/download.xlsx`);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const rowOf = (n: number) => Object.fromEntries(header.map((h, i) => [h, sheet.getRow(n).getCell(i + 1).value]));
    const all = Array.from({ length: sheet.rowCount - 1 }, (_, i) => rowOf(i + 2));
    const acid = all.find((r) => r.CommonName === 'Sulfuric acid (battery acid)' && r.ChemicalLocation === 'Battery room')!;
    expect(acid).toMatchObject({ CERSID: facility.cers_id, HMType: 'b', PhysicalState: 'b', Units: 'a', MaximumDailyAmount: 1200, EHS: 'N', SCPlasticNonMetallicDrum: 'Y', SCSteelDrum: 'N', FHCHealthSkinCorrosionIrritation: 'Y', HC1Name: 'Sulfuric acid', HC1PercentByWeight: 35 });
    const cell = sheet.getRow(all.indexOf(acid) + 2).getCell(header.indexOf('ChemicalDescriptionComment') + 1);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('=HYPERLINK("http://evil.example")');
    const outsider = request.agent(t.app);
    await signIn(outsider, 'invoutsider');
    expect((await outsider.get(`${base}/inventory/download.xlsx`)).status).toBe(404);
  });
});
