import request from 'supertest';
import { createTestApp, createUser, PASSWORD, sessionCookie, signIn, submitForm, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('sign in and out', () => {
  test('by username or by email, case-insensitively, and out again', async () => {
    const u = await createUser(t.knex, { username: 'Signer1', email: 'Signer1@Example.com' });
    for (const login of ['signer1', 'SIGNER1@example.COM']) {
      const agent = request.agent(t.app);
      const res = await signIn(agent, login);
      expect(res.headers.location).toBe('/account');
      const home = await agent.get('/account');
      expect(home.status).toBe(200);
      expect(home.text).toContain(`${u.first_name} ${u.last_name}`);
      const out = await submitForm(agent, '/account', {}, '/sign-out');
      expect(out.status).toBe(303);
      const after = await agent.get('/account');
      expect(after.status).toBe(303);
      expect(after.headers.location).toBe('/sign-in');
    }
  });

  test('a wrong password and an unknown account get the very same answer', async () => {
    await createUser(t.knex, { username: 'knownuser' });
    const wrong = await submitForm(request.agent(t.app), '/sign-in', { login: 'knownuser', password: 'not-the-password-at-all' });
    const unknown = await submitForm(request.agent(t.app), '/sign-in', { login: 'nosuchuser', password: 'not-the-password-at-all' });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const message = (html: string) => /id="login-error"><span class="usa-sr-only">Error: <\/span>(.*?)<\/span>/.exec(html)?.[1];
    expect(message(wrong.text)).toBe(message(unknown.text));
    expect(wrong.text).toContain('do not match an active account');
    expect(wrong.text).toContain('value="knownuser"'); // what was typed stays
    expect(wrong.text).not.toContain('not-the-password-at-all');
  });

  test('the session id changes at sign-in (no session fixation)', async () => {
    await createUser(t.knex, { username: 'fixation' });
    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in');
    const before = sessionCookie(page);
    expect(before).toBeDefined();
    const res = await submitForm(agent, '/sign-in', { login: 'fixation', password: PASSWORD });
    const after = sessionCookie(res);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    // The old session id is no longer signed in.
    const replay = await request(t.app).get('/account').set('Cookie', before!);
    expect(replay.status).toBe(303);
  });

  test('after sign-in you return to the page you asked for; only same-site paths', async () => {
    await createUser(t.knex, { username: 'returner' });
    const agent = request.agent(t.app);
    await agent.get('/account/profile');
    const res = await signIn(agent, 'returner');
    expect(res.headers.location).toBe('/account/profile');
  });

  test('sign-in is throttled after repeated failures, and says what to do', async () => {
    const strict = await createTestApp({ RATE_LIMIT_SIGN_IN: '3' });
    try {
      await createUser(strict.knex, { username: 'throttled' });
      const agent = request.agent(strict.app);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await submitForm(agent, '/sign-in', { login: 'throttled', password: 'wrong-password-123' })).status);
      }
      expect(statuses).toEqual([400, 400, 400, 429]);
      const blocked = await submitForm(agent, '/sign-in', { login: 'throttled', password: PASSWORD });
      expect(blocked.status).toBe(429);
      expect(blocked.text).toContain('Too many attempts');
    } finally {
      await strict.close();
    }
  });

  test('registration and reset requests are throttled too', async () => {
    const strict = await createTestApp({ RATE_LIMIT_ACCOUNT_EMAILS: '2' });
    try {
      const agent = request.agent(strict.app);
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await submitForm(agent, '/forgot-password', { login: 'someone' })).status);
      expect(codes).toEqual([303, 303, 429]);
    } finally {
      await strict.close();
    }
  });
});
