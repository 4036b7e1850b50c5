/**
 * npm run bench:upload — inventory spreadsheet upload, measured.
 *
 * Generates realistic CERS-template .xlsx files of 500, 5,000 and 50,000 rows,
 * then for each size, in a child process of its own (so peak RSS is that size's):
 * receives the file through the upload service exactly as the route does
 * (sniff, zip check, store, read, validate, stage) and commits it (Replace),
 * on the database in use: embedded PGlite, or DATABASE_URL. It prints parse,
 * validate, commit and total milliseconds, rows/s and peak RSS, and the floor
 * on the same file — exceljs' streaming read alone plus one bare multi-row
 * INSERT of the same rows — with total/floor.
 *
 *   npm run bench:upload                       # embedded PGlite
 *   DATABASE_URL=postgres://… npm run bench:upload
 *   npm run bench:upload -- 500 5000           # chosen sizes
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrate';
import { runSeeds } from '../src/db/seed';
import { createMailService } from '../src/mail/mail.service';
import { createInventoryUploadService, type UploadTimings } from '../src/modules/inventory-upload/upload.service';
import { writeInventoryWorkbook } from '../src/spreadsheets/inventory-template.writer';
import type { TemplateRow } from '../src/rules/inventory/template-row.rules';
import { createFileStore } from '../src/storage/file-store';
import { hashPassword } from '../src/auth/passwords';
import { bootstrap } from '../src/bootstrap';
import request from 'supertest';
import { orgScopeForScript } from '../src/tenancy/org-scope';

const SIZES = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
const FACILITY_COUNT = 3;

type Result = { rows: number; parse: number; validate: number; commit: number; total: number; floorRead: number; floorInsert: number; rssMb: number; http: number | null };

// ---------- realistic rows ----------

const MATERIALS = [
  { CommonName: 'Acetone', ChemicalName: 'Acetone', CASNumber: '67-64-1', HMType: 'a', PhysicalState: 'b', Units: 'a', ghs: ['FHCPhysicalFlammable', 'FHCHealthSeriousEyeDamageEyeIrritation'], fire: [10], c: 'SCSteelDrum' },
  { CommonName: 'Sulfuric acid (battery)', ChemicalName: 'Sulfuric acid', CASNumber: '7664-93-9', HMType: 'b', PhysicalState: 'b', Units: 'a', ghs: ['FHCHealthSkinCorrosionIrritation', 'FHCPhysicalCorrosiveToMetal'], fire: [5], c: 'SCPlasticNonMetallicDrum', hc: ['Sulfuric acid', '7664-93-9', 35] },
  { CommonName: 'Diesel fuel', ChemicalName: 'Fuels, diesel', CASNumber: '68476-34-6', HMType: 'b', PhysicalState: 'b', Units: 'a', ghs: ['FHCPhysicalFlammable', 'FHCHealthAspirationHazard'], fire: [2], c: 'SCAboveGroundTank', hc: ['Diesel fuel', '68476-34-6', 100] },
  { CommonName: 'Propane', ChemicalName: 'Propane', CASNumber: '74-98-6', HMType: 'a', PhysicalState: 'c', Units: 'b', ghs: ['FHCPhysicalFlammable', 'FHCPhysicalGasUnderPressure'], fire: [8, 15], c: 'SCCylinder' },
  { CommonName: 'Oxygen, compressed', ChemicalName: 'Oxygen', CASNumber: '7782-44-7', HMType: 'a', PhysicalState: 'c', Units: 'b', ghs: ['FHCPhysicalOxidizer', 'FHCPhysicalGasUnderPressure'], fire: [21], c: 'SCCylinder' },
  { CommonName: 'Sodium hydroxide 50%', ChemicalName: 'Sodium hydroxide', CASNumber: '1310-73-2', HMType: 'b', PhysicalState: 'b', Units: 'a', ghs: ['FHCHealthSkinCorrosionIrritation'], fire: [5], c: 'SCToteBin', hc: ['Sodium hydroxide', '1310-73-2', 50] },
  { CommonName: 'Motor oil', ChemicalName: 'Lubricating oils', CASNumber: '', HMType: 'b', PhysicalState: 'b', Units: 'a', ghs: ['FHCHealthHazardNotOtherwiseClassified'], fire: [4], c: 'SCSteelDrum', hc: ['Mineral oil', '8042-47-5', 90] },
  { CommonName: 'Waste oil', ChemicalName: '', CASNumber: '', HMType: 'c', PhysicalState: 'b', Units: 'a', ghs: ['FHCHealthHazardNotOtherwiseClassified'], fire: [4], c: 'SCSteelDrum', waste: '221' },
  { CommonName: 'Calcium hypochlorite', ChemicalName: 'Calcium hypochlorite', CASNumber: '7778-54-3', HMType: 'a', PhysicalState: 'a', Units: 'c', ghs: ['FHCPhysicalOxidizer', 'FHCHealthAcuteToxicity'], fire: [18], c: 'SCBag' },
  { CommonName: 'Argon', ChemicalName: 'Argon', CASNumber: '7440-37-1', HMType: 'a', PhysicalState: 'c', Units: 'b', ghs: ['FHCPhysicalGasUnderPressure', 'FHCHealthSimpleAsphyxiant'], fire: [], c: 'SCCylinder' },
] as const;

function rowFor(i: number, cersIds: number[]): TemplateRow {
  const m = MATERIALS[i % MATERIALS.length]!;
  const max = m.Units === 'b' ? 1000 + (i % 7) * 250 : m.Units === 'c' ? 500 + (i % 11) * 100 : 55 * (1 + (i % 9));
  const row: TemplateRow = {
    CERSID: cersIds[i % cersIds.length]!, ChemicalLocation: `Building ${1 + (i % 12)}, bay ${1 + (i % 30)}`, CLConfidential: 'N', MapNumber: `M-${1 + (i % 4)}`, GridNumber: `C${1 + (i % 8)}`,
    ChemicalName: m.ChemicalName || null, TradeSecret: 'N', CommonName: `${m.CommonName} #${i + 1}`, EHS: 'N', CASNumber: m.CASNumber || null,
    HMType: m.HMType, RadioActive: 'N', PhysicalState: m.PhysicalState, LargestContainer: Math.min(max, m.Units === 'a' ? 55 : max), AverageDailyAmount: Math.round(max / 2),
    MaximumDailyAmount: max, AnnualWasteAmount: 'waste' in m ? max * 4 : null, StateWasteCode: 'waste' in m ? m.waste : null, Units: m.Units, DaysOnSite: 365,
    StoragePressure: m.PhysicalState === 'c' ? 'b' : 'a', StorageTemperature: 'a', ChemicalDescriptionComment: i % 5 === 0 ? 'Stored per fire code, secondary containment' : null,
  };
  for (const g of m.ghs) row[g] = 'Y';
  m.fire.forEach((f, k) => (row[['PFCodeHazardClass', 'SFCodeHazardClass'][k]!] = f));
  row[m.c] = 'Y';
  if ('hc' in m) {
    row.HC1Name = m.hc[0];
    row.HC1CAS = m.hc[1];
    row.HC1PercentByWeight = m.hc[2];
    row.HC1EHS = 'N';
  }
  return row;
}

// ---------- one size, in its own process ----------

async function measure(file: string, rows: number): Promise<Result> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', JOBS: 'false', UPLOAD_DIR: path.join(path.dirname(file), `store-${rows}`) });
  const pgName = `upp_bench_${process.pid}`;
  let url = config.database.url;
  if (url) {
    const admin = (await openDatabase({ url })).knex;
    await admin.raw('create database ??', [pgName]);
    await admin.destroy();
    const u = new URL(url);
    u.pathname = `/${pgName}`;
    url = u.toString();
  }
  const db = await openDatabase({ url, pgliteDir: url ? undefined : `memory://` });
  try {
    await migrateLatest(db.knex);
    await runSeeds(db.knex, { demo: false });
    const knex = db.knex;
    const [org] = await knex('organizations').insert({ name: 'Bench Co', code: knex.raw("lpad(nextval('organization_code_seq')::text, 8, '0')") }).returning('id');
    const [user] = await knex('users').insert({ username: `bench${process.pid}`, email: `bench${process.pid}@example.com`, first_name: 'Ben', last_name: 'Ch', password_hash: 'x', activated_at: new Date() }).returning('id');
    await knex('memberships').insert({ user_id: user.id, organization_id: org.id, role: 'editor' });
    const kern = await knex('regulators').where({ code: '1500' }).first('id');
    for (let k = 0; k < FACILITY_COUNT; k++) {
      await knex('facilities').insert({ organization_id: org.id, name: `Bench plant ${k}`, street: `${k} Bench Rd`, city: 'Delano', zip: '93215', county_id: 15, regulator_id: kern.id, cers_id: 20000001 + k });
    }
    const scope = orgScopeForScript(user.id, 'editor', { id: org.id, name: 'Bench Co', code: 'B' });
    const logger = pino({ level: 'silent' });
    const timings: UploadTimings = { read: 0, validate: 0, stage: 0, commit: 0 };
    const files = createFileStore(config.uploadDir);
    const service = createInventoryUploadService({ db: knex, config, files, mail: createMailService({ config, db: knex, logger }), logger, timings });

    // Warm-up (a running server is warm): the same path three times on a 500-row file first.
    const warmFile = await writeInventoryWorkbook(Array.from({ length: 500 }, (_, i) => rowFor(i + 7, [20000001])));
    for (let k = 0; k < 3; k++) {
      const warm = files.tmpName();
      fs.writeFileSync(warm, warmFile);
      const w = await service.receive(scope, { path: warm, originalname: 'warm.xlsx', size: fs.statSync(warm).size }, null, null);
      if (w.ok) await service.commit(scope, w.uploadId, 'replace', null);
    }
    Object.assign(timings, { read: 0, validate: 0, stage: 0, commit: 0 });

    // The measured run: the file is copied to the temp name multer would have given it.
    const tmp = files.tmpName();
    fs.copyFileSync(file, tmp);
    const t0 = performance.now();
    const received = await service.receive(scope, { path: tmp, originalname: path.basename(file), size: fs.statSync(tmp).size }, null, null);
    const t1 = performance.now();
    if (!received.ok) throw new Error(received.message);
    const committed = await service.commit(scope, received.uploadId, 'replace', null);
    const t2 = performance.now();
    if (!committed.ok || committed.items !== rows) throw new Error(`commit: ${JSON.stringify(committed)}`);
    const validate = timings.validate + timings.stage;
    // Peak RSS of the upload itself, before the floor below builds its own copy of the rows.
    const rssMb = process.resourceUsage().maxRSS / 1024;

    // The floor: exceljs streaming read alone, then one bare multi-row INSERT of the same rows.
    const f0 = performance.now();
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
    let seen = 0;
    for await (const sheet of reader) for await (const _row of sheet as unknown as AsyncIterable<unknown>) seen++;
    const f1 = performance.now();
    const version = await knex('element_versions').where({ organization_id: org.id, element_code: 2, status: 'draft' }).first('id', 'facility_id');
    const bare = Array.from({ length: rows }, (_, i) => {
      const r = rowFor(i, [20000001]);
      return { element_version_id: version.id, organization_id: org.id, facility_id: version.facility_id, location: r.ChemicalLocation, common_name: r.CommonName, chemical_name: r.ChemicalName, cas_number: r.CASNumber, hm_type: r.HMType, physical_state: r.PhysicalState, units: r.Units, max_daily: r.MaximumDailyAmount, average_daily: r.AverageDailyAmount, largest_container: r.LargestContainer, days_on_site: 365, pressure: r.StoragePressure, temperature: r.StorageTemperature, map_number: r.MapNumber, grid_number: r.GridNumber };
    });
    const f2 = performance.now();
    await knex.raw('insert into inventory_items select * from jsonb_populate_recordset(null::inventory_items, ?::jsonb)', [
      JSON.stringify(bare.map((b, i) => ({ ...b, id: 10_000_000 + i, created_at: new Date(), updated_at: new Date(), fire_code_classes: [], ghs: [], legacy_hazards: [], containers: [], location_confidential: false, trade_secret: false, ehs: false, radioactive: false }))),
    ]);
    const f3 = performance.now();
    if (seen < rows) throw new Error(`floor read saw ${seen} rows`);
    const http = rows <= 5000 ? await throughHttp(config, db, user.id, file) : null;
    return {
      rows, parse: t1 - t0 - validate, validate, commit: t2 - t1, total: t2 - t0,
      floorRead: f1 - f0, floorInsert: f3 - f2, rssMb, http,
    };
  } finally {
    await db.close();
    if (url) {
      const admin = (await openDatabase({ url: config.database.url })).knex;
      await admin.raw('drop database if exists ?? with (force)', [pgName]);
      await admin.destroy();
    }
  }
}

/**
 * The same file through the real app and its route, as a browser would send it:
 * POST the multipart form (upload, read, validate, stage), GET the preview,
 * POST the commit. Warm: once before the measured run.
 */
