import request from 'supertest';
import { createTestApp, createUser, csrfFrom, emailsTo, linkInLatestEmail, PASSWORD, signIn, submitForm, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const valid = {
  firstName: 'Maria',
  lastName: 'Lopez',
  email: 'maria@example.com',
  username: 'mlopez',
  password: PASSWORD,
  confirmPassword: PASSWORD,
};

describe('registration and activation', () => {
  test('register → activation email → activate → sign in', async () => {
    const agent = request.agent(t.app);
    const res = await submitForm(agent, '/register', valid);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/register/check-email');
    const next = await agent.get('/register/check-email');
    expect(next.text).toContain('maria@example.com');

    // Not activated yet: the right password is refused with a way forward.
    const early = await submitForm(request.agent(t.app), '/sign-in', { login: 'mlopez', password: PASSWORD });
    expect(early.status).toBe(400);
    expect(early.text).toContain('not activated yet');
    expect(early.text).toContain('href="/activate"');

    const mails = await emailsTo(t.knex, 'maria@example.com');
    expect(mails.map((m) => m.subject)).toEqual(['Activate your Unified Program Portal account']);
    const link = await linkInLatestEmail(t.knex, 'maria@example.com', '/activate/');

    const confirm = await agent.get(link);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Activate my account');
    // Opening the link alone (a mail scanner) does not spend it.
    expect((await t.knex('users').where({ username: 'mlopez' }).first()).activated_at).toBeNull();

    const activated = await agent.post(link).type('form').send({ _csrf: csrfFrom(confirm.text) });
    expect(activated.status).toBe(303);
    expect(activated.headers.location).toBe('/sign-in');
    expect((await agent.get('/sign-in')).text).toContain('Your account is active');

    await signIn(agent, 'maria@example.com');
    const home = await agent.get('/account');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Maria Lopez');
    expect(home.text).toContain('Activate your Unified Program Portal account'); // email history

    const audit = await t.knex('audit_log').whereIn('action', ['account.registered', 'account.activated']).select('action');
    expect(audit.map((a) => a.action).sort()).toEqual(['account.activated', 'account.registered']);
  });

  test('the activation link works once, then says it was used and offers a new one', async () => {
    const agent = request.agent(t.app);
    await submitForm(agent, '/register', { ...valid, username: 'once1', email: 'once1@example.com' });
    const link = await linkInLatestEmail(t.knex, 'once1@example.com', '/activate/');
    const page = await agent.get(link);
    await agent.post(link).type('form').send({ _csrf: csrfFrom(page.text) });
    const again = await agent.get(link);
    expect(again.status).toBe(410);
    expect(again.text).toContain('already been used');
    expect(again.text).toContain('Send me a new activation link');
  });

  test('an expired activation link says so; resending gives a working one', async () => {
    const agent = request.agent(t.app);
    await submitForm(agent, '/register', { ...valid, username: 'late1', email: 'late1@example.com' });
    const old = await linkInLatestEmail(t.knex, 'late1@example.com', '/activate/');
    await t.knex('user_tokens').update({ expires_at: new Date(Date.now() - 1000) });
    const expired = await agent.get(old);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('has expired');

    const resend = await submitForm(agent, '/activate', { email: 'late1@example.com' });
    expect(resend.status).toBe(303);
    const fresh = await linkInLatestEmail(t.knex, 'late1@example.com', '/activate/');
    expect(fresh).not.toBe(old);
    expect((await agent.get(fresh)).status).toBe(200);
  });

  test('a made-up link is refused without a crash', async () => {
    const res = await request(t.app).get('/activate/not-a-real-token');
    expect(res.status).toBe(404);
    expect(res.text).toContain('not valid');
  });

  test('bad input re-renders with 400, an error summary, messages by the fields, and what was typed (never the password)', async () => {
    const agent = request.agent(t.app);
    const res = await submitForm(agent, '/register', {
      firstName: '',
      lastName: 'Lopez',
      email: 'not-an-email',
      username: 'ab',
      password: 'short',
      confirmPassword: 'different',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<title>Error: Create an account');
    expect(res.text).toContain('There is a problem');
    expect(res.text).toContain('href="#firstName">Enter your first name</a>');
    expect(res.text).toContain('href="#email">Enter an email address in the correct format, like name@example.com</a>');
    expect(res.text).toContain('href="#username">Username must be at least 4 characters</a>');
    expect(res.text).toContain('href="#password">Password must be at least 12 characters</a>');
    expect(res.text).toContain('id="email-error"');
    expect(res.text).toContain('value="not-an-email"');
    expect(res.text).toContain('value="Lopez"');
    expect(res.text).not.toContain('value="short"');
    expect(res.text).not.toContain('value="different"');
    expect(await t.knex('users').where({ username: 'ab' }).first()).toBeUndefined();
  });

  test('weak and personal passwords, mismatched confirmation, taken username', async () => {
    const agent = request.agent(t.app);
    await createUser(t.knex, { username: 'takenname' });
    const common = await submitForm(agent, '/register', { ...valid, username: 'takenname', password: 'password1234', confirmPassword: 'password1234' });
    expect(common.status).toBe(400);
    expect(common.text).toContain('too easy to guess');
    const personal = await submitForm(agent, '/register', { ...valid, username: 'newperson', password: 'newperson-is-me', confirmPassword: 'newperson-is-me' });
    expect(personal.text).toContain('must not contain your username');
    const mismatch = await submitForm(agent, '/register', { ...valid, username: 'newperson', confirmPassword: `${PASSWORD}x` });
    expect(mismatch.text).toContain('Passwords do not match');
    const taken = await submitForm(agent, '/register', { ...valid, username: 'TakenName' });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('That username is taken');
  });

  test('resending activation for an unknown address answers exactly as for a known one', async () => {
    const a = await submitForm(request.agent(t.app), '/activate', { email: 'nobody-here@example.com' });
    const b = await submitForm(request.agent(t.app), '/activate', { email: 'maria@example.com' });
    expect(a.status).toBe(b.status);
    expect(a.headers.location).toBe(b.headers.location);
    expect(await emailsTo(t.knex, 'nobody-here@example.com')).toHaveLength(0);
  });
});
