import { redactUrl } from '../../src/http/logging.setup';
import { isLocalPath } from '../../src/http/safe-redirect';
import { submittalReceivedEmail, invitationEmail, forgotUsernameEmail, reviewDecisionEmail } from '../../src/mail/mail.templates';
import { isCalendarDate } from '../../src/rules/dates.rules';
import { invitationLimitProblem, resendProblem } from '../../src/rules/invitation-limits.rules';
import { INVITATION_LIFETIME_MS } from '../../src/rules/invitation.rules';
import { defangAddresses, looksLikeAddress } from '../../src/rules/links.rules';
import { nameProblem } from '../../src/rules/names.rules';
import { containsUnstorableText, hasUnstorableCharacter } from '../../src/rules/text.rules';

describe('addresses in typed text', () => {
  test.each([
    'https://evil.example/login', 'HTTP://EVIL', 'ftp://files.example', 'see www.evil.example', 'evil.com', 'Acme.COM Holdings', 'bit.ly/abc',
    'login.evil.example/verify', 'bob@mail.example', 'mailto:bob', 'javascript:alert(1)', '10.0.0.1', 'evil．com', 'evil.example:8080', 'x.support',
  ])('%s looks like an address', (s) => expect(looksLikeAddress(s)).toBe(true));

  test.each(['Kern Valley Fuel & Supply', 'St.Mary’s Yard', 'J.B. Hunt & Sons, Inc.', 'Dr. Smith', 'A.B.C. Plumbing', 'O’Brien-Smith', 'Data: West', 'Version 2.0', 'Maria José'])(
    '%s does not',
    (s) => expect(looksLikeAddress(s)).toBe(false),
  );

  test('defanged: readable, no longer an address', () => {
    expect(defangAddresses('Visit https://login.evil.example/x?a=1 now')).toBe('Visit https[:]//login[.]evil[.]example/x?a=1 now');
    expect(defangAddresses('www.evil.example')).toBe('www[.]evil[.]example');
    expect(defangAddresses('bob@mail.example')).toBe('bob@mail[.]example');
    expect(defangAddresses('go to 192.168.1.10')).toBe('go to 192[.]168[.]1[.]10');
    expect(defangAddresses('mailto:bob@x.example')).toBe('mailto[:]bob@x[.]example');
    expect(defangAddresses('Kern Valley Fuel & Supply')).toBe('Kern Valley Fuel & Supply');
    for (const s of ['https://a.example/b', 'evil．com', 'x.y.zip']) expect(looksLikeAddress(defangAddresses(s))).toBe(false);
  });
});

describe('names', () => {
  test('one line, no address', () => {
    expect(nameProblem('Kern Valley Fuel & Supply', 'The organization name')).toBeNull();
    expect(nameProblem('Acme\nClick here', 'The organization name')).toBe('The organization name must be on one line, without line breaks');
    expect(nameProblem('Acme\u2028Click', 'The organization name')).toBe('The organization name must be on one line, without line breaks');
    expect(nameProblem('Acme (acme.com)', 'The organization name')).toBe('The organization name cannot contain a web or email address. Enter the name only');
  });
});

