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

export type MembershipWithOrganization = { role: MembershipRole; organization: { id: number; name: string; code: string } };

export async function findMembership(db: Queryable, userId: number, organizationId: number): Promise<MembershipWithOrganization | undefined> {
  const row = await db('memberships as m')
    .join('organizations as o', 'o.id', 'm.organization_id')
    .where({ 'm.user_id': userId, 'm.organization_id': organizationId })
    .first('m.role', 'o.id', 'o.name', 'o.code');
  return row && { role: row.role, organization: { id: row.id, name: row.name, code: row.code } };
}
