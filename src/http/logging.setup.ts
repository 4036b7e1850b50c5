import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { RequestHandler } from 'express';
import { SECRET_PATH_PATTERN } from './secret-routes';

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.token'], remove: true },
  });
}

/**
 * One-time link secrets travel in the path (every route of secret-routes.ts);
 * CSRF tokens may travel in the query of uploads.
 */
export function redactUrl(url: string): string {
  return url
    .replace(SECRET_PATH_PATTERN, '$1[redacted]')
    .replace(/([?&]_csrf=)[^&#]*/gi, '$1[redacted]');
}

export function setUpRequestLogging(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/healthz' || (req.url ?? '').startsWith('/assets/') },
    serializers: {
      // Request bodies are never logged, so passwords cannot reach the log.
      req: (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method, url: redactUrl(req.url ?? '') }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
  }) as unknown as RequestHandler;
}
