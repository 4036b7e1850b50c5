import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { SeedContext } from '../src/db/seed';
import { parseCsvRecords } from '../src/reference/csv.parser';

/** EPA Extremely Hazardous Substances with their threshold planning quantities (40 CFR 355 App. A). */
export async function seed(knex: Knex, ctx: SeedContext): Promise<void> {
  const rows = parseCsvRecords(fs.readFileSync(path.join(ctx.referenceDir, 'ehs-tpq.csv'), 'utf8'));
  const records = rows.map((r) => ({
    cas_number: r.cas_number || null,
    chemical_name: r.chemical_name,
    tpq_lbs: r.tpq_lbs,
    tpq_text: r.tpq_text,
    rq_lbs: r.rq_lbs || null,
    notes: r.notes || null,
  }));
  for (let i = 0; i < records.length; i += 200) {
    await knex('ehs_substances')
      .insert(records.slice(i, i + 200))
      .onConflict('chemical_name')
      .merge();
  }
}
