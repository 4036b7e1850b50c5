/**
 * The inventory item form → a typed InventoryItem. Format problems (a word where
 * a number goes, a length over the dictionary's) are form errors; everything the
 * rules module says comes after, from src/rules/inventory.
 */
import { z } from 'zod';
import { CONTAINERS, DOT_CLASSES, GHS_CATEGORIES, HM_TYPES, LEGACY_HAZARDS, PHYSICAL_STATES, PRESSURES, TEMPERATURES, UNITS } from '../../rules/inventory/codes.rules';
import { normalizeCas } from '../../rules/inventory/cas.rules';
import type { InventoryItem } from '../../rules/inventory/item.types';
import { TEXT_LIMITS } from '../../rules/inventory/text-limits.rules';
import { parseNumberCell } from '../../rules/inventory/upload-row.rules';

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);

function text(label: string, max: number) {
  return z.preprocess(str, z.string().max(max, `${label} must be ${max} characters or fewer`)).transform((v) => (v === '' ? null : v));
}

/** "1,200" and "1200.5" are numbers; "1,200 gal" is not (the unit is chosen separately). */
export function parseAmount(raw: string): number | null | 'invalid' {
  // The spreadsheet upload reads numbers the same way; a minus sign is no amount on the form.
  const n = parseNumberCell(raw);
  return n === undefined || (n !== null && n < 0) ? 'invalid' : n;
}

function amount(label: string, opts: { integer?: boolean } = {}) {
  return z.preprocess(str, z.string()).transform((v, ctx) => {
    const n = parseAmount(v);
    if (n === 'invalid') {
      ctx.addIssue({ code: 'custom', message: `Enter the ${label} as a number only, like 1200 (choose the unit separately)` });
      return z.NEVER;
    }
    if (n !== null && opts.integer && !Number.isInteger(n)) {
      ctx.addIssue({ code: 'custom', message: `Enter the ${label} as a whole number` });
      return z.NEVER;
    }
    if (n !== null && n > 1e14) {
      ctx.addIssue({ code: 'custom', message: `The ${label} is too large` });
      return z.NEVER;
    }
    return n;
  });
}

function code<T extends Record<string, string>>(codes: T, message: string) {
  return z.preprocess(str, z.union([z.literal(''), z.enum(Object.keys(codes) as [string, ...string[]], { error: message })])).transform((v) => (v === '' ? null : (v as keyof T & string)));
}

/** What the database itself needs before a row can exist at all (the CERS minimally required fields). */
function need<T extends z.ZodType>(schema: T, message: string) {
  return schema.refine((v) => v !== null && v !== undefined, message);
}

const yes = z.preprocess((v) => v === 'Y' || v === 'on' || v === 'true', z.boolean());

const components = Object.fromEntries(
  [1, 2, 3, 4, 5].flatMap((n) => [
    [`hc${n}Name`, text(`Component ${n} name`, TEXT_LIMITS.componentName)],
    [`hc${n}Cas`, text(`Component ${n} CAS number`, TEXT_LIMITS.casNumber)],
    [`hc${n}Percent`, amount(`component ${n} percent by weight`)],
    [`hc${n}Ehs`, yes],
  ]),
);

