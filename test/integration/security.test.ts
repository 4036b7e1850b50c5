import request from 'supertest';
import type { Knex } from 'knex';
import { createTestApp, createUser, csrfFrom, PASSWORD, signIn, submitForm, type TestApp } from '../support/app';
import { addMember, createOrg } from '../support/factories';
import { SECRET_ROUTES, secretPath } from '../../src/http/secret-routes';

const PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'Vq7-rT2mZ9xLp4Nw8Ks1Bd6Hf3Jc0YgA5uE',
  BASE_URL: 'https://portal.example.gov',
  SMTP_URL: 'smtp://127.0.0.1:1',
};

/** The cookies a response sets, as name → "name=value" (for requests that cannot use an agent's jar). */
function cookiesSet(res: { headers: Record<string, unknown> }): Record<string, string> {
  const set = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  return Object.fromEntries(set.map((c) => c.split(';')[0]!).map((pair) => [pair.split('=')[0]!, pair]));
}

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
    const prod = await createTestApp({ ...PRODUCTION, TRUST_PROXY: 'loopback' });
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

describe('behind a proxy (TRUST_PROXY=1, as the README says)', () => {
  test('two clients behind the proxy get separate sign-in throttles', async () => {
    const proxied = await createTestApp({ TRUST_PROXY: '1', RATE_LIMIT_SIGN_IN: '3' });
    try {
      await createUser(proxied.knex, { username: 'proxied' });
      const attempt = async (agent: ReturnType<typeof request.agent>, clientIp: string) => {
        const page = await agent.get('/sign-in').set('X-Forwarded-For', clientIp);
        return agent.post('/sign-in').set('X-Forwarded-For', clientIp).type('form').send({ _csrf: csrfFrom(page.text), login: 'proxied', password: 'wrong-password-here' });
      };
      const guesser = request.agent(proxied.app);
      for (let i = 0; i < 3; i++) expect((await attempt(guesser, '203.0.113.10')).status).toBe(400);
      expect((await attempt(guesser, '203.0.113.10')).status).toBe(429);
      // Someone else, arriving through the same proxy, is not locked out by the guesser.
      const colleague = request.agent(proxied.app);
      expect((await attempt(colleague, '198.51.100.20')).status).toBe(400);
      const page = await colleague.get('/sign-in').set('X-Forwarded-For', '198.51.100.20');
      const ok = await colleague.post('/sign-in').set('X-Forwarded-For', '198.51.100.20').type('form').send({ _csrf: csrfFrom(page.text), login: 'proxied', password: PASSWORD });
      expect(ok.status).toBe(303);
    } finally {
      await proxied.close();
    }
  });

  test('in production over the proxy\'s https, cookies are Secure and signing in works', async () => {
    const prod = await createTestApp({ ...PRODUCTION, TRUST_PROXY: '1' });
    try {
      await createUser(prod.knex, { username: 'behindproxy' });
      const https = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.30' };
      const form = await request(prod.app).get('/sign-in').set(https);
      const first = cookiesSet(form);
      expect(form.headers['set-cookie']).toEqual(expect.arrayContaining([expect.stringMatching(/^upp\.sid=[^;]+;.*Secure/), expect.stringMatching(/^__Host-upp\.csrf=[^;]+;.*Secure/)]));
      const signedIn = await request(prod.app)
        .post('/sign-in')
        .set(https)
        .set('Cookie', [first['upp.sid']!, first['__Host-upp.csrf']!].join('; '))
        .type('form')
        .send({ _csrf: csrfFrom(form.text), login: 'behindproxy', password: PASSWORD });
      expect(signedIn.status).toBe(303);
      const session = cookiesSet(signedIn)['upp.sid'];
      expect(session).toBeDefined();
      const account = await request(prod.app).get('/account').set(https).set('Cookie', [session!, first['__Host-upp.csrf']!].join('; '));
      expect(account.status).toBe(200);
      expect(account.text).toContain('behindproxy');
    } finally {
      await prod.close();
    }
  });
});

describe('caching of private pages', () => {
  test('every page shown to a signed-in person is no-store, so Back after Sign out shows nothing', async () => {
    const u = await createUser(t.knex, { username: 'nocache' });
    const org = await createOrg(t.knex);
    await addMember(t.knex, u, org, 'lead_user');
    const anonymous = await request(t.app).get('/sign-in');
    expect(anonymous.headers['cache-control']).toBeUndefined();

    const agent = request.agent(t.app);
    await signIn(agent, 'nocache');
    for (const path of ['/account', '/account/profile', `/orgs/${org.id}/people`, `/orgs/${org.id}/facilities`, '/regulators', '/']) {
      const res = await agent.get(path);
      expect([path, res.status < 400, res.headers['cache-control']]).toEqual([path, true, 'no-store']);
    }
  });

  test('pages opened from a one-time link are no-store, whatever the link', async () => {
    const paths = Object.values(SECRET_ROUTES).map((route) => secretPath(route, 'not-a-real-secret'));
    expect(paths).toEqual(expect.arrayContaining(['/activate/not-a-real-secret', '/reset-password/not-a-real-secret', '/verify-email/not-a-real-secret', '/invitations/not-a-real-secret', '/cupa-invitations/not-a-real-secret']));
    for (const path of paths) {
      const res = await request(t.app).get(path);
      expect([path, res.headers['cache-control']]).toEqual([path, 'no-store']);
    }
  });
});

describe('absolute session lifetime (SESSION_ABSOLUTE_HOURS, default 24)', () => {
  /** Moves the sign-in time of every session of this person by the given hours into the past. */
  async function signedInHoursAgo(knex: Knex, userId: number, hours: number) {
    for (const row of await knex('sessions').select('sid', 'sess')) {
      const sess = typeof row.sess === 'string' ? JSON.parse(row.sess) : row.sess;
      if (sess.passport?.user?.id !== userId) continue;
      sess.passport.user.signedInAt = Date.now() - hours * 3600_000;
      await knex('sessions').where({ sid: row.sid }).update({ sess: JSON.stringify(sess) });
    }
  }

  test('a session still in use is ended 24 hours after sign-in; a younger one goes on', async () => {
    const u = await createUser(t.knex, { username: 'longday' });
    const agent = request.agent(t.app);
    await signIn(agent, 'longday');
    await signedInHoursAgo(t.knex, u.id, 23);
    expect((await agent.get('/account')).status).toBe(200);

    await signedInHoursAgo(t.knex, u.id, 24.1);
    const res = await agent.get('/account');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sign-in');
    // Signing in again starts a new day.
    await signIn(agent, 'longday');
    expect((await agent.get('/account')).status).toBe(200);
  });
});
