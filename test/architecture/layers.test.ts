/**
 * The layer rules hold by lint, not by memory: the whole tree lints clean, and
 * a route that reaches for the database or a repo is caught.
 */
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function ruleIdsFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

test('src, test, migrations and seeds lint clean', async () => {
  const results = await eslint.lintFiles(['src', 'test', 'migrations', 'seeds']);
  const problems = results.flatMap((r) => r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`));
  expect(problems).toEqual([]);
});

test('a route importing knex or a repo is rejected', async () => {
  const code = "import knex from 'knex';\nimport { findUserById } from './users.repo';\nexport const x = [knex, findUserById];\n";
  const ids = await ruleIdsFor(code, 'src/modules/accounts/probe.routes.ts');
  expect(ids.filter((id) => id === '@typescript-eslint/no-restricted-imports')).toHaveLength(2);
});

test('a rule module importing the database or node APIs is rejected', async () => {
  const code = "import fs from 'node:fs';\nimport { findUserById } from '../modules/accounts/users.repo';\nexport const x = [fs, findUserById];\n";
  const ids = await ruleIdsFor(code, 'src/rules/probe.rules.ts');
  expect(ids.filter((id) => id === '@typescript-eslint/no-restricted-imports')).toHaveLength(2);
});

test('a route importing a service and a schema is fine', async () => {
  const code = "import { accountsRoutes } from './accounts.routes';\nimport { registerSchema } from './accounts.schema';\nexport const x = [accountsRoutes, registerSchema];\n";
  expect(await ruleIdsFor(code, 'src/modules/accounts/probe2.routes.ts')).toEqual([]);
});
