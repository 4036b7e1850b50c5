/**
 * Builds one migrated, reference-seeded database per test run; every test file
 * then starts from a copy of it (PGlite: a data-dir dump; PostgreSQL: a
 * database template), so files are isolated and fast.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { openDatabase } from '../../src/db/knex';
import { migrateLatest } from '../../src/db/migrate';
import { runSeeds } from '../../src/db/seed';

export default async function globalSetup(): Promise<void> {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  process.env.UPP_TEST_RUN_ID = runId;
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const admin = knexFactory({ client: 'pg', connection: pgUrl, pool: { min: 0, max: 1 } });
    const template = `upp_tpl_${runId}`;
    await admin.raw(`create database ??`, [template]);
    await admin.destroy();
    const url = new URL(pgUrl);
    url.pathname = `/${template}`;
    const db = await openDatabase({ url: url.toString() });
    await migrateLatest(db.knex);
    await runSeeds(db.knex, { demo: false });
    await db.close();
    process.env.UPP_TEST_PG_TEMPLATE = template;
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upp-test-'));
  const db = await openDatabase({ pgliteDir: 'memory://' });
  await migrateLatest(db.knex);
  await runSeeds(db.knex, { demo: false });
  const dump = await db.dumpDataDir!();
  await db.close();
  const file = path.join(dir, 'template.tgz');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.UPP_TEST_PGLITE_TEMPLATE = file;
}
