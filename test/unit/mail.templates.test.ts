import { activationEmail, forgotUsernameEmail } from '../../src/mail/mail.templates';

const link = 'https://upp.example.gov/activate/AbC123_-xyz';

describe('activationEmail', () => {
  const mail = activationEmail({ firstName: 'Maria', link });

  test('subject, template and greeting', () => {
    expect(mail.template).toBe('activate');
    expect(mail.subject).toBe('Activate your Unified Program Portal account');
    expect(mail.text).toMatch(/^Hello Maria,\n/);
    expect(mail.text).toContain('7 days');
  });

  test('the link is in the text and is a clickable link in the html', () => {
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`<a href="${link}">${link}</a>`);
  });

  test('a name containing markup is escaped in the html', () => {
    const evil = activationEmail({ firstName: '<script>alert("x")</script> & Co', link });
    expect(evil.html).not.toContain('<script>');
    expect(evil.html).toContain('Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co,');
    // The plain-text part carries the name as typed.
    expect(evil.text).toContain('Hello <script>alert("x")</script> & Co,');
  });
});

describe('forgotUsernameEmail', () => {
  test('lists every username, in both parts', () => {
    const mail = forgotUsernameEmail({ usernames: ['mlopez', 'maria.l', 'ml_2'] });
    expect(mail.template).toBe('forgot_username');
    expect(mail.text).toContain('usernames of the accounts');
    for (const u of ['mlopez', 'maria.l', 'ml_2']) {
      expect(mail.text).toContain(`  • ${u}`);
      expect(mail.html).toContain(`• ${u}`);
    }
  });

  test('one username is worded in the singular', () => {
    const mail = forgotUsernameEmail({ usernames: ['mlopez'] });
    expect(mail.text).toContain('the username of the account registered');
    expect(mail.text).toContain('  • mlopez');
  });
});
