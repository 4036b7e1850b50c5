import fs from 'node:fs';
import path from 'node:path';
import { parseCsv, parseCsvRecords } from '../../src/reference/csv.parser';

describe('parseCsv', () => {
  test('plain rows and columns', () => {
    expect(parseCsv('a,b,c\n1,2,3')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  test('empty fields are kept', () => {
    expect(parseCsv('a,,c\n,,')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
    ]);
  });

  test('quoted fields may hold commas, newlines and doubled quotes', () => {
    expect(parseCsv('"x, y","line 1\nline 2","say ""hi"""\n')).toEqual([['x, y', 'line 1\nline 2', 'say "hi"']]);
    expect(parseCsv('"",z')).toEqual([['', 'z']]);
  });

  test('a quote inside an unquoted field is an ordinary character', () => {
    expect(parseCsv('5" pipe,x')).toEqual([['5" pipe', 'x']]);
  });

  test('CRLF, lone CR and LF all end a row; CRLF inside quotes is kept', () => {
    expect(parseCsv('a,b\r\n1,2\r3,4\n5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
    expect(parseCsv('"a\r\nb",c\r\n')).toEqual([['a\r\nb', 'c']]);
  });

  test('a leading byte-order mark is dropped', () => {
    expect(parseCsv('\uFEFFid,name\n1,x')).toEqual([
      ['id', 'name'],
      ['1', 'x'],
    ]);
  });

  test('a trailing newline does not add a row, and blank lines are skipped', () => {
    expect(parseCsv('a\n1\n')).toEqual([['a'], ['1']]);
    expect(parseCsv('a,b\n\n1,2\r\n\r\n\n3,4\n\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parseCsv('')).toEqual([]);
  });
});

describe('parseCsvRecords', () => {
  test('keys rows by the header; short rows are padded with empty strings', () => {
    expect(parseCsvRecords('id,name,note\n1,"Kern, County"\n2,Yolo,x')).toEqual([
      { id: '1', name: 'Kern, County', note: '' },
      { id: '2', name: 'Yolo', note: 'x' },
    ]);
  });

  test('no text gives no records; a header alone gives none', () => {
    expect(parseCsvRecords('')).toEqual([]);
    expect(parseCsvRecords('id,name\n')).toEqual([]);
  });
});

describe('the shipped reference data', () => {
  const read = (name: string) => parseCsvRecords(fs.readFileSync(path.join(__dirname, '../../seeds/reference', name), 'utf8'));

  test('california-counties.csv has the 58 counties, Alameda (1) to Yuba (58)', () => {
    const counties = read('california-counties.csv');
    expect(counties).toHaveLength(58);
    expect(counties[0]).toMatchObject({ county_id: '1', county_name: 'Alameda' });
    expect(counties[57]).toMatchObject({ county_id: '58', county_name: 'Yuba' });
    expect(counties.map((c) => Number(c.county_id))).toEqual(Array.from({ length: 58 }, (_, i) => i + 1));
  });

  test('cupas.csv has 35 CUPAs; Kern County has regulator code 1500', () => {
    const cupas = read('cupas.csv');
    expect(cupas).toHaveLength(35);
    const kern = cupas.find((c) => c.cupa_name?.startsWith('Kern County'));
    expect(kern).toMatchObject({
      cupa_name: 'Kern County Public Health Services Department, Environmental Health Services Division',
      county: 'Kern',
      area_covered: 'County of Kern, except the City of Bakersfield',
      regulator_code: '1500',
    });
    // Every row has every column of the header (quoted commas did not shift columns).
    const columns = Object.keys(cupas[0] ?? {});
    expect(columns).toHaveLength(8);
    for (const c of cupas) expect(c.county).toMatch(/^[A-Z][A-Za-z .]+$/);
  });
});
