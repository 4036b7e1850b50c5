/** Inventory items of element-2 versions, inside the organization scope. */
import type { Knex } from 'knex';
import type { Queryable } from '../../db/transaction';
import type { Component, InventoryItem } from '../../rules/inventory/item.types';
import { orgScoped, type OrgScope } from '../../tenancy/org-scope';

export type StoredItem = InventoryItem & { id: number; elementVersionId: number; chemicalId: number | null };

export type ItemRow = Record<string, unknown> & { id: number; element_version_id: number };

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function itemFromRow(r: ItemRow, components: Component[]): StoredItem {
  return {
    id: r.id,
    elementVersionId: r.element_version_id,
    chemicalId: (r.chemical_id as number | null) ?? null,
    location: (r.location as string | null) ?? null,
    locationConfidential: r.location_confidential as boolean,
    mapNumber: (r.map_number as string | null) ?? null,
    gridNumber: (r.grid_number as string | null) ?? null,
    commonName: r.common_name as string,
    chemicalName: (r.chemical_name as string | null) ?? null,
    casNumber: (r.cas_number as string | null) ?? null,
    tradeSecret: r.trade_secret as boolean,
    ehs: r.ehs as boolean,
    hmType: (r.hm_type as InventoryItem['hmType']) ?? null,
    physicalState: r.physical_state as InventoryItem['physicalState'],
    radioactive: r.radioactive as boolean,
    curies: num(r.curies),
    units: r.units as InventoryItem['units'],
    maxDaily: num(r.max_daily),
    averageDaily: num(r.average_daily),
    largestContainer: num(r.largest_container),
    annualWaste: num(r.annual_waste),
    stateWasteCode: (r.state_waste_code as string | null) ?? null,
    daysOnSite: num(r.days_on_site),
    fireCodeClasses: (r.fire_code_classes as number[]) ?? [],
    dotClass: (r.dot_class as string | null) ?? null,
    ghs: (r.ghs as InventoryItem['ghs']) ?? [],
    legacyHazards: (r.legacy_hazards as InventoryItem['legacyHazards']) ?? [],
    epaSrsNumber: (r.epa_srs_number as string | null) ?? null,
    cclid: (r.cclid as number | null) ?? null,
    containers: (r.containers as InventoryItem['containers']) ?? [],
    otherContainer: (r.other_container as string | null) ?? null,
    pressure: (r.pressure as InventoryItem['pressure']) ?? null,
    temperature: (r.temperature as InventoryItem['temperature']) ?? null,
    components,
    additionalComponents: (r.additional_components as string | null) ?? null,
    comment: (r.comment as string | null) ?? null,
  };
}

function toRow(item: InventoryItem, chemicalId: number | null) {
  return {
    location: item.location, location_confidential: item.locationConfidential, map_number: item.mapNumber, grid_number: item.gridNumber,
    common_name: item.commonName, chemical_name: item.chemicalName, cas_number: item.casNumber, trade_secret: item.tradeSecret, ehs: item.ehs,
    hm_type: item.hmType, physical_state: item.physicalState, radioactive: item.radioactive, curies: item.curies, units: item.units,
    max_daily: item.maxDaily, average_daily: item.averageDaily, largest_container: item.largestContainer, annual_waste: item.annualWaste,
    state_waste_code: item.stateWasteCode, days_on_site: item.daysOnSite, fire_code_classes: item.fireCodeClasses, dot_class: item.dotClass,
    ghs: item.ghs, legacy_hazards: item.legacyHazards, epa_srs_number: item.epaSrsNumber, cclid: item.cclid, containers: item.containers, other_container: item.otherContainer, pressure: item.pressure, temperature: item.temperature,
    additional_components: item.additionalComponents, comment: item.comment, chemical_id: chemicalId,
  };
}

export async function componentsOfItems(db: Queryable, itemIds: number[]): Promise<Map<number, Component[]>> {
  const out = new Map<number, Component[]>();
  if (!itemIds.length) return out;
  const rows = await db('inventory_components').whereIn('item_id', itemIds).orderBy(['item_id', 'position']);
  for (const r of rows as { item_id: number; name: string | null; cas: string | null; percent: string | null; ehs: boolean }[]) {
    const list = out.get(r.item_id) ?? [];
    list.push({ name: r.name, cas: r.cas, percent: r.percent === null ? null : Number(r.percent), ehs: r.ehs });
    out.set(r.item_id, list);
  }
  return out;
}

async function writeComponents(db: Queryable, itemId: number, components: Component[]) {
  await db('inventory_components').where({ item_id: itemId }).del();
  const rows = components
    .map((c, i) => ({ item_id: itemId, position: i + 1, name: c.name, cas: c.cas, percent: c.percent, ehs: c.ehs }))
    .filter((c) => c.name || c.cas || c.percent !== null);
  if (rows.length) await db('inventory_components').insert(rows);
}

