/**
 * npm run bench:review — the review queue at statewide size, measured.
 *
 * Against the database scripts/seed-statewide.ts builds (upp_bench_review), for
 * the busiest CUPA (Los Angeles County Fire Department HHMD) and a small one
 * (Mono County), through the real review service (createServices, a
 * RegulatorScope as the scope middleware makes it): the queue's first page, the
 * filtered pages a reviewer uses, a deep page and the last page, and the view of
 * a submitted inventory of 20–50 materials. Each case is timed over many runs
 * after a warm-up (median, p95, max ms), and EXPLAIN (ANALYZE, BUFFERS) of each
 * of its SQL statements shows the plan and the indexes used. Then the real app
 * (bootstrap, production settings behind a TLS proxy) listens on a free port, the
 * LA reviewer signs in through the sign-in form, and autocannon (in a process of
 * its own) requests GET /regulator/submittals with 10 connections for 10 s.
 *
 *   npm run bench:review                        # builds the dataset first if missing
 *   npx tsx scripts/bench-review.ts --runs 50   # fewer runs
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import pino from 'pino';
import { bootstrap } from '../src/bootstrap';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/knex';
import type { QueueFilters } from '../src/modules/review/review-queue.repo';
import { createServices } from '../src/services';
import { regulatorScopeForScript, type RegulatorScope } from '../src/tenancy/regulator-scope';
import { BENCH_PASSWORD, benchUrls } from './seed-statewide';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const RUNS = opt('--runs', 200);
const WARM = opt('--warm', 20);
const CANNON_SECONDS = opt('--seconds', 10);
const NONE: QueueFilters = { element: null, status: null, facility: null, from: null, to: null };

type Case = { cupa: string; name: string; call: () => Promise<unknown> };
type Timing = { cupa: string; name: string; median: number; p95: number; max: number; note: string };

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
const ms = (n: number) => (n < 10 ? n.toFixed(1) : Math.round(n).toString());
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');

// ---------- autocannon, in a process of its own ----------

async function cannonChild() {
  const { url, cookie } = JSON.parse(process.env.BENCH_CANNON!) as { url: string; cookie: string };
  const result = await autocannon({ url, connections: 10, duration: CANNON_SECONDS, headers: { cookie, 'x-forwarded-proto': 'https' } });
  process.stdout.write(`RESULT ${JSON.stringify({
    rps: result.requests.average, total: result.requests.total, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts,
    p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max,
  })}\n`);
}

function runCannon(url: string, cookie: string): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    // Not spawnSync: the app being measured runs on this process's event loop.
    const child = spawn(process.execPath, [...process.execArgv, __filename, '--seconds', String(CANNON_SECONDS)], { env: { ...process.env, BENCH_CANNON: JSON.stringify({ url, cookie }) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) reject(new Error(`autocannon child exited ${code}: ${out}`));
      else resolve(JSON.parse(line.slice(7)) as Record<string, number>);
    });
  });
}

// ---------- the service cases ----------

async function main() {
  if (process.env.BENCH_CANNON) return cannonChild();
  const { bench } = benchUrls();
  const env = {
    ...process.env, DATABASE_URL: bench, NODE_ENV: 'production', LOG_LEVEL: 'silent', JOBS: 'false', TRUST_PROXY: 'loopback',
    SESSION_SECRET: 'bench-review-session-secret-0123456789abcdef', BASE_URL: 'https://portal.example.gov', SMTP_URL: 'smtp://127.0.0.1:2525',
  };
  const config = loadConfig(env);
  const logger = pino({ level: 'silent' });
  const db = await openDatabase({ url: bench });
  const knex = db.knex;
  const explainer = new pg.Client({ connectionString: bench });
  await explainer.connect();
  try {
    const dataset = await knex('bench_dataset').first().catch(() => undefined);
    if (!dataset) throw new Error('No dataset: run `npm run bench:review:seed` first.');
    const services = createServices({ config, knex, logger });

    async function cupa(where: string) {
      const r = await knex('regulators as r').join('regulator_staff as s', 's.regulator_id', 'r.id').join('users as u', 'u.id', 's.user_id')
        .whereLike('r.name', where).first('r.id', 'r.name', 'r.code', 's.user_id', 'u.username');
      const scope = regulatorScopeForScript(r.user_id, 'reviewer', { id: r.id, name: r.name, code: r.code });
      const n = await knex('element_versions').where('regulator_id', r.id).whereNot('status', 'draft').count({ n: '*' }).first();
      const f = await knex('facilities').where('regulator_id', r.id).count({ n: '*' }).first();
      return { scope, username: r.username as string, name: r.name as string, versions: Number(n!.n), facilities: Number(f!.n) };
    }
    const la = await cupa('Los Angeles County Fire%');
    const mono = await cupa('Mono County%');
    const busiest = await knex('element_versions').whereNotNull('regulator_id').groupBy('regulator_id').orderBy('n', 'desc').first('regulator_id', knex.raw('count(*)::int as n'));

    // A submitted inventory of 20–50 materials, the most recent, in each CUPA.
    const inventoryOf = async (scope: RegulatorScope) => {
      const r = await knex.raw(
        `select v.id, count(*)::int n from element_versions v join inventory_items i on i.element_version_id = v.id
          where v.regulator_id = ? and v.element_code = 2 and v.status <> 'draft'
          group by v.id having count(*) between 20 and 50 order by v.id desc limit 1`,
        [scope.regulatorId],
      );
      return r.rows[0] as { id: number; n: number };
    };
    const laInv = await inventoryOf(la.scope);
    const monoInv = (await inventoryOf(mono.scope)) ?? (await knex.raw(
      `select v.id, (select count(*)::int from inventory_items i where i.element_version_id = v.id) n from element_versions v
        where v.regulator_id = ? and v.element_code = 2 and v.status <> 'draft' order by n desc, v.id desc limit 1`, [mono.scope.regulatorId])).rows[0];
    const cersId = (await knex('facilities').where('regulator_id', la.scope.regulatorId).orderBy('id').offset(5000).first('cers_id')).cers_id as number;
    const lastPage = Math.ceil(la.versions / 25);
    const pickName = (await knex('facilities').where('regulator_id', la.scope.regulatorId).whereRaw("name not like '%#%'").orderBy('id').offset(777).first('name')).name as string;
    const nameWords = pickName.toLowerCase();
    const matching = async (text: string) => Number((await knex('facilities').where('regulator_id', la.scope.regulatorId).whereRaw('lower(name) like ?', [`%${text}%`]).count({ n: '*' }).first())!.n).toLocaleString('en-US');

    const q = (scope: RegulatorScope, f: Partial<QueueFilters>, page = 1) => () => services.review.queue(scope, { ...NONE, ...f }, page);
    const cases: (Case & { note: string })[] = [
      { cupa: 'LA County', name: 'queue, first page', call: q(la.scope, {}), note: 'no filter: counts per status + page 1' },
      { cupa: 'LA County', name: 'status Submitted + Inventory', call: q(la.scope, { status: 'submitted', element: 2 }), note: 'the work list' },
      { cupa: 'LA County', name: 'status Accepted (largest)', call: q(la.scope, { status: 'accepted' }), note: '' },
      { cupa: 'LA County', name: `facility name "${nameWords}"`, call: q(la.scope, { facility: nameWords }), note: `a full name: ${await matching(nameWords)} facilities` },
      { cupa: 'LA County', name: 'facility name "auto"', call: q(la.scope, { facility: 'auto' }), note: `one word: ${await matching('auto')} facilities` },
      { cupa: 'LA County', name: 'facility by CERS ID', call: q(la.scope, { facility: String(cersId) }), note: '' },
      { cupa: 'LA County', name: 'dates 2025-03-01…31', call: q(la.scope, { from: '2025-03-01', to: '2025-03-31' }), note: '' },
      { cupa: 'LA County', name: 'page 200', call: q(la.scope, {}, 200), note: 'OFFSET 4,975' },
      { cupa: 'LA County', name: `last page (${lastPage.toLocaleString('en-US')})`, call: q(la.scope, {}, lastPage), note: `OFFSET ${((lastPage - 1) * 25).toLocaleString('en-US')}` },
      { cupa: 'LA County', name: `submittal view (${laInv.n} materials)`, call: () => services.review.submittal(la.scope, laInv.id), note: 'version, parts, files, history, other versions, items + rules' },
      { cupa: 'Mono County', name: 'queue, first page', call: q(mono.scope, {}), note: '' },
      { cupa: 'Mono County', name: 'status Submitted + Inventory', call: q(mono.scope, { status: 'submitted', element: 2 }), note: '' },
      { cupa: 'Mono County', name: `submittal view (${monoInv.n} materials)`, call: () => services.review.submittal(mono.scope, monoInv.id), note: '' },
    ];

    console.log(`\nReview queue benchmark — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
    console.log(`PostgreSQL ${(await knex.raw('show server_version')).rows[0].server_version}, database ${bench.replace(/\/\/[^@]*@/, '//')}`);
    console.log(`Dataset: ${Object.entries(dataset.counts as Record<string, number>).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}; built in ${dataset.build_seconds} s`);
    console.log(`LA County (${la.name}): ${la.facilities.toLocaleString('en-US')} facilities, ${la.versions.toLocaleString('en-US')} submitted versions${busiest.regulator_id === la.scope.regulatorId ? ' (the busiest CUPA)' : ` (busiest: regulator ${busiest.regulator_id}, ${busiest.n})`}`);
    console.log(`Mono County (${mono.name}): ${mono.facilities.toLocaleString('en-US')} facilities, ${mono.versions.toLocaleString('en-US')} submitted versions`);
    console.log(`${RUNS} timed runs per case after ${WARM} warm-up runs. Load average at start: ${load()}\n`);

    // The plans: every statement of one call, EXPLAIN (ANALYZE, BUFFERS).
    const plans: string[] = [];
    for (const c of cases) {
      const statements: { sql: string; bindings: unknown[] }[] = [];
      const listen = (e: { sql: string; bindings?: unknown[] }) => statements.push({ sql: e.sql, bindings: e.bindings ?? [] });
      knex.on('query', listen);
      await c.call();
      knex.off('query', listen);
      plans.push(`${c.cupa} — ${c.name}:`);
      for (const s of statements) {
        // The event's SQL has pg's $1… placeholders already (knex converts "?" before emitting it).
        let i = 0;
        const text = /\$1\b/.test(s.sql) || !s.bindings.length ? s.sql : s.sql.replace(/\?/g, () => `$${++i}`);
        const plan = (await explainer.query(`explain (analyze, buffers) ${text}`, s.bindings)).rows.map((r: Record<string, string>) => r['QUERY PLAN']!);
        const indexes = [...new Set(plan.flatMap((l) => [...l.matchAll(/(Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\S+)/g)].map((m) => `${m[2]}${m[1] === 'Index Only Scan' ? ' (index only)' : ''}`)))];
        const seq = [...new Set(plan.flatMap((l) => [...l.matchAll(/Seq Scan on (\S+)/g)].map((m) => m[1]!)))];
        const exec = plan.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '';
        const table = /from "(\w+)"/.exec(s.sql)?.[1] ?? '';
        plans.push(`  ${exec.padStart(10)}  ${table.padEnd(22)} ${plan[0]!.trim().replace(/\s+\(cost=.*?\)/, '').slice(0, 70)}  indexes: ${indexes.join(', ') || '–'}${seq.length ? `  seq scan: ${seq.join(', ')}` : ''}`);
      }
    }

    const timings: Timing[] = [];
    for (const c of cases) {
      for (let k = 0; k < WARM; k++) await c.call();
      const t: number[] = [];
      for (let k = 0; k < RUNS; k++) {
        const t0 = performance.now();
        await c.call();
        t.push(performance.now() - t0);
      }
      t.sort((a, b) => a - b);
      timings.push({ cupa: c.cupa, name: c.name, median: pct(t, 0.5), p95: pct(t, 0.95), max: t.at(-1)!, note: c.note });
      process.stderr.write(`  ${c.cupa} — ${c.name}: median ${ms(pct(t, 0.5))} ms\n`);
    }

    console.log('| CUPA | case | median ms | p95 ms | max ms | what it runs |\n|---|---|---:|---:|---:|---|');
    for (const t of timings) console.log(`| ${t.cupa} | ${t.name} | ${ms(t.median)} | ${ms(t.p95)} | ${ms(t.max)} | ${t.note} |`);
    console.log(`\nLoad average after the service cases: ${load()}`);
    console.log('\nPlans (EXPLAIN ANALYZE of every statement of one call: execution time, table, top node, indexes):');
    for (const p of plans) console.log(p);

    // ---------- HTTP ----------
    const appDb = await openDatabase({ url: bench });
    const runtime = await bootstrap(config, { prepared: appDb, logger });
    const server = runtime.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const jar = new Map<string, string>();
      const get = async (path: string, init: RequestInit = {}) => {
        const res = await fetch(base + path, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), 'x-forwarded-proto': 'https', cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
        for (const c of res.headers.getSetCookie()) {
          const [pair] = c.split(';');
          const at = pair!.indexOf('=');
          jar.set(pair!.slice(0, at), pair!.slice(at + 1));
        }
        return res;
      };
      const signInPage = await (await get('/sign-in')).text();
      const token = /name="_csrf" value="([^"]+)"/.exec(signInPage)?.[1];
      if (!token) throw new Error('no CSRF token on the sign-in page');
      const signedIn = await get('/sign-in', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, login: la.username, password: BENCH_PASSWORD }).toString() });
      if (signedIn.status !== 303) throw new Error(`sign-in answered ${signedIn.status}`);
      const page = await get('/regulator/submittals');
      const html = await page.text();
      if (page.status !== 200 || !html.includes('Review queue')) throw new Error(`the queue answered ${page.status}`);
      const view = await get(`/regulator/submittals/${laInv.id}`);
      if (view.status !== 200) throw new Error(`the submittal page answered ${view.status}`);
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      console.log(`\nHTTP: GET /regulator/submittals as ${la.username} (LA County), production settings, ${html.length.toLocaleString('en-US')} bytes of HTML. Load average before: ${load()}`);
      const r = await runCannon(`${base}/regulator/submittals`, cookie);
      console.log('| connections | seconds | requests | req/s | p50 ms | p97.5 ms | p99 ms | max ms | non-2xx | errors |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
      console.log(`| 10 | ${CANNON_SECONDS} | ${r.total!.toLocaleString('en-US')} | ${r.rps!.toFixed(1)} | ${r.p50} | ${r.p97_5} | ${r.p99} | ${r.max} | ${r.non2xx} | ${r.errors} |`);
      console.log(`Load average after: ${load()}`);
    } finally {
      server.close();
      await runtime.close();
    }
  } finally {
    await explainer.end();
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