async function throughHttp(config: ReturnType<typeof loadConfig>, db: Awaited<ReturnType<typeof openDatabase>>, userId: number, file: string): Promise<number> {
  const runtime = await bootstrap(config, { prepared: db, logger: pino({ level: 'silent' }) });
  await db.knex('users').where({ id: userId }).update({ password_hash: await hashPassword('bench-password-2026') });
  const org = await db.knex('memberships').where({ user_id: userId }).first('organization_id');
  const agent = request.agent(runtime.app);
  const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  const signInPage = await agent.get('/sign-in');
  const signedIn = await agent.post('/sign-in').type('form').send({ _csrf: token(signInPage.text), login: `bench${process.pid}`, password: 'bench-password-2026' });
  if (signedIn.status !== 303) throw new Error(`sign-in answered ${signedIn.status}: ${signedIn.text.slice(0, 2000)}`);
  const once = async () => {
    const form = (await agent.get(`/orgs/${org.organization_id}/inventory/upload`)).text;
    const action = /action="([^"]*\/inventory\/upload\?_csrf=[^"]+)"/.exec(form)![1]!.replace(/&amp;/g, '&');
    const t0 = performance.now();
    const res = await agent.post(action).attach('file', file);
    if (res.status !== 303) throw new Error(`upload answered ${res.status}`);
    const preview = await agent.get(res.headers.location as string);
    const saved = await agent.post(`${res.headers.location}/commit`).type('form').send({ _csrf: token(preview.text), mode: 'replace' });
    if (saved.status !== 303) throw new Error(`commit answered ${saved.status}`);
    return performance.now() - t0;
  };
  await once();
  return once();
}

