/** Inventory view models: rows, Validate My Inventory, the summary. Pure. */
import type { RuleMessage } from '../../rules/completeness.rules';
import { CONTAINERS, FIRE_CODE_CLASSES, GHS_HEALTH, GHS_PHYSICAL, HM_TYPES, LEGACY_HAZARDS, PHYSICAL_STATES, PRESSURES, TEMPERATURES, UNITS, DOT_CLASSES } from '../../rules/inventory/codes.rules';
import { toCubicFeet, toGallons, toPounds } from '../../rules/inventory/units.rules';
import type { AssessedItem } from './inventory-assessment';
import { pager } from '../../http/pager';

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const unitLabel = (u: string | null) => (u ? UNITS[u as keyof typeof UNITS].toLowerCase() : '');

export const FORM_OPTIONS = {
  hmTypes: Object.entries(HM_TYPES).map(([value, text]) => ({ value, text })),
  states: Object.entries(PHYSICAL_STATES).map(([value, text]) => ({ value, text })),
  units: Object.entries(UNITS).map(([value, text]) => ({ value, text })),
  pressures: Object.entries(PRESSURES).map(([value, text]) => ({ value, text })),
  temperatures: Object.entries(TEMPERATURES).map(([value, text]) => ({ value, text })),
  containers: Object.entries(CONTAINERS).map(([value, text]) => ({ value, text })),
  ghsPhysical: Object.entries(GHS_PHYSICAL).map(([value, text]) => ({ value, text })),
  ghsHealth: Object.entries(GHS_HEALTH).map(([value, text]) => ({ value, text })),
  legacyHazards: Object.entries(LEGACY_HAZARDS).map(([value, text]) => ({ value, text })),
  fireClasses: Object.entries(FIRE_CODE_CLASSES).map(([value, text]) => ({ value, text })),
  dotClasses: DOT_CLASSES.map((c) => ({ value: c, text: `Class ${c}` })),
};

export function itemRowView(base: string, i: AssessedItem) {
  const count = (level: string) => i.messages.filter((m) => m.level === level).length;
  return {
    id: i.id,
    name: i.commonName,
    location: i.location,
    type: i.hmType ? HM_TYPES[i.hmType] : '',
    state: i.physicalState ? PHYSICAL_STATES[i.physicalState] : '',
    maxDaily: i.maxDaily === null ? '' : `${fmt.format(i.maxDaily)} ${unitLabel(i.units)}`,
    ehs: i.ehs || i.components.some((c) => c.ehs),
    tradeSecret: i.tradeSecret,
    required: count('Required'),
    warnings: count('Warning'),
    advisories: count('Advisory'),
    messages: i.messages,
    url: `${base}/inventory/${i.id}`,
    copyUrl: `${base}/inventory/new?copy=${i.id}`,
    deleteUrl: `${base}/inventory/${i.id}/delete`,
  };
}

/** Required messages beside their fields; the page also lists every message at the top. */
export function messagesAsFieldErrors(messages: RuleMessage[]) {
  const fields: Record<string, string> = {};
  for (const m of messages) if (m.level === 'Required' && !(m.field in fields)) fields[m.field] = m.message;
  return { summary: [], fields };
}

export function summaryView(items: AssessedItem[]) {
  const byState = Object.entries(PHYSICAL_STATES).map(([code, label]) => {
    const mine = items.filter((i) => i.physicalState === code);
    let total = 0;
    let unconverted = 0;
    for (const i of mine) {
      if (i.maxDaily === null || !i.units) continue;
      const v = code === 'a' ? toPounds(i.maxDaily, i.units, null) : code === 'b' ? toGallons(i.maxDaily, i.units, null) : toCubicFeet(i.maxDaily, i.units);
      if (v.value === null) unconverted += 1;
      else total += v.value;
    }
    return {
      state: label,
      count: mine.length,
      total: `${fmt.format(total)} ${code === 'a' ? 'pounds' : code === 'b' ? 'gallons' : 'cubic feet'}`,
      unconverted,
      byType: Object.entries(HM_TYPES).map(([t, tl]) => ({ type: tl, count: mine.filter((i) => i.hmType === t).length })),
    };
  });
  const locations = new Map<string, number>();
  // UPDD 201 is not minimally required in CERS, so some imported or uploaded materials have none.
  for (const i of items) locations.set(i.location ?? 'No location given', (locations.get(i.location ?? 'No location given') ?? 0) + 1);
  return {
    count: items.length,
    byState,
    ehs: items.filter((i) => i.ehs || i.components.some((c) => c.ehs)).length,
    tradeSecret: items.filter((i) => i.tradeSecret).length,
    locations: [...locations.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([location, count]) => ({ location, count })),
  };
}

export type ListFilters = { q: string; level: '' | 'Required' | 'Warning' | 'Advisory'; sort: 'name' | 'location'; page: number };

export const LIST_PAGE_SIZE = 50;

/** The materials list: filtered by name, location or hazard and by message level, sorted, one page of it. */
export function inventoryListView(base: string, items: AssessedItem[], f: ListFilters) {
  let rows = items.map((i) => ({ row: itemRowView(base, i), hazards: i.ghs.join(' ').toLowerCase() }));
  if (f.q) rows = rows.filter(({ row, hazards }) => `${row.name} ${row.location} ${row.type} ${row.state}`.toLowerCase().includes(f.q) || hazards.includes(f.q));
  if (f.level) rows = rows.filter(({ row }) => row.messages.some((m) => m.level === f.level));
  const key = (r: ReturnType<typeof itemRowView>) => (f.sort === 'location' ? `${r.location ?? ''} ${r.name ?? ''}` : `${r.name ?? ''} ${r.location ?? ''}`);
  const sorted = rows.map((r) => r.row).sort((a, b) => key(a).localeCompare(key(b)));
  const pages = Math.max(1, Math.ceil(sorted.length / LIST_PAGE_SIZE));
  const page = Math.min(Math.max(1, f.page), pages);
  const link = (p: number) => `${base}/inventory?${new URLSearchParams({ ...(f.q ? { q: f.q } : {}), ...(f.level ? { level: f.level } : {}), sort: f.sort, page: String(p) })}`;
  return {
    shown: sorted.length,
    rows: sorted.slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE),
    pager: pager(link, page, pages),
  };
}
