import { redactUrl } from '../../src/http/logging.setup';

describe('redactUrl', () => {
  test.each([
    ['/activate/abcDEF123_-x', '/activate/[redacted]'],
    ['/reset-password/abcDEF123_-x', '/reset-password/[redacted]'],
    ['/verify-email/abcDEF123_-x', '/verify-email/[redacted]'],
    ['/activate/abc?next=/x', '/activate/[redacted]?next=/x'],
    ['/reset-password/abc/confirm', '/reset-password/[redacted]/confirm'],
  ])('one-time link secrets in the path: %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  test('the CSRF token in the query is redacted, other parameters kept', () => {
    expect(redactUrl('/uploads?_csrf=secret123')).toBe('/uploads?_csrf=[redacted]');
    expect(redactUrl('/uploads?x=1&_csrf=secret123&y=2')).toBe('/uploads?x=1&_csrf=[redacted]&y=2');
    expect(redactUrl('/activate/tok?_csrf=c')).toBe('/activate/[redacted]?_csrf=[redacted]');
  });

  test.each(['/', '/sign-in', '/activate', '/activate/', '/register/check-email?email=a@b.c', '/x?my_csrf=1'])(
    'other URLs are unchanged: %s',
    (url) => {
      expect(redactUrl(url)).toBe(url);
    },
  );
});
