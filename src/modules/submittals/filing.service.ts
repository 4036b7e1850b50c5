/**
 * The state of a facility's filing: for each of the ten elements, whether it is
 * required, its draft and what the draft is missing, its last submitted version
 * and status, and when it is next due. One load, a handful of queries; every
 * page about submittals starts here.
 */
import type { Knex } from 'knex';
import type { BusinessActivities } from '../../rules/business-activities.rules';
import { elementProblems, type ElementContent, type PartState, type RuleMessage } from '../../rules/completeness.rules';
import type { DocumentPolicy } from '../../rules/documents.rules';
import { nextDueDate, type DueDate } from '../../rules/due-dates.rules';
import { ELEMENTS, isElementRequired, type DocumentPartCode, type ElementCode, type ElementDef } from '../../rules/elements.rules';
import type { OrgScope } from '../../tenancy/org-scope';
import type { FacilityListItem } from '../facilities/facilities.repo';
import { listParts, policiesFor, type DocumentPartRow } from './documents.repo';
import { listVersions, type VersionListItem } from './element-versions.repo';
import { regulatorDueDate } from './facility-submittals.repo';
import { assessItems } from '../inventory/inventory-assessment';
import { listItems, wasteAnyAmount } from '../inventory/inventory.repo';

export type ElementFiling = {
  def: ElementDef;
  required: boolean;
  draft: VersionListItem | null;
  draftParts: (DocumentPartRow & { file_count: string })[];
  problems: RuleMessage[];
  lastSubmitted: VersionListItem | null;
  versions: VersionListItem[];
  due: DueDate;
};

export type FacilityFiling = {
  facility: FacilityListItem;
  businessActivities: BusinessActivities | null;
  policies: Record<string, DocumentPolicy>;
  elements: ElementFiling[];
  hasSubmitted: boolean;
};

export type FilingService = ReturnType<typeof createFilingService>;

export function createFilingService(deps: { db: Knex; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async load(scope: OrgScope, facility: FacilityListItem): Promise<FacilityFiling> {
      const [versions, policies, due] = await Promise.all([
        listVersions(db, scope, facility.id),
        policiesFor(db, facility.regulator_id),
        regulatorDueDate(db, facility.regulator_id),
      ]);
      const drafts = versions.filter((v) => v.status === 'draft');
      const parts = await listParts(db, scope, drafts.map((d) => d.id));
      const fiDraft = drafts.find((d) => d.element_code === 1);
      const fiLast = versions.find((v) => v.element_code === 1 && v.status !== 'draft');
      const fiContent = ((fiDraft ?? fiLast)?.content ?? {}) as ElementContent;
      const businessActivities = fiContent.businessActivities ?? null;
      const employees = fiContent.ownerOperator?.numberOfEmployees;
      const numberOfEmployees = employees ? Number(employees) : null;

      // The inventory of the element-2 draft, assessed by the rules module.
      const hmiDraft = drafts.find((d) => d.element_code === 2);
      let inventory: { count: number; itemsWithRequired: number } | undefined;
      if (hmiDraft) {
        const items = await assessItems(db, await listItems(db, scope, hmiDraft.id), await wasteAnyAmount(db, facility.regulator_id));
        inventory = { count: items.length, itemsWithRequired: items.filter((i) => i.messages.some((m) => m.level === 'Required')).length };
      }

      const elements = ELEMENTS.map((def): ElementFiling => {
        const mine = versions.filter((v) => v.element_code === def.code);
        const draft = mine.find((v) => v.status === 'draft') ?? null;
        const lastSubmitted = mine.find((v) => v.status !== 'draft') ?? null;
        const draftParts = draft ? parts.filter((p) => p.element_version_id === draft.id) : [];
        const problems = draft
          ? elementProblems({
              code: def.code,
              content: draft.content as ElementContent,
              parts: draftParts.map((p): PartState => ({ partCode: p.part_code as DocumentPartCode, option: p.option, fileCount: Number(p.file_count) })),
              policies,
              businessActivities,
              numberOfEmployees,
              inventory: def.inventory ? inventory : undefined,
            })
          : [];
        return {
          def,
          required: isElementRequired(def.code, businessActivities),
          draft,
          draftParts,
          problems,
          lastSubmitted,
          versions: mine,
          due: nextDueDate({
            lastSubmittedAt: lastSubmitted?.submitted_at ?? null,
            notAcceptedAt: lastSubmitted?.status === 'not_accepted' ? lastSubmitted.status_changed_at : null,
            annualMonth: due?.annual_due_month ?? 3,
            annualDay: due?.annual_due_day ?? 1,
            today: now(),
          }),
        };
      });
      return { facility, businessActivities, policies, elements, hasSubmitted: versions.some((v) => v.status !== 'draft') };
    },

    element(filing: FacilityFiling, code: ElementCode): ElementFiling {
      return filing.elements.find((e) => e.def.code === code)!;
    },
  };
}
