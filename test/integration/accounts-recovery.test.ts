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
