/**
 * passport with the local strategy. The session holds the user id, the
 * password epoch it was signed in under and when it signed in. A password
 * change bumps the epoch and so signs out every other session on its next
 * request; a session older than the absolute lifetime is signed out however
 * active it is (the idle limit alone would let a busy session live for ever).
 */
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { RequestHandler } from 'express';
import type { UserRow } from '../db/types';
import type { AccountsService } from '../modules/accounts/accounts.service';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends UserRow {}
  }
}

/** signedInAt: epoch milliseconds of the password check that started this session. */
type SessionUser = { id: number; epoch: number; signedInAt?: number };

export type Authenticate = (
  cb: (err: unknown, user: UserRow | false, info?: { message?: string }) => void,
) => RequestHandler;

export function setUpPassport(
  accounts: AccountsService,
  opts: { absoluteMs: number; now?: () => number },
): { middleware: RequestHandler[]; authenticate: Authenticate } {
  const now = opts.now ?? Date.now;
  const p = new passport.Passport();
  p.use(
    new LocalStrategy({ usernameField: 'login', passwordField: 'password' }, (login, password, done) => {
      accounts
        .authenticate(login, password)
        .then((r) => (r.status === 'ok' ? done(null, r.user) : done(null, false, { message: r.status })))
        .catch(done);
    }),
  );
  // Called on every req.login: at sign-in, and when a password change (which
  // asks for the current password) re-signs this session in.
  p.serializeUser((user, done) => done(null, { id: user.id, epoch: user.session_epoch, signedInAt: now() } satisfies SessionUser));
  p.deserializeUser((payload: SessionUser, done) => {
    // A session without a sign-in time predates the absolute lifetime: it ends too.
    // false makes passport drop the user from the session: the person signs in again.
    if (typeof payload.signedInAt !== 'number' || now() - payload.signedInAt >= opts.absoluteMs) return done(null, false);
    accounts
      .findUser(payload.id)
      .then((user) => done(null, user && user.activated_at && user.session_epoch === payload.epoch ? user : false))
      .catch(done);
  });
  return {
    middleware: [p.initialize(), p.session()],
    authenticate: (cb) => p.authenticate('local', { session: false }, cb) as RequestHandler,
  };
}
