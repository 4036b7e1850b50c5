/**
 * The one gate for text PostgreSQL cannot hold (src/rules/text.rules.ts): a
 * NUL byte or a lone surrogate in the path, the query string or a form body
 * is answered 400 with the standard error page, before any route passes it to
 * a query (where it would fail as a 500). Multipart bodies are parsed later,
 * by the upload middleware, which asks the same question (upload.ts).
 */
import type { Request, RequestHandler, Response } from 'express';
import { containsUnstorableText, UNSTORABLE_TEXT_MESSAGE } from '../rules/text.rules';

export function refuseBadInput(res: Response, message = UNSTORABLE_TEXT_MESSAGE): void {
  res.status(400).render('errors/400', { title: 'Bad request', message });
}

/** The decoded path segments, or null when one is not valid percent-encoding. */
function decodedPath(req: Request): string[] | null {
  try {
    return req.path.split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
}

export const refuseUnstorableText: RequestHandler = (req, res, next) => {
  const path = decodedPath(req);
  if (!path) return refuseBadInput(res, 'This address is not valid: it contains a broken %-encoded character. Check the link and try again.');
  if (containsUnstorableText(path) || containsUnstorableText(req.query) || containsUnstorableText(req.body)) return refuseBadInput(res);
  next();
};
