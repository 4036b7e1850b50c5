/**
 * PGlite has no cross-process locking: two processes opening one data folder
 * silently lose writes. A lockfile holding our PID makes the second process
 * fail fast instead; a lock left by a dead process is taken over.
 */
import fs from 'node:fs';

export class DatabaseLockedError extends Error {}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => {
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: number;
      try {
        holder = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      } catch (readErr) {
        if ((readErr as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile: try again
        throw readErr;
      }
      // Our own pid counts as a holder: a second PGlite on one folder in one process is as unsafe.
      if (Number.isInteger(holder) && processAlive(holder)) {
        throw new DatabaseLockedError(
          `The embedded database at ${lockPath.replace(/\.lock$/, '')} is in use by another process (pid ${holder}). ` +
            'Stop that process first, or point PGLITE_DIR (or DATABASE_URL) somewhere else.',
        );
      }
      fs.unlinkSync(lockPath); // stale lock from a process that no longer exists
    }
  }
  throw new DatabaseLockedError(`Could not take the database lock at ${lockPath}.`);
}
