/**
 * A seeded fuzz test of the inventory upload: valid files built with
 * test/support/inventory-files.ts (.xlsx and CSV in the encodings Excel
 * writes), damaged by seeded mutations — bytes flipped, inserted, deleted,
 * files cut short, zip entry counts and sizes edited, XML inside the workbook
 * edited, NULs inserted, huge cells, wrong encodings, doubled and missing
 * headers, far too many columns — and posted through the real upload form,
 * signed in, with its CSRF token. Whatever the file, the server must answer
 * (never a dropped connection), never with a 5xx, and every refusal must
 * carry a message in the error summary, beside the file field; a file that is
 * read must show its preview and problem report, and one without Required
 * problems must save.
 *
 * Runs FUZZ_CASES cases (default 200, about a minute) from FUZZ_SEED (default 20261124):
 *   FUZZ_CASES=2000 npm test -- test/integration/inventory-upload-fuzz.test.ts
 *   FUZZ_SEED=7 FUZZ_CASES=500 npm test -- test/integration/inventory-upload-fuzz.test.ts
 * A failing case is named by its number and mutations, and its file is kept in
 * test-results/fuzz/ to upload again by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createTestApp, createUser, csrfFrom, signIn, type Agent, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { csv, unzip, uploadInventory, validRow, xlsx, zip, type CellValue, type ZipPart } from '../support/inventory-files';

const CASES = Number(process.env.FUZZ_CASES ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const OUT = path.resolve(__dirname, '../../test-results/fuzz');

/** mulberry32: a tiny seeded PRNG, so a failing case can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

let t: TestApp;
let org: { id: number };
let yard: { cers_id: number };
let depot: { cers_id: number };
let editor: Agent;

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrg(t.knex, { name: 'Fuzz Co' });
  yard = await createFacility(t.knex, org, { name: 'Fuzz Yard' });
  depot = await createFacility(t.knex, org, { name: 'Fuzz Depot' });
  await addMember(t.knex, await createUser(t.knex, { username: 'fuzzeditor' }), org, 'editor');
  editor = request.agent(t.app);
  await signIn(editor, 'fuzzeditor');
});
afterAll(() => t.close());

// ---------- the valid files mutations start from ----------

type Base = { name: string; kind: 'xlsx' | 'csv'; bytes: Buffer };

function rows(n: number): Record<string, CellValue>[] {
  return Array.from({ length: n }, (_, i) =>
    validRow(i % 2 ? yard.cers_id : depot.cers_id, { CommonName: `Material ${i + 1}`, ChemicalLocation: `Rack ${i % 7}`, HC1Name: i % 3 ? null : 'Água destilada', HC1PercentByWeight: i % 3 ? null : 40 }),
  );
}

/** An exceljs workbook re-zipped without entry dates, so a seed always makes the same bytes. */
const stable = (b: Buffer) => zip(unzip(b));

async function bases(): Promise<Base[]> {
  const text = csv(rows(60));
  return [
    { name: 'small.xlsx', kind: 'xlsx', bytes: stable(await xlsx(rows(3))) },
    { name: 'titled.xlsx', kind: 'xlsx', bytes: stable(await xlsx(rows(40), { titleRows: [['Hazardous Materials Inventory'], ['Prepared by the fuzz test']], extraSheetsFirst: true })) },
    { name: 'utf8.csv', kind: 'csv', bytes: Buffer.from(text) },
    { name: 'bom-semicolon.csv', kind: 'csv', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(rows(60), { delimiter: ';' }))]) },
    { name: 'utf16.csv', kind: 'csv', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv(rows(30), { delimiter: '\t' }), 'utf16le')]) },
    { name: 'cp1252.csv', kind: 'csv', bytes: Buffer.from(text, 'latin1') },
  ];
}

// ---------- mutations ----------

type Mutation = { name: string; kinds: ('xlsx' | 'csv')[]; apply(b: Buffer, r: Rng): Buffer };

