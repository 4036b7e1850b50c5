/**
 * The job queue: pg-boss 10 on the app's own database. Every statement it runs
 * goes through knex's pool — on the embedded database that pool is the one
 * connection, and a second client on the same PGlite would corrupt it — so a
 * job waits its turn behind HTTP requests and never holds the connection for
 * more than one statement. Handlers must therefore work in short steps.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import PgBoss from 'pg-boss';

export type JobQueue = {
  send(name: string, data: object): Promise<string>;
  work<T extends object>(name: string, handler: (data: T, jobId: string) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
};

type PgConnection = { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

export async function startJobQueue(deps: { knex: Knex; logger: Logger; pollSeconds: number; queues: string[] }): Promise<JobQueue> {
  const { knex, logger } = deps;
  const boss = new PgBoss({
    db: {
      async executeSql(text: string, values: unknown[]) {
        const client = knex.client as { acquireConnection(): Promise<PgConnection>; releaseConnection(c: PgConnection): Promise<void> };
        const c = await client.acquireConnection();
        try {
          return await c.query(text, values?.length ? values : undefined);
        } finally {
          await client.releaseConnection(c);
        }
      },
    },
    schedule: false,
    // Expired jobs (a process that died mid-job) come back through pg-boss's retry.
    expireInSeconds: 15 * 60,
    retryLimit: 2,
    retentionDays: 7,
    deleteAfterDays: 7,
  });
  boss.on('error', (err) => logger.error({ err }, 'job queue error'));
  await boss.start();
  for (const name of deps.queues) await boss.createQueue(name, { name, retryLimit: 2, expireInSeconds: 15 * 60 });
  return {
    async send(name, data) {
      const id = await boss.send(name, data);
      if (!id) throw new Error(`job ${name} was not queued`);
      return id;
    },
    async work(name, handler) {
      await boss.work<object>(name, { pollingIntervalSeconds: deps.pollSeconds, batchSize: 1 }, async (jobs) => {
        for (const job of jobs) await handler(job.data as never, job.id);
      });
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
