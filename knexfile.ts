/**
 * For the knex CLI against a real PostgreSQL server (DATABASE_URL), e.g.
 *   DATABASE_URL=postgres://… node --import tsx node_modules/knex/bin/cli.js migrate:status --knexfile knexfile.ts
 * The app itself migrates on start (src/bootstrap.ts) and also handles the embedded database, which the knex
 * CLI cannot open; use `npm run migrate` for both. Migrations go through the app's own migration source
 * (src/db/migrate.ts), which records names without extension: with a plain `directory` the CLI would record
 * "x.ts", find none of the app's "x" rows, and run every migration again on a database the app migrated.
 * test/integration/knexfile.test.ts checks this on PostgreSQL (it is skipped without TEST_DATABASE_URL).
 */
import type { Knex } from 'knex';
import { migrationSource } from './src/db/migrate';

const config: Knex.Config = {
  client: 'pg',
  connection: process.env.DATABASE_URL,
  // No `directory` or `loadExtensions` here: knex drops a migrationSource given together with either.
  // `migrate:make` writes to ./migrations (knex's default) with this extension.
  migrations: { migrationSource, extension: 'ts' },
  seeds: { directory: './seeds', extension: 'ts', loadExtensions: ['.ts'] },
};

export default config;
