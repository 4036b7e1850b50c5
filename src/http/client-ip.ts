import type { Request } from 'express';

/**
 * The client's address: the one definition used by audit rows and throttles.
 * Express resolves it through the "trust proxy" setting (TRUST_PROXY), so behind
 * a proxy it is the address the proxy saw, not the proxy's own; a forwarded
 * header from an untrusted hop is ignored.
 */
export function clientIp(req: Request): string | null {
  return req.ip ?? null;
}
