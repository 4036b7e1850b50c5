import type { Knex } from 'knex';

/**
 * Tenancy: facilities (CERS IDs from a sequence that never reuses a number),
 * CUPA jurisdictions, invitations, access requests and facility requests
 * (transfer, merge, delete). Organization codes come from a sequence too.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists pg_trgm');
  await knex.raw('create sequence cers_id_seq start with 10000001 minvalue 10000001 maxvalue 999999999 no cycle');
  await knex.raw('create sequence organization_code_seq start with 10000001 minvalue 10000001 maxvalue 89999999 no cycle');

  await knex.schema.alterTable('organizations', (t) => {
    t.text('status').notNullable().defaultTo('active');
  });

  await knex.schema.createTable('regulator_jurisdictions', (t) => {
    t.increments('id');
    t.integer('regulator_id').notNullable().references('regulators.id').onDelete('CASCADE');
    t.smallint('county_id').notNullable().references('counties.id');
    t.text('city'); // null: the rest of the county not covered by a city CUPA
  });
  await knex.raw(
    "create unique index regulator_jurisdictions_area on regulator_jurisdictions (county_id, lower(coalesce(city, '')))",
  );

  await knex.schema.createTable('facilities', (t) => {
    t.increments('id');
    t.integer('cers_id').notNullable().unique().defaultTo(knex.raw("nextval('cers_id_seq')"));
    t.integer('organization_id').notNullable().references('organizations.id');
    t.text('name').notNullable();
    t.text('street').notNullable();
    t.text('city').notNullable();
    t.string('zip', 10).notNullable();
    t.smallint('county_id').notNullable().references('counties.id');
    t.string('local_facility_id', 13);
    t.integer('regulator_id').references('regulators.id');
    t.text('status').notNullable().defaultTo('active');
    t.integer('created_by').references('users.id').onDelete('SET NULL');
    t.timestamps(true, true);
    t.index(['organization_id', 'status']);
    t.index(['regulator_id']);
  });
  await knex.raw("alter table facilities add constraint facilities_status check (status in ('active','archived'))");
  // Duplicate detection on the normalized address, and search by name.
  await knex.raw('create index facilities_city_zip on facilities (lower(city), zip)');
  await knex.raw('create index facilities_name_trgm on facilities using gin (lower(name) gin_trgm_ops)');

  await knex.schema.createTable('invitations', (t) => {
    t.increments('id');
    t.integer('organization_id').notNullable().references('organizations.id').onDelete('CASCADE');
    t.text('email').notNullable();
    t.text('role').notNullable();
    t.text('token_hash').notNullable().unique();
    t.integer('invited_by').references('users.id').onDelete('SET NULL');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('accepted_at', { useTz: true });
    t.integer('accepted_by').references('users.id').onDelete('SET NULL');
    t.timestamp('revoked_at', { useTz: true });
    t.timestamps(true, true);
    t.index(['organization_id']);
  });
  await knex.raw(
    "alter table invitations add constraint invitations_role check (role in ('viewer','editor','approver','lead_user'))",
  );

  await knex.schema.createTable('access_requests', (t) => {
    t.increments('id');
    t.integer('organization_id').notNullable().references('organizations.id').onDelete('CASCADE');
    t.integer('facility_id').notNullable().references('facilities.id').onDelete('CASCADE');
    t.integer('requester_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('phone').notNullable();
    t.text('title').notNullable();
    t.text('role_requested').notNullable();
    t.text('message');
    // Who decides: the organization's Lead Users, or (none) the facility's CUPA.
    t.text('routed_to').notNullable();
    t.integer('regulator_id').references('regulators.id');
    t.text('status').notNullable().defaultTo('pending');
    t.text('role_granted');
    t.integer('decided_by').references('users.id').onDelete('SET NULL');
    t.timestamp('decided_at', { useTz: true });
    t.text('decision_comment');
    t.timestamps(true, true);
    t.index(['organization_id', 'status']);
    t.index(['regulator_id', 'status']);
  });
  await knex.raw("alter table access_requests add constraint access_requests_status check (status in ('pending','granted','denied'))");
  await knex.raw("alter table access_requests add constraint access_requests_routed check (routed_to in ('lead_users','regulator'))");
  // One open request per person and organization: a double submit cannot make two.
  await knex.raw(
    "create unique index access_requests_one_pending on access_requests (organization_id, requester_id) where status = 'pending'",
  );

  await knex.schema.createTable('facility_requests', (t) => {
    t.increments('id');
    t.text('kind').notNullable();
    t.integer('organization_id').notNullable().references('organizations.id');
    t.integer('facility_id').notNullable().references('facilities.id');
    t.string('target_organization_code', 8); // transfer: the receiving organization
    t.integer('target_facility_id').references('facilities.id'); // merge: the surviving facility
    t.text('reason').notNullable();
    t.integer('regulator_id').references('regulators.id');
    t.integer('requested_by').references('users.id').onDelete('SET NULL');
    t.text('status').notNullable().defaultTo('pending');
    t.integer('decided_by').references('users.id').onDelete('SET NULL');
    t.timestamp('decided_at', { useTz: true });
    t.text('decision_comment');
    t.timestamps(true, true);
    t.index(['organization_id', 'status']);
    t.index(['regulator_id', 'status']);
  });
  await knex.raw("alter table facility_requests add constraint facility_requests_kind check (kind in ('transfer','merge','delete'))");
  await knex.raw(
    "alter table facility_requests add constraint facility_requests_status check (status in ('pending','approved','denied','withdrawn'))",
  );
  await knex.raw(
    "create unique index facility_requests_one_pending on facility_requests (facility_id) where status = 'pending'",
  );
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['facility_requests', 'access_requests', 'invitations', 'facilities', 'regulator_jurisdictions']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('organizations', (t) => t.dropColumn('status'));
  await knex.raw('drop sequence if exists organization_code_seq');
  await knex.raw('drop sequence if exists cers_id_seq');
}
