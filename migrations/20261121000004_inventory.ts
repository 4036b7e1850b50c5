import type { Knex } from 'knex';

/**
 * The Hazardous Materials Inventory: one row per material per location, in an
 * element version of element 2 (drafts are edited; submitted versions are
 * immutable copies — a trigger refuses changes to their items). Amounts are
 * numeric, codes are checked, hazard categories and containers are arrays of
 * known names. Components (up to 5) have their own table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('chemicals', (t) => {
    t.specificType('synonyms', 'text[]').notNullable().defaultTo('{}');
  });
  // Names, synonyms and CAS numbers in one lower-case text, written by the seed, for trigram search.
  await knex.schema.alterTable('chemicals', (t) => {
    t.text('search_text').notNullable().defaultTo('');
  });
  await knex.raw('create index chemicals_search_trgm on chemicals using gin (search_text gin_trgm_ops)');

  // Local policy: Kern County reports hazardous waste at any amount.
  await knex.schema.alterTable('regulators', (t) => {
    t.boolean('waste_any_amount').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('inventory_items', (t) => {
    t.increments('id');
    t.integer('element_version_id').notNullable().references('element_versions.id').onDelete('CASCADE');
    t.integer('organization_id').notNullable().references('organizations.id');
    t.integer('facility_id').notNullable().references('facilities.id');
    t.string('location', 140).notNullable();
    t.boolean('location_confidential').notNullable().defaultTo(false);
    t.string('map_number', 15);
    t.string('grid_number', 15);
    t.string('common_name', 500).notNullable();
    t.string('chemical_name', 500);
    t.string('cas_number', 15);
    t.boolean('trade_secret').notNullable().defaultTo(false);
    t.boolean('ehs').notNullable().defaultTo(false);
    t.string('hm_type', 1).notNullable();
    t.string('physical_state', 1).notNullable();
    t.boolean('radioactive').notNullable().defaultTo(false);
    t.decimal('curies', 14, 4);
    t.string('units', 1).notNullable();
    t.decimal('max_daily', 19, 4).notNullable();
    t.decimal('average_daily', 19, 4);
    t.decimal('largest_container', 17, 4);
    t.decimal('annual_waste', 19, 4);
    t.string('state_waste_code', 3);
    t.smallint('days_on_site');
    t.specificType('fire_code_classes', 'smallint[]').notNullable().defaultTo('{}');
    t.string('dot_class', 3);
    t.specificType('ghs', 'text[]').notNullable().defaultTo('{}');
    t.specificType('legacy_hazards', 'text[]').notNullable().defaultTo('{}'); // 216a–e, the pre-2018 categories
    t.string('epa_srs_number', 50); // 251
    t.specificType('containers', 'text[]').notNullable().defaultTo('{}');
    t.string('other_container', 30);
    t.string('pressure', 1);
    t.string('temperature', 1);
    t.string('additional_components', 2000);
    t.string('comment', 1000);
    t.integer('chemical_id').references('chemicals.id').onDelete('SET NULL'); // CCLID: the library entry it came from
    t.timestamps(true, true);
    t.index(['element_version_id']);
    t.index(['organization_id']);
  });
  await knex.raw(`alter table inventory_items
    add constraint inventory_hm_type check (hm_type in ('a','b','c')),
    add constraint inventory_state check (physical_state in ('a','b','c')),
    add constraint inventory_units check (units in ('a','b','c','d')),
    add constraint inventory_pressure check (pressure in ('a','b','c')),
    add constraint inventory_temperature check (temperature in ('a','b','c','d')),
    add constraint inventory_amounts check (max_daily >= 0 and coalesce(average_daily, 0) >= 0 and coalesce(largest_container, 0) >= 0 and coalesce(annual_waste, 0) >= 0),
    add constraint inventory_days check (days_on_site between 0 and 999),
    add constraint inventory_fire_classes check (cardinality(fire_code_classes) <= 8 and fire_code_classes <@ '{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39}'::smallint[]),
    add constraint inventory_dot check (dot_class in ('1.1','1.2','1.3','1.4','1.5','1.6','2.1','2.2','2.3','3','4.1','4.2','4.3','5.1','5.2','6.1','6.2','7','8','9'))`);

  await knex.schema.createTable('inventory_components', (t) => {
    t.increments('id');
    t.integer('item_id').notNullable().references('inventory_items.id').onDelete('CASCADE');
    t.smallint('position').notNullable();
    t.string('name', 500);
    t.string('cas', 15);
    t.decimal('percent', 5, 2);
    t.boolean('ehs').notNullable().defaultTo(false);
    t.unique(['item_id', 'position']);
  });
  await knex.raw('alter table inventory_components add constraint inventory_components_position check (position between 1 and 5)');

  // Items of a submitted version cannot be added, changed or removed.
  await knex.raw(`
    create function inventory_items_immutable() returns trigger language plpgsql as $$
    declare v_status text;
    begin
      select status into v_status from element_versions where id = coalesce(new.element_version_id, old.element_version_id);
      if v_status is not null and v_status <> 'draft' then
        raise exception 'the inventory of a submitted version is immutable' using errcode = '55000';
      end if;
      return coalesce(new, old);
    end $$`);
  await knex.raw('create trigger inventory_items_immutable before insert or update or delete on inventory_items for each row execute function inventory_items_immutable()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger if exists inventory_items_immutable on inventory_items');
  await knex.raw('drop function if exists inventory_items_immutable()');
  await knex.schema.dropTableIfExists('inventory_components');
  await knex.schema.dropTableIfExists('inventory_items');
  await knex.raw('drop index if exists chemicals_search_trgm');
  await knex.schema.alterTable('regulators', (t) => t.dropColumn('waste_any_amount'));
  await knex.schema.alterTable('chemicals', (t) => {
    t.dropColumn('search_text');
    t.dropColumn('synonyms');
  });
}
