/**
 * The only place multer is used: one file per request, to a temporary folder,
 * at most 25 MB. The CSRF token of a multipart form travels in its action's
 * query and was already checked (csrf.setup.ts) before any byte is stored.
 * A file over the limit becomes a form error for the page, not a crash.
 */
import { randomUUID } from 'node:crypto';
import multer from 'multer';
import type { RequestHandler } from 'express';
import { MAX_UPLOAD_BYTES } from '../rules/file-types.rules';

declare module 'express-serve-static-core' {
  interface Request {
    uploadError?: string;
  }
}

export function singleFileUpload(tmpDir: string, field: string): RequestHandler {
  const upload = multer({
    storage: multer.diskStorage({ destination: tmpDir, filename: (_req, _file, cb) => cb(null, randomUUID()) }),
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 30, fieldSize: 64 * 1024 },
  }).single(field);
  return (req, res, next) => {
    upload(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError) {
        req.uploadError =
          err.code === 'LIMIT_FILE_SIZE'
            ? 'The selected file must be smaller than 25 MB. Split it, or give a public URL instead'
            : 'Upload one file at a time';
        return next();
      }
      next(err);
    });
  };
}

/** The action URL of a multipart form, carrying its CSRF token. */
export function multipartAction(path: string, csrfToken: string): string {
  return `${path}?_csrf=${encodeURIComponent(csrfToken)}`;
}
