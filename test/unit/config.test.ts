import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

const SECRET = 's'.repeat(32);
const production = { NODE_ENV: 'production', SESSION_SECRET: SECRET, BASE_URL: 'https://upp.example.gov/', SMTP_URL: 'smtp://mail.example.gov:587' };

describe('loadConfig', () => {
  test('development defaults', () => {
    const c = loadConfig({});
    expect(c.env).toBe('development');
    expect(c.isProduction).toBe(false);
    expect(c.port).toBe(3000);
    expect(c.host).toBe('0.0.0.0');
    expect(c.baseUrl).toBe('http://localhost:3000');
    expect(c.dataDir).toBe(path.resolve('data'));
    expect(c.database.pgliteDir).toBe(path.join(path.resolve('data'), 'pglite'));
    expect(c.database.url).toBeUndefined();
    expect(c.uploadDir).toBe(path.resolve('data', 'uploads'));
    expect(c.mail.devOutbox).toBe(true);
    expect(c.mail.smtpUrl).toBeUndefined();
    expect(c.seedDemo).toBe(true);
    expect(c.sessionMaxAgeMs).toBe(8 * 3600_000);
    expect(c.rateLimit).toEqual({ windowMs: 15 * 60_000, signIn: 10, accountEmails: 5 });
  });

  test('DATA_DIR moves the database and uploads; PGLITE_DIR overrides the database folder', () => {
    const c = loadConfig({ DATA_DIR: '/srv/upp' });
    expect(c.database.pgliteDir).toBe(path.join('/srv/upp', 'pglite'));
    expect(c.uploadDir).toBe(path.join('/srv/upp', 'uploads'));
    expect(loadConfig({ PGLITE_DIR: '/tmp/db' }).database.pgliteDir).toBe('/tmp/db');
  });

  test('PORT is read as a number and used in the default base URL', () => {
    const c = loadConfig({ PORT: '8080' });
    expect(c.port).toBe(8080);
    expect(c.baseUrl).toBe('http://localhost:8080');
  });

  test.each(['abc', '70000', '-1', '80.5'])('an invalid PORT (%s) is a ConfigError', (PORT) => {
    expect(() => loadConfig({ PORT })).toThrow(ConfigError);
  });

  test('SMTP_URL turns the development outbox off', () => {
    const c = loadConfig({ SMTP_URL: 'smtp://mail.local:25' });
    expect(c.mail.devOutbox).toBe(false);
    expect(c.mail.smtpUrl).toBe('smtp://mail.local:25');
  });

  test('production with its required settings: no outbox, no demo data, trailing slash dropped', () => {
    const c = loadConfig(production);
    expect(c.isProduction).toBe(true);
    expect(c.mail.devOutbox).toBe(false);
    expect(c.seedDemo).toBe(false);
    expect(c.baseUrl).toBe('https://upp.example.gov');
    expect(c.sessionSecret).toBe(SECRET);
  });

  test('SEED_DEMO overrides the default either way', () => {
    expect(loadConfig({ ...production, SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({ SEED_DEMO: 'no' }).seedDemo).toBe(false);
  });

  test('production refuses to start without a SESSION_SECRET of at least 32 characters', () => {
    const { SESSION_SECRET: _omit, ...withoutSecret } = production;
    expect(() => loadConfig(withoutSecret)).toThrow(ConfigError);
    expect(() => loadConfig(withoutSecret)).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ ...production, SESSION_SECRET: 's'.repeat(31) })).toThrow(/SESSION_SECRET/);
  });

  test('production refuses to start without SMTP_URL (links are sent by email)', () => {
    const { SMTP_URL: _omit, ...withoutSmtp } = production;
    expect(() => loadConfig(withoutSmtp)).toThrow(/SMTP_URL/);
  });

  test('an empty variable means "not set": the default applies', () => {
    expect(loadConfig({ PORT: '', SEED_DEMO: '' }).port).toBe(3000);
    expect(loadConfig({ PORT: '', SEED_DEMO: '' }).seedDemo).toBe(true);
  });

  test('production refuses to start without BASE_URL', () => {
    const { BASE_URL: _omit, ...withoutBaseUrl } = production;
    expect(() => loadConfig(withoutBaseUrl)).toThrow(ConfigError);
    expect(() => loadConfig(withoutBaseUrl)).toThrow(/BASE_URL/);
  });

  test('development runs without a session secret, using a fixed one', () => {
    expect(loadConfig({}).sessionSecret).toMatch(/development/);
  });

  test('unknown NODE_ENV or LOG_LEVEL values are ConfigErrors', () => {
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(ConfigError);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(ConfigError);
  });
});
