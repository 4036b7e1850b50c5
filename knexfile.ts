/**
 * For the knex CLI against a real PostgreSQL server (DATABASE_URL). The app
 * itself migrates on start (src/bootstrap.ts) and also handles the embedded
 * database, which the knex CLI cannot open; use `npm run migrate` for both.
 */
import type { Knex } from 'knex';

const config: Knex.Config = {
  client: 'pg',
  connection: process.env.DATABASE_URL,
  migrations: { directory: './migrations', extension: 'ts', loadExtensions: ['.ts'] },
  seeds: { directory: './seeds', extension: 'ts', loadExtensions: ['.ts'] },
};

export default config;
