import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { SeedContext } from '../src/db/seed';
import { parseCsvRecords } from '../src/reference/csv.parser';

/**
 * Which CUPA covers which county or city (seeds/reference/cupa-jurisdictions.csv, from
 * the area each agency states in cupas.csv). A row without a city covers the
 * rest of the county. Runs on every start and only adds areas nobody covers yet:
 * an area a System Admin gave to another agency (/admin) stays with it.
 */
export async function seed(knex: Knex, ctx: SeedContext): Promise<void> {
  const counties = new Map((await knex('counties').select('id', 'name')).map((c: { id: number; name: string }) => [c.name, c.id]));
  const rows = parseCsvRecords(fs.readFileSync(path.join(ctx.referenceDir, 'cupa-jurisdictions.csv'), 'utf8'));
  for (const r of rows) {
    const countyId = counties.get(r.county ?? '');
    if (!countyId) throw new Error(`cupa-jurisdictions.csv: unknown county: ${r.county}`);
    const city = r.city || null;
    const existing = await knex('regulator_jurisdictions')
      .where({ county_id: countyId })
      .whereRaw("lower(coalesce(city, '')) = lower(?)", [city ?? ''])
      .first('id');
    if (existing) continue;
    // An agency renamed in /admin is no longer found by the file's name: its areas are its own business now.
    const regulator = await knex('regulators').where({ name: r.cupa_name, county_id: countyId }).first('id');
    if (!regulator) continue;
    await knex('regulator_jurisdictions').insert({ regulator_id: regulator.id, county_id: countyId, city });
  }
}
