import type { RequestHandler } from 'express';

/** Signed-in pages: anyone else is sent to sign in and brought back afterwards. */
export const requireUser: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  if (req.method === 'GET') req.session.returnTo = req.originalUrl;
  res.redirect(303, '/sign-in');
};

/** Pages for people who are not signed in (sign-in, register): a signed-in person goes home. */
export const requireAnonymous: RequestHandler = (req, res, next) => {
  if (req.user) return res.redirect(303, '/account');
  next();
};

declare module 'express-session' {
  interface SessionData {
    returnTo?: string;
    flash?: { type: 'success' | 'info' | 'warning'; heading?: string; text: string };
  }
}
