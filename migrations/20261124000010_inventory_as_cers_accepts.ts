import type { Knex } from 'knex';

/**
 * Inventory rows as CERS accepts them (docs/inventory-rules.md):
 * - Chemical Location (UPDD 201) and Hazardous Material Type (UPDD 211) are not
 *   "CERS minimally required" (27 CCR Div. 3, Subdiv. 1, Ch. 2, HMI Chemical
 *   Description; both minOccurs 0 in the EDT ChemicalType), so a material
 *   without them can be saved — the rules module warns instead.
 * - The CERS Chemical Library ID (UPDD 250) is kept as the filer or CERS gave
 *   it (`cclid`), apart from `chemical_id`, which links this portal's own library
 *   entry (for density and pre-fill). The library carries CERS's CCLID where known.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table inventory_items alter column location drop not null');
  await knex.raw('alter table inventory_items alter column hm_type drop not null');
  await knex.schema.alterTable('inventory_items', (t) => {
    t.integer('cclid'); // UPDD 250, CERS's id, positive
  });
  await knex.raw('alter table inventory_items add constraint inventory_items_cclid check (cclid > 0)');
  await knex.schema.alterTable('chemicals', (t) => {
    t.integer('cclid').unique(); // CERS Chemical Library ID of this entry, where known
  });
}

/** Drops the CCLID columns; location and type stay nullable (submitted rows cannot be changed to fill them). */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('chemicals', (t) => t.dropColumn('cclid'));
  await knex.schema.alterTable('inventory_items', (t) => t.dropColumn('cclid'));
}
