/**
 * `npm run depcheck` (dependency-cruiser with .dependency-cruiser.cjs, run by .ci/run) keeps the layers of
 * README "Architecture" and forbids import cycles. Here the same config runs on a small tree of offending
 * files, so a rule that stopped biting (a typo in a path pattern) fails a test instead of passing silently.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const config = path.join(root, '.dependency-cruiser.cjs');
const cli = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

type Violation = { rule: { name: string }; from: string; to: string };

/** The violations the config finds in a tree of these files (the JSON report; `npm run depcheck` prints them and exits non-zero). */
function cruise(files: Record<string, string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upp-depcruise-'));
  try {
    fs.copyFileSync(path.join(root, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    for (const [file, code] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), code);
    }
    const { NODE_OPTIONS: _jestNodeOptions, ...env } = process.env;
    const run = spawnSync(process.execPath, [cli, 'src', '--config', config, '--output-type', 'json'], { cwd: dir, env, encoding: 'utf8' });
    if (!run.stdout) throw new Error(run.stderr);
    const result = JSON.parse(run.stdout) as { summary: { violations: Violation[] } };
    // A package resolves through the node_modules link, as a path relative to the temporary folder.
    return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to.replace(/^.*node_modules\//, 'node_modules/')}`).sort();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('layer breaches and an import cycle are refused, each by its rule', () => {
  const violations = cruise({
    // The cycle this config was written against: a presenter naming a service's type, the service calling the presenter.
    'src/modules/x/x.presenter.ts': "import type { Outcome } from './x.service';\nexport const text = (o: Outcome) => String(o);\n",
    'src/modules/x/x.service.ts': "import { text } from './x.presenter';\nimport { findX } from './x.repo';\nexport type Outcome = number;\nexport const run = () => text(findX());\n",
    'src/modules/x/x.routes.ts': "import knex from 'knex';\nimport { findX } from './x.repo';\nexport const r = [knex, findX];\n",
    'src/modules/x/x.repo.ts': "import { run } from './x.service';\nexport const findX = () => 1;\nexport const again = run;\n",
    'src/modules/x/y.service.ts': "import { r } from './x.routes';\nexport const y = r;\n",
    'src/rules/probe.rules.ts': "import { findX } from '../modules/x/x.repo';\nexport const p = findX;\n",
  });
  expect(violations).toEqual(expect.arrayContaining([
    'no-circular: src/modules/x/x.presenter.ts → src/modules/x/x.service.ts',
    'service-not-to-presenter: src/modules/x/x.service.ts → src/modules/x/x.presenter.ts',
    'route-not-to-repo: src/modules/x/x.routes.ts → src/modules/x/x.repo.ts',
    'route-not-to-database: src/modules/x/x.routes.ts → node_modules/knex/knex.js',
    'repo-only-to-database: src/modules/x/x.repo.ts → src/modules/x/x.service.ts',
    'nothing-imports-a-route: src/modules/x/y.service.ts → src/modules/x/x.routes.ts',
    'rules-are-pure: src/rules/probe.rules.ts → src/modules/x/x.repo.ts',
  ]));
});

test('a known exception allows its one import and nothing more', () => {
  const violations = cruise({
    'src/modules/submittals/submittals.presenter.ts': 'export const STATUS_LABELS = {};\n',
    'src/modules/accounts/account.presenter.ts': 'export const formatDateTime = (d: Date) => d.toISOString();\n',
    // review.service → submittals.presenter is listed in KNOWN; review.service → account.presenter is not.
    'src/modules/review/review.service.ts':
      "import { STATUS_LABELS } from '../submittals/submittals.presenter';\nimport { formatDateTime } from '../accounts/account.presenter';\nexport const r = [STATUS_LABELS, formatDateTime];\n",
  });
  expect(violations).toEqual(['service-not-to-presenter: src/modules/review/review.service.ts → src/modules/accounts/account.presenter.ts']);
});

test('type-only imports stay allowed where ESLint allows them, and a clean tree passes', () => {
  const violations = cruise({
    'src/modules/x/x.service.ts': "import { findX } from './x.repo';\nexport type Outcome = number;\nexport const run = (): Outcome => findX();\n",
    'src/modules/x/x.presenter.ts': "import type { Outcome } from './x.service';\nexport const text = (o: Outcome) => String(o);\n",
    'src/modules/x/x.routes.ts': "import type { Outcome } from './x.service';\nimport { run } from './x.service';\nimport { text } from './x.presenter';\nexport const r = (): string => text(run() as Outcome);\n",
    'src/modules/x/x.repo.ts': "import type { Knex } from 'knex';\nexport const findX = (_db?: Knex) => 1;\n",
  });
  expect(violations).toEqual([]);
});
