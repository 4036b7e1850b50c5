/**
 * Opens the database (embedded or DATABASE_URL), brings it up to date
 * (migrations, reference data, demo data in development) and builds the app.
 * Shared by server.ts and the browser tests, so both run exactly what ships.
 */
import type { Express } from 'express';
import type { Logger } from 'pino';
import { createApp } from './app';
import type { Config } from './config';
import { openDatabase, type DatabaseHandle } from './db/knex';
import { migrateLatest } from './db/migrate';
import { runSeeds } from './db/seed';
import { createLogger } from './http/logging.setup';
import { createServices, type Services } from './services';

export type Runtime = { app: Express; db: DatabaseHandle; services: Services; logger: Logger; close(): Promise<void> };

export async function bootstrap(config: Config, opts: { logger?: Logger; prepared?: DatabaseHandle } = {}): Promise<Runtime> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const db = opts.prepared ?? (await openDatabase({ url: config.database.url, pgliteDir: config.database.pgliteDir }));
  try {
    if (!opts.prepared) {
      const applied = await migrateLatest(db.knex);
      if (applied.length) logger.info({ applied }, 'migrations applied');
      await runSeeds(db.knex, { demo: config.seedDemo });
    }
    const services = createServices({ config, knex: db.knex, logger });
    const app = createApp({ config, knex: db.knex, logger, services });
    return {
      app,
      db,
      services,
      logger,
      async close() {
        await (app.locals.sessionStoreReady as Promise<unknown> | undefined)?.catch(() => undefined);
        services.mail.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
