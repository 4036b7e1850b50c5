/**
 * A CUPA's own settings (docs/product.md §8, §10.1): its local policies and its contact
 * details for the public Regulator Directory. The policies are read where they
 * matter — due dates on the business facility page (regulatorDueDate), the
 * document options (policiesFor), the waste rule (wasteAnyAmount) and minor
 * corrections (the review page) — straight from the rows saved here, so a
 * change takes effect on the next page anyone opens. A save is all or nothing,
 * audited with what it was before and after.
 */
import type { Knex } from 'knex';
import { inTransaction } from '../../db/transaction';
import type { RegulatorScope } from '../../tenancy/regulator-scope';
import { recordAudit } from '../audit/audit.repo';
import {
  findContact,
  findLocalPolicy,
  listDocumentPolicies,
  lockLocalPolicy,
  staffCounts,
  updateContact,
  updateLocalPolicy,
  upsertDocumentPolicy,
} from './cupa-admin.repo';
import type { ContactInput, PoliciesInput } from './cupa-admin.schema';

export type CupaAdminService = ReturnType<typeof createCupaAdminService>;

export function createCupaAdminService(deps: { db: Knex }) {
  const { db } = deps;

  return {
    async overview(scope: RegulatorScope) {
      const [counts, policy, contact] = await Promise.all([staffCounts(db, scope), findLocalPolicy(db, scope), findContact(db, scope)]);
      return { counts, policy, contact };
    },

    async policies(scope: RegulatorScope) {
      const [policy, parts] = await Promise.all([findLocalPolicy(db, scope), listDocumentPolicies(db, scope)]);
      return { policy, parts };
    },

    async savePolicies(scope: RegulatorScope, input: PoliciesInput, ip: string | null): Promise<void> {
      await inTransaction(db, async (trx) => {
        const before = { ...(await lockLocalPolicy(trx, scope)), document_policies: await listDocumentPolicies(trx, scope) };
        const policy = {
          annual_due_month: input.annualDueMonth,
          annual_due_day: input.annualDueDay,
          waste_any_amount: input.wasteAnyAmount,
          minor_corrections_allowed: input.minorCorrectionsAllowed,
        };
        await updateLocalPolicy(trx, scope, policy);
        for (const p of input.parts) {
          await upsertDocumentPolicy(trx, scope, { part_code: p.partCode, accepted_options: p.acceptedOptions, note: p.note, exempt_requires_no_employees: p.exemptRequiresNoEmployees });
        }
        const after = { ...policy, document_policies: await listDocumentPolicies(trx, scope) };
        await recordAudit(trx, { actorUserId: scope.userId, regulatorId: scope.regulatorId, action: 'regulator.policies_updated', entityType: 'regulator', entityId: scope.regulatorId, before, after, ip });
      });
    },

    contact: (scope: RegulatorScope) => findContact(db, scope),

    async saveContact(scope: RegulatorScope, input: ContactInput, ip: string | null): Promise<void> {
      await inTransaction(db, async (trx) => {
        const { name: _name, ...before } = await findContact(trx, scope);
        await updateContact(trx, scope, input);
        await recordAudit(trx, { actorUserId: scope.userId, regulatorId: scope.regulatorId, action: 'regulator.contact_updated', entityType: 'regulator', entityId: scope.regulatorId, before, after: input, ip });
      });
    },
  };
}
