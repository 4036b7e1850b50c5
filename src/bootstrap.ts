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
import { startUploadSweeper } from './http/upload';
import { startJobQueue } from './jobs/job-queue';
import { UPLOAD_JOB } from './modules/inventory-upload/upload.service';
import { createServices, type Services } from './services';

/** Background work runs in the web process, through the one database pool. */
async function startWorkers(deps: { config: Config; knex: DatabaseHandle['knex']; logger: Logger; services: Services }) {
  const { config, logger, services } = deps;
  const queue = await startJobQueue({ knex: deps.knex, logger, pollSeconds: config.jobs.pollSeconds, queues: [UPLOAD_JOB] });
  services.inventoryUploads.useJobQueue(queue);
  await queue.work<{ uploadId: number }>(UPLOAD_JOB, async (data, jobId) => {
    try {
      await services.inventoryUploads.runJob(data.uploadId, jobId);
    } catch (err) {
      logger.error({ err, uploadId: data.uploadId }, 'inventory upload job failed; it will be retried');
      throw err;
    }
  });
  // Uploads whose reader stopped with the last process resume now, and any that stall later are picked up again.
  const staleMs = config.jobs.staleSeconds * 1000;
  const resume = () => services.inventoryUploads.resumeStalled(staleMs).then(
    (n) => n && logger.info({ resumed: n }, 'inventory uploads resumed'),
    (err: unknown) => logger.error({ err }, 'resuming uploads failed'),
  );
  await resume();
  const timer = setInterval(resume, Math.max(staleMs, 5000));
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await queue.stop();
    },
  };
}

export type Runtime = { app: Express; db: DatabaseHandle; services: Services; logger: Logger; jobs: { stop(): Promise<void> } | null; close(): Promise<void> };

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
    // Upload leftovers of a stopped process go now; any later ones once stale.
    const uploadSweeper = await startUploadSweeper(services.files.tmpDir, (err) => logger.error({ err }, 'sweeping the upload folder failed'));
    const jobs = config.jobs.enabled ? await startWorkers({ config, knex: db.knex, logger, services }) : null;
    const app = createApp({ config, knex: db.knex, logger, services });
    return {
      app,
      db,
      services,
      logger,
      jobs,
      async close() {
        // Reads in progress stop after their batch; the next start resumes them.
        services.inventoryUploads.stop();
        uploadSweeper.stop();
        await jobs?.stop();
        await (app.locals.sessionStoreReady as Promise<unknown> | undefined)?.catch(() => undefined);
        (app.locals.stopSessionStore as (() => void) | undefined)?.();
        await services.mail.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
