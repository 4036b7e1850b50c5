import fs from 'node:fs';
import path from 'node:path';
import knexFactory from 'knex';

/** Drops the run's PostgreSQL databases, or deletes the PGlite template. */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.UPP_TEST_RUN_ID;
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl && runId) {
    const admin = knexFactory({ client: 'pg', connection: pgUrl, pool: { min: 0, max: 1 } });
    const { rows } = await admin.raw('select datname from pg_database where datname like ?', [`upp_%${runId}%`]);
    for (const { datname } of rows as { datname: string }[]) {
      await admin.raw('drop database if exists ?? with (force)', [datname]);
    }
    await admin.destroy();
  }
  const tpl = process.env.UPP_TEST_PGLITE_TEMPLATE;
  if (tpl) fs.rmSync(path.dirname(tpl), { recursive: true, force: true });
}
