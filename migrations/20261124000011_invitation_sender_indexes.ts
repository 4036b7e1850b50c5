import type { Knex } from 'knex';

/**
 * Invitations are throttled per person (src/rules/invitation-limits.rules.ts):
 * how many a person sent in the last hour is counted across every organization
 * and CUPA they invite for, from the invitation tables themselves. Each send
 * (first or resend) sets expires_at to that moment plus the 30-day lifetime,
 * so "sent since T" is "expires after T + 30 days": one range on this index.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index if not exists invitations_sender_recent on invitations (invited_by, expires_at)');
  await knex.raw('create index if not exists regulator_invitations_sender_recent on regulator_invitations (invited_by, expires_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists regulator_invitations_sender_recent');
  await knex.raw('drop index if exists invitations_sender_recent');
}
