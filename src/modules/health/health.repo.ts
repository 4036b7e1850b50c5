import type { Queryable } from '../../db/transaction';

export async function pingDatabase(db: Queryable): Promise<void> {
  await db.raw('select 1');
}
