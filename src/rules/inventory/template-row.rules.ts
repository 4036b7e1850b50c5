/**
 * An inventory item as a row of the CERS upload template: the codes CERS uses
 * (Y/N, a/b/c/d), one column per container and hazard category. Pure; the
 * download writes these rows and the spreadsheet upload reads them back.
 */
import { CONTAINERS, GHS_CATEGORIES, LEGACY_HAZARDS } from './codes.rules';
import type { InventoryItem } from './item.types';

export type TemplateRow = Record<string, string | number | null>;

const yn = (b: boolean) => (b ? 'Y' : 'N');
const FIRE_COLUMNS = ['PFCodeHazardClass', 'SFCodeHazardClass', 'TFCodeHazardClass', 'FFCodeHazardClass', 'FifthFireCodeHazardClass', 'SixthFireCodeHazardClass', 'SeventhFireCodeHazardClass', 'EighthFireCodeHazardClass'];

export function itemToTemplateRow(item: InventoryItem, cersId: number): TemplateRow {
  const row: TemplateRow = {
    CERSID: cersId,
    ChemicalLocation: item.location,
    CLConfidential: yn(item.locationConfidential),
    MapNumber: item.mapNumber,
    GridNumber: item.gridNumber,
    ChemicalName: item.chemicalName,
    TradeSecret: yn(item.tradeSecret),
    CommonName: item.commonName,
    EHS: yn(item.ehs),
    CASNumber: item.casNumber,
    HMType: item.hmType,
    RadioActive: yn(item.radioactive),
    Curies: item.curies,
    PhysicalState: item.physicalState,
    LargestContainer: item.largestContainer,
    AverageDailyAmount: item.averageDaily,
    MaximumDailyAmount: item.maxDaily,
    AnnualWasteAmount: item.annualWaste,
    StateWasteCode: item.stateWasteCode,
    Units: item.units,
    DaysOnSite: item.daysOnSite,
    OtherStorageContainer: item.otherContainer,
    StoragePressure: item.pressure,
    StorageTemperature: item.temperature,
    ChemicalDescriptionComment: item.comment,
    AdditionalMixtureComponents: item.additionalComponents,
    CCLID: item.cclid,
    USEPASRSNumber: item.epaSrsNumber,
    DOTHazardClassificationID: item.dotClass,
  };
  FIRE_COLUMNS.forEach((c, i) => (row[c] = item.fireCodeClasses[i] ?? null));
  for (const k of Object.keys(LEGACY_HAZARDS)) row[k] = yn(item.legacyHazards.includes(k as never));
  for (const k of Object.keys(GHS_CATEGORIES)) row[k] = yn(item.ghs.includes(k as never));
  for (const k of Object.keys(CONTAINERS)) row[k] = yn(item.containers.includes(k as never));
  [1, 2, 3, 4, 5].forEach((n) => {
    const c = item.components[n - 1];
    row[`HC${n}PercentByWeight`] = c?.percent ?? null;
    row[`HC${n}Name`] = c?.name ?? null;
    row[`HC${n}EHS`] = c ? yn(c.ehs) : null;
    row[`HC${n}CAS`] = c?.cas ?? null;
  });
  return row;
}

/** A cell that a spreadsheet would run as a formula ("=…", "+…", "-…", "@…") is kept as plain text. */
export function isFormulaLike(value: string): boolean {
  return /^[=+\-@\t\r]/.test(value);
}
