/**
 * Walks an Express 5 app's router tree (the `router` package's Layer objects)
 * into a flat list of endpoints: full path, methods, and whether each sits below
 * a router whose first layer is the organization scope middleware. Used by the
 * tenancy tests, so a route added tomorrow is checked without anyone listing it.
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
  /** Below a router whose first layer is the regulator scope middleware, mounted at '/'. */
  regulatorScoped: boolean;
  /** Below a router whose first layer is the systemAdmin middleware, mounted at '/'. */
  systemAdminScoped: boolean;
  /** A layer the walk cannot see into or cannot read the path of (regexp path, mounted sub-app). */
  opaque: boolean;
};

function join(base: string, raw: string): string {
  const joined = `${base.replace(/\/+$/, '')}/${raw.replace(/^\/+/, '')}`.replace(/\/+$/, '');
  return joined === '' ? '/' : joined;
}

function startsWithScope(stack: Layer[], name: string): boolean {
  const first = stack[0];
  return !!first && !first.route && first.name === name && first.rawPath === '/';
}

function walk(stack: Layer[], base: string, scoped: boolean, regScoped: boolean, out: Endpoint[], adminScoped = false): void {
  const inScope = scoped || startsWithScope(stack, ORG_SCOPE_MIDDLEWARE_NAME);
  const inReg = regScoped || startsWithScope(stack, REGULATOR_SCOPE_MIDDLEWARE_NAME);
  const inAdmin = adminScoped || startsWithScope(stack, SYSTEM_ADMIN_MIDDLEWARE_NAME);
  for (const layer of stack) {
    const raw = layer.route ? layer.route.path : layer.rawPath;
    const paths = Array.isArray(raw) ? raw : [raw];
    for (const p of paths) {
      if (typeof p !== 'string') {
        out.push({ kind: layer.route ? 'route' : 'use', path: join(base, String(p)), methods: [], scoped: inScope, regulatorScoped: inReg, systemAdminScoped: inAdmin, opaque: true });
        continue;
      }
      const path = join(base, p);
      if (layer.route) {
        const methods = Object.keys(layer.route.methods).map((m) => (m === '_all' ? 'all' : m));
        out.push({ kind: 'route', path, methods, scoped: inScope, regulatorScoped: inReg, systemAdminScoped: inAdmin, opaque: false });
      } else if (Array.isArray(layer.handle.stack)) {
        walk(layer.handle.stack, path, inScope, inReg, out, inAdmin);
      } else {
        // express wraps a mounted sub-app in `mounted_app`, hiding its routes from the walk.
        out.push({ kind: 'use', path, methods: ['all'], scoped: inScope, regulatorScoped: inReg, systemAdminScoped: inAdmin, opaque: layer.name === 'mounted_app' });
      }
    }
  }
}

export function listEndpoints(app: { router: unknown }): Endpoint[] {
  const out: Endpoint[] = [];
  walk((app.router as { stack: Layer[] }).stack, '', false, false, out);
  return out;
}

/** Express matches paths case-insensitively, so '/ORGS/1' reaches '/orgs/:orgId' too. */
export const isOrgPath = (path: string) => /^\/orgs(\/|$)/i.test(path);

/** Every handler (route or middleware) that answers under /orgs without the scope in front of it. */
export function unscopedOrgEndpoints(app: { router: unknown }): Endpoint[] {
  return listEndpoints(app).filter((e) => isOrgPath(e.path) && !e.scoped);
}

/** '/regulator' and below, not '/regulators' (the public directory). */
export const isRegulatorPath = (path: string) => /^\/regulator(\/|$)/i.test(path);

/** Every handler that answers under /regulator without the regulator scope in front of it. */
export function unscopedRegulatorEndpoints(app: { router: unknown }): Endpoint[] {
  return listEndpoints(app).filter((e) => isRegulatorPath(e.path) && !e.regulatorScoped);
}

/** '/admin' and below: the platform administration. */
export const isAdminPath = (path: string) => /^\/admin(\/|$)/i.test(path);

/** Every handler that answers under /admin without the systemAdmin check in front of it. */
export function unguardedAdminEndpoints(app: { router: unknown }): Endpoint[] {
  return listEndpoints(app).filter((e) => isAdminPath(e.path) && !e.systemAdminScoped);
}

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
