/**
 * The only place multer is used: one file per request, to a temporary folder,
 * at most 25 MB. The CSRF token of a multipart form travels in its action's
 * query and was already checked (csrf.setup.ts) before any byte is stored.
 * A file over the limit becomes a form error for the page, not a crash.
 *
 * The temporary file never outlives its request: when the response is sent,
 * whatever happened (a form error, a 404, an exception), it is deleted — a
 * service that keeps the file has already moved it into the store, so there
 * is nothing left to delete. Files of requests that never finished (the
 * client went away mid-way) are swept once they are stale.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import multer from 'multer';
import type { RequestHandler } from 'express';
import { MAX_UPLOAD_BYTES } from '../rules/file-types.rules';
import { containsUnstorableText, hasUnstorableCharacter } from '../rules/text.rules';
import { refuseBadInput } from './bad-input';

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
    res.once('finish', () => {
      if (req.file) void fs.promises.unlink(req.file.path).catch(() => undefined);
    });
    upload(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError) {
        req.uploadError =
          err.code === 'LIMIT_FILE_SIZE'
            ? 'The selected file must be smaller than 25 MB. Split it, or give a public URL instead'
            : 'Upload one file at a time';
        return next();
      }
      if (err) return next(err);
      // The fields of a multipart form meet the same gate as every other form (bad-input.ts).
      if (containsUnstorableText(req.body) || (req.file && hasUnstorableCharacter(req.file.originalname))) return refuseBadInput(res);
      next();
    });
  };
}

/** The action URL of a multipart form, carrying its CSRF token. */
export function multipartAction(path: string, csrfToken: string): string {
  return `${path}?_csrf=${encodeURIComponent(csrfToken)}`;
}

/** Longer than any upload takes to arrive and be checked; a file this old belongs to no request. */
export const STALE_UPLOAD_MS = 3600_000;

/** Deletes the files of the temporary folder last written more than maxAgeMs ago; returns how many. */
export async function sweepStaleUploads(tmpDir: string, maxAgeMs = STALE_UPLOAD_MS, now = Date.now()): Promise<number> {
  let removed = 0;
  const entries = await fs.promises.readdir(tmpDir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(tmpDir, entry.name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (stat && now - stat.mtimeMs > maxAgeMs) {
      await fs.promises.unlink(file).then(() => removed++, () => undefined);
    }
  }
  return removed;
}

/**
 * Sweeps the temporary folder now (leftovers of a process that stopped
 * mid-upload) and then every quarter of the stale age. The timer does not
 * keep the process alive; stop() ends it.
 */
export async function startUploadSweeper(tmpDir: string, onError: (err: unknown) => void, maxAgeMs = STALE_UPLOAD_MS): Promise<{ stop(): void }> {
  const sweep = () => sweepStaleUploads(tmpDir, maxAgeMs).catch(onError);
  await sweep();
  const timer = setInterval(() => void sweep(), Math.max(60_000, maxAgeMs / 4));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
