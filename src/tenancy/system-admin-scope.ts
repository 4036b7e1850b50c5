/**
 * The platform side: a System Admin creates regulator agencies and invites
 * their first Regulator Admin (SPEC §2). The scope exists only once the
 * systemAdmin middleware has seen the flag on the signed-in account; every
 * repo function of the platform administration takes it first, so none can be
 * called from a page that skipped the check.
 */
declare const brand: unique symbol;

export type SystemAdminScope = { readonly [brand]: 'SystemAdminScope'; readonly userId: number };

/** Only the systemAdmin middleware (and tests) make this scope. */
export function makeSystemAdminScope(userId: number): SystemAdminScope {
  return { userId } as SystemAdminScope;
}
