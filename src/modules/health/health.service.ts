import type { Knex } from 'knex';
import { pingDatabase } from './health.repo';

export type HealthService = ReturnType<typeof createHealthService>;

export function createHealthService(db: Knex) {
  return {
    async databaseAnswers(): Promise<boolean> {
      try {
        await pingDatabase(db);
        return true;
      } catch {
        return false;
      }
    },
  };
}
