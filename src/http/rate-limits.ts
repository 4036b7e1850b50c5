import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Request, RequestHandler } from 'express';
import { clientIp } from './client-ip';

/** One bucket per client address (an IPv6 client per /56, as the library advises, so it cannot hop addresses). */
const byClient = (req: Request) => ipKeyGenerator(clientIp(req) ?? 'unknown');

/**
 * Throttles for the endpoints worth attacking. In-memory per process: with
 * several app processes behind a balancer each keeps its own count (documented
 * in the README).
 */
export function createRateLimits(opts: { windowMs: number; signIn: number; accountEmails: number }) {
  const tooMany: RequestHandler = (_req, res) => {
    res.status(429).render('errors/429', { title: 'Too many attempts' });
  };
  return {
    /** Failed sign-ins per address; a success does not count. */
    signIn: rateLimit({
      windowMs: opts.windowMs,
      limit: opts.signIn,
      keyGenerator: byClient,
      skipSuccessfulRequests: true,
      requestWasSuccessful: (_req, res) => res.statusCode < 400,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: tooMany,
    }) as RequestHandler,
    /** Anything that sends an email to an address typed by a stranger. */
    accountEmails: rateLimit({
      windowMs: opts.windowMs,
      limit: opts.accountEmails,
      keyGenerator: byClient,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: tooMany,
    }) as RequestHandler,
  };
}
export type RateLimits = ReturnType<typeof createRateLimits>;
