/**
 * An upload gets its answer only once its body has arrived.
 *
 * Much can answer a multipart POST before its file is read: a stale CSRF
 * token, a session that ended while the form was open, a missing permission,
 * bad characters in the address. When the client asked for `Connection: close`
 * (as a reverse proxy such as nginx does by default towards the app), Node
 * closes the connection as soon as the answer is written; the bytes of the file
 * still arriving then make the server's TCP stack reset the connection, and the
 * client — still writing — gets EPIPE or ECONNRESET and may never read the
 * answer (RFC 9112 §9.6 describes this reset and why a server should read on
 * before closing). So the end of such an answer waits while the rest of the body
 * is read and thrown away. A body larger than any upload may be is not waited
 * for: the answer goes out and the connection closes, as before.
 */
import type { RequestHandler, Response } from 'express';
import { MAX_UPLOAD_BYTES } from '../rules/file-types.rules';

/** The multipart framing and form fields around the largest file, with room to spare. */
const MAX_DRAINED_BYTES = MAX_UPLOAD_BYTES + 2 * 1024 * 1024;

export function answerAfterBody(maxBytes = MAX_DRAINED_BYTES): RequestHandler {
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    const end = res.end;
    res.end = function endAfterBody(this: Response, ...args: unknown[]) {
      res.end = end;
      const send = () => (end as (...a: unknown[]) => Response).apply(res, args);
      if (req.complete || req.readableEnded || req.destroyed) return send();
      let seen = 0;
      const done = () => {
        req.off('data', count);
        req.off('end', done);
        req.off('close', done);
        send();
      };
      const count = (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > maxBytes) {
          if (!res.headersSent) res.setHeader('Connection', 'close');
          done();
        }
      };
      req.on('data', count);
      req.once('end', done);
      req.once('close', done);
      req.resume();
      return res;
    } as Response['end'];
    next();
  };
}
