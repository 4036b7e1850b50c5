import { Writable } from 'node:stream';
import request from 'supertest';
import pino from 'pino';
import { createTestApp, linkInLatestEmail, PASSWORD, submitForm, type TestApp } from '../support/app';

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
