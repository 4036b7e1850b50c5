import request from 'supertest';
import { createTestApp, createUser, csrfFrom, PASSWORD, signIn, submitForm, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('CSRF', () => {
  test('a form posted without its token is refused and changes nothing', async () => {
    const u = await createUser(t.knex, { username: 'csrfvictim' });
    const agent = request.agent(t.app);
    await signIn(agent, 'csrfvictim');
    const forged = await agent.post('/account/profile').type('form').send({ firstName: 'Hacked', lastName: 'X', email: 'evil@example.com' });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('This form has expired');
    expect((await t.knex('users').where({ id: u.id }).first()).first_name).toBe('Test');
  });

  test('a token from another session does not work', async () => {
    await createUser(t.knex, { username: 'csrfother' });
    const attacker = request.agent(t.app);
    const token = csrfFrom((await attacker.get('/sign-in')).text);
    const victim = request.agent(t.app);
    await victim.get('/sign-in');
    const res = await victim.post('/sign-in').type('form').send({ _csrf: token, login: 'csrfother', password: PASSWORD });
    expect(res.status).toBe(403);
  });

  test('sign-out needs the token too', async () => {
    await createUser(t.knex, { username: 'csrfsignout' });
    const agent = request.agent(t.app);
    await signIn(agent, 'csrfsignout');
    expect((await agent.post('/sign-out')).status).toBe(403);
    expect((await agent.get('/account')).status).toBe(200);
  });

  test('a multipart post cannot slip past the check', async () => {
    await createUser(t.knex, { username: 'csrfmulti' });
    const agent = request.agent(t.app);
    await signIn(agent, 'csrfmulti');
    const res = await agent.post('/sign-out').field('x', '1');
    expect(res.status).toBe(403);
  });
});

describe('headers and cookies', () => {
  test('CSP forbids inline scripts; cookies are HttpOnly and SameSite', async () => {
    const res = await request(t.app).get('/sign-in');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("script-src-attr 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const cookies = (res.headers['set-cookie'] as unknown as string[]).join('\n');
    expect(cookies).toMatch(/upp\.sid=[^;]+;.*HttpOnly/);
    expect(cookies).toMatch(/upp\.sid=[^;]+;.*SameSite=Lax/);
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script blocks
    expect(res.text).not.toMatch(/\son[a-z]+="/); // no inline event handlers
  });

  test('sessions are stored in the database', async () => {
    await createUser(t.knex, { username: 'sessionrow' });
    await signIn(request.agent(t.app), 'sessionrow');
    const rows = await t.knex('sessions').select('sess');
    expect(rows.some((r) => JSON.stringify(r.sess).includes('"passport"'))).toBe(true);
  });

  test('production (behind its TLS proxy) marks cookies Secure and has no /dev/mail', async () => {
    const prod = await createTestApp({
      NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), BASE_URL: 'https://portal.example.gov', SMTP_URL: 'smtp://127.0.0.1:1', TRUST_PROXY: 'loopback',
    });
    try {
      const res = await request(prod.app).get('/sign-in').set('X-Forwarded-Proto', 'https');
      const cookies = (res.headers['set-cookie'] as unknown as string[]).join('\n');
      expect(cookies).toMatch(/upp\.sid=[^;]+;.*Secure/);
      expect(cookies).toContain('__Host-upp.csrf');
      expect((await request(prod.app).get('/dev/mail')).status).toBe(404);
    } finally {
      await prod.close();
    }
  });
});

describe('pages that are not forms', () => {
  test('/healthz answers without a session', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  test('an unknown page is a 404 page, not a stack trace', async () => {
    const res = await request(t.app).get('/no/such/page');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
  });

  test('the development outbox shows mail with clickable links', async () => {
    await submitForm(request.agent(t.app), '/forgot-password', { login: 'csrfvictim' });
    const list = await request(t.app).get('/dev/mail');
    expect(list.status).toBe(200);
    const id = /href="\/dev\/mail\/(\d+)"/.exec(list.text)![1];
    const show = await request(t.app).get(`/dev/mail/${id}`);
    expect(show.text).toMatch(/<a href="http:\/\/portal\.test\/reset-password\/[A-Za-z0-9_-]+">/);
  });

  test('an unexpected error renders the 500 page', async () => {
    await createUser(t.knex, { username: 'brokendb' });
    const agent = request.agent(t.app);
    await signIn(agent, 'brokendb');
    await t.knex.raw('alter table emails rename to emails_away');
    try {
      const res = await agent.get('/account');
      expect(res.status).toBe(500);
      expect(res.text).toContain('Sorry, there is a problem with the service');
      expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      await t.knex.raw('alter table emails_away rename to emails');
    }
  });
});
