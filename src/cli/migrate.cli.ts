/** `npm run migrate`: bring the configured database (embedded or DATABASE_URL) up to date, with reference data. */
import { loadConfig } from '../config';
import { openDatabase } from '../db/knex';
import { migrateLatest } from '../db/migrate';
import { runSeeds } from '../db/seed';

async function main() {
  const config = loadConfig();
  const db = await openDatabase({ url: config.database.url, pgliteDir: config.database.pgliteDir });
  try {
    const applied = await migrateLatest(db.knex);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database already up to date.');
    const seeds = await runSeeds(db.knex, { demo: config.seedDemo });
    console.log(`Seeded: ${seeds.join(', ')}`);
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