const randomBytes = (r: Rng, n: number) => Buffer.from(Array.from({ length: n }, () => r.int(256)));
const at = (b: Buffer, r: Rng) => r.int(Math.max(1, b.length));

/** Offsets of the zip's end record and central directory entries, as far as they can be found. */
function zipDirectory(b: Buffer): { eocd: number; entries: number[] } | null {
  const eocd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > b.length) return null;
  const entries: number[] = [];
  for (let p = b.readUInt32LE(eocd + 16), i = 0; i < b.readUInt16LE(eocd + 10) && p + 46 <= b.length && b.readUInt32LE(p) === 0x02014b50; i++) {
    entries.push(p);
    p += 46 + b.readUInt16LE(p + 28) + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
  }
  return { eocd, entries };
}

/** An .xlsx taken apart, one XML part changed, put back together (the zip itself stays valid). */
function editPart(b: Buffer, r: Rng, edit: (xml: string, r: Rng) => string, which = /\.xml$/): Buffer {
  let parts: ZipPart[];
  try {
    parts = unzip(b);
  } catch {
    return b; // already damaged by an earlier mutation
  }
  const candidates = parts.filter((p) => which.test(p.name));
  if (!candidates.length) return b;
  const target = r.pick(candidates);
  return zip(parts.map((p) => (p === target ? { ...p, data: Buffer.from(edit(p.data.toString('utf8'), r), 'utf8') } : p)));
}

const STRANGE_TEXT = ['\u0000', '_x0000_', '_xD800_', '&#0;', '&#xD800;', '\ud83d', '\uFFFF', '😀', '\u202e', '=1+1', '"', '\r', '\x1a', '<', ']]>', '&amp;#0;', '_x000D_'];

