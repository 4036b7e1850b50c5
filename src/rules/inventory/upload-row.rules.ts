/**
 * One row of an uploaded inventory spreadsheet → an InventoryItem and the format
 * problems of its cells (a word where a number goes, an unknown code, a text
 * longer than the dictionary allows). Pure: the reader hands over cell values,
 * the service adds what needs the database (the facility of a CERS ID, the
 * chemical library) and runs the item rules.
 */
import { normalizeCas } from './cas.rules';
import { CONTAINERS, DOT_CLASSES, FIRE_CODE_CLASSES, GHS_CATEGORIES, LEGACY_HAZARDS, type Container, type GhsCategory, type LegacyHazard } from './codes.rules';
import type { InventoryItem } from './item.types';
import { parseCode, parseYesNo } from './template-columns.rules';
import { TEXT_LIMITS } from './text-limits.rules';
import type { HeaderMap } from './upload-header.rules';

/** What a reader gives for one cell: formulas already replaced by their cached result. */
export type Cell = string | number | boolean | null;

export type CellProblem = { column: string; value: string; message: string };

export type ParsedRow = {
  cersId: number | null;
  chemicalId: number | null;
  item: InventoryItem;
  problems: CellProblem[];
};

const FIRE_COLUMNS = ['PFCodeHazardClass', 'SFCodeHazardClass', 'TFCodeHazardClass', 'FFCodeHazardClass', 'FifthFireCodeHazardClass', 'SixthFireCodeHazardClass', 'SeventhFireCodeHazardClass', 'EighthFireCodeHazardClass'];
const FIRE_BY_LABEL = new Map(Object.entries(FIRE_CODE_CLASSES).map(([code, label]) => [label.toLowerCase(), Number(code)]));
const ERROR_VALUE = /^#(N\/A|VALUE!|REF!|DIV\/0!|NUM!|NAME\?|NULL!|SPILL!|CALC!)$/;
const SHOWN_VALUE = 60;

/** The cell as the filer typed it, short enough to show in a table. */
export function shownValue(cell: Cell): string {
  if (cell === null) return '';
  const s = typeof cell === 'boolean' ? (cell ? 'TRUE' : 'FALSE') : String(cell);
  return s.length > SHOWN_VALUE ? `${s.slice(0, SHOWN_VALUE)}… (${s.length.toLocaleString('en-US')} characters)` : s;
}

const asText = (cell: Cell): string => (cell === null ? '' : typeof cell === 'boolean' ? (cell ? 'Y' : 'N') : String(cell).trim());

/** "1,200", "1200.5", 1200 → a number; blank → null; anything else → undefined. */
export function parseNumberCell(cell: Cell): number | null | undefined {
  if (cell === null) return null;
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined;
  if (typeof cell === 'boolean') return undefined;
  const s = cell.trim();
  if (s === '') return null;
  if (!/^-?(\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?|\.\d+)$/.test(s)) return undefined;
  return Number(s.replace(/,/g, ''));
}

