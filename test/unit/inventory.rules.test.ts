import { isValidCas } from '../../src/rules/inventory/cas.rules';
import type { InventoryItem, ThresholdContext } from '../../src/rules/inventory/item.types';
import { itemMessages } from '../../src/rules/inventory/item.rules';
import { reportability } from '../../src/rules/inventory/thresholds.rules';
import { toGallons, toPounds } from '../../src/rules/inventory/units.rules';

const item = (over: Partial<InventoryItem> = {}): InventoryItem => ({
  location: 'Warehouse', locationConfidential: false, mapNumber: null, gridNumber: null, commonName: 'Sulfuric acid', chemicalName: 'Sulfuric acid',
  casNumber: '7664-93-9', tradeSecret: false, ehs: false, hmType: 'a', physicalState: 'b', radioactive: false, curies: null, units: 'a',
  maxDaily: 100, averageDaily: 50, largestContainer: 55, annualWaste: null, stateWasteCode: null, daysOnSite: 365, fireCodeClasses: [5], dotClass: '8',
  ghs: ['FHCHealthSkinCorrosionIrritation'], legacyHazards: [], epaSrsNumber: null, cclid: null, containers: ['SCSteelDrum'], otherContainer: null, pressure: 'a', temperature: 'a', components: [],
  additionalComponents: null, comment: null, ...over,
});
const ctx = (over: Partial<ThresholdContext> = {}): ThresholdContext => ({ ehsTpqLbs: null, densityLbPerGal: null, wasteAnyAmount: false, ...over });
const codes = (i: InventoryItem, c = ctx()) => itemMessages(i, c).map((m) => `${m.level}:${m.code}`);

describe('reporting thresholds, at, just below and just above', () => {
  test.each([
    ['liquid in gallons', { physicalState: 'b', units: 'a' }, 55],
    ['solid in pounds', { physicalState: 'a', units: 'c' }, 500],
    ['gas in cubic feet', { physicalState: 'c', units: 'b' }, 200],
  ] as const)('%s', (_name, over, threshold) => {
    expect(reportability(item({ ...over, maxDaily: threshold }), ctx()).reportable).toBe(true);
    expect(reportability(item({ ...over, maxDaily: threshold + 0.01 }), ctx()).reportable).toBe(true);
    expect(reportability(item({ ...over, maxDaily: threshold - 0.01 }), ctx()).reportable).toBe(false);
  });

  test('a solid in tons: 0.25 t = 500 lb', () => {
    expect(reportability(item({ physicalState: 'a', units: 'd', maxDaily: 0.25 }), ctx()).reportable).toBe(true);
    expect(reportability(item({ physicalState: 'a', units: 'd', maxDaily: 0.2499 }), ctx()).reportable).toBe(false);
  });

  test('a liquid in pounds converts to gallons only with a density, and says so without one', () => {
    expect(reportability(item({ units: 'c', maxDaily: 459 }), ctx({ densityLbPerGal: 8.34 })).reportable).toBe(true); // 55.04 gal
    expect(reportability(item({ units: 'c', maxDaily: 458 }), ctx({ densityLbPerGal: 8.34 })).reportable).toBe(false); // 54.92 gal
    const unknown = reportability(item({ units: 'c', maxDaily: 458 }), ctx());
    expect(unknown).toEqual({ reportable: null, basis: expect.stringMatching(/density/) });
    expect(codes(item({ units: 'c', maxDaily: 458, averageDaily: 1, largestContainer: 1 }))).toContain('Advisory:HMI_THRESHOLD_UNKNOWN');
  });

  test.each([1, 10, 100, 500, 1000])('an EHS with a TPQ of %i lb', (tpq) => {
    const ehs = item({ ehs: true, physicalState: 'a', units: 'c' });
    const r = (lb: number) => reportability({ ...ehs, maxDaily: lb }, ctx({ ehsTpqLbs: tpq })).reportable;
    if (tpq < 500) {
      expect(r(tpq)).toBe(true);
      expect(r(tpq - 0.001)).toBe(false);
      expect(r(tpq + 0.001)).toBe(true);
    } else {
      // A TPQ of 500 lb or more: the ordinary 500 lb threshold applies.
      expect(r(500)).toBe(true);
      expect(r(499.99)).toBe(false);
    }
  });

  test('a mixture whose EHS component has a low TPQ is reportable at that amount', () => {
    const mix = item({ hmType: 'b', physicalState: 'a', units: 'c', maxDaily: 120, components: [{ name: 'Paraquat', cas: '4685-14-7', percent: 40, ehs: true }] });
    expect(reportability(mix, ctx({ ehsTpqLbs: 10 })).reportable).toBe(true);
    expect(reportability({ ...mix, maxDaily: 9 }, ctx({ ehsTpqLbs: 10 })).reportable).toBe(false);
  });

  test('hazardous waste: any amount under Kern policy, the ordinary thresholds otherwise', () => {
    const waste = item({ hmType: 'c', maxDaily: 5, stateWasteCode: '221', annualWaste: 60 });
    expect(reportability(waste, ctx({ wasteAnyAmount: true })).reportable).toBe(true);
    expect(reportability(waste, ctx({ wasteAnyAmount: false })).reportable).toBe(false);
  });

  test('below every threshold is an Advisory, never an error', () => {
    expect(codes(item({ maxDaily: 10, averageDaily: 5, largestContainer: 5 }))).toContain('Advisory:HMI_BELOW_THRESHOLD');
    expect(codes(item())).not.toContain('Advisory:HMI_BELOW_THRESHOLD');
  });
});

