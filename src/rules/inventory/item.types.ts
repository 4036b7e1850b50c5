/** One inventory item as the rules see it: typed values, no database, no HTML. */
import type { Container, GhsCategory, HmType, LegacyHazard, PhysicalState, Pressure, Temperature, Unit } from './codes.rules';

export type Component = { name: string | null; cas: string | null; percent: number | null; ehs: boolean };

export type InventoryItem = {
  location: string | null;
  locationConfidential: boolean;
  mapNumber: string | null;
  gridNumber: string | null;
  commonName: string | null;
  chemicalName: string | null;
  casNumber: string | null;
  tradeSecret: boolean;
  ehs: boolean;
  hmType: HmType | null;
  physicalState: PhysicalState | null;
  radioactive: boolean;
  curies: number | null;
  units: Unit | null;
  maxDaily: number | null;
  averageDaily: number | null;
  largestContainer: number | null;
  annualWaste: number | null;
  stateWasteCode: string | null;
  daysOnSite: number | null;
  fireCodeClasses: number[];
  dotClass: string | null;
  ghs: GhsCategory[];
  legacyHazards: LegacyHazard[];
  epaSrsNumber: string | null;
  /** UPDD 250: the CERS Chemical Library ID, kept exactly as given (CERS's id, not this portal's library row). */
  cclid: number | null;
  containers: Container[];
  otherContainer: string | null;
  pressure: Pressure | null;
  temperature: Temperature | null;
  components: Component[];
  additionalComponents: string | null;
  comment: string | null;
};

export type ThresholdContext = {
  /** Lowest threshold planning quantity (lb) of the material or its EHS components, if any. */
  ehsTpqLbs: number | null;
  densityLbPerGal: number | null;
  /** The CUPA's policy for hazardous waste: Kern reports any amount. */
  wasteAnyAmount: boolean;
};
