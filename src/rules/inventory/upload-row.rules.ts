/**
 * One row of an uploaded inventory spreadsheet → an InventoryItem and the format
 * problems of its cells (a word where a number goes, an unknown code, a text
 * longer than the dictionary allows). Pure: the reader hands over cell values,
 * the service adds what needs the database (the facility of a CERS ID, the
 * chemical library) and runs the item rules.
 */
import { normalizeCas } from './cas.rules';
import { CONTAINERS, DOT_CLASSES, FIRE_CODE_CLASSES, GHS_CATEGORIES, LEGACY_HAZARDS, type Container, type GhsCategory, type LegacyHazard } from './codes.rules';
import type { Component, InventoryItem } from './item.types';
import { parseCode, parseYesNo } from './template-columns.rules';
import { TEXT_LIMITS } from './text-limits.rules';
import type { HeaderMap } from './upload-header.rules';

/** What a reader gives for one cell: formulas already replaced by their cached result. */
export type Cell = string | number | boolean | null;

export type CellProblem = { column: string; value: string; message: string };

export type ParsedRow = {
  cersId: number | null;
  item: InventoryItem;
  problems: CellProblem[];
};

const FIRE_COLUMNS = ['PFCodeHazardClass', 'SFCodeHazardClass', 'TFCodeHazardClass', 'FFCodeHazardClass', 'FifthFireCodeHazardClass', 'SixthFireCodeHazardClass', 'SeventhFireCodeHazardClass', 'EighthFireCodeHazardClass'];
const FIRE_BY_LABEL = new Map(Object.entries(FIRE_CODE_CLASSES).map(([code, label]) => [label.toLowerCase(), Number(code)]));
const ERROR_VALUE = /^#(N\/A|VALUE!|REF!|DIV\/0!|NUM!|NAME\?|NULL!|SPILL!|CALC!|ERROR!)$/;
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

/**
 * Reads rows of one header. A class rather than closures: a file can have
 * 100,000 rows of 110 columns, and per-row function objects cost more than the
 * reading itself.
 */
class RowReader {
  private cells: Cell[] = [];
  private problems: CellProblem[] = [];
  private readonly errorColumns: [string, number][];

  constructor(private readonly header: HeaderMap) {
    this.errorColumns = [...header.index.entries()];
  }

  read(cells: Cell[]): ParsedRow {
    this.cells = cells;
    this.problems = [];
    // A spreadsheet error (#N/A, #REF!…) is never a value.
    for (const [column, i] of this.errorColumns) {
      const c = cells[i];
      if (typeof c === 'string' && c.length < 10 && ERROR_VALUE.test(c.trim())) {
        // #ERROR! is what the reader gives for a formula whose result is an error it cannot name.
        this.problem(column, c.trim() === '#ERROR!' ? 'The formula in this cell shows a spreadsheet error; enter a value or leave it blank' : `The cell shows the spreadsheet error ${c.trim()}; enter a value or leave it blank`);
      }
    }
    const fireCodeClasses: number[] = [];
    for (const column of FIRE_COLUMNS) {
      if (this.failed(column)) continue;
      const v = asText(this.cell(column)).toLowerCase();
      if (v === '') continue;
      const n = /^\d+$/.test(v) ? Number(v) : FIRE_BY_LABEL.get(v);
      if (n === undefined || !FIRE_CODE_CLASSES[n]) this.problem(column, `${column} must be a fire code hazard class from the Legend sheet (1 to 39 or its name)`);
      else if (!fireCodeClasses.includes(n)) fireCodeClasses.push(n);
    }
    let dotClass: string | null = null;
    if (!this.failed('DOTHazardClassificationID')) {
      const raw = this.cell('DOTHazardClassificationID');
      const v = typeof raw === 'number' ? String(raw) : asText(raw);
      if (v !== '') {
        if ((DOT_CLASSES as readonly string[]).includes(v)) dotClass = v;
        else this.problem('DOTHazardClassificationID', 'DOTHazardClassificationID must be a DOT hazard class like 3 or 2.1');
      }
    }
    const components: Component[] = [];
    for (let n = 1; n <= 5; n++) {
      const c = {
        name: this.text(`HC${n}Name`, TEXT_LIMITS.componentName),
        cas: this.cas(`HC${n}CAS`),
        percent: this.amount(`HC${n}PercentByWeight`, 999),
        ehs: this.yesNo(`HC${n}EHS`),
      };
      // Empty components are dropped, as the form does.
      if (c.name || c.cas || c.percent !== null) components.push(c);
    }
    const waste = this.cell('StateWasteCode');
    const item: InventoryItem = {
      location: this.text('ChemicalLocation', TEXT_LIMITS.location),
      locationConfidential: this.yesNo('CLConfidential'),
      mapNumber: this.text('MapNumber', TEXT_LIMITS.mapNumber),
      gridNumber: this.text('GridNumber', TEXT_LIMITS.gridNumber),
      commonName: this.text('CommonName', TEXT_LIMITS.commonName),
      chemicalName: this.text('ChemicalName', TEXT_LIMITS.chemicalName),
      casNumber: this.cas('CASNumber'),
      tradeSecret: this.yesNo('TradeSecret'),
      ehs: this.yesNo('EHS'),
      hmType: this.coded('HMType') as InventoryItem['hmType'],
      physicalState: this.coded('PhysicalState') as InventoryItem['physicalState'],
      radioactive: this.yesNo('RadioActive'),
      curies: this.amount('Curies', 9_999_999_999),
      units: this.coded('Units') as InventoryItem['units'],
      maxDaily: this.amount('MaximumDailyAmount'),
      averageDaily: this.amount('AverageDailyAmount'),
      largestContainer: this.amount('LargestContainer', 9_999_999_999_999),
      annualWaste: this.amount('AnnualWasteAmount'),
      // A waste code typed as a number (221, or 21 for "021") is still a 3-digit code.
      stateWasteCode: typeof waste === 'number' ? String(waste).padStart(3, '0') : this.text('StateWasteCode', TEXT_LIMITS.stateWasteCode),
      daysOnSite: this.amount('DaysOnSite', 1e14, true),
      fireCodeClasses,
      dotClass,
      ghs: this.flags(GHS_KEYS),
      legacyHazards: this.flags(LEGACY_KEYS),
      epaSrsNumber: this.text('USEPASRSNumber', TEXT_LIMITS.epaSrsNumber),
      containers: this.flags(CONTAINER_KEYS),
      otherContainer: this.text('OtherStorageContainer', TEXT_LIMITS.otherContainer),
      pressure: this.coded('StoragePressure') as InventoryItem['pressure'],
      temperature: this.coded('StorageTemperature') as InventoryItem['temperature'],
      components,
      additionalComponents: this.text('AdditionalMixtureComponents', TEXT_LIMITS.additionalComponents),
      comment: this.text('ChemicalDescriptionComment', TEXT_LIMITS.comment),
      // UPDD 250 (XSD positiveInteger): CERS's own id, kept as given whether or not this portal's library knows it.
      cclid: this.id('CCLID', 'a CERS Chemical Library ID (a whole number) or blank', 2_147_483_647),
    };
    const cersId = this.id('CERSID', 'the 8-digit CERS ID of the facility, like 10000001');
    if (cersId === null && !this.failed('CERSID')) this.problem('CERSID', 'Enter the CERS ID of the facility this material is kept at');
    return { cersId, item, problems: this.problems };
  }

