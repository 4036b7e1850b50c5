import session from 'express-session';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { Knex } from 'knex';
import type { RequestHandler } from 'express';

export const SESSION_COOKIE = 'upp.sid';

/**
 * Sessions live in PostgreSQL (the sessions table from the first migration)
 * through the app's own knex pool: on PGlite a second pool would break isolation.
 */
export function setUpSession(opts: { knex: Knex; secret: string; maxAgeMs: number; secure: boolean }): {
  middleware: RequestHandler;
  store: ConnectSessionKnexStore;
} {
  const store = new ConnectSessionKnexStore({
    knex: opts.knex,
    tableName: 'sessions',
    createTable: false,
    cleanupInterval: 15 * 60_000,
  });
  const middleware = session({
    name: SESSION_COOKIE,
    secret: opts.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: opts.secure, maxAge: opts.maxAgeMs },
  });
  return { middleware, store };
}
