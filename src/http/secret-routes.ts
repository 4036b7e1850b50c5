/**
 * Every route whose path carries a one-time secret (activation, password
 * reset, email change, invitations). The routers declare these paths from
 * here and request logging redacts the secret segment of each (logging.setup.ts),
 * so a new one-time link added to this list is declared and redacted at once,
 * and a test walks the route table for any `:token`-like parameter outside it.
 */
export const SECRET_ROUTES = {
  activate: '/activate/:token',
  resetPassword: '/reset-password/:token',
  verifyEmail: '/verify-email/:token',
  invitation: '/invitations/:token',
  cupaInvitation: '/cupa-invitations/:token',
} as const;

/** The path of one secret route for this secret, e.g. secretPath(SECRET_ROUTES.invitation, s). */
export function secretPath(route: (typeof SECRET_ROUTES)[keyof typeof SECRET_ROUTES], secret: string): string {
  return route.replace(':token', encodeURIComponent(secret));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/**
 * One pattern for all of them: a segment that starts one of the routes (after
 * "/" — so "/cupa-invitations/" is its own entry, not a near miss of
 * "/invitations/"), and the secret segment after it. Express matches paths
 * without regard to case, so the redaction does too.
 */
export const SECRET_PATH_PATTERN = new RegExp(
  `(/(?:${Object.values(SECRET_ROUTES)
    .map((route) => escape(route.slice(1, route.indexOf('/:'))))
    .join('|')})/)[^/?#]+`,
  'gi',
);
