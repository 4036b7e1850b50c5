/**
 * The layers of README "Architecture", checked on the import graph by `npm run depcheck` (and by .ci/run):
 *
 *   *.routes.ts   → services, schemas, presenters, src/http, src/tenancy — never a repo or the database
 *   *.service.ts  → repos, src/rules, other services, adapters (src/mail, src/storage, src/pdf, src/spreadsheets,
 *                   src/jobs) — never express or a presenter
 *   *.repo.ts     → the database only (src/db, knex, src/tenancy's scoped query builders, and pure src/rules
 *                   constants) — never a service, route, presenter, schema, src/http or email
 *   src/rules/, *.schema.ts, *.presenter.ts, *.parser.ts, src/mail/mail.templates.ts → pure: no database, no
 *                   service, no express, no file system
 *   nothing imports a route, except the composition root (src/app.ts)
 *   no import cycles — type-only imports count: two files whose types need each other cannot be read apart
 *
 * ESLint (eslint.config.mjs) checks the same layers file by file; this checks the graph, where cycles show.
 * Type-only imports are allowed wherever ESLint allows them (allowTypeImports), e.g. a presenter naming a
 * service's result type. The database packages are refused even as types outside the database layers: nothing
 * needs them there, and dependency-cruiser marks `import x, { type Y } from 'm'` as type-only (it ignores the
 * default import), so a value import could otherwise slip through.
 *
 * KNOWN lists the imports that break a rule today and are kept on purpose until moved, each as `[from, to]`
 * (regular expressions on paths from the repository root) with why. The rule stays on for every other import,
 * those files' other imports included. Delete an entry when its import goes; `npm run depcheck` then keeps it gone.
 */

const KNOWN = {
  'service-not-to-presenter': [
    // Services that format dates and statuses for email bodies and read models with a presenter's helpers
    // (formatDateTime, formatDueDate, STATUS_LABELS, submittedPartsView). They are pure, so nothing leaks; they
    // belong in src/rules (date formats, status labels) and should move there.
    ['src/modules/review/review\\.service\\.ts', 'src/modules/submittals/submittals\\.presenter\\.ts'],
    ['src/modules/submittals/submission\\.service\\.ts', 'src/modules/accounts/account\\.presenter\\.ts'],
    ['src/modules/submittals/submittals-read\\.service\\.ts', 'src/modules/(accounts/account|submittals/submittals)\\.presenter\\.ts'],
    ['src/modules/dev-mail/dev-mail\\.service\\.ts', 'src/modules/accounts/account\\.presenter\\.ts'],
  ],
  'nothing-imports-a-route': [
    // A router that mounts its sub-router (/regulator/admin/staff), as src/app.ts mounts the others.
    ['src/modules/cupa-admin/cupa-admin\\.routes\\.ts', 'src/modules/cupa-admin/cupa-staff\\.routes\\.ts'],
    // cersIdParam (the URL's CERS ID, or 404) lives in facilities.routes.ts; it is a URL parser like idParam and
    // belongs in src/http (or beside idParam in submittals/filing-context.ts).
    ['src/modules/submittals/filing-context\\.ts', 'src/modules/facilities/facilities\\.routes\\.ts'],
    ['src/modules/review/review\\.routes\\.ts', 'src/modules/facilities/facilities\\.routes\\.ts'],
    ['src/modules/access-requests/access-requests\\.routes\\.ts', 'src/modules/facilities/facilities\\.routes\\.ts'],
  ],
};

const ROUTE = '\\.routes\\.ts$';
const REPO = '\\.repo\\.ts$';
const SERVICE = '\\.service\\.ts$';
const PRESENTER = '\\.presenter\\.ts$';
const SCHEMA = '\\.schema\\.ts$';
const PURE = ['^src/rules/', SCHEMA, PRESENTER, '\\.parser\\.ts$', '^src/mail/mail\\.templates\\.ts$'];
const DATABASE_PACKAGES = '(^|/)node_modules/(knex|pg|pg-boss|@electric-sql/pglite)/';
const DATABASE_MODULES = '^src/db/(knex|migrate|seed|lock)\\.ts$';
const valueOnly = { dependencyTypesNot: ['type-only'] };

const rules = [
  {
    name: 'no-circular',
    comment: 'An import cycle: move the shared type or function to the layer that owns it.',
    from: { path: '^(src|seeds|scripts|migrations)/' },
    to: { circular: true },
  },
  {
    name: 'nothing-imports-a-route',
    comment: 'A route is a leaf: only the composition root (src/app.ts) mounts it.',
    from: { path: '^src/', pathNot: '^src/app\\.ts$' },
    to: { path: ROUTE },
  },
  {
    name: 'route-not-to-repo',
    comment: 'Routes parse, call a service and render: never a repo.',
    from: { path: ROUTE },
    to: { path: [REPO, DATABASE_MODULES], ...valueOnly },
  },
  {
    name: 'route-not-to-database',
    comment: 'Routes never reach the database.',
    from: { path: ROUTE },
    to: { path: DATABASE_PACKAGES },
  },
  {
    name: 'service-not-to-http',
    comment: 'Services own the rules and transactions; requests and responses stay in routes and src/http.',
    from: { path: SERVICE },
    to: { path: ['(^|/)node_modules/express/', ROUTE], ...valueOnly },
  },
  {
    name: 'service-not-to-presenter',
    comment: 'A service hands data to its route, which presents it.',
    from: { path: SERVICE },
    to: { path: PRESENTER, ...valueOnly },
  },
  {
    name: 'repo-only-to-database',
    comment: 'Repos hold SQL: they reach the database, never a service, route, presenter, schema, src/http or email.',
    from: { path: REPO },
    to: { path: [SERVICE, ROUTE, PRESENTER, SCHEMA, '^src/(http|mail|storage|pdf|spreadsheets|jobs)/', '(^|/)node_modules/express/'], ...valueOnly },
  },
  {
    name: 'rules-are-pure',
    comment: 'src/rules is data in, data out: it imports only other rules.',
    from: { path: '^src/rules/' },
    to: { pathNot: ['^src/rules/'], ...valueOnly },
  },
  {
    name: 'pure-modules-stay-pure',
    comment: 'Schemas, presenters, parsers and email templates read data and return data.',
    from: { path: PURE },
    to: { path: [REPO, SERVICE, ROUTE, DATABASE_MODULES, DATABASE_PACKAGES, '(^|/)node_modules/express/', '^(node:)?fs$', '^src/(storage|jobs)/'], ...valueOnly },
  },
];

/** A rule with its KNOWN exceptions: the rule skips those files, and a copy of it per file allows only the listed target. */
function withKnown(rule) {
  const known = KNOWN[rule.name] ?? [];
  const base = { severity: 'error', ...rule };
  if (!known.length) return [base];
  const fromNot = [].concat(rule.from.pathNot ?? []);
  const byFile = new Map();
  for (const [from, to] of known) byFile.set(from, [...(byFile.get(from) ?? []), to]);
  return [
    { ...base, from: { ...rule.from, pathNot: [...fromNot, ...[...byFile.keys()].map((f) => `^${f}$`)] } },
    ...[...byFile].map(([from, targets]) => ({
      ...base,
      name: rule.name,
      comment: `${rule.comment} (known exception: ${from} may import ${targets.join(', ')})`,
      from: { path: `^${from}$` },
      to: { ...rule.to, pathNot: [...[].concat(rule.to.pathNot ?? []), ...targets.map((t) => `^${t}$`)] },
    })),
  ];
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: rules.flatMap(withKnown),
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(data|coverage|test-results|public)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.json'] },
  },
};
