/**
 * Redirects that follow where the person came from must stay on this site
 * (OWASP Unvalidated Redirects and Forwards Cheat Sheet): only a path that
 * starts with exactly one "/" is used. "//host/x" and "/\host/x" are read by
 * browsers as another host, and a Referer of "http://portal//evil.example/"
 * has exactly such a path.
 */
import type { Request } from 'express';

export function isLocalPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') && !/[\u0000-\u001F\u007F]/.test(path);
}

/** The path (and query) of the Referer when it is a page of this site, else null. */
export function sameOriginRefererPath(req: Request): string | null {
  const referer = req.get('referer');
  if (!referer) return null;
  let url: URL;
  let self: URL;
  try {
    url = new URL(referer);
    self = new URL(`${req.protocol}://${req.get('host')}`);
  } catch {
    return null;
  }
  if (url.origin !== self.origin) return null;
  const local = `${url.pathname}${url.search}`;
  return isLocalPath(local) ? local : null;
}
