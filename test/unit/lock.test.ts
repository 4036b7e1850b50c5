import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireLock, DatabaseLockedError } from '../../src/db/lock';

let dir: string;
let lockPath: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upp-lock-'));
  lockPath = path.join(dir, 'pglite.lock');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('acquireLock', () => {
  test('writes our pid, and release removes the file', () => {
    const release = acquireLock(lockPath);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockPath)).toBe(false);
    expect(() => release()).not.toThrow();
  });

  test('a lock held by a live process is refused, naming its pid and the database', () => {
    fs.writeFileSync(lockPath, String(process.ppid));
    let error: unknown;
    try {
      acquireLock(lockPath);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseLockedError);
    expect((error as Error).message).toContain(`pid ${process.ppid}`);
    expect((error as Error).message).toContain(path.join(dir, 'pglite'));
    // The other process's lock is left alone.
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.ppid));
  });

  test('a second open in the same process is refused too', () => {
    const release = acquireLock(lockPath);
    expect(() => acquireLock(lockPath)).toThrow(DatabaseLockedError);
    release();
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  test('a stale lock left by a dead process is taken over', () => {
    fs.writeFileSync(lockPath, '999999');
    const release = acquireLock(lockPath);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  test('release does not remove a lock that another process now holds', () => {
    const release = acquireLock(lockPath);
    fs.writeFileSync(lockPath, String(process.ppid));
    release();
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.ppid));
  });
});
