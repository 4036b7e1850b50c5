import path from 'node:path';
import express from 'express';
import { ConfigError, DEVELOPMENT_SESSION_SECRET, loadConfig } from '../../src/config';

const SECRET = 'k7Qz-9vLm2Xp4Rt8Wn1Ys6Bd3Hf5Jc0A';
const production = { NODE_ENV: 'production', SESSION_SECRET: SECRET, BASE_URL: 'https://upp.example.gov/', SMTP_URL: 'smtp://mail.example.gov:587' };

describe('loadConfig', () => {
  test('development defaults', () => {
    const c = loadConfig({});
    expect(c.env).toBe('development');
    expect(c.isProduction).toBe(false);
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.baseUrl).toBe('http://localhost:3000');
    expect(c.dataDir).toBe(path.resolve('data'));
    expect(c.database.pgliteDir).toBe(path.join(path.resolve('data'), 'pglite'));
    expect(c.database.url).toBeUndefined();
    expect(c.uploadDir).toBe(path.resolve('data', 'uploads'));
    expect(c.mail.devOutbox).toBe(true);
    expect(c.mail.smtpUrl).toBeUndefined();
    expect(c.seedDemo).toBe(true);
    expect(c.sessionMaxAgeMs).toBe(8 * 3600_000);
    expect(c.sessionAbsoluteMs).toBe(24 * 3600_000);
    expect(c.trustProxy).toBe(false);
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
    expect(() => loadConfig({ ...production, SESSION_SECRET: SECRET.slice(0, 31) })).toThrow(/SESSION_SECRET/);
  });

  test.each([
    ['the published development value', DEVELOPMENT_SESSION_SECRET, /published development value/],
    ['one character repeated', 's'.repeat(64), /fewer than 10 different characters/],
    ['a short word repeated', 'changeme'.repeat(5), /fewer than 10 different characters/],
    ['two characters alternating', 'ab'.repeat(20), /fewer than 10 different characters/],
  ])('production refuses a guessable SESSION_SECRET: %s', (_what, secret, message) => {
    expect(() => loadConfig({ ...production, SESSION_SECRET: secret })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, SESSION_SECRET: secret })).toThrow(message);
  });

  test('a random SESSION_SECRET of 32+ characters is accepted; development does not check it', () => {
    const random = 'pX3m_Yq8Lr2ZtV6nB0wK9sD4fH7jC1gE5aU';
    expect(loadConfig({ ...production, SESSION_SECRET: random }).sessionSecret).toBe(random);
    expect(loadConfig({ SESSION_SECRET: 'short' }).sessionSecret).toBe('short');
  });

  test('SESSION_ABSOLUTE_HOURS sets the absolute session lifetime', () => {
    expect(loadConfig({ SESSION_ABSOLUTE_HOURS: '12' }).sessionAbsoluteMs).toBe(12 * 3600_000);
    expect(() => loadConfig({ SESSION_ABSOLUTE_HOURS: '0' })).toThrow(ConfigError);
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

  test('development listens on this computer only; production on every interface; HOST overrides either', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'development' }).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'test' }).host).toBe('127.0.0.1');
    expect(loadConfig(production).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ ...production, HOST: '10.1.2.3' }).host).toBe('10.1.2.3');
    expect(loadConfig({ HOST: '' }).host).toBe('127.0.0.1');
  });
});

describe('TRUST_PROXY', () => {
  // Express compiles the setting when it is set, so an accepted value that Express
  // would refuse (or read differently) fails here rather than at start-up.
  const trusted = (value: unknown, addr: string, hop: number) => {
    const app = express();
    app.set('trust proxy', value);
    return (app.get('trust proxy fn') as (a: string, i: number) => boolean)(addr, hop);
  };

  test.each([
    ['', false],
    ['1', 1],
    ['2', 2],
    ['true', true],
    ['TRUE', true],
    ['false', false],
    ['loopback', ['loopback']],
    ['uniquelocal', ['uniquelocal']],
    ['10.0.0.0/8, 127.0.0.1', ['10.0.0.0/8', '127.0.0.1']],
    ['loopback,linklocal, 192.168.0.0/255.255.0.0', ['loopback', 'linklocal', '192.168.0.0/255.255.0.0']],
    ['::1, fd00::/8', ['::1', 'fd00::/8']],
  ])('%j is read as Express means it', (raw, expected) => {
    const value = loadConfig({ TRUST_PROXY: raw }).trustProxy;
    expect(value).toEqual(expected);
    expect(() => express().set('trust proxy', value)).not.toThrow();
  });

  test('a number is a hop count, a list names the proxies', () => {
    const one = loadConfig({ TRUST_PROXY: '1' }).trustProxy;
    expect(trusted(one, '127.0.0.1', 0)).toBe(true);
    expect(trusted(one, '203.0.113.5', 1)).toBe(false);
    const list = loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy;
    expect(trusted(list, '10.20.30.40', 0)).toBe(true);
    expect(trusted(list, '127.0.0.1', 0)).toBe(true);
    expect(trusted(list, '203.0.113.5', 0)).toBe(false);
    expect(trusted(loadConfig({ TRUST_PROXY: 'uniquelocal' }).trustProxy, '192.168.1.1', 0)).toBe(true);
  });

  test.each(['yes', '1.5', '-1', 'proxy.example.com', '10.0.0.0/33', '300.1.1.1', 'loopback,', 'loopback; 10.0.0.1'])(
    '%j is refused at start with a clear message',
    (raw) => {
      expect(() => loadConfig({ TRUST_PROXY: raw })).toThrow(ConfigError);
      expect(() => loadConfig({ TRUST_PROXY: raw })).toThrow(/TRUST_PROXY=.*number of proxies.*loopback/s);
    },
  );
});
