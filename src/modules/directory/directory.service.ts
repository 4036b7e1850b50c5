/** The Regulator Directory, readable by anyone (docs/product.md §11): no sign-in, nothing private. */
import type { Knex } from 'knex';
import { listRegulators } from './directory.repo';

export type DirectoryService = ReturnType<typeof createDirectoryService>;

export function createDirectoryService(deps: { db: Knex }) {
  return { list: (q: string) => listRegulators(deps.db, q.trim().slice(0, 100)) };
}
