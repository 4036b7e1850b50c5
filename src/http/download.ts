/** Sends a stored file as a download: never rendered inline, never cached, with its digest. */
import type { Response } from 'express';
import type { Readable } from 'node:stream';

export type StoredDownload = { stream: Readable; mediaType: string; fileName: string; size: number; sha256: string };

export function sendDownload(res: Response, file: StoredDownload): void {
  res.setHeader('Content-Type', file.mediaType);
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('Content-Disposition', `attachment; filename="${file.fileName.replace(/[^\w.\- ]/g, '_')}"`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Digest', `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`);
  file.stream.on('error', () => res.destroy());
  file.stream.pipe(res);
}
