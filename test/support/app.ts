/**
 * The real app on a fresh test database, plus helpers a test needs to act
 * like a person: fetch a form's CSRF token, post it, read the mail we sent.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import request from 'supertest';
import type { Knex } from 'knex';
import { bootstrap, type Runtime } from '../../src/bootstrap';
import { loadConfig, type Config } from '../../src/config';
import { hashPassword } from '../../src/auth/passwords';
import type { EmailRow, UserRow } from '../../src/db/types';
import { createTestDatabase } from './db';

export type TestApp = Runtime & { knex: Knex; config: Config };

export async function createTestApp(env: Record<string, string> = {}, opts: { logger?: Logger } = {}): Promise<TestApp> {
  const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'upp-uploads-'));
  const config = loadConfig({
    UPLOAD_DIR: uploadDir,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    BASE_URL: 'http://portal.test',
    // Generous throttles so ordinary tests never hit them; the throttling test lowers them.
    RATE_LIMIT_SIGN_IN: '1000',
    RATE_LIMIT_ACCOUNT_EMAILS: '1000',
    // The job queue polls the database; only the tests of background work turn it on.
    JOBS: 'false',
    ...env,
  });
  const db = await createTestDatabase();
  const runtime = await bootstrap(config, { prepared: db, logger: opts.logger ?? pino({ level: 'silent' }) });
  return {
    ...runtime,
    knex: db.knex,
    config,
    async close() {
      await runtime.close();
      fs.rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

export type Agent = ReturnType<typeof request.agent>;

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

/** GET the page the form is on (as a browser would), then POST it with its token. */
export async function submitForm(agent: Agent, pagePath: string, data: Record<string, string>, action = pagePath) {
  const page = await agent.get(pagePath);
  return agent.post(action).type('form').send({ _csrf: csrfFrom(page.text), ...data });
}

let seq = 0;
export const PASSWORD = 'river-lantern-pebble-42';
/**
 * Every test user shares one password, so one scrypt hash (with the app's own parameters) serves them all:
 * hashing it per user cost a tenth of a second each, hundreds of times per run.
 */
let passwordHash: Promise<string> | undefined;

export async function createUser(
  knex: Knex,
  over: Partial<Pick<UserRow, 'username' | 'email' | 'first_name' | 'last_name'>> & { activated?: boolean } = {},
): Promise<UserRow> {
  seq += 1;
  const username = over.username ?? `user${seq}_${Date.now().toString(36)}`;
  const [row] = await knex('users')
    .insert({
      username,
      email: over.email ?? `${username}@example.com`,
      first_name: over.first_name ?? 'Test',
      last_name: over.last_name ?? 'Person',
      password_hash: await (passwordHash ??= hashPassword(PASSWORD)),
      activated_at: over.activated === false ? null : new Date(),
    })
    .returning('*');
  return row as UserRow;
}

export async function signIn(agent: Agent, login: string, password = PASSWORD) {
  const res = await submitForm(agent, '/sign-in', { login, password });
  if (res.status !== 303) throw new Error(`sign-in failed with ${res.status}`);
  return res;
}

export async function emailsTo(knex: Knex, address: string): Promise<EmailRow[]> {
  return knex<EmailRow>('emails').whereRaw('lower(to_address) = ?', [address.toLowerCase()]).orderBy('id');
}

/** The first link to this app in the newest email to an address. */
export async function linkInLatestEmail(knex: Knex, address: string, pathPrefix: string): Promise<string> {
  const mails = await emailsTo(knex, address);
  const last = mails[mails.length - 1];
  if (!last?.body_text) throw new Error(`no email to ${address}`);
  const m = new RegExp(`http://portal\\.test(${pathPrefix}[^\\s]+)`).exec(last.body_text);
  if (!m) throw new Error(`no ${pathPrefix} link in "${last.subject}"`);
  return m[1]!;
}

export function sessionCookie(res: { headers: Record<string, unknown> }): string | undefined {
  const set = res.headers['set-cookie'] as string[] | undefined;
  return set?.find((c) => c.startsWith('upp.sid='))?.split(';')[0];
}
