import type { Knex } from 'knex';

/**
 * Foundation: reference data (counties, CUPAs, chemical library, EHS list),
 * accounts, one-time tokens, the email log, sessions, the audit log, and the
 * bare tenancy tables the demo accounts need (organizations, memberships,
 * regulator staff). Later migrations extend these; never edit this one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('counties', (t) => {
    t.smallint('id').primary(); // CERS County ID 1..58 (UPDD 105a)
    t.text('name').notNullable().unique();
  });
  await knex.raw('alter table counties add constraint counties_id_range check (id between 1 and 58)');

  await knex.schema.createTable('regulators', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.string('code', 4).unique(); // 4-digit CERS regulator code, only where known
    t.text('agency_type');
    t.smallint('county_id').references('counties.id');
    t.text('area_covered');
    t.text('source_url');
    t.text('notes');
    t.text('phone');
    t.text('email');
    t.text('website');
    t.text('address');
    t.timestamps(true, true);
    t.unique(['name', 'county_id']); // DTSC is the CUPA of two counties, one row each
  });
  await knex.raw("alter table regulators add constraint regulators_code_digits check (code ~ '^[0-9]{4}$')");

  await knex.schema.createTable('ehs_substances', (t) => {
    t.increments('id');
    t.text('cas_number').unique();
    t.text('chemical_name').notNullable().unique();
    t.decimal('tpq_lbs', 12, 2).notNullable();
    t.text('tpq_text').notNullable();
    t.decimal('rq_lbs', 12, 2);
    t.text('notes');
  });

  await knex.schema.createTable('chemicals', (t) => {
    t.increments('id');
    t.text('common_name').notNullable().unique();
    t.text('chemical_name');
    t.text('cas_number');
    t.text('component_name');
    t.text('component_cas');
    t.text('hm_type').notNullable(); // Pure | Mixture
    t.text('physical_state').notNullable(); // Solid | Liquid | Gas
    t.boolean('ehs').notNullable().defaultTo(false);
    t.decimal('ehs_tpq_lbs', 12, 2);
    t.text('dot_un_na_number');
    t.text('dot_proper_shipping_name');
    t.text('dot_hazard_class');
    t.text('dot_subsidiary_hazards');
    t.text('ghs_classification');
    t.specificType('hazard_categories', 'text[]').notNullable().defaultTo('{}'); // CERS FHC element names
    t.decimal('density_lb_per_gal', 10, 4);
    t.text('notes');
    t.index(['cas_number']);
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.text('username').notNullable();
    t.text('email').notNullable();
    t.text('first_name').notNullable();
    t.text('last_name').notNullable();
    t.text('phone');
    t.text('title');
    t.text('password_hash').notNullable();
    t.timestamp('activated_at', { useTz: true });
    // Bumped on password change: sessions carrying an older epoch are signed out.
    t.integer('session_epoch').notNullable().defaultTo(0);
    t.boolean('is_system_admin').notNullable().defaultTo(false);
    t.timestamp('last_sign_in_at', { useTz: true });
    t.timestamps(true, true);
  });
  await knex.raw('create unique index users_username_lower on users (lower(username))');
  // CERS lets one address hold several accounts ("Forgot your username?" sends all of them).
  await knex.raw('create index users_email_lower on users (lower(email))');

  await knex.schema.createTable('user_tokens', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('purpose').notNullable();
    t.text('token_hash').notNullable().unique(); // SHA-256 of the secret; the secret itself is only in the email
    t.jsonb('data').notNullable().defaultTo('{}');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id', 'purpose']);
  });
  await knex.raw(
    "alter table user_tokens add constraint user_tokens_purpose check (purpose in ('activate','reset_password','verify_email'))",
  );

  await knex.schema.createTable('emails', (t) => {
    t.bigIncrements('id');
    t.integer('user_id').references('users.id').onDelete('SET NULL');
    t.text('to_address').notNullable();
    t.text('subject').notNullable();
    t.text('template').notNullable();
    // Bodies hold one-time links; they are kept only in the development outbox.
    t.text('body_text');
    t.text('body_html');
    t.text('status').notNullable(); // sent | failed | outbox
    t.text('error');
    t.text('message_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id', 'created_at']);
  });

  await knex.schema.createTable('sessions', (t) => {
    t.string('sid', 255).primary();
    t.json('sess').notNullable();
    t.timestamp('expired', { useTz: true }).notNullable().index();
  });

  await knex.schema.createTable('organizations', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.text('headquarters');
    t.string('code', 8).notNullable().unique();
    t.timestamps(true, true);
  });
  await knex.raw("alter table organizations add constraint organizations_code_digits check (code ~ '^[0-9]{8}$')");

  await knex.schema.createTable('memberships', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('organization_id').notNullable().references('organizations.id').onDelete('CASCADE');
    t.text('role').notNullable();
    t.timestamps(true, true);
    t.unique(['user_id', 'organization_id']);
    t.index(['organization_id']);
  });
  await knex.raw(
    "alter table memberships add constraint memberships_role check (role in ('viewer','editor','approver','lead_user'))",
  );

  await knex.schema.createTable('regulator_staff', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().unique().references('users.id').onDelete('CASCADE'); // one CUPA per person
    t.integer('regulator_id').notNullable().references('regulators.id').onDelete('CASCADE');
    t.text('role').notNullable();
    t.timestamps(true, true);
    t.index(['regulator_id']);
  });
  await knex.raw(
    "alter table regulator_staff add constraint regulator_staff_role check (role in ('regulator_viewer','reviewer','regulator_admin'))",
  );

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('actor_user_id').references('users.id').onDelete('SET NULL');
    t.text('action').notNullable();
    t.text('entity_type').notNullable();
    t.text('entity_id');
    t.integer('organization_id');
    t.integer('regulator_id');
    t.jsonb('before');
    t.jsonb('after');
    t.text('ip');
    t.index(['entity_type', 'entity_id']);
    t.index(['organization_id', 'at']);
    t.index(['actor_user_id', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'audit_log', 'regulator_staff', 'memberships', 'organizations', 'sessions', 'emails',
    'user_tokens', 'users', 'chemicals', 'ehs_substances', 'regulators', 'counties',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
