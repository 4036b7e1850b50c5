/**
 * Tenancy by construction: only src/tenancy makes an OrgScope, RegulatorScope or SystemAdminScope, through named
 * constructors that say why each may grant entry (eslint.config.mjs, no-restricted-syntax). Anywhere else, a cast to
 * a scope type or an import of a raw builder is a lint error; the brand on each type already refuses an object literal.
 */
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function problems(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result!.messages.map((m) => `${m.line}:${m.ruleId ?? m.message}`);
}

const forged = [
  "import type { OrgScope } from '../../tenancy/org-scope';",
  "import type { RegulatorScope } from '../../tenancy/regulator-scope';",
  "import type { SystemAdminScope } from '../../tenancy/system-admin-scope';",
  'export const org = { organizationId: 2, userId: 1, role: "lead_user" } as unknown as OrgScope;',
  'export const cupa = <RegulatorScope>(<unknown>{ regulatorId: 2, userId: 1, role: "regulator_admin" });',
  'export const admin = { userId: 1 } as unknown as SystemAdminScope;',
  "export { makeOrgScope } from '../../tenancy/org-scope';",
  "import { makeRegulatorScope } from '../../tenancy/regulator-scope';",
  'export const make = makeRegulatorScope;',
  '',
].join('\n');

test('a service, a script or a test that forges a scope is refused', async () => {
  for (const file of ['src/modules/accounts/probe.service.ts', 'scripts/probe.ts', 'test/integration/probe.test.ts']) {
    const found = await problems(forged, file);
    // The three casts and the raw builder's import (an `export … from` re-export is not an ImportSpecifier and
    // does not compile anyway, the builders being private to src/tenancy).
    expect([file, found.filter((p) => p.endsWith('no-restricted-syntax'))]).toEqual([file, ['4:no-restricted-syntax', '5:no-restricted-syntax', '6:no-restricted-syntax', '8:no-restricted-syntax']]);
  }
});

test('src/tenancy itself may make scopes, and code that only names the types is fine', async () => {
  expect((await problems(forged, 'src/tenancy/probe-scope.ts')).filter((p) => p.endsWith('no-restricted-syntax'))).toEqual([]);
  const naming = [
    "import { orgScopeOfMember, type OrgScope } from '../../tenancy/org-scope';",
    'export function scoped(userId: number, m: Parameters<typeof orgScopeOfMember>[1]): OrgScope {',
    '  return orgScopeOfMember(userId, m);',
    '}',
    '',
  ].join('\n');
  expect(await problems(naming, 'src/modules/accounts/probe2.service.ts')).toEqual([]);
});