export function readRow(cells: Cell[], header: HeaderMap): ParsedRow {
  const problems: CellProblem[] = [];
  const cell = (column: string): Cell => {
    const i = header.index.get(column);
    return i === undefined ? null : (cells[i] ?? null);
  };
  const problem = (column: string, message: string) => problems.push({ column, value: shownValue(cell(column)), message });
  const failed = (column: string) => problems.some((p) => p.column === column);

  // A spreadsheet error (#N/A, #REF!…) is never a value.
  for (const column of header.index.keys()) {
    const c = cell(column);
    if (typeof c === 'string' && ERROR_VALUE.test(c.trim())) problem(column, `The cell shows the spreadsheet error ${c.trim()}; enter a value or leave it blank`);
  }

  const text = (column: string, max: number): string | null => {
    if (failed(column)) return null;
    const v = asText(cell(column));
    if (v === '') return null;
    if (v.length > max) {
      problem(column, `${column} can be at most ${max} characters; this one has ${v.length.toLocaleString('en-US')}`);
      return null;
    }
    return v;
  };
  const amount = (column: string, opts: { integer?: boolean; max?: number } = {}): number | null => {
    if (failed(column)) return null;
    const n = parseNumberCell(cell(column));
    if (n === undefined) {
      problem(column, `${column} must be a number only, like 1200 (the unit goes in the Units column)`);
      return null;
    }
    if (n === null) return null;
    if (n < 0) {
      problem(column, `${column} cannot be negative`);
      return null;
    }
    if (n > (opts.max ?? 1e14)) {
      problem(column, `${column} is too large`);
      return null;
    }
    if (opts.integer && !Number.isInteger(n)) {
      problem(column, `${column} must be a whole number`);
      return null;
    }
    return n;
  };
  const yesNo = (column: string): boolean => {
    if (failed(column)) return false;
    const v = parseYesNo(asText(cell(column)));
    if (v === undefined) {
      problem(column, `${column} must be Y or N`);
      return false;
    }
    return v;
  };
  const coded = <T extends string>(column: string): T | null => {
    if (failed(column)) return null;
    const v = parseCode(column, asText(cell(column)));
    if (v === undefined) {
      problem(column, `${column} must be one of the codes on the Legend sheet (a code like "a" or its label)`);
      return null;
    }
    return v as T | null;
  };
  const cas = (column: string): string | null => {
    const v = text(column, TEXT_LIMITS.casNumber);
    return v ? normalizeCas(v) : null;
  };
  const id = (column: string, what: string): number | null => {
    if (failed(column)) return null;
    const n = parseNumberCell(cell(column));
    if (n === undefined || (n !== null && (!Number.isInteger(n) || n <= 0))) {
      problem(column, `${column} must be ${what}`);
      return null;
    }
    return n;
  };

  const fireCodeClasses: number[] = [];
  for (const column of FIRE_COLUMNS) {
    if (failed(column)) continue;
    const raw = cell(column);
    const v = asText(raw).toLowerCase();
    if (v === '') continue;
    const n = /^\d+$/.test(v) ? Number(v) : FIRE_BY_LABEL.get(v);
    if (n === undefined || !FIRE_CODE_CLASSES[n]) problem(column, `${column} must be a fire code hazard class from the Legend sheet (1 to 39 or its name)`);
    else if (!fireCodeClasses.includes(n)) fireCodeClasses.push(n);
  }

  let dotClass: string | null = null;
  if (!failed('DOTHazardClassificationID')) {
    const raw = cell('DOTHazardClassificationID');
    const v = typeof raw === 'number' ? String(raw) : asText(raw);
    if (v !== '') {
      if ((DOT_CLASSES as readonly string[]).includes(v)) dotClass = v;
      else problem('DOTHazardClassificationID', 'DOTHazardClassificationID must be a DOT hazard class like 3 or 2.1');
    }
  }

  const flags = <K extends string>(columns: K[]): K[] => columns.filter((c) => header.index.has(c) && yesNo(c));

  const components = [1, 2, 3, 4, 5].map((n) => ({
    name: text(`HC${n}Name`, TEXT_LIMITS.componentName),
    cas: cas(`HC${n}CAS`),
    percent: amount(`HC${n}PercentByWeight`, { max: 999 }),
    ehs: header.index.has(`HC${n}EHS`) ? yesNo(`HC${n}EHS`) : false,
  }));

  const has = (column: string) => header.index.has(column);
  const item: InventoryItem = {
    location: text('ChemicalLocation', TEXT_LIMITS.location),
    locationConfidential: has('CLConfidential') && yesNo('CLConfidential'),
    mapNumber: text('MapNumber', TEXT_LIMITS.mapNumber),
    gridNumber: text('GridNumber', TEXT_LIMITS.gridNumber),
    commonName: text('CommonName', TEXT_LIMITS.commonName),
    chemicalName: text('ChemicalName', TEXT_LIMITS.chemicalName),
    casNumber: cas('CASNumber'),
    tradeSecret: has('TradeSecret') && yesNo('TradeSecret'),
    ehs: has('EHS') && yesNo('EHS'),
    hmType: coded('HMType'),
    physicalState: coded('PhysicalState'),
    radioactive: has('RadioActive') && yesNo('RadioActive'),
    curies: amount('Curies', { max: 9_999_999_999 }),
    units: coded('Units'),
    maxDaily: amount('MaximumDailyAmount'),
    averageDaily: amount('AverageDailyAmount'),
    largestContainer: amount('LargestContainer', { max: 9_999_999_999_999 }),
    annualWaste: amount('AnnualWasteAmount'),
    stateWasteCode: typeof cell('StateWasteCode') === 'number' ? String(cell('StateWasteCode')).padStart(3, '0') : text('StateWasteCode', TEXT_LIMITS.stateWasteCode),
    daysOnSite: amount('DaysOnSite', { integer: true }),
    fireCodeClasses,
    dotClass,
    ghs: flags(Object.keys(GHS_CATEGORIES) as GhsCategory[]),
    legacyHazards: flags(Object.keys(LEGACY_HAZARDS) as LegacyHazard[]),
    epaSrsNumber: text('USEPASRSNumber', TEXT_LIMITS.epaSrsNumber),
    containers: flags(Object.keys(CONTAINERS) as Container[]),
    otherContainer: text('OtherStorageContainer', TEXT_LIMITS.otherContainer),
    pressure: coded('StoragePressure'),
    temperature: coded('StorageTemperature'),
    // Trailing empty components are dropped, as the form does.
    components: components.filter((c) => c.name || c.cas || c.percent !== null),
    additionalComponents: text('AdditionalMixtureComponents', TEXT_LIMITS.additionalComponents),
    comment: text('ChemicalDescriptionComment', TEXT_LIMITS.comment),
  };
  const cersId = id('CERSID', 'the 8-digit CERS ID of the facility, like 10000001');
  if (cersId === null && !failed('CERSID')) problem('CERSID', 'Enter the CERS ID of the facility this material is kept at');
  return { cersId, chemicalId: id('CCLID', 'a chemical library ID (a whole number) or blank'), item, problems };
}

/** A row with no value in any cell is skipped, wherever it is. */
export function isBlankRow(cells: Cell[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}

/** The spreadsheet column a rules-module field is shown in. */
export function columnOfField(field: string): string {
  const hc = /^hc(\d)(Name|Cas|Percent)$/.exec(field);
  if (hc) return `HC${hc[1]}${{ Name: 'Name', Cas: 'CAS', Percent: 'PercentByWeight' }[hc[2] as 'Name' | 'Cas' | 'Percent']}`;
  return FIELD_COLUMNS[field] ?? field;
}

const FIELD_COLUMNS: Record<string, string> = {
  location: 'ChemicalLocation', commonName: 'CommonName', chemicalName: 'ChemicalName', casNumber: 'CASNumber', hmType: 'HMType',
  physicalState: 'PhysicalState', units: 'Units', maxDaily: 'MaximumDailyAmount', averageDaily: 'AverageDailyAmount',
  largestContainer: 'LargestContainer', annualWaste: 'AnnualWasteAmount', stateWasteCode: 'StateWasteCode', daysOnSite: 'DaysOnSite',
  curies: 'Curies', otherContainer: 'OtherStorageContainer', containers: 'Storage containers (SC… columns)', pressure: 'StoragePressure',
  temperature: 'StorageTemperature', ghs: 'Hazard categories (FHC… columns)', tradeSecret: 'TradeSecret', ehs: 'EHS',
};
