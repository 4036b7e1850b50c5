import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { SeedContext } from '../src/db/seed';
import { parseCsvRecords } from '../src/reference/csv.parser';

/** Spellings people type that the names do not contain: British forms (sulphuric, aluminium). */
function synonymsOf(r: Record<string, string>): string[] {
  const names = [r.common_name, r.chemical_name, r.component_name].filter((n): n is string => !!n);
  const british = names.map((n) => n.replace(/sulfur/gi, 'sulphur').replace(/sulfate/gi, 'sulphate').replace(/sulfide/gi, 'sulphide').replace(/aluminum/gi, 'aluminium'));
  return [...new Set(british.filter((b) => !names.includes(b)))];
}

/** The starter chemical library: chemicals common in business inventories. */
export async function seed(knex: Knex, ctx: SeedContext): Promise<void> {
  const rows = parseCsvRecords(fs.readFileSync(path.join(ctx.referenceDir, 'common-chemicals.csv'), 'utf8'));
  const records = rows.map((r) => ({
    search_text: [r.common_name, r.chemical_name, r.cas_number, r.component_name, r.component_cas, ...synonymsOf(r)].filter(Boolean).join(' ').toLowerCase(),
    common_name: r.common_name,
    chemical_name: r.chemical_name || null,
    cas_number: r.cas_number || null,
    component_name: r.component_name || null,
    component_cas: r.component_cas || null,
    hm_type: r.hm_type,
    physical_state: r.physical_state,
    ehs: r.ehs === 'Y',
    ehs_tpq_lbs: r.ehs_tpq_lbs || null,
    dot_un_na_number: r.dot_un_na_number || null,
    dot_proper_shipping_name: r.dot_proper_shipping_name || null,
    dot_hazard_class: r.dot_hazard_class || null,
    dot_subsidiary_hazards: r.dot_subsidiary_hazards || null,
    ghs_classification: r.ghs_classification || null,
    hazard_categories: (r.cers_fhc_elements ?? '').split(';').map((s) => s.trim()).filter(Boolean),
    density_lb_per_gal: r.density_lb_per_gal || null,
    notes: r.notes || null,
    // CERS Chemical Library ID (UPDD 250) where a CERS record shows it for this entry.
    cclid: r.cers_cclid ? Number(r.cers_cclid) : null,
    synonyms: synonymsOf(r),
  }));
  for (let i = 0; i < records.length; i += 100) {
    await knex('chemicals').insert(records.slice(i, i + 100)).onConflict('common_name').merge();
  }
}