  private cell(column: string): Cell {
    const i = this.header.index.get(column);
    return i === undefined ? null : (this.cells[i] ?? null);
  }

  private problem(column: string, message: string): void {
    this.problems.push({ column, value: shownValue(this.cell(column)), message });
  }

  private failed(column: string): boolean {
    for (const p of this.problems) if (p.column === column) return true;
    return false;
  }

  private text(column: string, max: number): string | null {
    const v = asText(this.cell(column));
    if (v === '' || this.failed(column)) return null;
    if (v.length > max) {
      this.problem(column, `${column} can be at most ${max} characters; this one has ${v.length.toLocaleString('en-US')}`);
      return null;
    }
    return v;
  }

  private amount(column: string, max = 1e14, integer = false): number | null {
    const raw = this.cell(column);
    if (raw === null || this.failed(column)) return null;
    const n = parseNumberCell(raw);
    if (n === undefined) {
      this.problem(column, `${column} must be a number only, like 1200 (the unit goes in the Units column)`);
      return null;
    }
    if (n === null) return null;
    if (n < 0) this.problem(column, `${column} cannot be negative`);
    else if (n > max) this.problem(column, `${column} is too large`);
    else if (integer && !Number.isInteger(n)) this.problem(column, `${column} must be a whole number`);
    else return n;
    return null;
  }

  private yesNo(column: string): boolean {
    const raw = this.cell(column);
    if (raw === null || this.failed(column)) return false;
    const v = parseYesNo(asText(raw));
    if (v === undefined) {
      this.problem(column, `${column} must be Y or N`);
      return false;
    }
    return v;
  }

  private coded(column: string): string | null {
    const raw = this.cell(column);
    if (raw === null || this.failed(column)) return null;
    const v = parseCode(column, asText(raw));
    if (v === undefined) {
      this.problem(column, `${column} must be one of the codes on the Legend sheet (a code like "a" or its label)`);
      return null;
    }
    return v;
  }

  private cas(column: string): string | null {
    const v = this.text(column, TEXT_LIMITS.casNumber);
    return v ? normalizeCas(v) : null;
  }

  private id(column: string, what: string, max = Number.MAX_SAFE_INTEGER): number | null {
    const raw = this.cell(column);
    if (raw === null || this.failed(column)) return null;
    const n = parseNumberCell(raw);
    if (n === undefined || (n !== null && (!Number.isInteger(n) || n <= 0 || n > max))) {
      this.problem(column, `${column} must be ${what}`);
      return null;
    }
    return n;
  }

  private flags<K extends string>(columns: readonly K[]): K[] {
    const out: K[] = [];
    for (const c of columns) if (this.header.index.has(c) && this.yesNo(c)) out.push(c);
    return out;
  }
}

const GHS_KEYS = Object.keys(GHS_CATEGORIES) as GhsCategory[];
const LEGACY_KEYS = Object.keys(LEGACY_HAZARDS) as LegacyHazard[];
const CONTAINER_KEYS = Object.keys(CONTAINERS) as Container[];
const readers = new WeakMap<HeaderMap, RowReader>();

export function readRow(cells: Cell[], header: HeaderMap): ParsedRow {
  let reader = readers.get(header);
  if (!reader) readers.set(header, (reader = new RowReader(header)));
  return reader.read(cells);
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
