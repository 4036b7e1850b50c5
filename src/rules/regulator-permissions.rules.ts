/**
 * What each regulator role may do (docs/product.md §2): Regulator Viewers read, Reviewers
 * also decide and correct submittals, Regulator Admins also decide requests and
 * run the CUPA's staff and policies. Pure.
 */
import type { RegulatorRole } from '../db/types';

export type RegulatorPermission =
  | 'review:view' // the queue, submittals, facilities, documents
  | 'review:decide' // set Under review / Accepted / Not accepted / Not applicable
  | 'review:correct' // make a regulator-corrected version
  | 'requests:decide' // access, transfer, merge and delete requests
  | 'cupa:admin'; // staff, roles, local policies, directory details

const RANK: Record<RegulatorRole, number> = { regulator_viewer: 1, reviewer: 2, regulator_admin: 3 };

const NEEDS: Record<RegulatorPermission, RegulatorRole> = {
  'review:view': 'regulator_viewer',
  'review:decide': 'reviewer',
  'review:correct': 'reviewer',
  'requests:decide': 'regulator_admin',
  'cupa:admin': 'regulator_admin',
};

export function regulatorCan(role: RegulatorRole, permission: RegulatorPermission): boolean {
  return RANK[role] >= RANK[NEEDS[permission]];
}

export const REGULATOR_ROLES: RegulatorRole[] = ['regulator_viewer', 'reviewer', 'regulator_admin'];

export function isRegulatorRole(v: unknown): v is RegulatorRole {
  return typeof v === 'string' && (REGULATOR_ROLES as string[]).includes(v);
}