export const itemSchema = z
  .object({
    location: text('The location', TEXT_LIMITS.location),
    locationConfidential: yes,
    mapNumber: text('The map number', TEXT_LIMITS.mapNumber),
    gridNumber: text('The grid number', TEXT_LIMITS.gridNumber),
    commonName: need(text('The common name', TEXT_LIMITS.commonName), 'Enter the common name of the material'),
    chemicalName: text('The chemical name', TEXT_LIMITS.chemicalName),
    casNumber: text('The CAS number', TEXT_LIMITS.casNumber),
    tradeSecret: yes,
    ehs: yes,
    hmType: code(HM_TYPES, 'Choose the type'),
    physicalState: need(code(PHYSICAL_STATES, 'Choose the physical state'), 'Choose the physical state: solid, liquid or gas'),
    radioactive: yes,
    curies: amount('activity in curies'),
    units: need(code(UNITS, 'Choose the unit'), 'Choose the unit of the amounts'),
    maxDaily: need(amount('maximum daily amount'), 'Enter the largest amount on site at any one time'),
    averageDaily: amount('average daily amount'),
    largestContainer: amount('largest container size'),
    annualWaste: amount('annual waste amount'),
    stateWasteCode: text('The waste code', TEXT_LIMITS.stateWasteCode),
    daysOnSite: amount('days on site', { integer: true }),
    fireCodeClasses: z.preprocess(list, z.array(z.string().regex(/^([1-9]|[12]\d|3[0-9])$/, 'Choose fire code hazard classes from the list')).max(8, 'Choose at most 8 fire code hazard classes')).transform((a) => [...new Set(a.map(Number))]),
    dotClass: z.preprocess(str, z.union([z.literal(''), z.enum(DOT_CLASSES, { error: 'Choose the DOT hazard class from the list' })])).transform((v) => (v === '' ? null : v)),
    ghs: z.preprocess(list, z.array(z.enum(Object.keys(GHS_CATEGORIES) as [string, ...string[]], { error: 'Choose hazard categories from the list' }))),
    legacyHazards: z.preprocess(list, z.array(z.enum(Object.keys(LEGACY_HAZARDS) as [string, ...string[]], { error: 'Choose older hazard categories from the list' }))),
    epaSrsNumber: text('The EPA SRS number', TEXT_LIMITS.epaSrsNumber),
    // UPDD 250 (XSD positiveInteger): CERS's Chemical Library ID, kept as typed or as the library gave it.
    cclid: z.preprocess(str, z.string().regex(/^\d{0,9}$/, 'The CERS Chemical Library ID (CCLID) is a whole number, like 102843')).transform((v) => (v && Number(v) > 0 ? Number(v) : null)),
    containers: z.preprocess(list, z.array(z.enum(Object.keys(CONTAINERS) as [string, ...string[]], { error: 'Choose containers from the list' }))),
    otherContainer: text('The other container', TEXT_LIMITS.otherContainer),
    pressure: code(PRESSURES, 'Choose the storage pressure'),
    temperature: code(TEMPERATURES, 'Choose the storage temperature'),
    additionalComponents: text('Additional components', TEXT_LIMITS.additionalComponents),
    comment: text('The comment', TEXT_LIMITS.comment),
    chemicalId: z.preprocess(str, z.string().regex(/^\d*$/)).transform((v) => (v ? Number(v) : null)),
    ...(components as unknown as object),
  })
  .transform((d): { item: InventoryItem; chemicalId: number | null } => {
    const c = d as unknown as Record<string, unknown>;
    return {
      chemicalId: d.chemicalId,
      item: {
        location: d.location, locationConfidential: d.locationConfidential, mapNumber: d.mapNumber, gridNumber: d.gridNumber,
        commonName: d.commonName, chemicalName: d.chemicalName, casNumber: d.casNumber ? normalizeCas(d.casNumber) : null,
        tradeSecret: d.tradeSecret, ehs: d.ehs, hmType: d.hmType as InventoryItem['hmType'], physicalState: d.physicalState as InventoryItem['physicalState'],
        radioactive: d.radioactive, curies: d.curies, units: d.units as InventoryItem['units'], maxDaily: d.maxDaily, averageDaily: d.averageDaily,
        largestContainer: d.largestContainer, annualWaste: d.annualWaste, stateWasteCode: d.stateWasteCode, daysOnSite: d.daysOnSite,
        fireCodeClasses: d.fireCodeClasses, dotClass: d.dotClass, ghs: d.ghs as InventoryItem['ghs'],
        legacyHazards: d.legacyHazards as InventoryItem['legacyHazards'], epaSrsNumber: d.epaSrsNumber, cclid: d.cclid, containers: d.containers as InventoryItem['containers'],
        otherContainer: d.otherContainer, pressure: d.pressure as InventoryItem['pressure'], temperature: d.temperature as InventoryItem['temperature'],
        components: [1, 2, 3, 4, 5].map((n) => ({
          name: c[`hc${n}Name`] as string | null, cas: c[`hc${n}Cas`] ? normalizeCas(String(c[`hc${n}Cas`])) : null,
          percent: c[`hc${n}Percent`] as number | null, ehs: c[`hc${n}Ehs`] as boolean,
        })),
        additionalComponents: d.additionalComponents, comment: d.comment,
      },
    };
  });

/** An item back into form values (for editing, copying and library pre-fill). */
export function itemToValues(item: Partial<InventoryItem>, chemicalId: number | null): Record<string, unknown> {
  const v: Record<string, unknown> = { ...item, chemicalId: chemicalId ?? '' };
  for (const k of ['locationConfidential', 'tradeSecret', 'ehs', 'radioactive'] as const) v[k] = item[k] ? 'Y' : '';
  v.fireCodeClasses = (item.fireCodeClasses ?? []).map(String);
  (item.components ?? []).forEach((c, i) => {
    v[`hc${i + 1}Name`] = c.name ?? '';
    v[`hc${i + 1}Cas`] = c.cas ?? '';
    v[`hc${i + 1}Percent`] = c.percent ?? '';
    v[`hc${i + 1}Ehs`] = c.ehs ? 'Y' : '';
  });
  return v;
}
