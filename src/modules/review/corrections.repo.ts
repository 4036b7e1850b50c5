/**
 * Regulator-corrected versions: a new submitted version written once, in one
 * transaction, beside the original (which never changes). The inventory
 * trigger lets this transaction write items into the new version only after
 * it names the version in upp.writing_version.
 */
import type { Knex } from 'knex';
import type { Queryable } from '../../db/transaction';
import { correctionBlock, type CorrectionBlock, type FieldChange } from '../../rules/corrections.rules';
import { jurisdictionScoped, type RegulatorScope } from '../../tenancy/regulator-scope';
import type { ReviewVersion } from './review.repo';

/**
 * A newer submitted version of the same element at the facility (a later submittal or a correction).
 * Compared in SQL against the stored row: PostgreSQL keeps microseconds, a JavaScript Date only
 * milliseconds, so a version compared with its own Date would look newer than itself.
 */
export async function isSuperseded(db: Queryable, scope: RegulatorScope, v: ReviewVersion): Promise<boolean> {
  const newer = await jurisdictionScoped(db, scope, 'element_versions')
    .where({ facility_id: v.facility_id, element_code: v.element_code })
    .whereNot('status', 'draft')
    .whereRaw('(submitted_at, id) > (select o.submitted_at, o.id from element_versions o where o.id = ?)', [v.id])
    .first('id');
  return !!newer;
}

/** Why this version cannot be corrected, or null: the rule, fed with the policy, the opt-out and what is newer. */
export async function correctionBlockOf(db: Queryable, scope: RegulatorScope, v: ReviewVersion, policyAllows: boolean): Promise<CorrectionBlock | null> {
  return correctionBlock({ policyAllows, optedOut: v.minor_corrections_opt_out, elementCode: v.element_code, superseded: await isSuperseded(db, scope, v) });
}

export async function insertCorrectedVersion(
  trx: Knex.Transaction,
  scope: RegulatorScope,
  v: ReviewVersion,
  c: { content: Record<string, unknown>; contentHash: string; reason: string; changes: FieldChange[] },
): Promise<number> {
  const [row] = await trx('element_versions')
    .insert({
      facility_id: v.facility_id, organization_id: v.organization_id, regulator_id: scope.regulatorId, element_code: v.element_code,
      status: v.status, content: JSON.stringify(c.content), based_on_version_id: v.id, facility_submittal_id: v.facility_submittal_id,
      comment_to_regulator: v.comment_to_regulator, content_hash: c.contentHash, created_by: scope.userId, submitted_by: v.submitted_by,
      // The original's exact time, microseconds included (a JavaScript Date would cut them off and sort it before the original).
      submitted_at: trx.raw('(select o.submitted_at from element_versions o where o.id = ?)', [v.id]), status_changed_at: trx.fn.now(), corrected_from_version_id: v.id,
      correction: JSON.stringify({ reason: c.reason, changes: c.changes }), corrected_by: scope.userId,
    })
    .returning('id');
  // Everything below writes into the new version; the trigger allows exactly this one.
  await trx.raw(`select set_config('upp.writing_version', ?, true)`, [String(row.id)]);
  return row.id as number;
}

/** The corrected material's columns, in the corrected version. */
export async function updateCorrectedItem(trx: Knex.Transaction, versionId: number, itemId: number, columns: Record<string, unknown>): Promise<void> {
  await trx('inventory_items').where({ element_version_id: versionId, id: itemId }).update({ ...columns, updated_at: trx.fn.now() });
}
