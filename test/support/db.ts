/**
 * A fresh database for one test file, copied from the run's template: PGlite
 * in memory, or a new PostgreSQL database when TEST_DATABASE_URL is set.
 */
import fs from 'node:fs';
import knexFactory from 'knex';
import { openDatabase, type DatabaseHandle } from '../../src/db/knex';

let counter = 0;

export async function createTestDatabase(): Promise<DatabaseHandle> {
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const template = process.env.UPP_TEST_PG_TEMPLATE;
    if (!template) throw new Error('global setup did not build a PostgreSQL template');
    const name = `upp_t_${process.env.UPP_TEST_RUN_ID}_${process.pid}_${++counter}`;
    const admin = knexFactory({ client: 'pg', connection: pgUrl, pool: { min: 0, max: 1 } });
    await admin.raw('create database ?? template ??', [name, template]);
    await admin.destroy();
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    const db = await openDatabase({ url: url.toString() });
    return {
      ...db,
      async close() {
        await db.close();
        const a = knexFactory({ client: 'pg', connection: pgUrl, pool: { min: 0, max: 1 } });
        await a.raw('drop database if exists ?? with (force)', [name]);
        await a.destroy();
      },
    };
  }
  const template = process.env.UPP_TEST_PGLITE_TEMPLATE;
  if (!template) throw new Error('global setup did not build a PGlite template');
  return openDatabase({ pgliteDir: 'memory://', pgliteLoadDataDir: new Blob([fs.readFileSync(template)]) });
}
