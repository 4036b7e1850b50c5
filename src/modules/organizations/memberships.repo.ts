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

export type Contact = { id: number; email: string; first_name: string };

/** Lead Users of an organization, to route an access request to (the requester is not a member). */
export function listLeadUserContacts(db: Queryable, organizationId: number): Promise<Contact[]> {
  return db('memberships as m').join('users as u', 'u.id', 'm.user_id').where({ 'm.organization_id': organizationId, 'm.role': 'lead_user' }).select('u.id', 'u.email', 'u.first_name');
}

/** A CUPA's Regulator Admins, who decide requests an organization cannot. */
export function listRegulatorAdminContacts(db: Queryable, regulatorId: number): Promise<Contact[]> {
  return db('regulator_staff as s').join('users as u', 'u.id', 's.user_id').where({ 's.regulator_id': regulatorId, 's.role': 'regulator_admin' }).select('u.id', 'u.email', 'u.first_name');
}

/** Everyone on a CUPA's staff, told when a facility in its jurisdiction submits. */
export function listRegulatorStaffContacts(db: Queryable, regulatorId: number): Promise<Contact[]> {
  return db('regulator_staff as s').join('users as u', 'u.id', 's.user_id').where({ 's.regulator_id': regulatorId }).select('u.id', 'u.email', 'u.first_name');
}

/** Adds a member; nothing happens if the person already belongs (invited meanwhile, say). */
export async function insertMembershipIfAbsent(db: Queryable, m: { userId: number; organizationId: number; role: MembershipRole }): Promise<void> {
  await db('memberships').insert({ user_id: m.userId, organization_id: m.organizationId, role: m.role }).onConflict(['user_id', 'organization_id']).ignore();
}
