import type { Queryable } from '../../db/transaction';
import type { MembershipRole, RegulatorRole } from '../../db/types';

export type UserOrganization = { id: number; name: string; code: string; role: MembershipRole };

/** The organizations a person belongs to; the root of every business-side scope. */
export function listOrganizationsForUser(db: Queryable, userId: number): Promise<UserOrganization[]> {
  return db('memberships as m')
    .join('organizations as o', 'o.id', 'm.organization_id')
    .where('m.user_id', userId)
    .orderBy('o.name')
    .select('o.id', 'o.name', 'o.code', 'm.role');
}

export type UserRegulator = { id: number; name: string; code: string | null; role: RegulatorRole };

export function findRegulatorStaffing(db: Queryable, userId: number): Promise<UserRegulator | undefined> {
  return db('regulator_staff as s')
    .join('regulators as r', 'r.id', 's.regulator_id')
    .where('s.user_id', userId)
    .first('r.id', 'r.name', 'r.code', 's.role');
}
