/**
 * Runs the rules module over a list of inventory items with what the rules need
 * from the database (EHS threshold planning quantities, densities, the CUPA's
 * waste policy). Shared by the inventory pages and the filing state.
 */
import type { Knex } from 'knex';
import type { RuleMessage } from '../../rules/completeness.rules';
import { itemMessages } from '../../rules/inventory/item.rules';
import type { ThresholdContext } from '../../rules/inventory/item.types';
import type { Queryable } from '../../db/transaction';
import { densitiesFor, tpqByCas, type StoredItem } from './inventory.repo';

export type AssessedItem = StoredItem & { messages: RuleMessage[] };

export async function assessItems(db: Queryable | Knex, items: StoredItem[], wasteAnyAmount: boolean): Promise<AssessedItem[]> {
  const densities = await densitiesFor(db, items.map((i) => i.chemicalId).filter((x): x is number => x !== null));
  const casOf = (item: StoredItem) => [item.casNumber, ...item.components.map((c) => c.cas)].filter((c): c is string => !!c);
  const tpqs = await tpqByCas(db, items.flatMap(casOf));
  const out: AssessedItem[] = [];
  for (const item of items) {
    const known = casOf(item).map((c) => tpqs.get(c)).filter((t): t is number => t !== undefined);
    const ctx: ThresholdContext = {
      // A CAS number on the EHS list sets the threshold whether or not the EHS box was ticked.
      ehsTpqLbs: known.length ? Math.min(...known) : null,
      densityLbPerGal: item.chemicalId ? (densities.get(item.chemicalId) ?? null) : null,
      wasteAnyAmount,
    };
    out.push({ ...item, messages: itemMessages(item, ctx) });
  }
  return out;
}

export function levelCounts(items: AssessedItem[]) {
  const count = (level: string) => items.reduce((n, i) => n + i.messages.filter((m) => m.level === level).length, 0);
  return { Required: count('Required'), Warning: count('Warning'), Advisory: count('Advisory') };
}
