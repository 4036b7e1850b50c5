/**
 * The platform side: a System Admin creates regulator agencies and invites
 * their first Regulator Admin (docs/product.md §2). The scope exists only once the
 * systemAdmin middleware has seen the flag on the signed-in account; every
 * repo function of the platform administration takes it first, so none can be
 * called from a page that skipped the check.
 */
declare const brand: unique symbol;

export type SystemAdminScope = { readonly [brand]: 'SystemAdminScope'; readonly userId: number };

/**
 * The account's System Admin scope, or undefined when the account is not flagged a System Admin (the systemAdmin
 * middleware's check). Scopes are made in src/tenancy only (an ESLint rule in eslint.config.mjs).
 */
export function systemAdminScopeOfAccount(account: { id: number; is_system_admin: boolean }): SystemAdminScope | undefined {
  return account.is_system_admin ? ({ userId: account.id } as SystemAdminScope) : undefined;
}
