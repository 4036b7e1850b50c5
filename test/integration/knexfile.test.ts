/**
 * knexfile.ts lets a maintainer run the knex CLI against a database the app migrated: the CLI must read the
 * app's migration history (names recorded without extension, src/db/migrate.ts) and find nothing to do.
 *
 * PostgreSQL only: the knex CLI cannot open the embedded database, so without TEST_DATABASE_URL this is skipped.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { openDatabase } from '../../src/db/knex';
import { migrateLatest, migrationSource } from '../../src/db/migrate';

const root = path.resolve(__dirname, '../..');
const serverUrl = process.env.TEST_DATABASE_URL;
const onPostgres = serverUrl ? test : test.skip;

const database = `upp_knexfile_${process.pid}`;
let admin: Knex | undefined;
let databaseUrl = '';

/** The knex CLI as a maintainer runs it (README "Other scripts"), on this test's own database. */
function knexCli(command: string) {
  const { NODE_OPTIONS: _jestNodeOptions, ...env } = process.env;
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'node_modules/knex/bin/cli.js', command, '--knexfile', 'knexfile.ts'], {
    cwd: root,
    env: { ...env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

beforeAll(async () => {
  if (!serverUrl) return;
  admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
  await admin.raw('drop database if exists ??', [database]);
  await admin.raw('create database ??', [database]);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  databaseUrl = url.toString();
  const db = await openDatabase({ url: databaseUrl });
  try {
    await migrateLatest(db.knex);
  } finally {
    await db.close();
  }
});

afterAll(async () => {
  if (!admin) return;
  await admin.raw('drop database if exists ?? with (force)', [database]);
  await admin.destroy();
});

onPostgres('the knex CLI sees every migration the app applied as done, and has nothing to run', async () => {
  const names = (await migrationSource.getMigrations([])).map((m) => migrationSource.getMigrationName(m));
  expect(names.length).toBeGreaterThan(0);

  const status = knexCli('migrate:status');
  expect(status.output).not.toMatch(/corrupt|Error/);
  expect(status.status).toBe(0);
  expect(status.output).toContain(`Found ${names.length} Completed Migration file/files.`);
  for (const name of names) expect(status.output).toContain(name);
  expect(status.output).toContain('No Pending Migration files Found.');

  const latest = knexCli('migrate:latest');
  expect(latest.status).toBe(0);
  expect(latest.output).toContain('Already up to date');
});
