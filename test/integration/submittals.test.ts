import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, createUser, csrfFrom, emailsTo, signIn, submitForm, type Agent, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { EXE, PDF, PNG } from '../support/files';
import { pdfText } from '../support/pdf';
import { OWNER_OPERATOR as OO } from '../support/role-fixtures';

let t: TestApp;
let org: { id: number; name: string };
let facility: { id: number; cers_id: number; name: string };
let editor: Agent;
let approver: Agent;
let viewer: Agent;
let base: string;

const BA = {
  hmOnSite: 'Y', calArp: 'N', ust: 'N', apst: 'N', hwGenerator: 'Y', recycle: 'N', onsiteTreatment: 'N',
  financialAssurance: 'N', rwConsolidation: 'N', hwTankClosure: 'N', rcraLqg: 'N', hhwCollection: 'N', epaId: 'CAL000123456', comments: '',
};

async function upload(agent: Agent, code: number, part: string, file: { buf: Buffer; name: string } | null, fields: Record<string, string> = {}) {
  const page = await agent.get(`${base}/elements/${code}/documents/${part}`);
  const action = /action="([^"]*\/upload\?_csrf=[^"]+)"/.exec(page.text)![1]!.replace(/&amp;/g, '&');
  let req = agent.post(action).field('title', fields.title ?? 'A document').field('dateAuthored', fields.dateAuthored ?? '2026-10-01').field('idempotencyKey', fields.idempotencyKey ?? randomUUID());
  if (file) req = req.attach('file', file.buf, file.name);
  return req;
}

const documentCount = async () => Number((await t.knex('documents').where({ facility_id: facility.id }).count('* as n').first())!.n);

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrg(t.knex, { name: 'Filing Co' });
  facility = await createFacility(t.knex, org, { name: 'Filing Yard' }); // Kern County CUPA and its policy
  const kern = await t.knex('regulators').where({ code: '1500' }).first('id');
  const reviewer = await createUser(t.knex, { username: 'kernreviewer', email: 'kernreviewer@example.com' });
  await t.knex('regulator_staff').insert({ user_id: reviewer.id, regulator_id: kern.id, role: 'reviewer' });
  for (const [name, role] of [['subeditor', 'editor'], ['subapprover', 'approver'], ['subviewer', 'viewer']] as const) {
    await addMember(t.knex, await createUser(t.knex, { username: name, email: `${name}@example.com` }), org, role);
  }
  editor = request.agent(t.app);
  approver = request.agent(t.app);
  viewer = request.agent(t.app);
  await signIn(editor, 'subeditor');
  await signIn(approver, 'subapprover');
  await signIn(viewer, 'subviewer');
  base = `/orgs/${org.id}/facilities/${facility.cers_id}`;
});
afterAll(() => t.close());

