/** Members and invitations of one organization. Every function takes the OrgScope. */
import type { Queryable } from '../../db/transaction';
import type { MembershipRole } from '../../db/types';
import type { Sends } from '../../rules/invitation-limits.rules';
import { toSends } from './invitation-sends.repo';
import { orgScoped, type OrgScope } from '../../tenancy/org-scope';

export type MemberRow = {
  membership_id: number;
  user_id: number;
  first_name: string;
  last_name: string;
  email: string;
  username: string;
  role: MembershipRole;
  created_at: Date;
};

const MEMBER_COLUMNS = ['m.id as membership_id', 'u.id as user_id', 'u.first_name', 'u.last_name', 'u.email', 'u.username', 'm.role', 'm.created_at'];

export function listMembers(db: Queryable, scope: OrgScope): Promise<MemberRow[]> {
  return orgScoped(db, scope, 'memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .orderBy([{ column: 'u.last_name' }, { column: 'u.first_name' }])
    .select(MEMBER_COLUMNS);
}

export function findMember(db: Queryable, scope: OrgScope, membershipId: number): Promise<MemberRow | undefined> {
  return orgScoped(db, scope, 'memberships as m').join('users as u', 'u.id', 'm.user_id').where('m.id', membershipId).first(MEMBER_COLUMNS);
}

export async function isMemberByEmail(db: Queryable, scope: OrgScope, email: string): Promise<boolean> {
  return !!(await orgScoped(db, scope, 'memberships as m').join('users as u', 'u.id', 'm.user_id').whereRaw('lower(u.email) = ?', [email.toLowerCase()]).first('m.id'));
}

/**
 * Locks the organization's Lead User rows for the rest of the transaction and
 * returns their membership ids. Two Lead Users removing each other at once are
 * serialized here, so the second sees that only one would remain.
 */
export async function lockLeadUsers(db: Queryable, scope: OrgScope): Promise<number[]> {
  const rows = await orgScoped(db, scope, 'memberships').where('role', 'lead_user').forUpdate().select('id');
  return rows.map((r: { id: number }) => r.id);
}

export async function setMemberRole(db: Queryable, scope: OrgScope, membershipId: number, role: MembershipRole): Promise<void> {
  await orgScoped(db, scope, 'memberships').where('id', membershipId).update({ role, updated_at: db.fn.now() });
}

export async function deleteMember(db: Queryable, scope: OrgScope, membershipId: number): Promise<void> {
  await orgScoped(db, scope, 'memberships').where('id', membershipId).del();
}

export async function insertMember(db: Queryable, scope: OrgScope, userId: number, role: MembershipRole): Promise<void> {
  await db('memberships').insert({ user_id: userId, organization_id: scope.organizationId, role }).onConflict(['user_id', 'organization_id']).ignore();
}

export type InvitationRow = {
  id: number;
  organization_id: number;
  email: string;
  role: MembershipRole;
  token_hash: string;
  invited_by: number | null;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_by: number | null;
  revoked_at: Date | null;
  created_at: Date;
};

export async function insertInvitation(
  db: Queryable,
  scope: OrgScope,
  inv: Pick<InvitationRow, 'email' | 'role' | 'token_hash' | 'expires_at'>,
): Promise<InvitationRow> {
  const [row] = await db('invitations').insert({ ...inv, organization_id: scope.organizationId, invited_by: scope.userId }).returning('*');
  return row as InvitationRow;
}

export function listOpenInvitations(db: Queryable, scope: OrgScope): Promise<InvitationRow[]> {
  return orgScoped(db, scope, 'invitations').whereNull('accepted_at').whereNull('revoked_at').orderBy('created_at', 'desc').select('*');
}

export function findOpenInvitation(db: Queryable, scope: OrgScope, id: number): Promise<InvitationRow | undefined> {
  return orgScoped(db, scope, 'invitations').where('id', id).whereNull('accepted_at').whereNull('revoked_at').first();
}

export async function updateInvitation(
  db: Queryable,
  scope: OrgScope,
  id: number,
  patch: Partial<Pick<InvitationRow, 'token_hash' | 'expires_at' | 'revoked_at' | 'invited_by'>>,
): Promise<void> {
  await orgScoped(db, scope, 'invitations').where('id', id).update({ ...patch, updated_at: db.fn.now() });
}

/**
 * Holds the organization's row for the rest of the transaction: two invitations
 * sent at the same moment are counted one after the other, so together they
 * cannot pass the throttle that each would pass alone.
 */
export async function lockOrganizationInvitations(db: Queryable, scope: OrgScope): Promise<void> {
  await db('organizations').where('id', scope.organizationId).forUpdate().first('id');
}

/** The organization's invitations whose last email set an expiry after `expiresAfter`. */
export async function organizationInvitationSends(db: Queryable, scope: OrgScope, expiresAfter: Date): Promise<Sends> {
  const row = await orgScoped(db, scope, 'invitations').where('expires_at', '>', expiresAfter).first(db.raw('count(*) as count'), db.raw('min(expires_at) as first'));
  return toSends(row);
}

/** The invitee's side: found by the secret in their link, before they belong to anything. */
export function findInvitationByTokenHash(db: Queryable, tokenHash: string): Promise<(InvitationRow & { organization_name: string }) | undefined> {
  return db('invitations as i').join('organizations as o', 'o.id', 'i.organization_id').where('i.token_hash', tokenHash).first('i.*', 'o.name as organization_name');
}

/** Marks accepted only if still open; false when someone got there first. */
export async function markInvitationAccepted(db: Queryable, id: number, userId: number): Promise<boolean> {
  const n = await db('invitations').where({ id }).whereNull('accepted_at').whereNull('revoked_at').update({ accepted_at: db.fn.now(), accepted_by: userId, updated_at: db.fn.now() });
  return n === 1;
}

/** Open invitations addressed to a person's (verified) email, for their account home. */
export function listOpenInvitationsForEmail(db: Queryable, email: string): Promise<(InvitationRow & { organization_name: string })[]> {
  return db('invitations as i')
    .join('organizations as o', 'o.id', 'i.organization_id')
    .whereRaw('lower(i.email) = ?', [email.toLowerCase()])
    .whereNull('i.accepted_at')
    .whereNull('i.revoked_at')
    .where('i.expires_at', '>', db.fn.now())
    .orderBy('i.created_at', 'desc')
    .select('i.*', 'o.name as organization_name');
}

export function findInvitationById(db: Queryable, id: number): Promise<(InvitationRow & { organization_name: string }) | undefined> {
  return db('invitations as i').join('organizations as o', 'o.id', 'i.organization_id').where('i.id', id).first('i.*', 'o.name as organization_name');
}
