/**
 * One knex instance for the whole process: a pg pool on DATABASE_URL, or the
 * embedded PGlite reached through its node-postgres adapter. PGlite is a single
 * session, so its pool is exactly one connection and everything (sessions,
 * jobs, requests) must share it: a second client would see uncommitted rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { acquireLock } from './lock';

export type Db = Knex;

export type DatabaseHandle = {
  knex: Db;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
  /** PGlite only: a gzipped copy of the data directory (tests start each file from one). */
  dumpDataDir?: () => Promise<Blob>;
};

export type DatabaseOptions = {
  url?: string;
  /** A folder, or 'memory://' for a throwaway database. */
  pgliteDir?: string;
  /** A gzipped data dir (PGlite dumpDataDir) to start from; used by tests. */
  pgliteLoadDataDir?: Blob;
};

export async function openDatabase(opts: DatabaseOptions): Promise<DatabaseHandle> {
  if (opts.url) {
    const knex = knexFactory({ client: 'pg', connection: opts.url, pool: { min: 0, max: 10 } });
    return { knex, kind: 'postgres', close: () => knex.destroy() };
  }
  const dir = opts.pgliteDir ?? 'memory://';
  let release = (): void => {};
  if (!dir.startsWith('memory://')) {
    // PGlite creates only the last path segment; make the parents ourselves.
    fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
    release = acquireLock(`${path.resolve(dir)}.lock`);
  }
  let pglite: PGlite;
  try {
    pglite = new PGlite(dir, { extensions: { pg_trgm }, loadDataDir: opts.pgliteLoadDataDir });
    await pglite.waitReady;
  } catch (err) {
    release();
    throw err;
  }
  const knex = knexFactory({
    client: 'pg',
    // The adapter's config object is what pg.Client accepts; knex's types only know plain configs.
    connection: createPgConfig(pglite) as unknown as Knex.PgConnectionConfig,
    pool: { min: 1, max: 1 },
    // A query issued outside the current transaction waits for the only connection;
    // fail within seconds rather than hang so such a bug shows up in development.
    acquireConnectionTimeout: 10_000,
  });
  return {
    knex,
    kind: 'pglite',
    dumpDataDir: () => pglite.dumpDataDir('gzip'),
    async close() {
      await knex.destroy();
      await pglite.close();
      release();
    },
  };
}
