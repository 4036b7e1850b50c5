/**
 * The Hazardous Materials Inventory of a facility's element-2 draft: add from
 * the chemical library or as a new material, copy, edit, delete; every item
 * assessed by the rules module. Submitted inventories are read through their
 * version and never changed (the database refuses it).
 */
import type { Knex } from 'knex';
import { inTransaction } from '../../db/transaction';
import { NotFoundError } from '../../http/errors';
import type { InventoryItem } from '../../rules/inventory/item.types';
import type { OrgScope } from '../../tenancy/org-scope';
import { recordAudit } from '../audit/audit.repo';
import type { FacilityListItem } from '../facilities/facilities.repo';
import type { DraftsService } from '../submittals/drafts.service';
import { findDraft, findVersion, latestSubmitted, type ElementVersionRow } from '../submittals/element-versions.repo';
import { itemToTemplateRow, type TemplateRow } from '../../rules/inventory/template-row.rules';
import { assessItems, type AssessedItem } from './inventory-assessment';
import { deleteItem, findChemical, findItem, insertItem, listItems, searchLibrary, updateItem, wasteAnyAmount } from './inventory.repo';

export type InventoryService = ReturnType<typeof createInventoryService>;

const STATE_CODE: Record<string, InventoryItem['physicalState']> = { Solid: 'a', Liquid: 'b', Gas: 'c' };
const TYPE_CODE: Record<string, InventoryItem['hmType']> = { Pure: 'a', Mixture: 'b' };
const DOT = /^(1\.[1-6]|2\.[1-3]|3|4\.[1-3]|5\.[12]|6\.[12]|7|8|9)$/;

export function createInventoryService(deps: { db: Knex; drafts: DraftsService }) {
  const { db, drafts } = deps;

  async function draftOf(scope: OrgScope, facility: FacilityListItem, create: boolean, ip: string | null): Promise<ElementVersionRow | undefined> {
    const existing = await findDraft(db, scope, facility.id, 2);
    if (existing || !create) return existing;
    if (facility.status !== 'active') throw new NotFoundError();
    return drafts.start(scope, facility.id, 2, null, ip);
  }

  return {
    draftOf,

    async list(scope: OrgScope, facility: FacilityListItem): Promise<{ draft: ElementVersionRow | undefined; items: AssessedItem[] }> {
      const draft = await draftOf(scope, facility, false, null);
      if (!draft) return { draft, items: [] };
      return { draft, items: await assessItems(db, await listItems(db, scope, draft.id), await wasteAnyAmount(db, facility.regulator_id)) };
    },

    async get(scope: OrgScope, facility: FacilityListItem, itemId: number): Promise<AssessedItem> {
      const draft = await draftOf(scope, facility, false, null);
      const item = draft ? await findItem(db, scope, draft.id, itemId) : undefined;
      if (!item) throw new NotFoundError();
      return (await assessItems(db, [item], await wasteAnyAmount(db, facility.regulator_id)))[0]!;
    },

    async create(scope: OrgScope, facility: FacilityListItem, item: InventoryItem, chemicalId: number | null, ip: string | null): Promise<number> {
      const draft = (await draftOf(scope, facility, true, ip))!;
      return inTransaction(db, async (trx) => {
        const id = await insertItem(trx, scope, draft.id, facility.id, item, chemicalId);
        await recordAudit(trx, { actorUserId: scope.userId, action: 'inventory.item_added', entityType: 'inventory_item', entityId: id, organizationId: scope.organizationId, after: item, ip });
        return id;
      });
    },

    async update(scope: OrgScope, facility: FacilityListItem, itemId: number, item: InventoryItem, chemicalId: number | null, ip: string | null): Promise<void> {
      if (facility.status !== 'active') throw new NotFoundError(); // archived facilities are read only
      const draft = await draftOf(scope, facility, false, ip);
      const before = draft ? await findItem(db, scope, draft.id, itemId) : undefined;
      if (!draft || !before) throw new NotFoundError();
      await inTransaction(db, async (trx) => {
        if (!(await updateItem(trx, scope, draft.id, itemId, item, chemicalId))) throw new NotFoundError();
        await recordAudit(trx, { actorUserId: scope.userId, action: 'inventory.item_changed', entityType: 'inventory_item', entityId: itemId, organizationId: scope.organizationId, before, after: item, ip });
      });
    },

    async remove(scope: OrgScope, facility: FacilityListItem, itemId: number, ip: string | null): Promise<void> {
      if (facility.status !== 'active') throw new NotFoundError();
      const draft = await draftOf(scope, facility, false, ip);
      const before = draft ? await findItem(db, scope, draft.id, itemId) : undefined;
      if (!draft || !before) throw new NotFoundError();
      await inTransaction(db, async (trx) => {
        await deleteItem(trx, scope, draft.id, itemId);
        await recordAudit(trx, { actorUserId: scope.userId, action: 'inventory.item_removed', entityType: 'inventory_item', entityId: itemId, organizationId: scope.organizationId, before, ip });
      });
    },

    /**
     * The rows of the download: a version this facility submitted when asked for,
     * else the draft, else the last submitted inventory, else none (the bare template).
     */
    async templateRows(scope: OrgScope, facility: FacilityListItem, versionId: number | null): Promise<TemplateRow[]> {
      const version = versionId === null
        ? ((await draftOf(scope, facility, false, null)) ?? (await latestSubmitted(db, scope, facility.id, 2)))
        : await findVersion(db, scope, facility.id, versionId);
      if (versionId === null && !version) return [];
      if (!version || version.element_code !== 2) throw new NotFoundError();
      return (await listItems(db, scope, version.id)).map((i) => itemToTemplateRow(i, facility.cers_id));
    },

    searchLibrary: (q: string) => (q.trim().length >= 2 ? searchLibrary(db, q) : Promise.resolve([])),

    /** What the library knows about a chemical, as the start of a new item. */
    async prefill(chemicalId: number): Promise<{ item: Partial<InventoryItem>; chemicalId: number } | undefined> {
      const c = await findChemical(db, chemicalId);
      if (!c) return undefined;
      const isMixture = c.hm_type === 'Mixture';
      return {
        chemicalId: c.id,
        item: {
          commonName: c.common_name,
          chemicalName: c.chemical_name,
          casNumber: c.cas_number,
          ehs: c.ehs,
          hmType: TYPE_CODE[c.hm_type] ?? null,
          physicalState: STATE_CODE[c.physical_state] ?? null,
          // An Extremely Hazardous Substance is reported in pounds (UPDD 221, guidance 1069); otherwise the state's usual unit.
          units: c.ehs ? 'c' : STATE_CODE[c.physical_state] === 'b' ? 'a' : STATE_CODE[c.physical_state] === 'c' ? 'b' : 'c',
          ghs: c.hazard_categories,
          dotClass: c.dot_hazard_class && DOT.test(c.dot_hazard_class) ? c.dot_hazard_class : null,
          cclid: c.cclid ?? null,
          components: isMixture && c.component_name ? [{ name: c.component_name, cas: c.component_cas, percent: null, ehs: c.ehs }] : [],
        },
      };
    },
  };
}
