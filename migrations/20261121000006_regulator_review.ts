import type { Knex } from 'knex';

/**
 * The regulator portal: review decisions with optimistic locking, the review
 * queue's index, regulator-corrected versions, the minor-corrections policy
 * and opt-out, facility transfers and merges, CUPA staff invitations.
 *
 * element_versions.regulator_id is the CUPA the version was submitted to
 * (copied from the facility at submit time). The queue is "this CUPA's
 * submitted versions, newest first": with the CUPA on the version itself one
 * index answers it at statewide scale without joining every facility.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('element_versions', (t) => {
    t.integer('regulator_id').references('regulators.id');
    // Bumped by every decision: a decision form carries the value it was drawn
    // with, and a second reviewer's stale form is refused instead of overwriting.
    t.integer('review_seq').notNullable().defaultTo(0);
    t.integer('corrected_from_version_id').references('element_versions.id');
    t.jsonb('correction'); // { reason, changes: [{ field, label, before, after }] }
    t.integer('corrected_by').references('users.id').onDelete('SET NULL');
  });
  await knex.raw(`update element_versions v set regulator_id = f.regulator_id from facilities f
                  where f.id = v.facility_id and v.status <> 'draft'`);
  await knex.raw(`create index element_versions_queue on element_versions (regulator_id, submitted_at desc, id desc) where status <> 'draft'`);
  await knex.raw(`create index element_versions_queue_status on element_versions (regulator_id, status, submitted_at desc, id desc) where status <> 'draft'`);
  await knex.raw(`create index element_versions_queue_element on element_versions (regulator_id, element_code, submitted_at desc, id desc) where status <> 'draft'`);
  await knex.raw('create index element_versions_facility_queue on element_versions (facility_id, submitted_at desc) where status <> \'draft\'');
  await knex.raw('create index element_versions_corrected_from on element_versions (corrected_from_version_id) where corrected_from_version_id is not null');
  // A facility found by CERS ID in a CUPA's queue filter.
  await knex.raw('create index facilities_regulator_cers on facilities (regulator_id, cers_id)');

  // Moving history (transfer to another organization, merge into another
  // facility) changes who owns submitted rows, never what they say. The
  // immutability triggers allow it only inside a transaction that declares it.
  await knex.raw(`
    create or replace function element_versions_immutable() returns trigger language plpgsql as $$
    begin
      if old.status <> 'draft' and (new.content is distinct from old.content
          or new.element_code <> old.element_code
          or new.submitted_at is distinct from old.submitted_at or new.content_hash is distinct from old.content_hash
          or (new.facility_id <> old.facility_id and coalesce(current_setting('upp.moving_history', true), '') <> 'on')) then
        raise exception 'submitted element version % is immutable', old.id using errcode = '55000';
      end if;
      return new;
    end $$`);
  await knex.raw(`
    create or replace function inventory_items_immutable() returns trigger language plpgsql as $$
    declare v_status text;
    begin
      -- Moving history: only the owner columns may change.
      if tg_op = 'UPDATE' and coalesce(current_setting('upp.moving_history', true), '') = 'on'
         and (to_jsonb(new) - 'organization_id' - 'facility_id') = (to_jsonb(old) - 'organization_id' - 'facility_id') then
        return new;
      end if;
      -- A regulator-corrected version is written once, in the transaction that creates it.
      if coalesce(current_setting('upp.writing_version', true), '') = coalesce(new.element_version_id, old.element_version_id)::text then
        return coalesce(new, old);
      end if;
      select status into v_status from element_versions where id = coalesce(new.element_version_id, old.element_version_id);
      if v_status is not null and v_status <> 'draft' then
        raise exception 'the inventory of a submitted version is immutable' using errcode = '55000';
      end if;
      return coalesce(new, old);
    end $$`);

  await knex.schema.alterTable('regulators', (t) => {
    t.boolean('minor_corrections_allowed').notNullable().defaultTo(true);
  });
  await knex.schema.alterTable('facilities', (t) => {
    // SPEC §10: a facility's Lead User may refuse regulator minor corrections.
    t.boolean('minor_corrections_opt_out').notNullable().defaultTo(false);
    t.integer('merged_into_facility_id').references('facilities.id');
  });

  // A transfer moves the facility and its history to the new organization; the
  // old one keeps a read-only entry (with what it submitted) under Archived.
  await knex.schema.createTable('facility_transfers', (t) => {
    t.increments('id');
    t.integer('facility_id').notNullable().references('facilities.id');
    t.integer('from_organization_id').notNullable().references('organizations.id');
    t.integer('to_organization_id').notNullable().references('organizations.id');
    t.integer('facility_request_id').references('facility_requests.id');
    t.timestamp('transferred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['from_organization_id']);
    t.index(['facility_id']);
  });

  await knex.schema.createTable('regulator_invitations', (t) => {
    t.increments('id');
    t.integer('regulator_id').notNullable().references('regulators.id').onDelete('CASCADE');
    t.text('email').notNullable();
    t.text('role').notNullable();
    t.text('token_hash').notNullable().unique();
    t.integer('invited_by').references('users.id').onDelete('SET NULL');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('accepted_at', { useTz: true });
    t.integer('accepted_by').references('users.id').onDelete('SET NULL');
    t.timestamp('revoked_at', { useTz: true });
    t.timestamps(true, true);
    t.index(['regulator_id']);
  });
  await knex.raw(
    "alter table regulator_invitations add constraint regulator_invitations_role check (role in ('regulator_viewer','reviewer','regulator_admin'))",
  );
  await knex.raw('create index access_requests_regulator_pending on access_requests (regulator_id, created_at) where status = \'pending\'');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists access_requests_regulator_pending');
  await knex.schema.dropTableIfExists('regulator_invitations');
  await knex.schema.dropTableIfExists('facility_transfers');
  await knex.schema.alterTable('facilities', (t) => {
    t.dropColumn('merged_into_facility_id');
    t.dropColumn('minor_corrections_opt_out');
  });
  await knex.schema.alterTable('regulators', (t) => t.dropColumn('minor_corrections_allowed'));
  for (const i of ['facilities_regulator_cers', 'element_versions_corrected_from', 'element_versions_facility_queue', 'element_versions_queue_element', 'element_versions_queue_status', 'element_versions_queue']) {
    await knex.raw(`drop index if exists ${i}`);
  }
  await knex.schema.alterTable('element_versions', (t) => {
    for (const c of ['corrected_by', 'correction', 'corrected_from_version_id', 'review_seq', 'regulator_id']) t.dropColumn(c);
  });
}