describe('filing a facility from nothing to its first submittal', () => {
  test('a new facility shows the guided checklist and only Facility Information required', async () => {
    const page = await viewer.get(base);
    expect(page.text).toContain('Your first submittal');
    expect(page.text).toMatch(/Facility Information<\/a><\/th>\s*<td data-label="Required">Required/);
    expect(page.text).toMatch(/Not required for this facility by its Business Activities answers:[\s\S]*Hazardous Materials Inventory/);
  });

  test('Business Activities: bad input explained; answers decide the required elements at once', async () => {
    const bad = await submitForm(editor, `${base}/elements/1/business-activities`, { ...BA, hmOnSite: '', epaId: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#hmOnSite">Answer: Are hazardous materials on site at or above reporting quantities?</a>');
    expect(bad.text).toContain('Enter the 12-character EPA ID');
    expect(await t.knex('element_versions').where({ facility_id: facility.id }).first()).toBeUndefined(); // nothing saved
    const ok = await submitForm(editor, `${base}/elements/1/business-activities`, BA);
    expect(ok.status).toBe(303);
    const page = await viewer.get(base);
    expect(page.text).toMatch(/Hazardous Materials Inventory<\/a><\/th>\s*<td data-label="Required">Required/);
    expect(page.text).toMatch(/Emergency Response and Training Plans<\/a><\/th>\s*<td data-label="Required">Required/);
    expect(page.text).toMatch(/Not required for this facility by its Business Activities answers:[\s\S]*Underground Storage Tanks/);
    expect(page.text).not.toMatch(/Not required for this facility by its Business Activities answers:[\s\S]*Emergency Response/);
  });

  test('Owner/Operator: required fields and lengths enforced; the certification is needed to submit', async () => {
    const bad = await submitForm(editor, `${base}/elements/1/owner-operator`, { ...OO, ownerName: '', businessPhone: 'call', mailingState: 'California', emergency1Title: 'x'.repeat(51) });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#ownerName">Enter the owner name</a>');
    expect(bad.text).toContain('href="#businessPhone">Enter business phone as a phone number, like 661 555 0100</a>');
    expect(bad.text).toContain('href="#mailingState">Enter the 2-letter state code, like CA</a>');
    expect(bad.text).toContain('The primary emergency contact title must be 50 characters or fewer');
    expect(bad.text).toContain('value="Op Erator"');
    const unsigned = await submitForm(editor, `${base}/elements/1/owner-operator`, { ...OO, signerName: '', signedDate: '' });
    expect(unsigned.status).toBe(303);
    const element = await editor.get(`${base}/elements/1`);
    expect(element.text).toContain('Enter the name of the person signing the certification');
    expect(element.text).toContain('Enter the date the certification was signed');
    await submitForm(editor, `${base}/elements/1/owner-operator`, OO);
    expect((await editor.get(`${base}/elements/1`)).text).toContain('Ready to submit');
  });

  test('starting a draft twice (double click, Back) makes one draft', async () => {
    const page = await editor.get(`${base}/elements/3`);
    const token = csrfFrom(page.text);
    const [a, b] = await Promise.all([
      editor.post(`${base}/elements/3/drafts`).type('form').send({ _csrf: token, basis: 'blank' }),
      editor.post(`${base}/elements/3/drafts`).type('form').send({ _csrf: token, basis: 'blank' }),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    await editor.post(`${base}/elements/2/drafts`).type('form').send({ _csrf: token, basis: 'blank' });
    expect(await t.knex('element_versions').where({ facility_id: facility.id, element_code: 3, status: 'draft' })).toHaveLength(1);
  });

  test('uploads are checked by content: a renamed program, an empty file, no file, too big — each explained, nothing stored', async () => {
    const before = await documentCount();
    const exe = await upload(editor, 2, 'site_map', { buf: EXE, name: 'site-map.pdf' });
    expect(exe.status).toBe(400);
    expect(exe.text).toContain('is a program, not a document');
    const empty = await upload(editor, 2, 'site_map', { buf: Buffer.alloc(0), name: 'empty.pdf' });
    expect(empty.text).toContain('The selected file is empty');
    const none = await upload(editor, 2, 'site_map', null);
    expect(none.text).toContain('Select a file to upload');
    const fake = await upload(editor, 2, 'site_map', { buf: PNG, name: 'map.pdf' });
    expect(fake.text).toContain('is not really a .pdf file');
    const big = await upload(editor, 2, 'site_map', { buf: Buffer.concat([PDF, Buffer.alloc(25 * 1024 * 1024)]), name: 'huge.pdf' });
    expect(big.status).toBe(400);
    expect(big.text).toContain('smaller than 25 MB');
    const noTitle = await upload(editor, 2, 'site_map', { buf: PDF, name: 'map.pdf' }, { title: '' });
    expect(noTitle.text).toContain('Enter a title for the document');
    expect(await documentCount()).toBe(before);
  });

  test('good uploads are stored with their SHA-256; the same form sent twice stores one', async () => {
    const key = randomUUID();
    const first = await upload(editor, 2, 'site_map', { buf: PDF, name: 'site-map.pdf' }, { title: 'Site map 2026', idempotencyKey: key });
    expect(first.status).toBe(303);
    const again = await upload(editor, 2, 'site_map', { buf: PDF, name: 'site-map.pdf' }, { title: 'Site map 2026', idempotencyKey: key });
    expect(again.status).toBe(303);
    const docs = await t.knex('documents').where({ facility_id: facility.id, title: 'Site map 2026' });
    expect(docs).toHaveLength(1);
    expect(docs[0].sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    expect((await upload(editor, 3, 'er_plan', { buf: PDF, name: 'er.pdf' }, { title: 'ER plan' })).status).toBe(303);
  });

  test("Kern's policy: only the options it accepts, and Exempt training plan only without employees", async () => {
    const page = await editor.get(`${base}/elements/3/documents/training_plan`);
    expect(page.text).toContain('Choose Exempt only if the facility has no employees');
    expect(page.text).toContain('value="exempt"');
    expect(page.text).not.toContain('value="url"');
    const url = await submitForm(editor, `${base}/elements/3/documents/training_plan`, { option: 'url', url: 'https://example.com/plan.pdf' });
    expect(url.status).toBe(400);
    expect(url.text).toContain('Your CUPA does not accept this option');
    const noReason = await submitForm(editor, `${base}/elements/3/documents/training_plan`, { option: 'exempt', exemptComment: '' });
    expect(noReason.text).toContain('Explain the exemption in 5 to 500 characters');
    const saved = await submitForm(editor, `${base}/elements/3/documents/training_plan`, { option: 'exempt', exemptComment: 'We have no employees' });
    expect(saved.status).toBe(303);
    const element = await editor.get(`${base}/elements/3`);
    expect(element.text).toContain('can be Exempt only when the facility has no employees; the Owner/Operator form says 12');
    expect((await upload(editor, 3, 'training_plan', { buf: PDF, name: 'training.pdf' }, { title: 'Training plan' })).status).toBe(303);
    expect((await editor.get(`${base}/elements/3`)).text).toContain('Ready to submit');
  });

  test('the inventory element needs at least one material', async () => {
    expect((await editor.get(`${base}/elements/2`)).text).toContain('Add at least one material');
    const added = await submitForm(editor, `${base}/inventory/new`, {
      commonName: 'Diesel fuel', hmType: 'b', physicalState: 'b', units: 'a', maxDaily: '500', averageDaily: '300', largestContainer: '500',
      daysOnSite: '365', location: 'Fuel island', containers: 'SCAboveGroundTank', pressure: 'a', temperature: 'a', ghs: 'FHCPhysicalFlammable',
    });
    expect(added.status).toBe(303);
    expect((await editor.get(`${base}/elements/2`)).text).toContain('Ready to submit');
  });

  test('downloads only inside the organization', async () => {
    const doc = await t.knex('documents').where({ facility_id: facility.id, title: 'ER plan' }).first();
    const res = await viewer.get(`${base}/documents/${doc.id}`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(res.body as Buffer, PDF)).toBe(0);
    const other = await createOrg(t.knex);
    const outsider = await createUser(t.knex, { username: 'outsiderdl' });
    await addMember(t.knex, outsider, other, 'lead_user');
    const otherFacility = await createFacility(t.knex, other);
    const agent = request.agent(t.app);
    await signIn(agent, 'outsiderdl');
    expect((await agent.get(`${base}/documents/${doc.id}`)).status).toBe(404);
    expect((await agent.get(`/orgs/${other.id}/facilities/${otherFacility.cers_id}/documents/${doc.id}`)).status).toBe(404);
  });

  test('only Approvers and Lead Users submit', async () => {
    expect((await editor.get(`${base}/submit`)).status).toBe(403);
    expect((await viewer.get(`${base}/submit`)).status).toBe(403);
    const page = await approver.get(`${base}/submit`);
    expect(page.status).toBe(200);
    const forged = await editor.post(`${base}/submit`).type('form').send({ _csrf: csrfFrom((await editor.get(`${base}/elements/1`)).text), elements: ['1', '2', '3'], idempotencyKey: randomUUID() });
    expect(forged.status).toBe(403);
    expect(await t.knex('facility_submittals').where({ facility_id: facility.id }).first()).toBeUndefined();
  });

  test('the submission rules: Facility Information always, everything required the first time', async () => {
    const noFi = await submitForm(approver, `${base}/submit`, { elements: '3', idempotencyKey: randomUUID() });
    expect(noFi.status).toBe(400);
    expect(noFi.text).toContain('Facility Information must be part of every submittal');
    expect(noFi.text).toContain('first submittal must include every required element. Also tick: Facility Information, Hazardous Materials Inventory');
    expect(await t.knex('facility_submittals').where({ facility_id: facility.id }).first()).toBeUndefined();
  });

  test('submit → receipt, emails, immutable versions; a resent form lands on the same receipt', async () => {
    const page = await approver.get(`${base}/submit`);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.text)![1]!;
    const data = { _csrf: csrfFrom(page.text), elements: ['1', '2', '3'], idempotencyKey: key, 'comment-3': 'Updated evacuation map' };
    const [a, b] = [await approver.post(`${base}/submit`).type('form').send(data), await approver.post(`${base}/submit`).type('form').send(data)];
    expect(a.status).toBe(303);
    expect(b.headers.location).toBe(a.headers.location);
    expect(await t.knex('facility_submittals').where({ facility_id: facility.id })).toHaveLength(1);
    const receipt = await approver.get(a.headers.location!);
    expect(receipt.text).toContain('Submitted to your CUPA');
    expect(receipt.text).toContain('Emergency Response and Training Plans</a> – comment: Updated evacuation map');

    const versions = await t.knex('element_versions').where({ facility_id: facility.id });
    expect(versions.map((v) => v.status).sort()).toEqual(['submitted', 'submitted', 'submitted']);
    await expect(t.knex('element_versions').where({ id: versions[0].id }).update({ content: JSON.stringify({ tampered: true }) })).rejects.toThrow(/immutable/);

    expect((await emailsTo(t.knex, 'kernreviewer@example.com')).map((m) => m.subject)).toContain(`Submittal received: Filing Yard (CERS ID ${facility.cers_id})`);
    expect((await emailsTo(t.knex, 'subapprover@example.com')).map((m) => m.subject)).toContain('Your submittal for Filing Yard was received');

    const pdf = await approver.get(`${a.headers.location}/receipt.pdf`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const body = pdf.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(body);
    expect(text).toContain('Filing Yard');
    expect(text).toContain(String(facility.cers_id));
    expect(text).toContain('Emergency Response and Training Plans');
    const fingerprint = (await t.knex('facility_submittals').where({ facility_id: facility.id }).first()).fingerprint;
    expect(text).toContain(fingerprint);

    const again = await approver.post(`${base}/submit`).type('form').send({ ...data, idempotencyKey: randomUUID() });
    expect(again.status).toBe(400);
    expect(again.text).toContain('has no draft to submit');
  });

  test('next year: a draft based on the last version copies forms and documents; the submitted version stays as it was', async () => {
    const page = await viewer.get(base);
    expect(page.text).not.toContain('Your first submittal');
    expect(page.text).toMatch(/Next due[\s\S]*March 1, 2027/);
    const last = await t.knex('element_versions').where({ facility_id: facility.id, element_code: 3 }).first();
    const element = await editor.get(`${base}/elements/3`);
    expect(element.text).toContain(`value="${last.id}" checked`); // the last version is preselected
    await submitForm(editor, `${base}/elements/3`, { basis: String(last.id) }, `${base}/elements/3/drafts`);
    const draft = await t.knex('element_versions').where({ facility_id: facility.id, element_code: 3, status: 'draft' }).first();
    expect(draft.based_on_version_id).toBe(last.id);
    const copied = await t.knex('documents as d').join('document_parts as p', 'p.id', 'd.document_part_id').where('p.element_version_id', draft.id).select('d.title');
    expect(copied.map((d) => d.title).sort()).toEqual(['ER plan', 'Training plan']);
    expect((await editor.get(`${base}/elements/3`)).text).toContain('Ready to submit');
    const doc = await t.knex('documents as d').join('document_parts as p', 'p.id', 'd.document_part_id').where('p.element_version_id', draft.id).first('d.id');
    await submitForm(editor, `${base}/elements/3/documents/er_plan`, {}, `${base}/documents/${doc.id}/remove`);
    const original = await t.knex('documents as d').join('document_parts as p', 'p.id', 'd.document_part_id').where('p.element_version_id', last.id);
    expect(original).toHaveLength(2); // removing from the draft leaves the submitted version whole
    const submittedDoc = original[0];
    const refused = await submitForm(editor, `${base}/elements/3`, {}, `${base}/documents/${submittedDoc.id}/remove`);
    expect(refused.status).toBe(404);
    const version = await viewer.get(`${base}/elements/3/versions/${last.id}`);
    expect(version.text).toContain('Submitted');
    expect(version.text).toContain('Updated evacuation map');
    await submitForm(editor, `${base}/elements/3`, {}, `${base}/elements/3/discard`);
    expect(await t.knex('element_versions').where({ facility_id: facility.id, element_code: 3, status: 'draft' }).first()).toBeUndefined();
  });
});

describe('ids that belong to another facility of the same organization', () => {
  test('a file of facility B cannot be removed or downloaded through facility A, and a submit key stays with its facility', async () => {
    const second = await createFacility(t.knex, org, { name: 'Second Yard' });
    const secondBase = `/orgs/${org.id}/facilities/${second.cers_id}`;
    await submitForm(editor, `${secondBase}/elements/3`, { basis: 'blank' }, `${secondBase}/elements/3/drafts`);
    const before = await documentCount();
    const doc = await t.knex('documents').where({ facility_id: facility.id }).first();
    expect((await submitForm(editor, `${secondBase}/elements/3`, {}, `${secondBase}/documents/${doc.id}/remove`)).status).toBe(404);
    expect((await viewer.get(`${secondBase}/documents/${doc.id}`)).status).toBe(404);
    expect(await documentCount()).toBe(before);
    const usedKey = (await t.knex('facility_submittals').where({ facility_id: facility.id }).first()).idempotency_key;
    const reused = await submitForm(approver, `${secondBase}/submit`, { elements: '3', idempotencyKey: usedKey });
    expect(reused.status).toBe(400);
    expect(await t.knex('facility_submittals').where({ facility_id: second.id }).first()).toBeUndefined();
  });
});
