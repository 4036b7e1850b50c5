import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { SeedContext } from '../src/db/seed';
import { parseCsvRecords } from '../src/reference/csv.parser';

/**
 * The CUPAs known from public sources (seeds/reference/cupas.csv; partial, see its notes).
 * Runs on every start, so it only fills in: a System Admin's edits (/admin) win over the
 * file — an agency already known by its regulator code is left alone, and on an existing
 * row only empty columns take the file's value.
 */
export async function seed(knex: Knex, ctx: SeedContext): Promise<void> {
  const counties = new Map(
    (await knex('counties').select('id', 'name')).map((c: { id: number; name: string }) => [c.name, c.id]),
  );
  const rows = parseCsvRecords(fs.readFileSync(path.join(ctx.referenceDir, 'cupas.csv'), 'utf8'));
  for (const r of rows) {
    const countyId = counties.get(r.county ?? '');
    if (!countyId) throw new Error(`cupas.csv: unknown county "${r.county}" for ${r.cupa_name}`);
    if (r.regulator_code && (await knex('regulators').where({ code: r.regulator_code }).first('id'))) continue;
    await knex('regulators')
      .insert({
        name: r.cupa_name,
        agency_type: r.agency_type || null,
        county_id: countyId,
        area_covered: r.area_covered || null,
        code: r.regulator_code || null,
        source_url: r.source_url || null,
        notes: r.notes || null,
      })
      .onConflict(['name', 'county_id'])
      .merge(Object.fromEntries(['agency_type', 'area_covered', 'code', 'source_url', 'notes'].map((c) => [c, knex.raw(`coalesce(regulators.${c}, excluded.${c})`)])));
  }
}