describe('calendar dates', () => {
  test.each(['2026-03-01', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])('%s is a day', (d) => expect(isCalendarDate(d)).toBe(true));
  test.each(['2026-02-30', '2025-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '0000-01-01', '2026-1-1', '2026-01-01T00:00', ' 2026-01-01', ''])(
    '%j is not',
    (d) => expect(isCalendarDate(d)).toBe(false),
  );
});

describe('text PostgreSQL cannot hold', () => {
  test('NUL and lone surrogates, anywhere in a parsed query or body', () => {
    expect(hasUnstorableCharacter('a\u0000b')).toBe(true);
    expect(hasUnstorableCharacter('a\uD800b')).toBe(true);
    expect(hasUnstorableCharacter('a\uDC00')).toBe(true);
    expect(hasUnstorableCharacter('emoji 😀 and é')).toBe(false);
    expect(containsUnstorableText({ q: ['ok', 'n\u0000'] })).toBe(true);
    expect(containsUnstorableText({ ['k\u0000']: 'v' })).toBe(true);
    expect(containsUnstorableText({ a: { b: 'fine' }, c: ['x'] })).toBe(false);
  });
});

describe('redirect targets', () => {
  test.each([['/orgs/1', true], ['//evil.example', false], ['/\\evil.example', false], ['https://evil.example', false], ['orgs/1', false], ['/a\nb', false]])('%j local: %s', (p, ok) => {
    expect(isLocalPath(p)).toBe(ok);
  });
});

describe('request log redaction', () => {
  test.each([
    ['/cupa-invitations/abcDEF123_-x', '/cupa-invitations/[redacted]'],
    ['/CUPA-INVITATIONS/abc', '/CUPA-INVITATIONS/[redacted]'],
    ['/invitations/abc?x=1', '/invitations/[redacted]?x=1'],
    ['/account/invitations/12/accept', '/account/invitations/[redacted]/accept'],
  ])('%s', (url, expected) => expect(redactUrl(url)).toBe(expected));
});

describe('invitation limits', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  const sentMinutesAgo = (m: number) => new Date(now.getTime() - m * 60_000 + INVITATION_LIFETIME_MS);
  const limits = { perPersonPerHour: 3, perTenantPerDay: 5 };

  test('under both limits: no problem', () => {
    expect(invitationLimitProblem({ byPerson: { count: 2, firstExpiresAt: sentMinutesAgo(10) }, byTenant: { count: 4, firstExpiresAt: sentMinutesAgo(600) }, tenantName: 'Acme', limits, now })).toBeNull();
  });

  test('the person’s hour, then the organization’s day, each with when it frees up', () => {
    expect(invitationLimitProblem({ byPerson: { count: 3, firstExpiresAt: sentMinutesAgo(45) }, byTenant: { count: 3, firstExpiresAt: sentMinutesAgo(45) }, tenantName: 'Acme', limits, now }))
      .toBe('You have sent 3 invitations in the last hour, the most one person can send. You can send more in 15 minutes');
    expect(invitationLimitProblem({ byPerson: { count: 1, firstExpiresAt: sentMinutesAgo(5) }, byTenant: { count: 5, firstExpiresAt: sentMinutesAgo(60) }, tenantName: 'Acme', limits, now }))
      .toBe('Acme has sent 5 invitations in the last 24 hours, the most allowed in a day. You can send more in 23 hours');
  });

  test('a resend waits an hour after the invitation’s last email', () => {
    expect(resendProblem({ expiresAt: sentMinutesAgo(59), email: 'a@example.com', now })).toMatch(/in 1 minute\.$/);
    expect(resendProblem({ expiresAt: sentMinutesAgo(60), email: 'a@example.com', now })).toBeNull();
  });
});

describe('emails: the portal’s own link is the only link', () => {
  const link = 'https://portal.example.gov/regulator/submittals/12';
  const anchors = (html: string) => [...html.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]);

  test('submittal received, to CUPA staff, with addresses in the organization, facility and submitter names', () => {
    const mail = submittalReceivedEmail({
      facility: 'Yard — see http://evil.example/pay', cersId: 10000001, organization: 'Evil.com Holdings', elements: ['Facility Information'], submitter: 'Bob <b>bold</b> bob@evil.example', when: 'November 24, 2026', link,
    });
    expect(anchors(mail.html)).toEqual([link]);
    expect(mail.html).not.toContain('<b>');
    for (const part of [mail.subject, mail.text, mail.html]) {
      expect(part).not.toMatch(/http:\/\/evil|evil\.example|Evil\.com/);
    }
    expect(mail.text).toContain('Evil[.]com Holdings submitted for Yard — see http[:]//evil[.]example/pay (CERS ID 10000001)');
  });

  test('a typed name cannot start a paragraph of its own', () => {
    const mail = invitationEmail({ organization: 'Acme\n\nYour account is locked. Call 555-0100', role: 'Viewer', inviter: 'Lee', link });
    expect(mail.text).toContain('join Acme Your account is locked. Call 555-0100 as Viewer');
    expect(mail.subject).not.toContain('\n');
    expect(mail.html).not.toMatch(/Acme<br>/);
  });

  test('a comment keeps its line breaks, defanged', () => {
    const mail = reviewDecisionEmail({ firstName: 'A', facility: 'F', cersId: 1, element: 'Site Map', status: 'Not accepted', comment: 'Line one\nsee calepa.ca.gov', regulator: 'Kern', reviewer: 'R', resubmitBy: null, link });
    expect(mail.text).toContain('Comment: Line one\nsee calepa[.]ca[.]gov');
    expect(mail.html).toContain('Comment: Line one<br>see calepa[.]ca[.]gov');
  });

  test('a username is shown exactly unless it looks like an address', () => {
    const mail = forgotUsernameEmail({ usernames: ['maria.lopez', 'login.evil.com'] });
    expect(mail.text).toContain('  • maria.lopez');
    expect(mail.text).toContain('  • login[.]evil[.]com');
  });
});
