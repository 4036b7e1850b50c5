import { createHmac } from 'node:crypto';
import { doubleCsrf } from 'csrf-csrf';
import type { Request, RequestHandler } from 'express';

/**
 * CSRF on every state-changing request (csrf-csrf, tokens bound to the session).
 * Forms carry the token in a hidden `_csrf` field. A multipart form's body is not
 * parsed until the route's upload handler runs, so its token travels in the
 * action URL's query instead and is checked here, before any file is accepted.
 */
export function setUpCsrf(opts: { secret: string; secure: boolean }): {
  protect: RequestHandler;
  provideToken: RequestHandler;
} {
  const csrfSecret = createHmac('sha256', opts.secret).update('csrf').digest('hex');
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => csrfSecret,
    getSessionIdentifier: (req) => req.sessionID,
    cookieName: opts.secure ? '__Host-upp.csrf' : 'upp.csrf',
    cookieOptions: { sameSite: 'lax', secure: opts.secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req: Request) => {
      const bodyToken = (req.body as Record<string, unknown> | undefined)?._csrf;
      if (typeof bodyToken === 'string') return bodyToken;
      if (req.is('multipart/form-data') && typeof req.query._csrf === 'string') return req.query._csrf;
      return req.get('x-csrf-token');
    },
  });

  const provideToken: RequestHandler = (req, res, next) => {
    let token: string | undefined;
    res.locals.csrfToken = () => {
      if (!token) {
        // With saveUninitialized off, an untouched session is never stored and the
        // token would be bound to an id that does not survive to the POST.
        req.session.csrfBound = true;
        token = generateCsrfToken(req, res);
      }
      return token;
    };
    next();
  };
  return { protect: doubleCsrfProtection, provideToken };
}

declare module 'express-session' {
  interface SessionData {
    csrfBound?: boolean;
  }
}