describe('unit conversions', () => {
  test('gallons ↔ pounds need the density, and say so when it is unknown', () => {
    expect(toPounds(10, 'a', 8.34)).toEqual({ value: 83.4, exact: true });
    expect(toPounds(10, 'a', null)).toEqual({ value: null, reason: expect.stringMatching(/density/) });
    expect(toGallons(834, 'c', 8.34).value).toBeCloseTo(100);
    expect(toGallons(1, 'd', 10).value).toBe(200);
    expect(toPounds(2, 'd', null)).toEqual({ value: 4000, exact: true });
    expect(toPounds(5, 'b', null).value).toBeNull();
  });
});

describe('consistency checks', () => {
  test('a complete, consistent item has no Required or Warning messages', () => {
    expect(codes(item()).filter((c) => !c.startsWith('Advisory'))).toEqual([]);
  });
  test('average above maximum, container above maximum', () => {
    expect(codes(item({ averageDaily: 101 }))).toContain('Required:HMI_AVG_GT_MAX');
    expect(codes(item({ averageDaily: 100 }))).not.toContain('Required:HMI_AVG_GT_MAX');
  });
  test('a container larger than the most ever kept in it is normal (UPDD 215): an Advisory, never Required', () => {
    // A real Kern County crude oil tank CERS accepted: 31,500-gallon tank, at most 16,800 gallons in it.
    const tank = codes(item({ commonName: 'Crude oil', largestContainer: 31500, maxDaily: 16800, averageDaily: 8400 }));
    expect(tank).toContain('Advisory:HMI_CONTAINER_GT_MAX');
    expect(tank.filter((c) => c.startsWith('Required'))).toEqual([]);
  });
  test.each([[0, true], [1, false], [365, false], [366, true], [12.5, true]])('days on site %s → error %s', (days, bad) => {
    expect(codes(item({ daysOnSite: days })).includes('Required:HMI_DAYS_RANGE')).toBe(bad);
  });
  test('components: 0.01–100 each (Required, CERS range); more than 100 together is a Warning', () => {
    const c = (percent: number) => ({ name: 'X', cas: null, percent, ehs: false });
    expect(codes(item({ hmType: 'b', components: [c(0.01), c(99.99)] }))).not.toContain('Required:HMI_COMPONENTS_SUM');
    expect(codes(item({ hmType: 'b', components: [c(0.009)] }))).toContain('Required:HMI_COMPONENT_RANGE');
    expect(codes(item({ hmType: 'b', components: [c(100.01)] }))).toContain('Required:HMI_COMPONENT_RANGE');
    expect(codes(item({ hmType: 'b', components: [c(60), c(40.5)] }))).toContain('Warning:HMI_COMPONENTS_SUM');
  });
  test('an EHS must be reported in pounds (Required, guidance 1069); an EHS component only warns', () => {
    expect(codes(item({ ehs: true, units: 'a' }))).toContain('Required:HMI_EHS_POUNDS');
    expect(codes(item({ ehs: true, units: 'c', physicalState: 'a' }))).not.toContain('Required:HMI_EHS_POUNDS');
    expect(codes(item({ hmType: 'b', units: 'a', components: [{ name: 'Chlorine', cas: '7782-50-5', percent: 10, ehs: true }] }))).toContain('Warning:HMI_EHS_COMPONENT_POUNDS');
  });
  test('waste needs its California waste code and annual amount', () => {
    expect(codes(item({ hmType: 'c' }))).toEqual(expect.arrayContaining(['Warning:HMI_WASTE_CODE', 'Warning:HMI_ANNUAL_WASTE']));
    expect(codes(item({ hmType: 'c', stateWasteCode: '22', annualWaste: 10 }))).toContain('Warning:HMI_WASTE_CODE_FORMAT');
    expect(codes(item({ hmType: 'c', stateWasteCode: '221', annualWaste: 10 })).filter((c) => c.includes('WASTE'))).toEqual([]);
  });
  test('an "other" container needs its description; radioactive needs curies', () => {
    expect(codes(item({ containers: ['SCOther'] }))).toContain('Warning:HMI_OTHER_CONTAINER');
    expect(codes(item({ containers: ['SCOther'], otherContainer: 'Bladder' }))).not.toContain('Warning:HMI_OTHER_CONTAINER');
    expect(codes(item({ radioactive: true }))).toContain('Warning:HMI_CURIES');
  });
  test('units that do not fit the physical state are a Warning', () => {
    expect(codes(item({ physicalState: 'c', units: 'a' }))).toContain('Warning:HMI_UNITS_STATE');
    expect(codes(item({ physicalState: 'a', units: 'd', maxDaily: 1, averageDaily: 1, largestContainer: 1 }))).not.toContain('Warning:HMI_UNITS_STATE');
  });
  test('known exemptions are Advisory prompts', () => {
    expect(codes(item({ commonName: 'Motor oil', units: 'a', maxDaily: 50, averageDaily: 40, largestContainer: 5 }))).toContain('Advisory:HMI_EXEMPT_LUBE_OIL');
    expect(codes(item({ commonName: 'Oxygen', physicalState: 'c', units: 'b', maxDaily: 800, averageDaily: 500, largestContainer: 250 }))).toContain('Advisory:HMI_EXEMPT_MEDICAL_GAS');
  });
});

