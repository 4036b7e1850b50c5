import { nextDueDate } from '../../src/rules/due-dates.rules';
import { checkUpload } from '../../src/rules/file-types.rules';
import { canonicalJson } from '../../src/rules/fingerprint.rules';

const d = (s: string) => new Date(`${s}T12:00:00Z`);

describe('next due date', () => {
  const base = { annualMonth: 3, annualDay: 1, notAcceptedAt: null, today: d('2026-11-21') };
  test('a submission covers its year; the next is due by the annual date of the following year', () => {
    expect(nextDueDate({ ...base, lastSubmittedAt: d('2026-02-15') }).date!.toISOString().slice(0, 10)).toBe('2027-03-01');
    expect(nextDueDate({ ...base, lastSubmittedAt: d('2025-12-20') }).date!.toISOString().slice(0, 10)).toBe('2026-03-01');
    expect(nextDueDate({ ...base, lastSubmittedAt: d('2025-12-20') }).overdue).toBe(true);
  });
  test("the CUPA's own annual date", () => {
    expect(nextDueDate({ ...base, annualMonth: 7, annualDay: 15, lastSubmittedAt: d('2026-01-10') }).date!.toISOString().slice(0, 10)).toBe('2027-07-15');
  });
  test('30 days after a Not Accepted decision', () => {
    const due = nextDueDate({ ...base, lastSubmittedAt: d('2026-10-01'), notAcceptedAt: d('2026-11-01') });
    expect(due.date!.toISOString().slice(0, 10)).toBe('2026-12-01');
    expect(due.reason).toMatch(/30 days of the Not Accepted decision/);
  });
  test('never submitted: no date, and says why', () => {
    expect(nextDueDate({ ...base, lastSubmittedAt: null })).toEqual({ date: null, reason: expect.stringMatching(/within 30 days/), overdue: false });
  });
});

describe('upload checks by content', () => {
  const pdf = new Uint8Array(Buffer.from('%PDF-1.7\n'));
  test('a real PDF named .pdf', () => expect(checkUpload('plan.PDF', pdf, 100)).toEqual({ ok: true, mediaType: 'application/pdf', extension: 'pdf' }));
  test('a program renamed .pdf', () => expect(checkUpload('plan.pdf', new Uint8Array([0x4d, 0x5a, 0x90, 0]), 100)).toMatchObject({ ok: false, message: expect.stringMatching(/program/) }));
  test('a PNG named .pdf', () => expect(checkUpload('plan.pdf', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 100)).toMatchObject({ ok: false, message: expect.stringMatching(/not really a \.pdf/) }));
  test('an empty file', () => expect(checkUpload('plan.pdf', new Uint8Array(), 0)).toMatchObject({ ok: false, message: 'The selected file is empty' }));
  test('over 25 MB', () => expect(checkUpload('plan.pdf', pdf, 25 * 1024 * 1024 + 1)).toMatchObject({ ok: false, message: expect.stringMatching(/25 MB/) }));
  test('an extension we do not take', () => expect(checkUpload('tool.exe', pdf, 10)).toMatchObject({ ok: false, message: expect.stringMatching(/not \.exe/) }));
  test('a .docx is a zip; a .txt is UTF-8 text without NUL bytes', () => {
    expect(checkUpload('a.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04]), 10).ok).toBe(true);
    expect(checkUpload('a.txt', new Uint8Array(Buffer.from('Evacuation: go to the north gate')), 30).ok).toBe(true);
    expect(checkUpload('a.txt', new Uint8Array([0x41, 0, 0x42]), 3).ok).toBe(false);
  });
});

describe('canonical JSON for fingerprints', () => {
  test('key order does not change the text; values do', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, 2] }, b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});
