/**
 * A migration that has landed is never edited again: databases out there have
 * already run it, and would never run the new text. migrations/LANDED.sha256
 * records each landed file's SHA-256 (the `sha256sum` format); change the
 * schema with a new migration instead. A new migration is added to the list in
 * the commit that lands it: `sha256sum migrations/<file> | sed 's#migrations/##' >> migrations/LANDED.sha256`.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = path.join(__dirname, '..', '..', 'migrations');
const recorded = fs
  .readFileSync(path.join(dir, 'LANDED.sha256'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [hash, file] = line.split(/\s+\*?/);
    return { hash: hash!, file: file! };
  });

test('every landed migration is unchanged', () => {
  const changed = recorded.filter(({ hash, file }) => {
    const p = path.join(dir, file);
    return !fs.existsSync(p) || createHash('sha256').update(fs.readFileSync(p)).digest('hex') !== hash;
  });
  expect(changed.map((c) => c.file)).toEqual([]);
});

test('every migration file is recorded (so that editing it later is caught)', () => {
  const files = fs.readdirSync(dir).filter((f) => /^\d+_.*\.ts$/.test(f));
  expect(files.filter((f) => !recorded.some((r) => r.file === f))).toEqual([]);
});
