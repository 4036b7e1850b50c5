import type { Knex } from 'knex';

/**
 * Every repo function takes a Queryable: the app's knex or an open transaction.
 * Services open transactions with inTransaction and pass the trx down, so a
 * multi-row write is all-or-nothing (and on PGlite, where there is one
 * connection, nothing inside a transaction can accidentally ask for another).
 */
export type Queryable = Knex | Knex.Transaction;

export function inTransaction<T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return knex.transaction(work);
}
