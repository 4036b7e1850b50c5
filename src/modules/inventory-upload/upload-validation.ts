/**
 * Validates parsed rows against what only the database knows — the
 * organization's facilities by CERS ID, the chemical library, EHS threshold
 * quantities, each CUPA's waste policy — and runs the item rules, turning every
 * finding into a problem with its row and column.
 */
import type { Queryable } from '../../db/transaction';
import { itemMessages } from '../../rules/inventory/item.rules';
import { columnOfField, shownValue } from '../../rules/inventory/upload-row.rules';
import type { UploadRow } from '../../spreadsheets/inventory-upload.parser';
import { densitiesFor, tpqByCas } from '../inventory/inventory.repo';
import { facilitiesForUpload, libraryByCclid, type StagedProblem, type StagedRow } from './upload.repo';

type FacilityRef = { id: number; status: string; regulatorId: number | null; name: string };

export type ValidationContext = { organizationName: string; facilities: Map<number, FacilityRef>; wasteAnyAmount: Map<number, boolean> };

export async function loadValidationContext(db: Queryable, organizationId: number, organizationName: string): Promise<ValidationContext> {
  const rows = await facilitiesForUpload(db, organizationId);
  const facilities = new Map<number, FacilityRef>();
  const wasteAnyAmount = new Map<number, boolean>();
  for (const r of rows) {
    facilities.set(Number(r.cers_id), { id: r.id, status: r.status, regulatorId: r.regulator_id, name: r.name });
    if (r.regulator_id) wasteAnyAmount.set(r.regulator_id, !!r.waste_any_amount);
  }
  return { organizationName, facilities, wasteAnyAmount };
}

export async function validateBatch(db: Queryable, ctx: ValidationContext, rows: UploadRow[]): Promise<{ staged: StagedRow[]; problems: StagedProblem[] }> {
  const cclids = [...new Set(rows.map((r) => r.item.cclid).filter((x): x is number => x !== null))];
  const library = await libraryByCclid(db, cclids);
  const densities = await densitiesFor(db, [...library.values()]);
  const tpqs = await tpqByCas(db, rows.flatMap((r) => [r.item.casNumber, ...r.item.components.map((c) => c.cas)].filter((c): c is string => !!c)));

  const staged: StagedRow[] = [];
  const problems: StagedProblem[] = [];
  for (const row of rows) {
    const mine: StagedProblem[] = row.problems.map((p) => ({ rowNumber: row.rowNumber, column: p.column, value: p.value, message: p.message, level: 'Required' }));
    const facility = row.cersId !== null ? ctx.facilities.get(row.cersId) : undefined;
    if (row.cersId !== null && !facility) {
      mine.push({ rowNumber: row.rowNumber, column: 'CERSID', value: String(row.cersId), message: `CERS ID ${row.cersId} is not a facility of ${ctx.organizationName}. Check the number, or ask for access to that facility`, level: 'Required' });
    } else if (facility && facility.status !== 'active') {
      mine.push({ rowNumber: row.rowNumber, column: 'CERSID', value: String(row.cersId), message: `${facility.name} (CERS ID ${row.cersId}) is archived; its inventory cannot change`, level: 'Required' });
    }
    // UPDD 250 is CERS's id: kept as given. This portal's library links it when it knows it (density, pre-fill);
    // an id it does not know is CERS's business, so it is only mentioned.
    const cclid = row.item.cclid;
    const chemicalId = cclid !== null ? (library.get(cclid) ?? null) : null;
    if (cclid !== null && chemicalId === null) {
      mine.push({ rowNumber: row.rowNumber, column: 'CCLID', value: String(cclid), message: `CCLID ${cclid} is not in this portal's chemical library; it is kept as given`, level: 'Advisory' });
    }
    const cas = [row.item.casNumber, ...row.item.components.map((c) => c.cas)].map((c) => (c ? tpqs.get(c) : undefined)).filter((t): t is number => t !== undefined);
    const failed = new Set(mine.map((p) => p.column));
    for (const m of itemMessages(row.item, {
      ehsTpqLbs: cas.length ? Math.min(...cas) : null,
      densityLbPerGal: chemicalId ? (densities.get(chemicalId) ?? null) : null,
      wasteAnyAmount: facility?.regulatorId ? (ctx.wasteAnyAmount.get(facility.regulatorId) ?? false) : false,
    })) {
      const column = columnOfField(m.field);
      // A cell already reported as unreadable is not reported again as missing.
      if (failed.has(column)) continue;
      mine.push({ rowNumber: row.rowNumber, column, value: shownValue(cellValueOf(row.item, m.field)), message: m.message, level: m.level });
    }
    problems.push(...mine);
    staged.push({ rowNumber: row.rowNumber, cersId: row.cersId, facilityId: facility?.id ?? null, chemicalId, required: mine.filter((p) => p.level === 'Required').length, item: row.item });
  }
  return { staged, problems };
}

/** The value a rule looked at, to show beside its message. */
function cellValueOf(item: UploadRow['item'], field: string): string | number | null {
  const hc = /^hc(\d)(Name|Cas|Percent)$/.exec(field);
  if (hc) {
    const c = item.components[Number(hc[1]) - 1];
    return c ? ({ Name: c.name, Cas: c.cas, Percent: c.percent }[hc[2] as 'Name' | 'Cas' | 'Percent'] ?? null) : null;
  }
  const v = (item as unknown as Record<string, unknown>)[field];
  return typeof v === 'string' || typeof v === 'number' ? v : null;
}
