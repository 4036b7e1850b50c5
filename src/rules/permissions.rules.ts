/**
 * What each business role may do (docs/product.md §2). Each role includes everything of the
 * roles below it. Pure: routes declare the permission they need, this decides.
 */
import type { MembershipRole } from '../db/types';

export type BusinessPermission =
  | 'org:view' // see the organization, its facilities and submittals
  | 'drafts:edit' // add and edit drafts, upload inventory and documents
  | 'submittals:submit' // submit elements to the regulator
  | 'people:manage' // invite, change roles, remove; decide access requests
  | 'facilities:manage'; // add facilities; request transfer, merge, delete

const RANK: Record<MembershipRole, number> = { viewer: 1, editor: 2, approver: 3, lead_user: 4 };

const NEEDS: Record<BusinessPermission, MembershipRole> = {
  'org:view': 'viewer',
  'drafts:edit': 'editor',
  'submittals:submit': 'approver',
  'people:manage': 'lead_user',
  'facilities:manage': 'lead_user',
};

export function can(role: MembershipRole, permission: BusinessPermission): boolean {
  return RANK[role] >= RANK[NEEDS[permission]];
}

export const MEMBERSHIP_ROLES: MembershipRole[] = ['viewer', 'editor', 'approver', 'lead_user'];

export function isMembershipRole(v: unknown): v is MembershipRole {
  return typeof v === 'string' && (MEMBERSHIP_ROLES as string[]).includes(v);
}
