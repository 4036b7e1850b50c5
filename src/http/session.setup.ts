import session from 'express-session';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { Knex } from 'knex';
import type { RequestHandler } from 'express';

export const SESSION_COOKIE = 'upp.sid';

/**
 * Sessions live in PostgreSQL (the sessions table from the first migration)
 * through the app's own knex pool: on PGlite a second pool would break isolation.
 */
export function setUpSession(opts: { knex: Knex; secret: string; maxAgeMs: number; secure: boolean; onCleanupError?: (err: unknown) => void }): {
  middleware: RequestHandler;
  store: ConnectSessionKnexStore;
  /** Stops the expired-session sweep (its timer and its error reports) before the database closes. */
  stop(): void;
} {
  let stopped = false;
  const store = new ConnectSessionKnexStore({
    knex: opts.knex,
    tableName: 'sessions',
    createTable: false,
    cleanupInterval: 15 * 60_000,
    // The library's default writes to the console; a sweep cut short by closing the database is no error.
    onDbCleanupError: (err: unknown) => {
      if (!stopped) opts.onCleanupError?.(err);
    },
  });
  const stop = () => {
    stopped = true;
    clearTimeout((store as unknown as { nextDbCleanup?: NodeJS.Timeout }).nextDbCleanup);
  };
  const middleware = session({
    name: SESSION_COOKIE,
    secret: opts.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: opts.secure, maxAge: opts.maxAgeMs },
  });
  return { middleware, store, stop };
}

/**
 * express-session sends a response's headers before its store write finishes,
 * so a browser can follow a 303 and ask for the next page while the session
 * (a notice, a sign-in) is still being saved; with a pool of connections the
 * next request may then read the old session. Saving before redirecting closes
 * that race on PostgreSQL (on PGlite the single connection hid it).
 */
export const saveSessionBeforeRedirect: RequestHandler = (req, res, next) => {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    // A session holding nothing but its cookie is not worth a row (anonymous redirects).
    if (!req.session || !Object.keys(req.session).some((k) => k !== 'cookie')) return redirect(...args);
    req.session.save((err) => (err ? next(err) : redirect(...args)));
  }) as typeof res.redirect;
  next();
};
