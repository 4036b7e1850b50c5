import request from 'supertest';
import { createTestApp, createUser, csrfFrom, emailsTo, linkInLatestEmail, PASSWORD, signIn, submitForm, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('forgot username', () => {
  test('emails every username of the address; an unknown address gets the same page and no email', async () => {
    await createUser(t.knex, { username: 'shared_a', email: 'office@example.com' });
    await createUser(t.knex, { username: 'shared_b', email: 'Office@Example.com' });
    const known = await submitForm(request.agent(t.app), '/forgot-username', { email: 'office@example.com' });
    const unknown = await submitForm(request.agent(t.app), '/forgot-username', { email: 'ghost@example.com' });
    expect(known.status).toBe(303);
    expect(unknown.headers.location).toBe(known.headers.location);
    const [mail] = await emailsTo(t.knex, 'office@example.com');
    expect(mail!.body_text).toContain('shared_a');
    expect(mail!.body_text).toContain('shared_b');
    expect(await emailsTo(t.knex, 'ghost@example.com')).toHaveLength(0);
  });

  test('asks for a valid address', async () => {
    const res = await submitForm(request.agent(t.app), '/forgot-username', { email: 'nope' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter an email address in the correct format');
  });
});

describe('forgot password', () => {
  test('reset link → new password → old one no longer works; the link works once', async () => {
    const u = await createUser(t.knex, { username: 'resetme' });
    const res = await submitForm(request.agent(t.app), '/forgot-password', { login: 'resetme' });
    expect(res.headers.location).toBe('/forgot-password/sent');
    const link = await linkInLatestEmail(t.knex, u.email, '/reset-password/');

    const agent = request.agent(t.app);
    const form = await agent.get(link);
    expect(form.status).toBe(200);
    const bad = await agent.post(link).type('form').send({ _csrf: csrfFrom(form.text), password: 'short', confirmPassword: 'short' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Password must be at least 12 characters');

    const newPassword = 'quiet-meadow-harbor-7';
    const ok = await agent.post(link).type('form').send({ _csrf: csrfFrom(bad.text), password: newPassword, confirmPassword: newPassword });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/sign-in');

    const old = await submitForm(request.agent(t.app), '/sign-in', { login: 'resetme', password: PASSWORD });
    expect(old.status).toBe(400);
    await signIn(request.agent(t.app), 'resetme', newPassword);

    const reused = await request(t.app).get(link);
    expect(reused.status).toBe(410);
    expect(reused.text).toContain('already been used');
    expect(reused.text).toContain('Send me a new password reset link');
    const subjects = (await emailsTo(t.knex, u.email)).map((m) => m.subject);
    expect(subjects).toEqual(['Reset your Unified Program Portal password', 'Your password was changed']);
  });

  test('a reset link expires after an hour', async () => {
    const u = await createUser(t.knex, { username: 'slowreset' });
    await submitForm(request.agent(t.app), '/forgot-password', { login: u.email });
    const link = await linkInLatestEmail(t.knex, u.email, '/reset-password/');
    const token = await t.knex('user_tokens').where({ user_id: u.id, purpose: 'reset_password' }).first();
    const lifetime = token.expires_at.getTime() - token.created_at.getTime();
    expect(lifetime).toBeGreaterThan(59 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(61 * 60_000);
    await t.knex('user_tokens').where({ id: token.id }).update({ expires_at: new Date(Date.now() - 1) });
    const res = await request(t.app).get(link);
    expect(res.status).toBe(410);
    expect(res.text).toContain('has expired');
  });

  test('an unknown login gets the same answer and no email is sent', async () => {
    const before = await t.knex('emails').count('* as n').first();
    const res = await submitForm(request.agent(t.app), '/forgot-password', { login: 'no-such-person' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/forgot-password/sent');
    expect((await t.knex('emails').count('* as n').first())!.n).toBe(before!.n);
  });
});

describe('old one-time links stop working', () => {
  const NEW_PASSWORD = 'harbor-willow-copper-58';

  async function resetLink(login: string, email: string) {
    await submitForm(request.agent(t.app), '/forgot-password', { login });
    return linkInLatestEmail(t.knex, email, '/reset-password/');
  }
  async function emailChangeLink(agent: ReturnType<typeof request.agent>, newEmail: string) {
    const res = await submitForm(agent, '/account/profile', { firstName: 'Test', lastName: 'Person', email: newEmail, phone: '', title: '', currentPassword: PASSWORD });
    expect(res.status).toBe(303);
    return linkInLatestEmail(t.knex, newEmail, '/verify-email/');
  }
  async function expectRetired(link: string) {
    const res = await request(t.app).get(link);
    expect([link.split('/')[1], res.status]).toEqual([link.split('/')[1], 410]);
  }
  async function confirm(agent: ReturnType<typeof request.agent>, link: string) {
    const page = await agent.get(link);
    expect(page.status).toBe(200);
    return agent.post(link).type('form').send({ _csrf: csrfFrom(page.text), password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
  }

  test('after a password change: reset and email-change links sent before it', async () => {
    const u = await createUser(t.knex, { username: 'changer' });
    const agent = request.agent(t.app);
    await signIn(agent, 'changer');
    const reset = await resetLink('changer', u.email);
    const verify = await emailChangeLink(agent, 'changer-new@example.com');
    const res = await submitForm(agent, '/account/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(res.status).toBe(303);
    await expectRetired(reset);
    await expectRetired(verify);
    expect((await agent.get('/account')).text).not.toContain('Waiting for confirmation');
  });

  test('after a password reset: the email-change and activation links sent before it', async () => {
    const u = await createUser(t.knex, { username: 'resetter' });
    const agent = request.agent(t.app);
    await signIn(agent, 'resetter');
    const verify = await emailChangeLink(agent, 'resetter-new@example.com');
    const reset = await resetLink('resetter', u.email);
    expect((await confirm(request.agent(t.app), reset)).status).toBe(303);
    await expectRetired(verify);
    expect((await t.knex('users').where({ id: u.id }).first()).email).toBe(u.email);

    // Someone who never activated: the reset activates the account, and the activation link is spent.
    const inactive = await createUser(t.knex, { username: 'neveractive', activated: false });
    await submitForm(request.agent(t.app), '/activate', { email: inactive.email });
    const activation = await linkInLatestEmail(t.knex, inactive.email, '/activate/');
    expect((await confirm(request.agent(t.app), await resetLink('neveractive', inactive.email))).status).toBe(303);
    await expectRetired(activation);
  });

  test('after an email change: a reset link sent to the old address', async () => {
    const u = await createUser(t.knex, { username: 'mover', email: 'mover-old@example.com' });
    const agent = request.agent(t.app);
    await signIn(agent, 'mover');
    const reset = await resetLink('mover', u.email);
    const verify = await emailChangeLink(agent, 'mover-new@example.com');
    const page = await agent.get(verify);
    expect((await agent.post(verify).type('form').send({ _csrf: csrfFrom(page.text) })).status).toBe(303);
    expect((await t.knex('users').where({ id: u.id }).first()).email).toBe('mover-new@example.com');
    await expectRetired(reset);
  });
});
