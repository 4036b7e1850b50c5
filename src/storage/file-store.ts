/**
 * Uploaded files on disk under UPLOAD_DIR, named by their SHA-256: the same
 * content is stored once, a stored file is never overwritten or altered, and a
 * name can be checked against its content at any time.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type FileStore = ReturnType<typeof createFileStore>;

export function createFileStore(uploadDir: string) {
  const tmpDir = path.join(uploadDir, 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });

  const finalPath = (sha256: string) => path.join(uploadDir, sha256.slice(0, 2), sha256);

  /** Where a stored file is, for readers that stream it themselves. */
  const pathOf = (storedName: string): string => {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(storedName)) throw new Error('bad stored name');
    return path.join(uploadDir, storedName);
  };

  return {
    tmpDir,

    /** The first bytes of a file, for content checks. */
    async head(file: string, bytes = 4096): Promise<Uint8Array> {
      const fh = await fs.promises.open(file, 'r');
      try {
        const buf = Buffer.alloc(bytes);
        const { bytesRead } = await fh.read(buf, 0, bytes, 0);
        return buf.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    },

    /** Moves a temporary upload to its content address; returns the name and hash. */
    async keep(tmpFile: string): Promise<{ storedName: string; sha256: string }> {
      const hash = createHash('sha256');
      for await (const chunk of fs.createReadStream(tmpFile)) hash.update(chunk as Buffer);
      const sha256 = hash.digest('hex');
      const target = finalPath(sha256);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      try {
        // link() fails rather than replace an existing file: identical content is already there.
        await fs.promises.link(tmpFile, target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      await fs.promises.unlink(tmpFile).catch(() => undefined);
      return { storedName: `${sha256.slice(0, 2)}/${sha256}`, sha256 };
    },

    async discard(tmpFile: string): Promise<void> {
      await fs.promises.unlink(tmpFile).catch(() => undefined);
    },

    /** A stored file that should exist but does not is a fault of this server, not of the request. */
    async exists(storedName: string): Promise<boolean> {
      return fs.promises.access(path.join(uploadDir, storedName)).then(() => true, () => false);
    },

    open(storedName: string): fs.ReadStream {
      return fs.createReadStream(pathOf(storedName));
    },

    pathOf,

    tmpName: () => path.join(tmpDir, randomUUID()),
  };
}