// ---------- driver ----------

async function main() {
  if (process.env.BENCH_CHILD) {
    const [file, rows] = [process.env.BENCH_FILE!, Number(process.env.BENCH_ROWS)];
    const r = await measure(file, rows);
    process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upp-bench-'));
  const sizes = SIZES.length ? SIZES : [500, 5000, 50000];
  const cersIds = Array.from({ length: FACILITY_COUNT }, (_, k) => 20000001 + k);
  const results: Result[] = [];
  try {
    for (const n of sizes) {
      const file = path.join(dir, `inventory-${n}.xlsx`);
      fs.writeFileSync(file, await writeInventoryWorkbook(Array.from({ length: n }, (_, i) => rowFor(i, cersIds))));
      const child = spawnSync(process.execPath, [...process.execArgv, __filename], { env: { ...process.env, BENCH_CHILD: '1', BENCH_FILE: file, BENCH_ROWS: String(n) }, encoding: 'utf8', maxBuffer: 1 << 24 });
      const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) throw new Error(`size ${n} failed:\n${child.stdout}\n${child.stderr}`);
      results.push(JSON.parse(line.slice(7)) as Result);
      process.stderr.write(`  ${n} rows: done (${fs.statSync(file).size.toLocaleString('en-US')} bytes)\n`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let pg = '';
  try {
    pg = process.env.DATABASE_URL ? execFileSync('psql', [process.env.DATABASE_URL, '-Atc', 'show server_version'], { encoding: 'utf8' }).trim() : '';
  } catch {
    pg = '?';
  }
  console.log(`\nInventory upload benchmark — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`Database: ${process.env.DATABASE_URL ? `PostgreSQL ${pg} (DATABASE_URL)` : 'embedded PGlite (in memory)'}\n`);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const header = ['rows', 'parse ms', 'validate ms', 'commit ms', 'total ms', 'rows/s', 'peak RSS MB', 'floor read ms', 'floor insert ms', 'floor ms', 'total/floor', 'HTTP ms'];
  const table = results.map((r) => {
    const floor = r.floorRead + r.floorInsert;
    return [fmt(r.rows), fmt(r.parse), fmt(r.validate), fmt(r.commit), fmt(r.total), fmt((r.rows / r.total) * 1000), fmt(r.rssMb), fmt(r.floorRead), fmt(r.floorInsert), fmt(floor), (r.total / floor).toFixed(2), r.http === null ? '–' : fmt(r.http)];
  });
  console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---:').join('|')}|`);
  for (const row of table) console.log(`| ${row.join(' | ')} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
