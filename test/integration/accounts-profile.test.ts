import request from 'supertest';
import { createTestApp, createUser, csrfFrom, emailsTo, linkInLatestEmail, PASSWORD, signIn, submitForm, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('profile', () => {
  test('name, phone and title save; an email change waits for the new address to be confirmed', async () => {
    const u = await createUser(t.knex, { username: 'profiler', email: 'old@example.com' });
    const agent = request.agent(t.app);
    await signIn(agent, 'profiler');
    const res = await submitForm(agent, '/account/profile', {
      firstName: 'Pat', lastName: 'Nguyen', email: 'new@example.com', phone: '661 555 0100', title: 'EHS Manager', currentPassword: PASSWORD,
    });
    expect(res.status).toBe(303);
    const home = await agent.get('/account');
    expect(home.text).toContain('Pat Nguyen');
    expect(home.text).toContain('EHS Manager');
    expect(home.text).toContain('Waiting for confirmation of new@example.com');
    expect((await t.knex('users').where({ id: u.id }).first()).email).toBe('old@example.com');
    expect((await emailsTo(t.knex, 'old@example.com')).map((m) => m.subject)).toContain('Your email address is being changed');

    const link = await linkInLatestEmail(t.knex, 'new@example.com', '/verify-email/');
    const page = await agent.get(link);
    const done = await agent.post(link).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(done.status).toBe(303);
    expect((await t.knex('users').where({ id: u.id }).first()).email).toBe('new@example.com');
    const audit = await t.knex('audit_log').where({ action: 'account.email_changed', entity_id: String(u.id) }).first();
    expect(audit.before).toEqual({ email: 'old@example.com' });
    expect(audit.after).toEqual({ email: 'new@example.com' });
  });

  test('changing the email address needs the current password; without it nothing changes and what was typed is kept', async () => {
    const u = await createUser(t.knex, { username: 'borrowedsession', email: 'owner@example.com' });
    const agent = request.agent(t.app);
    await signIn(agent, 'borrowedsession');
    const typed = { firstName: 'Mallory', lastName: 'Person', email: 'attacker@example.com', phone: '', title: 'Intruder' };

    const missing = await submitForm(agent, '/account/profile', typed);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('href="#currentPassword">Enter your current password to change your email address</a>');
    expect(missing.text).toContain('id="currentPassword-error"');
    expect(missing.text).toContain('value="attacker@example.com"');
    expect(missing.text).toContain('value="Mallory"');

    const wrong = await submitForm(agent, '/account/profile', { ...typed, currentPassword: 'a-guess-at-the-password' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('href="#currentPassword">Your current password is not correct</a>');
    expect(wrong.text).toContain('value="attacker@example.com"');
    expect(wrong.text).not.toContain('a-guess-at-the-password');

    // Nothing was saved, no link went to the new address, the owner was not told of a change.
    const row = await t.knex('users').where({ id: u.id }).first();
    expect([row.email, row.first_name]).toEqual(['owner@example.com', 'Test']);
    expect(await emailsTo(t.knex, 'attacker@example.com')).toHaveLength(0);
    expect(await t.knex('user_tokens').where({ user_id: u.id, purpose: 'verify_email' })).toHaveLength(0);

    // The rest of the profile still saves without the password.
    const nameOnly = await submitForm(agent, '/account/profile', { ...typed, email: 'owner@example.com' });
    expect(nameOnly.status).toBe(303);
    expect((await t.knex('users').where({ id: u.id }).first()).first_name).toBe('Mallory');
  });

  test('bad profile input keeps what was typed and changes nothing', async () => {
    const u = await createUser(t.knex, { username: 'profiler2' });
    const agent = request.agent(t.app);
    await signIn(agent, 'profiler2');
    const res = await submitForm(agent, '/account/profile', { firstName: 'Sam', lastName: '', email: u.email, phone: 'call me', title: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#lastName">Enter your last name</a>');
    expect(res.text).toContain('href="#phone">Enter a phone number, like 661 555 0100</a>');
    expect(res.text).toContain('value="call me"');
    expect((await t.knex('users').where({ id: u.id }).first()).first_name).toBe('Test');
  });

  test('pages behind sign-in send you to sign in', async () => {
    for (const path of ['/account', '/account/profile', '/account/password']) {
      const res = await request(t.app).get(path);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/sign-in');
    }
  });
});

describe('change password', () => {
  test('needs the current password, then signs out every other session but this one', async () => {
    await createUser(t.knex, { username: 'twodevices' });
    const phone = request.agent(t.app);
    const laptop = request.agent(t.app);
    await signIn(phone, 'twodevices');
    await signIn(laptop, 'twodevices');

    const wrong = await submitForm(laptop, '/account/password', { currentPassword: 'not-my-password', newPassword: 'amber-falcon-river-9', confirmPassword: 'amber-falcon-river-9' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Your current password is not correct');
    expect((await phone.get('/account')).status).toBe(200);

    const ok = await submitForm(laptop, '/account/password', { currentPassword: PASSWORD, newPassword: 'amber-falcon-river-9', confirmPassword: 'amber-falcon-river-9' });
    expect(ok.status).toBe(303);
    expect((await laptop.get('/account')).status).toBe(200);
    const other = await phone.get('/account');
    expect(other.status).toBe(303);
    expect(other.headers.location).toBe('/sign-in');
    await signIn(request.agent(t.app), 'twodevices', 'amber-falcon-river-9');
  });
});
