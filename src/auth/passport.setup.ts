/**
 * passport with the local strategy. The session holds the user id and the
 * password epoch it was signed in under; a password change bumps the epoch and
 * so signs out every other session on its next request.
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

type SessionUser = { id: number; epoch: number };

export type Authenticate = (
  cb: (err: unknown, user: UserRow | false, info?: { message?: string }) => void,
) => RequestHandler;

export function setUpPassport(accounts: AccountsService): { middleware: RequestHandler[]; authenticate: Authenticate } {
  const p = new passport.Passport();
  p.use(
    new LocalStrategy({ usernameField: 'login', passwordField: 'password' }, (login, password, done) => {
      accounts
        .authenticate(login, password)
        .then((r) => (r.status === 'ok' ? done(null, r.user) : done(null, false, { message: r.status })))
        .catch(done);
    }),
  );
  p.serializeUser((user, done) => done(null, { id: user.id, epoch: user.session_epoch } satisfies SessionUser));
  p.deserializeUser((payload: SessionUser, done) => {
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
