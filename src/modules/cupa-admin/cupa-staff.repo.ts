/**
 * A CUPA's staff and its staff invitations. Every function takes the
 * RegulatorScope and reads through jurisdictionScoped(), so a staff or
 * invitation id of another CUPA finds nothing; only the invitee's side (found
 * by the secret in the link) and the accept write run before a scope exists.
 */
import type { Queryable } from '../../db/transaction';
import type { RegulatorRole } from '../../db/types';
import type { Sends } from '../../rules/invitation-limits.rules';
import { toSends } from '../people/invitation-sends.repo';
import { jurisdictionScoped, type RegulatorScope } from '../../tenancy/regulator-scope';

export type StaffRow = {
  staff_id: number;
  user_id: number;
  first_name: string;
  last_name: string;
  email: string;
  username: string;
  role: RegulatorRole;
  created_at: Date;
};

const STAFF_COLUMNS = ['s.id as staff_id', 'u.id as user_id', 'u.first_name', 'u.last_name', 'u.email', 'u.username', 's.role', 's.created_at'];

export function listStaff(db: Queryable, scope: RegulatorScope): Promise<StaffRow[]> {
  return jurisdictionScoped(db, scope, 'regulator_staff as s')
    .join('users as u', 'u.id', 's.user_id')
    .orderBy([{ column: 'u.last_name' }, { column: 'u.first_name' }, { column: 's.id' }])
    .select(STAFF_COLUMNS);
}

export function findStaff(db: Queryable, scope: RegulatorScope, staffId: number): Promise<StaffRow | undefined> {
  return jurisdictionScoped(db, scope, 'regulator_staff as s').join('users as u', 'u.id', 's.user_id').where('s.id', staffId).first(STAFF_COLUMNS);
}

export async function isStaffByEmail(db: Queryable, scope: RegulatorScope, email: string): Promise<boolean> {
  return !!(await jurisdictionScoped(db, scope, 'regulator_staff as s').join('users as u', 'u.id', 's.user_id').whereRaw('lower(u.email) = ?', [email.toLowerCase()]).first('s.id'));
}

/**
 * Locks the CUPA's Regulator Admin rows for the rest of the transaction and
 * returns their ids. Two admins demoting or removing each other at once are
 * serialized here, so the second sees that only one would remain.
 */
export async function lockRegulatorAdmins(db: Queryable, scope: RegulatorScope): Promise<number[]> {
  const rows = await jurisdictionScoped(db, scope, 'regulator_staff').where('role', 'regulator_admin').forUpdate().select('id');
  return rows.map((r: { id: number }) => r.id);
}

export async function setStaffRole(db: Queryable, scope: RegulatorScope, staffId: number, role: RegulatorRole): Promise<void> {
  await jurisdictionScoped(db, scope, 'regulator_staff').where('id', staffId).update({ role, updated_at: db.fn.now() });
}

export async function deleteStaff(db: Queryable, scope: RegulatorScope, staffId: number): Promise<void> {
  await jurisdictionScoped(db, scope, 'regulator_staff').where('id', staffId).del();
}

/**
 * Puts a person on the CUPA's staff. regulator_staff.user_id is unique (one
 * CUPA per person): if they joined another CUPA in the meantime this throws
 * the unique violation, and the caller's transaction rolls back.
 */
export async function insertStaff(db: Queryable, scope: RegulatorScope, userId: number, role: RegulatorRole): Promise<number> {
  const [row] = await db('regulator_staff').insert({ user_id: userId, regulator_id: scope.regulatorId, role }).returning('id');
  return (row as { id: number }).id;
}

export type RegulatorInvitationRow = {
  id: number;
  regulator_id: number;
  email: string;
  role: RegulatorRole;
  token_hash: string;
  invited_by: number | null;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_by: number | null;
  revoked_at: Date | null;
  created_at: Date;
};

export async function insertRegulatorInvitation(
  db: Queryable,
  scope: RegulatorScope,
  inv: Pick<RegulatorInvitationRow, 'email' | 'role' | 'token_hash' | 'expires_at'>,
): Promise<RegulatorInvitationRow> {
  const [row] = await db('regulator_invitations').insert({ ...inv, regulator_id: scope.regulatorId, invited_by: scope.userId }).returning('*');
  return row as RegulatorInvitationRow;
}

/** Invitations not yet accepted or revoked (expired ones too: they can be resent). */
export function listOpenRegulatorInvitations(db: Queryable, scope: RegulatorScope): Promise<RegulatorInvitationRow[]> {
  return jurisdictionScoped(db, scope, 'regulator_invitations').whereNull('accepted_at').whereNull('revoked_at').orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).select('*');
}

export function findOpenRegulatorInvitation(db: Queryable, scope: RegulatorScope, id: number): Promise<RegulatorInvitationRow | undefined> {
  return jurisdictionScoped(db, scope, 'regulator_invitations').where('id', id).whereNull('accepted_at').whereNull('revoked_at').first();
}

/** An invitation to this address that still works. */
export async function hasLiveInvitationFor(db: Queryable, scope: RegulatorScope, email: string): Promise<boolean> {
  return !!(await jurisdictionScoped(db, scope, 'regulator_invitations')
    .whereRaw('lower(email) = ?', [email.toLowerCase()])
    .whereNull('accepted_at')
    .whereNull('revoked_at')
    .where('expires_at', '>', db.fn.now())
    .first('id'));
}

export async function updateRegulatorInvitation(
  db: Queryable,
  scope: RegulatorScope,
  id: number,
  patch: Partial<Pick<RegulatorInvitationRow, 'token_hash' | 'expires_at' | 'revoked_at' | 'invited_by'>>,
): Promise<void> {
  await jurisdictionScoped(db, scope, 'regulator_invitations').where('id', id).update({ ...patch, updated_at: db.fn.now() });
}

/**
 * Holds the CUPA's row for the rest of the transaction: two invitations sent at
 * the same moment are counted one after the other by the throttle.
 */
export async function lockRegulatorInvitations(db: Queryable, scope: RegulatorScope): Promise<void> {
  await db('regulators').where('id', scope.regulatorId).forUpdate().first('id');
}

/** The CUPA's staff invitations whose last email set an expiry after `expiresAfter`. */
export async function regulatorInvitationSends(db: Queryable, scope: RegulatorScope, expiresAfter: Date): Promise<Sends> {
  const row = await jurisdictionScoped(db, scope, 'regulator_invitations').where('expires_at', '>', expiresAfter).first(db.raw('count(*) as count'), db.raw('min(expires_at) as first'));
  return toSends(row);
}

export type RegulatorInvitationWithName = RegulatorInvitationRow & { regulator_name: string; regulator_code: string | null };

/** The invitee's side: found by the secret in their link, before they are on any staff. */
export function findRegulatorInvitationByTokenHash(db: Queryable, tokenHash: string): Promise<RegulatorInvitationWithName | undefined> {
  return db('regulator_invitations as i')
    .join('regulators as r', 'r.id', 'i.regulator_id')
    .where('i.token_hash', tokenHash)
    .first('i.*', 'r.name as regulator_name', 'r.code as regulator_code');
}

/** Marks accepted only if still open; false when someone got there first. */
export async function markRegulatorInvitationAccepted(db: Queryable, id: number, userId: number): Promise<boolean> {
  const n = await db('regulator_invitations').where({ id }).whereNull('accepted_at').whereNull('revoked_at').update({ accepted_at: db.fn.now(), accepted_by: userId, updated_at: db.fn.now() });
  return n === 1;
}
