/**
 * The CERS inventory upload template (docs/inventory-template.md): its column names in
 * order — the CERS headers, then the 24 GHS columns after FHCChronicHealth — and
 * how a cell's text maps to a code: the code itself or its label, in any case
 * ("b", "Liquid", "LIQUID"; "Y", "Yes", "true"). Pure; the spreadsheet issue
 * builds the template, the parser and the download on this.
 */
import { GHS_HEALTH, GHS_PHYSICAL, HM_TYPES, PHYSICAL_STATES, PRESSURES, TEMPERATURES, UNITS } from './codes.rules';

const BEFORE_GHS = [
  'CERSID', 'ChemicalLocation', 'CLConfidential', 'MapNumber', 'GridNumber', 'ChemicalName', 'TradeSecret', 'CommonName', 'EHS', 'CASNumber',
  'PFCodeHazardClass', 'SFCodeHazardClass', 'TFCodeHazardClass', 'FFCodeHazardClass', 'FifthFireCodeHazardClass', 'SixthFireCodeHazardClass',
  'SeventhFireCodeHazardClass', 'EighthFireCodeHazardClass', 'HMType', 'RadioActive', 'Curies', 'PhysicalState', 'LargestContainer',
  'FHCFire', 'FHCReactive', 'FHCPressureRelease', 'FHCAcuteHealth', 'FHCChronicHealth',
];
const AFTER_GHS = [
  'AverageDailyAmount', 'MaximumDailyAmount', 'AnnualWasteAmount', 'StateWasteCode', 'Units', 'DaysOnSite',
  'SCAboveGroundTank', 'SCUnderGroundTank', 'SCTankInsideBuilding', 'SCSteelDrum', 'SCPlasticNonMetallicDrum', 'SCCan', 'SCCarboy', 'SCSilo',
  'SCFiberDrum', 'SCBag', 'SCBox', 'SCCylinder', 'SCGlassBottle', 'SCPlasticBottle', 'SCToteBin', 'SCTankTruckTankWagon', 'SCTankCarRailCar',
  'SCOther', 'OtherStorageContainer', 'StoragePressure', 'StorageTemperature',
  ...[1, 2, 3, 4, 5].flatMap((n) => [`HC${n}PercentByWeight`, `HC${n}Name`, `HC${n}EHS`, `HC${n}CAS`]),
  'ChemicalDescriptionComment', 'AdditionalMixtureComponents', 'CCLID', 'USEPASRSNumber', 'DOTHazardClassificationID',
];

export const TEMPLATE_COLUMNS: string[] = [...BEFORE_GHS, ...Object.keys(GHS_PHYSICAL), ...Object.keys(GHS_HEALTH), ...AFTER_GHS];

/** Code lists of the coded columns, code → label. */
export const CODED_COLUMNS: Record<string, Record<string, string>> = {
  HMType: HM_TYPES,
  PhysicalState: PHYSICAL_STATES,
  Units: UNITS,
  StoragePressure: PRESSURES,
  StorageTemperature: TEMPERATURES,
};

const YES = new Set(['y', 'yes', 'true', '1', 'x']);
const NO = new Set(['n', 'no', 'false', '0', '']);

/** "Y", "Yes", "TRUE" → true; "N", "no", blank → false; anything else → undefined (a problem to report). */
export function parseYesNo(cell: string): boolean | undefined {
  const v = cell.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return undefined;
}

/** A code or its label, in any case → the code; blank → null; unknown → undefined. */
export function parseCode(column: string, cell: string): string | null | undefined {
  const codes = CODED_COLUMNS[column];
  if (!codes) throw new Error(`${column} is not a coded column`);
  const v = cell.trim().toLowerCase();
  if (v === '') return null;
  for (const [code, label] of Object.entries(codes)) {
    if (v === code || v === label.toLowerCase()) return code;
  }
  return undefined;
}
