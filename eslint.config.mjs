// Lint rules that keep the layers apart (ARCHITECTURE.md): routes never reach
// the database, repos only talk to the database, rules stay pure.
import tseslint from 'typescript-eslint';

const dbAccess = [
  { group: ['knex', 'pg', '@electric-sql/*'], message: 'Only repos (and src/db) talk to the database.', allowTypeImports: true },
  { group: ['**/*.repo', '**/db/knex', '**/db/migrate', '**/db/seed'], message: 'Routes call services, never repos or the database.', allowTypeImports: true },
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
