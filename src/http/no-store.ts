import type { RequestHandler } from 'express';
import { SECRET_ROUTES } from './secret-routes';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/**
 * Pages opened from a one-time link (every route of secret-routes.ts): their
 * URL is the secret, and what they show is personal.
 */
const ONE_TIME_LINK = new RegExp(
  `^(?:${Object.values(SECRET_ROUTES)
    .map((route) => escape(route.slice(0, route.indexOf('/:'))))
    .join('|')})/[^/]+/?$`,
  'i',
);

/**
 * Nothing shown to a signed-in person may be kept by the browser or a shared
 * cache: after Sign out, Back would otherwise show the People page (names,
 * emails) from the cache. The same for one-time-link pages (RFC 9111
 * §5.2.2.5 no-store; OWASP Session Management Cheat Sheet, "Web Content Caching").
 * Runs after passport, so req.user is known.
 */
export const noStoreForPrivatePages: RequestHandler = (req, res, next) => {
  if (req.user || ONE_TIME_LINK.test(req.path)) res.setHeader('Cache-Control', 'no-store');
  next();
};
