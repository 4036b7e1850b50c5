import type { Knex } from 'knex';

/**
 * Inventory spreadsheet uploads, staged until the filer commits or cancels: the
 * stored file, its progress (a background upload resumes from rows_read after a
 * restart), the parsed rows and every problem found. Nothing here is inventory
 * until commit copies the rows into the drafts in one transaction.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('inventory_uploads', (t) => {
    t.increments('id');
    t.integer('organization_id').notNullable().references('organizations.id');
    t.integer('user_id').notNullable().references('users.id');
    t.integer('origin_facility_id').references('facilities.id'); // the inventory page the filer came from
    t.string('file_name', 255).notNullable();
    t.string('stored_name', 80).notNullable();
    t.string('kind', 4).notNullable();
    t.integer('byte_size').notNullable();
    t.string('status', 12).notNullable();
    t.boolean('background').notNullable().defaultTo(false);
    t.string('job_id', 64);
    t.integer('rows_read').notNullable().defaultTo(0); // non-blank data rows staged so far
    t.integer('last_row_number').notNullable().defaultTo(0); // spreadsheet row of the last staged row
    t.integer('estimated_rows');
    t.jsonb('notes').notNullable().defaultTo('[]');
    t.text('error');
    t.string('mode', 7);
    t.jsonb('saved'); // at commit: [{ cersId, name, rows }] per facility, for the page after the staging rows are gone
    t.timestamp('ready_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    t.timestamps(true, true);
    t.index(['organization_id', 'status']);
  });
  await knex.raw(`alter table inventory_uploads
    add constraint inventory_uploads_status check (status in ('queued','processing','ready','failed','committed','cancelled')),
    add constraint inventory_uploads_kind check (kind in ('xlsx','csv')),
    add constraint inventory_uploads_mode check (mode in ('replace','append'))`);

  await knex.schema.createTable('inventory_upload_rows', (t) => {
    t.integer('upload_id').notNullable().references('inventory_uploads.id').onDelete('CASCADE');
    t.integer('row_number').notNullable();
    t.bigInteger('cers_id');
    t.integer('facility_id').references('facilities.id');
    t.integer('chemical_id');
    t.smallint('required').notNullable(); // Required problems of the row: any one blocks the commit
    t.jsonb('item').notNullable();
    t.primary(['upload_id', 'row_number']);
  });

  await knex.schema.createTable('inventory_upload_problems', (t) => {
    t.bigIncrements('id');
    t.integer('upload_id').notNullable().references('inventory_uploads.id').onDelete('CASCADE');
    t.integer('row_number'); // null: about the whole file
    t.string('column_name', 80).notNullable();
    t.string('value', 200).notNullable();
    t.string('message', 500).notNullable();
    t.string('level', 8).notNullable();
    t.index(['upload_id', 'level', 'row_number']);
    t.index(['upload_id', 'row_number']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('inventory_upload_problems');
  await knex.schema.dropTable('inventory_upload_rows');
  await knex.schema.dropTable('inventory_uploads');
}
