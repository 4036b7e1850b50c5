import type { Knex } from 'knex';

/**
 * Submittals: element versions (drafts and submitted versions), the facility
 * submittal that groups what was submitted together, status history, document
 * parts with their chosen option, uploaded files, and each CUPA's document policy.
 * Submitted versions are immutable: a trigger refuses any change to their content.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('regulators', (t) => {
    t.smallint('annual_due_month').notNullable().defaultTo(3);
    t.smallint('annual_due_day').notNullable().defaultTo(1);
  });

  await knex.schema.createTable('facility_submittals', (t) => {
    t.increments('id');
    t.integer('facility_id').notNullable().references('facilities.id');
    t.integer('organization_id').notNullable().references('organizations.id');
    t.integer('submitted_by').references('users.id').onDelete('SET NULL');
    t.timestamp('submitted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('fingerprint').notNullable(); // SHA-256 over the submitted content, printed on the receipt
    t.uuid('idempotency_key').notNullable().unique(); // one submit form = one submittal, whatever the clicks
    t.index(['facility_id', 'submitted_at']);
  });

  await knex.schema.createTable('element_versions', (t) => {
    t.increments('id');
    t.integer('facility_id').notNullable().references('facilities.id');
    t.integer('organization_id').notNullable().references('organizations.id');
    t.smallint('element_code').notNullable();
    t.text('status').notNullable().defaultTo('draft');
    t.jsonb('content').notNullable().defaultTo('{}');
    t.integer('based_on_version_id').references('element_versions.id');
    t.integer('facility_submittal_id').references('facility_submittals.id');
    t.text('comment_to_regulator');
    t.text('content_hash');
    t.integer('created_by').references('users.id').onDelete('SET NULL');
    t.integer('submitted_by').references('users.id').onDelete('SET NULL');
    t.timestamp('submitted_at', { useTz: true });
    t.timestamp('status_changed_at', { useTz: true });
    t.timestamps(true, true);
    t.index(['facility_id', 'element_code', 'submitted_at']);
    t.index(['organization_id']);
  });
  await knex.raw('alter table element_versions add constraint element_versions_code check (element_code between 1 and 10)');
  await knex.raw(
    "alter table element_versions add constraint element_versions_status check (status in ('draft','submitted','under_review','accepted','not_accepted','not_applicable'))",
  );
  // At most one draft per element: a double click or the Back button cannot make two.
  await knex.raw("create unique index element_versions_one_draft on element_versions (facility_id, element_code) where status = 'draft'");
  await knex.raw(`
    create function element_versions_immutable() returns trigger language plpgsql as $$
    begin
      if old.status <> 'draft' and (new.content is distinct from old.content
          or new.facility_id <> old.facility_id or new.element_code <> old.element_code
          or new.submitted_at is distinct from old.submitted_at or new.content_hash is distinct from old.content_hash) then
        raise exception 'submitted element version % is immutable', old.id using errcode = '55000';
      end if;
      return new;
    end $$`);
  await knex.raw('create trigger element_versions_immutable before update on element_versions for each row execute function element_versions_immutable()');

  await knex.schema.createTable('element_status_history', (t) => {
    t.increments('id');
    t.integer('element_version_id').notNullable().references('element_versions.id').onDelete('CASCADE');
    t.text('status').notNullable();
    t.integer('changed_by').references('users.id').onDelete('SET NULL');
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('comment');
    t.index(['element_version_id', 'changed_at']);
  });

  await knex.schema.createTable('document_parts', (t) => {
    t.increments('id');
    t.integer('element_version_id').notNullable().references('element_versions.id').onDelete('CASCADE');
    t.text('part_code').notNullable();
    t.text('option').notNullable();
    t.text('url');
    t.smallint('elsewhere_element_code');
    t.text('elsewhere_comment');
    t.integer('stored_at_cers_id');
    t.date('provided_date');
    t.text('exempt_comment');
    t.timestamps(true, true);
    t.unique(['element_version_id', 'part_code']);
  });
  await knex.raw(
    "alter table document_parts add constraint document_parts_option check (option in ('upload','url','elsewhere','stored_at_facility','provided_to_regulator','exempt'))",
  );

  await knex.schema.createTable('documents', (t) => {
    t.increments('id');
    t.integer('document_part_id').notNullable().references('document_parts.id').onDelete('CASCADE');
    t.integer('organization_id').notNullable().references('organizations.id');
    t.integer('facility_id').notNullable().references('facilities.id');
    t.text('title').notNullable();
    t.text('description');
    t.date('date_authored').notNullable();
    t.text('original_name').notNullable();
    t.text('stored_name').notNullable(); // content-addressed file under UPLOAD_DIR, never overwritten
    t.text('media_type').notNullable();
    t.bigInteger('size_bytes').notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('uploaded_by').references('users.id').onDelete('SET NULL');
    t.uuid('idempotency_key').unique(); // the upload form's key: a resubmitted upload is not stored twice
    t.timestamps(true, true);
    t.index(['document_part_id']);
  });

  await knex.schema.createTable('document_policies', (t) => {
    t.increments('id');
    t.integer('regulator_id').notNullable().references('regulators.id').onDelete('CASCADE');
    t.text('part_code').notNullable();
    t.specificType('accepted_options', 'text[]').notNullable();
    t.text('note');
    // Kern: the training plan may be Exempt only when the facility has no employees.
    t.boolean('exempt_requires_no_employees').notNullable().defaultTo(false);
    t.unique(['regulator_id', 'part_code']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['document_policies', 'documents', 'document_parts', 'element_status_history']) await knex.schema.dropTableIfExists(table);
  await knex.raw('drop trigger if exists element_versions_immutable on element_versions');
  await knex.raw('drop function if exists element_versions_immutable()');
  await knex.schema.dropTableIfExists('element_versions');
  await knex.schema.dropTableIfExists('facility_submittals');
  await knex.schema.alterTable('regulators', (t) => {
    t.dropColumn('annual_due_month');
    t.dropColumn('annual_due_day');
  });
}
