/**
 * Runs the migrations in ./migrations. The list is read from the folder and each
 * file is loaded with require(), so the same code works under tsx (npm start),
 * jest (swc transform) and a compiled build, without knex guessing extensions.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

type MigrationModule = { up(k: Knex): Promise<void>; down(k: Knex): Promise<void> };

/**
 * The app's migration source, also used by knexfile.ts so the knex CLI reads the same history: with a plain
 * directory the CLI would record "x.ts" where the app records "x", and see every migration as pending.
 */
export const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d+_.*\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
      .sort();
  },
  getMigrationName(file) {
    // Recorded without extension so a compiled .js build matches the .ts history.
    return file.replace(/\.(ts|js)$/, '');
  },
  async getMigration(file) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(MIGRATIONS_DIR, file)) as MigrationModule;
  },
};

export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

export async function migrateRollbackAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ migrationSource }, true);
}
