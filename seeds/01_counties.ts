import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { SeedContext } from '../src/db/seed';
import { parseCsvRecords } from '../src/reference/csv.parser';

/** The 58 CERS County IDs (UPDD 105a). */
export async function seed(knex: Knex, ctx: SeedContext): Promise<void> {
  const rows = parseCsvRecords(fs.readFileSync(path.join(ctx.referenceDir, 'california-counties.csv'), 'utf8'));
  await knex('counties')
    .insert(rows.map((r) => ({ id: Number(r.county_id), name: r.county_name })))
    .onConflict('id')
    .merge();
}