describe('Required only where CERS refuses (docs/inventory-rules.md)', () => {
  const required = (i: InventoryItem) => codes(i).filter((c) => c.startsWith('Required'));
  test('the CERS minimally required fields (EDT ChemicalType minOccurs 1) are Required', () => {
    expect(required(item({ commonName: null }))).toEqual(['Required:HMI_COMMON_NAME']);
    expect(required(item({ physicalState: null }))).toEqual(['Required:HMI_STATE']);
    expect(required(item({ units: null }))).toEqual(['Required:HMI_UNITS']);
    expect(required(item({ maxDaily: null, averageDaily: null }))).toEqual(['Required:HMI_MAX_DAILY']);
  });
  test.each<[string, Partial<InventoryItem>, string]>([
    ['no location (UPDD 201, not minimally required)', { location: null }, 'Warning:HMI_LOCATION'],
    ['no type (UPDD 211)', { hmType: null }, 'Warning:HMI_TYPE'],
    ['no days on site (UPDD 222)', { daysOnSite: null }, 'Warning:HMI_DAYS'],
    ['no pressure (UPDD 224)', { pressure: null }, 'Warning:HMI_PRESSURE'],
    ['no temperature (UPDD 225)', { temperature: null }, 'Warning:HMI_TEMPERATURE'],
    ['a CAS number with a wrong check digit (UPDD 209 has no pattern)', { casNumber: '7664-93-8' }, 'Warning:HMI_CAS'],
    ['a maximum daily amount of 0', { maxDaily: 0, averageDaily: 0 }, 'Warning:HMI_MAX_POSITIVE'],
    ['a component without its percent', { hmType: 'b', components: [{ name: 'Water', cas: null, percent: null, ehs: false }] }, 'Warning:HMI_COMPONENT_PERCENT'],
  ])('%s is a Warning, not Required', (_name, over, expected) => {
    expect(codes(item(over))).toContain(expected);
    expect(required(item(over))).toEqual([]);
  });
  test('a 2014 record with only the older hazard categories (UPDD 216a–e) does not warn about hazards', () => {
    expect(codes(item({ ghs: [], legacyHazards: ['FHCFire'] }))).not.toContain('Warning:HMI_NO_HAZARD');
  });
});

describe('CAS numbers', () => {
  test.each(['7664-93-9', '7647-01-0', '50-00-0', '7782-50-5', '1336-21-6'])('%s is valid', (cas) => expect(isValidCas(cas)).toBe(true));
  test.each(['7664-93-8', '7664939', '123-45', 'abc', '76649-3-9'])('%s is not', (cas) => expect(isValidCas(cas)).toBe(false));
});
