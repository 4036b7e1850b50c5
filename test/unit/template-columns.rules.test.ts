import { parseCode, parseYesNo, TEMPLATE_COLUMNS } from '../../src/rules/inventory/template-columns.rules';

test('the template starts with CERSID and puts the 24 GHS columns right after FHCChronicHealth', () => {
  expect(TEMPLATE_COLUMNS[0]).toBe('CERSID');
  const i = TEMPLATE_COLUMNS.indexOf('FHCChronicHealth');
  expect(TEMPLATE_COLUMNS[i + 1]).toBe('FHCPhysicalFlammable');
  expect(TEMPLATE_COLUMNS[i + 24]).toBe('FHCHealthHazardNotOtherwiseClassified');
  expect(TEMPLATE_COLUMNS[i + 25]).toBe('AverageDailyAmount');
  expect(TEMPLATE_COLUMNS.at(-1)).toBe('DOTHazardClassificationID');
  expect(new Set(TEMPLATE_COLUMNS).size).toBe(TEMPLATE_COLUMNS.length);
});

test.each([['b', 'b'], ['Liquid', 'b'], ['LIQUID', 'b'], [' liquid ', 'b'], ['', null], ['plasma', undefined]])('PhysicalState "%s" → %s', (cell, code) => {
  expect(parseCode('PhysicalState', cell)).toBe(code);
});

test.each([['gallons', 'a'], ['Cubic Feet', 'b'], ['c', 'c'], ['tons', 'd']])('Units "%s" → %s', (cell, code) => {
  expect(parseCode('Units', cell)).toBe(code);
});

test.each([['Y', true], ['Yes', true], ['true', true], ['N', false], ['no', false], ['', false], ['maybe', undefined]])('yes/no "%s" → %s', (cell, v) => {
  expect(parseYesNo(cell)).toBe(v);
});
