import { isValidCas } from '../../src/rules/inventory/cas.rules';
import type { InventoryItem, ThresholdContext } from '../../src/rules/inventory/item.types';
import { itemMessages } from '../../src/rules/inventory/item.rules';
import { reportability } from '../../src/rules/inventory/thresholds.rules';
import { toGallons, toPounds } from '../../src/rules/inventory/units.rules';

const item = (over: Partial<InventoryItem> = {}): InventoryItem => ({
  location: 'Warehouse', locationConfidential: false, mapNumber: null, gridNumber: null, commonName: 'Sulfuric acid', chemicalName: 'Sulfuric acid',
  casNumber: '7664-93-9', tradeSecret: false, ehs: false, hmType: 'a', physicalState: 'b', radioactive: false, curies: null, units: 'a',
  maxDaily: 100, averageDaily: 50, largestContainer: 55, annualWaste: null, stateWasteCode: null, daysOnSite: 365, fireCodeClasses: [5], dotClass: '8',
  ghs: ['FHCHealthSkinCorrosionIrritation'], legacyHazards: [], epaSrsNumber: null, containers: ['SCSteelDrum'], otherContainer: null, pressure: 'a', temperature: 'a', components: [],
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
    expect(codes(item({ largestContainer: 100.5 }))).toContain('Required:HMI_CONTAINER_GT_MAX');
  });
  test.each([[0, true], [1, false], [365, false], [366, true], [12.5, true]])('days on site %s → error %s', (days, bad) => {
    expect(codes(item({ daysOnSite: days })).includes('Required:HMI_DAYS_RANGE')).toBe(bad);
  });
  test('components: 0.01–100 each, at most 100 together', () => {
    const c = (percent: number) => ({ name: 'X', cas: null, percent, ehs: false });
    expect(codes(item({ hmType: 'b', components: [c(0.01), c(99.99)] }))).not.toContain('Required:HMI_COMPONENTS_SUM');
    expect(codes(item({ hmType: 'b', components: [c(0.009)] }))).toContain('Required:HMI_COMPONENT_RANGE');
    expect(codes(item({ hmType: 'b', components: [c(100.01)] }))).toContain('Required:HMI_COMPONENT_RANGE');
    expect(codes(item({ hmType: 'b', components: [c(60), c(40.5)] }))).toContain('Required:HMI_COMPONENTS_SUM');
  });
  test('an EHS should be reported in pounds (Warning)', () => {
    expect(codes(item({ ehs: true, units: 'a' }))).toContain('Warning:HMI_EHS_POUNDS');
    expect(codes(item({ ehs: true, units: 'c', physicalState: 'a' }))).not.toContain('Warning:HMI_EHS_POUNDS');
  });
  test('waste needs its California waste code and annual amount', () => {
    expect(codes(item({ hmType: 'c' }))).toEqual(expect.arrayContaining(['Required:HMI_WASTE_CODE', 'Required:HMI_ANNUAL_WASTE']));
    expect(codes(item({ hmType: 'c', stateWasteCode: '22', annualWaste: 10 }))).toContain('Required:HMI_WASTE_CODE_FORMAT');
    expect(codes(item({ hmType: 'c', stateWasteCode: '221', annualWaste: 10 })).filter((c) => c.includes('WASTE'))).toEqual([]);
  });
  test('an "other" container needs its description; radioactive needs curies', () => {
    expect(codes(item({ containers: ['SCOther'] }))).toContain('Required:HMI_OTHER_CONTAINER');
    expect(codes(item({ containers: ['SCOther'], otherContainer: 'Bladder' }))).not.toContain('Required:HMI_OTHER_CONTAINER');
    expect(codes(item({ radioactive: true }))).toContain('Required:HMI_CURIES');
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

describe('CAS numbers', () => {
  test.each(['7664-93-9', '7647-01-0', '50-00-0', '7782-50-5', '1336-21-6'])('%s is valid', (cas) => expect(isValidCas(cas)).toBe(true));
  test.each(['7664-93-8', '7664939', '123-45', 'abc', '76649-3-9'])('%s is not', (cas) => expect(isValidCas(cas)).toBe(false));
});