const MUTATIONS: Mutation[] = [
  { name: 'flip bytes', kinds: ['xlsx', 'csv'], apply: (b, r) => { const c = Buffer.from(b); for (let i = 1 + r.int(8); i > 0; i--) { const p = at(c, r); c[p] = c[p]! ^ (1 << r.int(8)); } return c; } },
  { name: 'insert bytes', kinds: ['xlsx', 'csv'], apply: (b, r) => { const p = at(b, r); return Buffer.concat([b.subarray(0, p), randomBytes(r, 1 + r.int(64)), b.subarray(p)]); } },
  { name: 'delete bytes', kinds: ['xlsx', 'csv'], apply: (b, r) => { const p = at(b, r); return Buffer.concat([b.subarray(0, p), b.subarray(Math.min(b.length, p + 1 + r.int(200)))]); } },
  { name: 'truncate', kinds: ['xlsx', 'csv'], apply: (b, r) => b.subarray(0, r.int(b.length)) },
  { name: 'duplicate a slice', kinds: ['xlsx', 'csv'], apply: (b, r) => { const p = at(b, r); const q = Math.min(b.length, p + r.int(2000)); return Buffer.concat([b.subarray(0, q), b.subarray(p, q), b.subarray(q)]); } },
  { name: 'NUL bytes past the first 4 KB', kinds: ['xlsx', 'csv'], apply: (b, r) => { const c = Buffer.from(b); for (let i = 1 + r.int(4); i > 0; i--) c[Math.min(c.length - 1, 4096 + r.int(Math.max(1, c.length - 4096)))] = 0; return c; } },
  { name: 'many NUL bytes', kinds: ['csv'], apply: (b, r) => Buffer.concat([b, Buffer.alloc(100 + r.int(10_000), 0)]) },
  {
    name: 'edit the zip entry count',
    kinds: ['xlsx'],
    apply: (b, r) => {
      const z = zipDirectory(b);
      if (!z) return b;
      const c = Buffer.from(b);
      const n = r.pick([0, 1, c.readUInt16LE(z.eocd + 10) - 1, c.readUInt16LE(z.eocd + 10) + 1 + r.int(5), 0xffff]);
      c.writeUInt16LE(Math.max(0, n) & 0xffff, z.eocd + 10);
      if (r.chance(0.5)) c.writeUInt16LE(Math.max(0, n) & 0xffff, z.eocd + 8);
      return c;
    },
  },
  {
    name: 'edit the directory offset or size',
    kinds: ['xlsx'],
    apply: (b, r) => {
      const z = zipDirectory(b);
      if (!z) return b;
      const c = Buffer.from(b);
      const field = r.pick([12, 16]);
      c.writeUInt32LE((c.readUInt32LE(z.eocd + field) + r.pick([1, -1, 7, 1000, -1000, 0x7fffffff])) >>> 0, z.eocd + field);
      return c;
    },
  },
  {
    name: 'edit an entry size or offset',
    kinds: ['xlsx'],
    apply: (b, r) => {
      const z = zipDirectory(b);
      if (!z?.entries.length) return b;
      const c = Buffer.from(b);
      const entry = r.pick(z.entries);
      const field = r.pick([20, 24, 42]); // compressed size, uncompressed size, local header offset
      c.writeUInt32LE(r.pick([0, 1, 0xffffffff, (c.readUInt32LE(entry + field) * 1000) >>> 0, (c.readUInt32LE(entry + field) + 13) >>> 0, r.int(2 ** 32)]) >>> 0, entry + field);
      return c;
    },
  },
  {
    name: 'edit an entry name length',
    kinds: ['xlsx'],
    apply: (b, r) => {
      const z = zipDirectory(b);
      if (!z?.entries.length) return b;
      const c = Buffer.from(b);
      c.writeUInt16LE(r.pick([0, 1, 0xffff, r.int(0x10000)]), r.pick(z.entries) + r.pick([28, 30, 32]));
      return c;
    },
  },
  {
    name: 'lie about a part size (zip bomb)',
    kinds: ['xlsx'],
    apply: (b, r) => editPart(b, r, (xml) => xml.replace('<sheetData>', `<sheetData>${' '.repeat(200_000)}`)),
  },
  { name: 'strange text in a shared string', kinds: ['xlsx'], apply: (b, r) => editPart(b, r, (xml, r2) => xml.replace(/<t>([^<]*)<\/t>/, (_m, s: string) => `<t>${s.slice(0, 2)}${r2.pick(STRANGE_TEXT)}${s.slice(2)}</t>`), /sharedStrings\.xml$/) },
  { name: 'strange text anywhere in a part', kinds: ['xlsx'], apply: (b, r) => editPart(b, r, (xml, r2) => { const p = r2.int(xml.length); return xml.slice(0, p) + r2.pick(STRANGE_TEXT) + xml.slice(p); }) },
  { name: 'cut a part short', kinds: ['xlsx'], apply: (b, r) => editPart(b, r, (xml, r2) => xml.slice(0, r2.int(xml.length))) },
  { name: 'row number out of range', kinds: ['xlsx'], apply: (b, r) => editPart(b, r, (xml, r2) => xml.replace(/<row r="\d+"/, `<row r="${r2.pick(['0', '-5', '1048577', '3000000000', 'x', '1e9'])}"`), /worksheets\/sheet\d+\.xml$/) },
  { name: 'cell reference out of range', kinds: ['xlsx'], apply: (b, r) => editPart(b, r, (xml, r2) => xml.replace(/<c r="[A-Z]+(\d+)"/, (_m, n: string) => `<c r="${r2.pick(['XFD', 'XFE', 'ZZZZ', 'SG', 'A'])}${r2.pick([n, '0', '99999999999'])}"`), /worksheets\/sheet\d+\.xml$/) },
  { name: 'dimension out of range', kinds: ['xlsx'], apply: (b, r) => editPart(b, r, (xml, r2) => xml.replace(/<dimension ref="[^"]*"/, `<dimension ref="${r2.pick(['A1:S99999999999', 'A1:XFD1048576', 'A0:B', 'ZZZZ1:A1'])}"`), /worksheets\/sheet\d+\.xml$/) },
  { name: 'shared string index out of range', kinds: ['xlsx'], apply: (b, r) => editPart(b, r, (xml, r2) => xml.replace(/<v>\d+<\/v>/, `<v>${r2.pick(['-1', '999999', '1e10', 'x', ''])}</v>`), /worksheets\/sheet\d+\.xml$/) },
  { name: 'a value in column 600', kinds: ['xlsx'], apply: (b, r) => editPart(b, r, (xml) => xml.replace('</row>', '<c r="WB1" t="inlineStr"><is><t>far</t></is></c></row>'), /worksheets\/sheet\d+\.xml$/) },
  { name: 'declare millions of shared strings', kinds: ['xlsx'], apply: (b, r) => editPart(b, r, (xml, r2) => xml.replace(/uniqueCount="\d+"/, `uniqueCount="${r2.pick(['2000000', '99999999999', '-1', 'x'])}"`), /sharedStrings\.xml$/) },
  { name: 'huge cell', kinds: ['csv'], apply: (b, r) => hugeCell(b, r) },
  { name: 'huge cell in the header', kinds: ['csv'], apply: (b, r) => { const s = b.toString('latin1'); const nl = s.indexOf('\n'); return Buffer.concat([b.subarray(0, Math.max(0, nl - 1)), Buffer.from(`,${'H'.repeat(100_000 + r.int(1_000_000))}`), b.subarray(Math.max(0, nl - 1))]); } },
  { name: 'wrong encoding', kinds: ['csv'], apply: (b, r) => { const text = b.toString('utf8'); return r.pick([() => Buffer.from(text, 'utf16le'), () => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le')]), () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'latin1')]), () => Buffer.from(text.replace(/Á/g, '\u00c1\u0301'), 'latin1'), () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), b])])(); } },
  { name: 'duplicate a header', kinds: ['csv'], apply: (b) => Buffer.from(b.toString('latin1').replace(/^(\uFEFF|\xef\xbb\xbf)?([^\r\n]*)/, (_m, bom: string | undefined, h: string) => `${bom ?? ''}${h},${h.split(/[,;\t]/)[2] ?? 'CommonName'}`), 'latin1') },
  { name: 'drop the header', kinds: ['csv'], apply: (b) => { const s = b.toString('latin1'); return Buffer.from(s.slice(s.indexOf('\n') + 1), 'latin1'); } },
  { name: 'unbalanced quotes', kinds: ['csv'], apply: (b, r) => { const p = at(b, r); return Buffer.concat([b.subarray(0, p), Buffer.from(r.pick(['"', '""', '"\r\n"', '\r', ',"a'])), b.subarray(p)]); } },
  { name: '600 columns', kinds: ['csv'], apply: (b, r) => Buffer.concat([b, Buffer.from(`${Array.from({ length: 600 }, () => (r.chance(0.5) ? 'x' : '')).join(',')}\r\n`)]) },
  { name: 'strange text in a cell', kinds: ['csv'], apply: (b, r) => { const s = b.toString('utf8'); const p = s.indexOf(',', 4200 + r.int(Math.max(1, s.length - 4200))); return p < 0 ? b : Buffer.from(s.slice(0, p + 1) + r.pick(STRANGE_TEXT) + s.slice(p + 1), 'utf8'); } },
  { name: 'numbers out of range', kinds: ['csv'], apply: (b, r) => Buffer.from(b.toString('utf8').replace(/,500,/, `,${r.pick(['1e400', '-0', '9'.repeat(400), 'NaN', 'Infinity', '0x10', '1,2,3'])},`), 'utf8') },
];

function hugeCell(b: Buffer, r: Rng): Buffer {
  // Mostly around 1 MB to keep the run short; now and then 5 or 10 MB, as the reported files had.
  const size = r.chance(0.05) ? r.pick([5, 10]) * 1024 * 1024 : 200_000 + r.int(1_000_000);
  const s = b.toString('latin1');
  const p = s.indexOf(',', s.indexOf('\n') + 1);
  const filler = r.pick(['x', 'é', '"', ',', '\n']);
  const cell = filler === 'x' || filler === 'é' ? Buffer.alloc(size, filler === 'x' ? 'x' : 'e') : Buffer.from(`"${filler.repeat(size / 4).replace(/"/g, '""')}"`);
  return p < 0 ? Buffer.concat([b, cell]) : Buffer.concat([b.subarray(0, p + 1), cell, b.subarray(p + 1)]);
}

// ---------- the run ----------

type Failure = { n: number; mutations: string[]; file: string; why: string };

test(`${CASES} mutated uploads: never a 5xx or a dropped connection, every refusal with a message`, async () => {
  const r = prng(SEED);
  const starts = await bases();
  const failures: Failure[] = [];
  const outcomes = new Map<string, number>();
  for (let n = 1; n <= CASES; n++) {
    const base = r.pick(starts);
    const mutations: string[] = [];
    let bytes = base.bytes;
    for (let k = 1 + r.int(3); k > 0; k--) {
      const m = r.pick(MUTATIONS.filter((x) => x.kinds.includes(base.kind)));
      bytes = m.apply(bytes, r);
      mutations.push(m.name);
    }
    // Now and then the extension lies: the server decides by the bytes.
    const name = r.chance(0.1) ? base.name.replace(/\.(xlsx|csv)$/, (_m, ext: string) => (ext === 'csv' ? '.xlsx' : '.csv')) : base.name;
    const fail = (why: string) => {
      fs.mkdirSync(OUT, { recursive: true });
      const file = path.join(OUT, `seed-${SEED}-case-${n}-${name}`);
      fs.writeFileSync(file, bytes);
      failures.push({ n, mutations, file, why });
    };
    let res: Awaited<ReturnType<typeof uploadInventory>>;
    try {
      res = await uploadInventory(editor, org.id, bytes, name);
    } catch (err) {
      fail(`no answer: ${(err as Error).message}`);
      continue;
    }
    outcomes.set(String(res.status), (outcomes.get(String(res.status)) ?? 0) + 1);
    if (res.status >= 500) {
      fail(`answered ${res.status}`);
      continue;
    }
    if (res.status === 400) {
      const summary = /data-error-summary[\s\S]*?<\/ul>/.exec(res.text)?.[0] ?? '';
      if (!/<li><a href="#file">[^<]{10,}<\/a><\/li>/.test(summary) || !res.text.includes('usa-form-group--error')) fail('refused without a message beside the file field');
      continue;
    }
    if (res.status !== 303) {
      fail(`answered ${res.status}`);
      continue;
    }
    const preview = await editor.get(res.headers.location!);
    if (preview.status !== 200) {
      fail(`preview answered ${preview.status}`);
      continue;
    }
    if (/\/problems\.csv"/.test(preview.text)) {
      const report = await editor.get(`${res.headers.location}/problems.csv`);
      if (report.status !== 200 || report.text.includes('\u0000')) fail(`problem report answered ${report.status}`);
    }
    // A file read without Required problems is saved too: what was staged must go into the drafts as well.
    if (preview.text.includes(`action="${res.headers.location}/commit"`)) {
      const saved = await editor.post(`${res.headers.location}/commit`).type('form').send({ _csrf: csrfFrom(preview.text), mode: n % 2 ? 'append' : 'replace' });
      if (saved.status !== 303) fail(`commit answered ${saved.status}`);
      outcomes.set('saved', (outcomes.get('saved') ?? 0) + 1);
    }
  }
  // Shown with the test's result: how the cases were answered.
  process.stdout.write(`fuzz seed ${SEED}, ${CASES} cases: ${[...outcomes].map(([s, k]) => `${k} × ${s}`).join(', ')} (saved: the 303s read without Required problems)\n`);
  expect(failures).toEqual([]);
}, 600_000);
