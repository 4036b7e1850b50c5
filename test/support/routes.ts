/**
 * Walks an Express 5 app's router tree (the `router` package's Layer objects)
 * into a flat list of endpoints: full path, methods, and which guards (the
 * organization scope, the regulator scope, the System Admin check) sit in front
 * of each. Used by the tenancy tests, so a route added tomorrow is checked
 * without anyone listing it.
 */
import { ORG_SCOPE_MIDDLEWARE_NAME } from '../../src/tenancy/org-scope.middleware';
import { REGULATOR_SCOPE_MIDDLEWARE_NAME } from '../../src/tenancy/regulator-scope.middleware';
import { SYSTEM_ADMIN_MIDDLEWARE_NAME } from '../../src/tenancy/system-admin.middleware';

/** The parts of router@2's Layer and Route that the walk reads. */
type Layer = {
  name: string;
  rawPath: unknown;
  handle: { stack?: Layer[] };
  route?: { path: unknown; methods: Record<string, boolean> };
};

export type Endpoint = {
  /** 'route' for app.get/router.post…, 'use' for plain middleware mounted with use(). */
  kind: 'route' | 'use';
  path: string;
  /** Lower case; a route declared with .all() lists 'all'. */
  methods: string[];
  /** Below a router whose first layer is the org scope middleware, mounted at '/'. */
  scoped: boolean;
  /** The guards (see GUARDS) whose middleware is the first layer of a router above it, mounted at '/'. */
  behind: Guard[];
  /** A layer the walk cannot see into or cannot read the path of (regexp path, mounted sub-app). */
  opaque: boolean;
};

function join(base: string, raw: string): string {
  const joined = `${base.replace(/\/+$/, '')}/${raw.replace(/^\/+/, '')}`.replace(/\/+$/, '');
  return joined === '' ? '/' : joined;
}

/**
 * The three doors of the app: each guards a path prefix with a middleware that
 * must be the first layer of the router serving it. Express matches paths
 * case-insensitively, so '/ORGS/1' reaches '/orgs/:orgId' too.
 */
export const GUARDS = {
  org: { middleware: ORG_SCOPE_MIDDLEWARE_NAME, path: /^\/orgs(\/|$)/i },
  // '/regulator' and below, not '/regulators' (the public directory).
  regulator: { middleware: REGULATOR_SCOPE_MIDDLEWARE_NAME, path: /^\/regulator(\/|$)/i },
  // The platform administration, not '/regulator/admin' (a CUPA's own).
  admin: { middleware: SYSTEM_ADMIN_MIDDLEWARE_NAME, path: /^\/admin(\/|$)/i },
} as const;
export type Guard = keyof typeof GUARDS;
const GUARD_NAMES = Object.keys(GUARDS) as Guard[];

function guardsAtRoot(stack: Layer[]): Guard[] {
  const first = stack[0];
  if (!first || first.route || first.rawPath !== '/') return [];
  return GUARD_NAMES.filter((g) => GUARDS[g].middleware === first.name);
}

function walk(stack: Layer[], base: string, above: Guard[], out: Endpoint[]): void {
  const behind = [...new Set([...above, ...guardsAtRoot(stack)])];
  const at = (kind: Endpoint['kind'], path: string, methods: string[], opaque: boolean): Endpoint => ({ kind, path, methods, scoped: behind.includes('org'), behind, opaque });
  for (const layer of stack) {
    const raw = layer.route ? layer.route.path : layer.rawPath;
    const paths = Array.isArray(raw) ? raw : [raw];
    for (const p of paths) {
      if (typeof p !== 'string') {
        out.push(at(layer.route ? 'route' : 'use', join(base, String(p)), [], true));
        continue;
      }
      const path = join(base, p);
      if (layer.route) {
        out.push(at('route', path, Object.keys(layer.route.methods).map((m) => (m === '_all' ? 'all' : m)), false));
      } else if (Array.isArray(layer.handle.stack)) {
        walk(layer.handle.stack, path, behind, out);
      } else {
        // express wraps a mounted sub-app in `mounted_app`, hiding its routes from the walk.
        out.push(at('use', path, ['all'], layer.name === 'mounted_app'));
      }
    }
  }
}

export function listEndpoints(app: { router: unknown }): Endpoint[] {
  const out: Endpoint[] = [];
  walk((app.router as { stack: Layer[] }).stack, '', [], out);
  return out;
}

export const isOrgPath = (path: string) => GUARDS.org.path.test(path);
export const isRegulatorPath = (path: string) => GUARDS.regulator.path.test(path);
export const isAdminPath = (path: string) => GUARDS.admin.path.test(path);

/** Every handler (route or middleware) that answers under the guard's prefix without the guard in front of it. */
export function unguardedEndpoints(app: { router: unknown }, guard: Guard): Endpoint[] {
  return listEndpoints(app).filter((e) => GUARDS[guard].path.test(e.path) && !e.behind.includes(guard));
}

export const unscopedOrgEndpoints = (app: { router: unknown }) => unguardedEndpoints(app, 'org');

/** 'GET /orgs/:orgId/facilities' style labels, for readable failures. */
export const label = (e: Endpoint) => `${e.methods.map((m) => m.toUpperCase()).join(',') || e.kind.toUpperCase()} ${e.path}`;

/**
 * The path with each `:param` (and `*splat`) replaced by fill(name); optional
 * `{…}` groups are kept, braces dropped.
 */
export function fillPath(path: string, fill: (param: string) => string | number): string {
  return path
    .split('/')
    .map((segment) =>
      segment
        .replace(/[{}]/g, '')
        .replace(/[:*](\w+)/g, (_m, name: string) => encodeURIComponent(String(fill(name)))),
    )
    .join('/');
}

/** The param names of a path, in order. */
export function paramsOf(path: string): string[] {
  return [...path.matchAll(/[:*](\w+)/g)].map((m) => m[1]!);
}
