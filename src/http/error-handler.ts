import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ForbiddenError, NotFoundError } from './errors';

export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).render('errors/404', { title: 'Page not found' });
};

/** The one place errors become pages. Unexpected ones are logged and shown as a plain 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = err as { code?: string; status?: number; type?: string };
    if (res.headersSent) {
      logger.error({ err }, 'error after response started');
      return;
    }
    if (err instanceof NotFoundError) return res.status(404).render('errors/404', { title: 'Page not found' });
    if (err instanceof ForbiddenError) return res.status(403).render('errors/403', { title: 'Not allowed', message: err.message });
    if (e.code === 'EBADCSRFTOKEN' || (e.status === 403 && /csrf/i.test(String((err as Error).message)))) {
      return res.status(403).render('errors/csrf', { title: 'This form has expired' });
    }
    if (e.type === 'entity.too.large') {
      return res.status(413).render('errors/400', { title: 'Too much data', message: 'What you sent was too large. Go back and try again with less.' });
    }
    if (e.status === 400 && e.type) {
      return res.status(400).render('errors/400', { title: 'Bad request', message: 'The form could not be read. Go back and try again.' });
    }
    (req.log ?? logger).error({ err }, 'unhandled error');
    res.status(500).render('errors/500', { title: 'Sorry, there is a problem with the service' });
  };
}
