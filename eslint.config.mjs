// Lint rules that keep the layers apart (README "Architecture"): routes never reach
// the database, repos only talk to the database, rules stay pure. The same layers
// and import cycles are checked on the whole graph by `npm run depcheck`
// (.dependency-cruiser.cjs); only src/tenancy makes tenancy scopes.
import tseslint from 'typescript-eslint';

const dbAccess = [
  { group: ['knex', 'pg', '@electric-sql/*'], message: 'Only repos (and src/db) talk to the database.', allowTypeImports: true },
  { group: ['**/*.repo', '**/db/knex', '**/db/migrate', '**/db/seed'], message: 'Routes call services, never repos or the database.', allowTypeImports: true },
];

// Tenancy by construction: a scope (OrgScope, RegulatorScope, SystemAdminScope) is made only by the named
// constructors in src/tenancy, each saying why it may grant entry. The types carry a brand, so an object literal
// cannot be one; what is left to forbid elsewhere is a cast to a scope type and the raw builders.
const SCOPE_TYPES = '/^(OrgScope|RegulatorScope|SystemAdminScope)$/';
const scopeMessage = 'Only src/tenancy makes scopes: use one of its named constructors (orgScopeOfMember, orgScopeForScript, …) or add one there.';
const scopeConstruction = [
  { selector: `TSAsExpression > TSTypeReference.typeAnnotation > Identifier.typeName[name=${SCOPE_TYPES}]`, message: scopeMessage },
  { selector: `TSTypeAssertion > TSTypeReference.typeAnnotation > Identifier.typeName[name=${SCOPE_TYPES}]`, message: scopeMessage },
  { selector: 'ImportSpecifier[imported.name=/^make(Org|Regulator|SystemAdmin)Scope$/]', message: scopeMessage },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'test-results/**', 'public/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['src/tenancy/**'],
    rules: { 'no-restricted-syntax': ['error', ...scopeConstruction] },
  },
  {
    files: ['src/**/*.routes.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: dbAccess }] },
  },
  {
    files: ['src/**/*.presenter.ts', 'src/**/*.schema.ts', 'src/**/*.parser.ts', 'src/mail/mail.templates.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [...dbAccess, { group: ['**/*.service', 'express', 'node:fs', 'fs'], message: 'Presenters, schemas and parsers are pure.', allowTypeImports: true }],
      }],
    },
  },
  {
    files: ['src/rules/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          ...dbAccess,
          { group: ['**/*.service', '**/*.routes', '**/http/*', '**/mail/*', 'express', 'node:*', 'fs', 'path'], message: 'src/rules is pure: data in, data out.' },
        ],
      }],
    },
  },
  {
    files: ['src/**/*.repo.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['**/*.service', '**/*.routes', 'express', '**/mail/mail.service'], message: 'Repos hold SQL only.' }],
      }],
    },
  },
);
