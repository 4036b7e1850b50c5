import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import pino from 'pino';
import { createTestApp, linkInLatestEmail, PASSWORD, submitForm, type TestApp } from '../support/app';
import { fillPath, listEndpoints, paramsOf } from '../support/routes';

let t: TestApp;
const lines: string[] = [];
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  t = await createTestApp({}, { logger: pino({ level: 'info' }, sink) });
});
afterAll(() => t.close());

test('request logs record each request but never a password or a one-time token', async () => {
  const agent = request.agent(t.app);
  await submitForm(agent, '/register', {
    firstName: 'Log', lastName: 'Watcher', email: 'logs@example.com', username: 'logwatcher', password: PASSWORD, confirmPassword: PASSWORD,
  });
  const link = await linkInLatestEmail(t.knex, 'logs@example.com', '/activate/');
  await agent.get(link);
  await submitForm(agent, '/sign-in', { login: 'logwatcher', password: PASSWORD });
  const log = lines.join('');
  const secret = link.split('/').pop()!;
  expect(log).toContain('"url":"/register"');
  expect(log).toContain('"url":"/activate/[redacted]"');
  expect(log).not.toContain(PASSWORD);
  expect(log).not.toContain(secret);
  expect(log).not.toContain('upp.sid=');
});

test('no route with a secret in its path writes the secret to the log (every :token-like route, found by walking the app)', async () => {
  const tokenLike = /token|secret|key|nonce|hash/i;
  const routes = listEndpoints(t.app).filter((e) => e.kind === 'route' && paramsOf(e.path).some((p) => tokenLike.test(p)));
  // The walk sees them all, including the CUPA staff invitation link.
  expect(routes.map((e) => e.path)).toEqual(expect.arrayContaining(['/activate/:token', '/reset-password/:token', '/verify-email/:token', '/invitations/:token', '/cupa-invitations/:token']));
  const secrets: string[] = [];
  for (const route of routes) {
    for (const method of route.methods.includes('all') ? ['get', 'post'] : route.methods.filter((m) => m === 'get' || m === 'post')) {
      const secret = `Sec${randomUUID().replace(/-/g, '')}`;
      secrets.push(secret);
      const url = fillPath(route.path, (p) => (tokenLike.test(p) ? secret : 1));
      const res = await (method === 'get' ? request(t.app).get(url) : request(t.app).post(url).type('form').send({}));
      expect(res.status).toBeLessThan(500);
    }
  }
  expect(secrets.length).toBeGreaterThanOrEqual(10);
  const log = lines.join('');
  for (const secret of secrets) expect(log).not.toContain(secret);
  expect(log).toContain('"url":"/cupa-invitations/[redacted]"');
});
