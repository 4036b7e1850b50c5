import { csvLine } from '../../src/modules/inventory-upload/upload.presenter';
import { clipText, screenRowCells, storableHeaderCells, storableText } from '../../src/rules/inventory/upload-text.rules';

const header = { index: new Map([['CERSID', 0], ['CommonName', 1], ['ChemicalName', 2]]), ignored: [] };

describe('text no database column can hold', () => {
  test('NUL and lone surrogates become U+FFFD; pairs (emoji) and other text are kept', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('x\ud800y\udc00z')).toBe('x\uFFFDy\uFFFDz');
    expect(storableText('ok 😀 é')).toBe('ok 😀 é');
  });

  test('clipText never ends in half of an emoji', () => {
    const s = `${'a'.repeat(59)}😀bbb`;
    expect(clipText(s, 60)).toBe('a'.repeat(59));
    expect(clipText(s, 61)).toBe(`${'a'.repeat(59)}😀`);
    expect(clipText('short\u0000', 60)).toBe('short\uFFFD');
  });

  test('a mapped cell holding a NUL becomes a problem on its column and is blanked; unmapped cells are left alone', () => {
    const cells = ['10000001', 'Ace\u0000tone', 'fine', 'not\u0000mapped'];
    const { cells: out, problems } = screenRowCells(cells, header);
    expect(out).toEqual(['10000001', null, 'fine', 'not\u0000mapped']);
    expect(problems).toEqual([{ column: 'CommonName', value: 'Ace\uFFFDtone', message: expect.stringMatching(/^CommonName contains a NUL character \(a damaged or binary file\?\)/) }]);
    expect(cells[1]).toBe('Ace\u0000tone'); // the reader's row is not changed
  });

  test('a long broken cell is shown by its start and length, a broken surrogate named as such', () => {
    const { problems } = screenRowCells(['1', 'n', `${'x'.repeat(100)}\ud800`], header);
    expect(problems[0]!.value).toBe(`${'x'.repeat(60)}… (101 characters)`);
    expect(problems[0]!.message).toMatch(/^ChemicalName contains a broken character \(half of a UTF-16 pair/);
  });

  test('header cells are made storable, numbers kept', () => {
    expect(storableHeaderCells(['CERSID', 'Bin\u0000', 3, null])).toEqual(['CERSID', 'Bin\uFFFD', 3, null]);
  });
});

describe('the problem report CSV', () => {
  test('fields holding , ; " CR LF or tab are quoted; formula-like values are kept as text', () => {
    expect(csvLine([5, 'Units', 'a;b', 'Required', 'plain'])).toBe('5,Units,"a;b",Required,plain\r\n');
    expect(csvLine(['x,y', 'say "hi"', 'two\r\nlines', 'tab\there', null])).toBe('"x,y","say ""hi""","two\r\nlines","tab\there",\r\n');
    expect(csvLine(['=1+1', '-5'])).toBe("'=1+1,'-5\r\n");
  });
});
