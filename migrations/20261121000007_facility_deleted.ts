import type { Knex } from 'knex';

/**
 * A facility the CUPA deleted (on the business's request, only when nothing was
 * ever submitted for it). Its row stays, so its CERS ID is never reused and the
 * request that deleted it still points at it; every list, search and page hides it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table facilities drop constraint facilities_status');
  await knex.raw("alter table facilities add constraint facilities_status check (status in ('active','archived','deleted'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("update facilities set status = 'archived' where status = 'deleted'");
  await knex.raw('alter table facilities drop constraint facilities_status');
  await knex.raw("alter table facilities add constraint facilities_status check (status in ('active','archived'))");
}
