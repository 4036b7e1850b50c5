/**
 * Runs the numbered, idempotent seeds in ./seeds in order. Reference data
 * (counties, CUPAs, chemical library) is always seeded; files whose name
 * contains "demo" only when demo data is wanted (development).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';

export const SEEDS_DIR = path.resolve(__dirname, '../../seeds');

export type SeedContext = { demo: boolean; referenceDir: string };
type SeedModule = { seed(knex: Knex, ctx: SeedContext): Promise<void> };

export async function runSeeds(knex: Knex, opts: { demo: boolean }): Promise<string[]> {
  const files = fs
    .readdirSync(SEEDS_DIR)
    .filter((f) => /^\d+_.*\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .filter((f) => opts.demo || !f.includes('demo'))
    .sort();
  const ctx: SeedContext = { demo: opts.demo, referenceDir: path.join(SEEDS_DIR, 'reference') };
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(SEEDS_DIR, file)) as SeedModule;
    await mod.seed(knex, ctx);
  }
  return files;
}
