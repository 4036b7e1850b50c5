/**
 * A CUPA's own settings: local policies (annual due date, waste at any amount,
 * minor corrections, the document policy per part) and its directory contact
 * details. Every function takes the RegulatorScope: the regulators row read or
 * written is always the scope's own, and document policies go through
 * jurisdictionScoped().
 */
import type { Queryable } from '../../db/transaction';
import type { DocumentOption } from '../../rules/documents.rules';
import { jurisdictionScoped, type RegulatorScope } from '../../tenancy/regulator-scope';

const ownRegulator = (db: Queryable, scope: RegulatorScope) => db('regulators').where('id', scope.regulatorId);

export type LocalPolicyRow = { annual_due_month: number; annual_due_day: number; waste_any_amount: boolean; minor_corrections_allowed: boolean };

export async function findLocalPolicy(db: Queryable, scope: RegulatorScope): Promise<LocalPolicyRow> {
  const row = await ownRegulator(db, scope).first('annual_due_month', 'annual_due_day', 'waste_any_amount', 'minor_corrections_allowed');
  if (!row) throw new Error(`regulator ${scope.regulatorId} of a resolved scope is missing`);
  return row as LocalPolicyRow;
}

/** Locks the CUPA's row: two admins saving policies at once are applied one after the other. */
export async function lockLocalPolicy(db: Queryable, scope: RegulatorScope): Promise<LocalPolicyRow> {
  const row = await ownRegulator(db, scope).forUpdate().first('annual_due_month', 'annual_due_day', 'waste_any_amount', 'minor_corrections_allowed');
  if (!row) throw new Error(`regulator ${scope.regulatorId} of a resolved scope is missing`);
  return row as LocalPolicyRow;
}

export async function updateLocalPolicy(db: Queryable, scope: RegulatorScope, patch: LocalPolicyRow): Promise<void> {
  await ownRegulator(db, scope).update({ ...patch, updated_at: db.fn.now() });
}

export type DocumentPolicyRow = { part_code: string; accepted_options: DocumentOption[]; note: string | null; exempt_requires_no_employees: boolean };

export function listDocumentPolicies(db: Queryable, scope: RegulatorScope): Promise<DocumentPolicyRow[]> {
  return jurisdictionScoped(db, scope, 'document_policies').orderBy('part_code').select('part_code', 'accepted_options', 'note', 'exempt_requires_no_employees');
}

export async function upsertDocumentPolicy(db: Queryable, scope: RegulatorScope, p: DocumentPolicyRow): Promise<void> {
  // The options are a closed list of plain words, so the array literal needs no quoting.
  const options = `{${p.accepted_options.join(',')}}`;
  await db('document_policies')
    .insert({ regulator_id: scope.regulatorId, part_code: p.part_code, accepted_options: db.raw('?::text[]', [options]), note: p.note, exempt_requires_no_employees: p.exempt_requires_no_employees })
    .onConflict(['regulator_id', 'part_code'])
    .merge(['accepted_options', 'note', 'exempt_requires_no_employees']);
}

export type ContactRow = { name: string; phone: string | null; email: string | null; website: string | null; address: string | null };

export async function findContact(db: Queryable, scope: RegulatorScope): Promise<ContactRow> {
  const row = await ownRegulator(db, scope).first('name', 'phone', 'email', 'website', 'address');
  if (!row) throw new Error(`regulator ${scope.regulatorId} of a resolved scope is missing`);
  return row as ContactRow;
}

export async function updateContact(db: Queryable, scope: RegulatorScope, patch: Omit<ContactRow, 'name'>): Promise<void> {
  await ownRegulator(db, scope).update({ ...patch, updated_at: db.fn.now() });
}

/** Counts for the administration overview. */
export async function staffCounts(db: Queryable, scope: RegulatorScope): Promise<{ staff: number; invitations: number }> {
  const [staff, invitations] = await Promise.all([
    jurisdictionScoped(db, scope, 'regulator_staff').count<{ n: string }[]>('* as n'),
    jurisdictionScoped(db, scope, 'regulator_invitations').whereNull('accepted_at').whereNull('revoked_at').where('expires_at', '>', db.fn.now()).count<{ n: string }[]>('* as n'),
  ]);
  return { staff: Number(staff[0]?.n ?? 0), invitations: Number(invitations[0]?.n ?? 0) };
}