export async function listItems(db: Queryable, scope: OrgScope, versionId: number): Promise<StoredItem[]> {
  const rows = (await orgScoped(db, scope, 'inventory_items').where({ element_version_id: versionId }).orderBy([{ column: 'common_name' }, { column: 'location' }, { column: 'id' }])) as ItemRow[];
  const comps = await componentsOfItems(db, rows.map((r) => r.id));
  return rows.map((r) => itemFromRow(r, comps.get(r.id) ?? []));
}

export async function findItem(db: Queryable, scope: OrgScope, versionId: number, itemId: number): Promise<StoredItem | undefined> {
  const row = (await orgScoped(db, scope, 'inventory_items').where({ element_version_id: versionId, id: itemId }).first()) as ItemRow | undefined;
  if (!row) return undefined;
  return itemFromRow(row, (await componentsOfItems(db, [row.id])).get(row.id) ?? []);
}

export async function insertItem(db: Knex.Transaction, scope: OrgScope, versionId: number, facilityId: number, item: InventoryItem, chemicalId: number | null): Promise<number> {
  const [row] = await db('inventory_items').insert({ ...toRow(item, chemicalId), element_version_id: versionId, facility_id: facilityId, organization_id: scope.organizationId }).returning('id');
  await writeComponents(db, row.id, item.components);
  return row.id as number;
}

export async function updateItem(db: Knex.Transaction, scope: OrgScope, versionId: number, itemId: number, item: InventoryItem, chemicalId: number | null): Promise<boolean> {
  const n = await orgScoped(db, scope, 'inventory_items').where({ element_version_id: versionId, id: itemId }).update({ ...toRow(item, chemicalId), updated_at: db.fn.now() });
  if (n !== 1) return false;
  await writeComponents(db, itemId, item.components);
  return true;
}

export async function deleteItem(db: Queryable, scope: OrgScope, versionId: number, itemId: number): Promise<boolean> {
  return (await orgScoped(db, scope, 'inventory_items').where({ element_version_id: versionId, id: itemId }).del()) === 1;
}

/** A draft based on an earlier version starts with copies of its materials; old id → copy's id. */
export async function copyItems(db: Knex.Transaction, fromVersionId: number, toVersionId: number): Promise<Map<number, number>> {
  const rows = (await db('inventory_items').where({ element_version_id: fromVersionId }).orderBy('id')) as ItemRow[];
  const ids = new Map<number, number>();
  for (const r of rows) {
    const { id: oldId, created_at: _c, updated_at: _u, ...rest } = r;
    const [copy] = await db('inventory_items').insert({ ...rest, element_version_id: toVersionId }).returning('id');
    await db.raw('insert into inventory_components (item_id, position, name, cas, percent, ehs) select ?, position, name, cas, percent, ehs from inventory_components where item_id = ?', [copy.id, oldId]);
    ids.set(oldId, copy.id as number);
  }
  return ids;
}

export type LibraryHit = { id: number; common_name: string; chemical_name: string | null; cas_number: string | null; physical_state: string; hm_type: string; ehs: boolean };

/** The chemical library, by name, synonym or CAS, typo-tolerant (pg_trgm). */
export function searchLibrary(db: Queryable, q: string, limit = 20): Promise<LibraryHit[]> {
  const text = q.trim().toLowerCase();
  return db('chemicals')
    .where((w) => w.whereRaw('search_text like ?', [`%${text}%`]).orWhereRaw('? <% search_text', [text]))
    .orderByRaw('(search_text like ?) desc, word_similarity(?, search_text) desc, common_name', [`${text}%`, text])
    .limit(limit)
    .select('id', 'common_name', 'chemical_name', 'cas_number', 'physical_state', 'hm_type', 'ehs');
}

export function findChemical(db: Queryable, id: number) {
  return db('chemicals').where({ id }).first();
}

/** Threshold planning quantities (lb) of the EHS list, for the given CAS numbers. */
export async function tpqByCas(db: Queryable, casNumbers: string[]): Promise<Map<string, number>> {
  if (!casNumbers.length) return new Map();
  const rows = await db('ehs_substances').whereIn('cas_number', [...new Set(casNumbers)]).select('cas_number', 'tpq_lbs');
  return new Map(rows.map((r: { cas_number: string; tpq_lbs: string }) => [r.cas_number, Number(r.tpq_lbs)]));
}

export async function densitiesFor(db: Queryable, chemicalIds: number[]): Promise<Map<number, number>> {
  if (!chemicalIds.length) return new Map();
  const rows = await db('chemicals').whereIn('id', chemicalIds).whereNotNull('density_lb_per_gal').select('id', 'density_lb_per_gal');
  return new Map(rows.map((r: { id: number; density_lb_per_gal: string }) => [r.id, Number(r.density_lb_per_gal)]));
}

export async function wasteAnyAmount(db: Queryable, regulatorId: number | null): Promise<boolean> {
  if (!regulatorId) return false;
  return !!(await db('regulators').where({ id: regulatorId }).first('waste_any_amount'))?.waste_any_amount;
}
