/**
 * The only reader of process.env. Everything else receives a typed Config.
 * Defaults suit a developer's laptop; production refuses to start without the
 * settings that would otherwise be unsafe (SESSION_SECRET, BASE_URL).
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import type { InvitationLimits } from './rules/invitation-limits.rules';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Default decided below: loopback in development, every interface in production.
  HOST: z.string().optional(),
  BASE_URL: z.string().url().optional(),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('data'),
  PGLITE_DIR: z.string().optional(),
  UPLOAD_DIR: z.string().optional(),
  SESSION_SECRET: z.string().optional(),
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().default(8),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().default(24),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Unified Program Portal <no-reply@localhost>'),
  SEED_DEMO: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.string().optional(),
  RATE_LIMIT_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  RATE_LIMIT_SIGN_IN: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_ACCOUNT_EMAILS: z.coerce.number().int().positive().default(5),
  INVITATIONS_PER_HOUR: z.coerce.number().int().positive().default(20),
  INVITATIONS_PER_DAY: z.coerce.number().int().positive().default(100),
  INVENTORY_UPLOAD_BACKGROUND_ROWS: z.coerce.number().int().min(0).default(3000),
  INVENTORY_UPLOAD_MAX_ROWS: z.coerce.number().int().positive().default(100_000),
  INVENTORY_UPLOAD_MAX_UNCOMPRESSED_MB: z.coerce.number().int().positive().default(400),
  INVENTORY_UPLOAD_BATCH_ROWS: z.coerce.number().int().min(10).max(10_000).default(1000),
  JOBS: bool.optional(),
  JOBS_POLL_SECONDS: z.coerce.number().min(0.5).default(2),
  JOBS_STALE_SECONDS: z.coerce.number().positive().default(60),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  baseUrl: string;
  database: { url?: string; pgliteDir: string };
  dataDir: string;
  uploadDir: string;
  sessionSecret: string;
  sessionMaxAgeMs: number;
  /** A session ends this long after sign-in, however active it is (OWASP Session Management: absolute timeout). */
  sessionAbsoluteMs: number;
  mail: { smtpUrl?: string; from: string; devOutbox: boolean };
  seedDemo: boolean;
  logLevel: string;
  /** Express "trust proxy": a hop count, true/false, or addresses, subnets and preset names. */
  trustProxy: TrustProxy;
  rateLimit: { windowMs: number; signIn: number; accountEmails: number };
  /** Invitation emails per person per hour and per organization or CUPA per day, counted in the database. */
  invitations: InvitationLimits;
  inventoryUpload: { backgroundRows: number; maxRows: number; maxUncompressedBytes: number; maxBytes: number; batchRows: number };
  jobs: { enabled: boolean; pollSeconds: number; staleSeconds: number };
};

export class ConfigError extends Error {}

export type TrustProxy = boolean | number | string[];

/** Used when SESSION_SECRET is not set outside production; refused in production. */
export const DEVELOPMENT_SESSION_SECRET = 'development-only-secret-do-not-use-in-production';

// proxy-addr's preset names, as Express documents them ("Express behind proxies").
const TRUST_PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (TRUST_PROXY_PRESETS.has(entry)) return true;
  const [ip, range, ...rest] = entry.split('/');
  if (rest.length || !ip) return false;
  const family = isIP(ip);
  if (!family) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  // An IPv4 subnet may also be written with its netmask (10.0.0.0/255.0.0.0).
  return family === 4 && isIP(range) === 4;
}

/**
 * TRUST_PROXY as Express means it: a number is how many proxies are in front
 * (1 = one TLS-terminating proxy), true/false trust every or no proxy, anything
 * else a comma-separated list of proxy addresses, subnets or preset names.
 * Kept as a string, "1" would be read as the address 1 — trusting nobody, so
 * every client would share the proxy's address and throttle bucket.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim();
  if (value === '') return false;
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim().toLowerCase());
  const bad = entries.filter((e) => !isProxyAddress(e));
  if (bad.length) {
    throw new ConfigError(
      `TRUST_PROXY="${raw}" is not understood (${bad.map((b) => `"${b}"`).join(', ')}). Use a number of proxies in front of the portal (1 for one ` +
        'TLS-terminating proxy), true or false, or a comma-separated list of proxy addresses, subnets (10.0.0.0/8) or the names loopback, linklocal, uniquelocal.',
    );
  }
  return entries;
}

/**
 * In production the session secret signs every session and CSRF token, so a
 * short, repetitive or published one is refused (OWASP Session Management:
 * session ID entropy). Returns the problem, or null.
 */
export function sessionSecretProblem(secret: string | undefined): string | null {
  const advice = 'Set it to at least 32 random characters, e.g. the output of `openssl rand -base64 48`.';
  if (!secret || secret.length < 32) return `SESSION_SECRET must be set to at least 32 random characters in production. ${advice}`;
  if (secret === DEVELOPMENT_SESSION_SECRET) return `SESSION_SECRET is the published development value. ${advice}`;
  if (new Set(secret).size < 10) return `SESSION_SECRET looks guessable (fewer than 10 different characters). ${advice}`;
  return null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (PORT= in .env) means "not set", so the default applies.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration:\n${z.prettifyError(parsed.error)}`);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  const secretProblem = isProduction ? sessionSecretProblem(e.SESSION_SECRET) : null;
  if (secretProblem) throw new ConfigError(secretProblem);
  if (isProduction && !e.BASE_URL) {
    throw new ConfigError('BASE_URL must be set in production (it is used in the links of every email).');
  }
  if (isProduction && !e.SMTP_URL) {
    throw new ConfigError('SMTP_URL must be set in production: activation and password-reset links are sent by email.');
  }
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    // Development seeds public demo passwords and serves /dev/mail with every reset
    // link, so unless HOST says otherwise it is reachable from this computer only.
    host: e.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    database: {
      url: e.DATABASE_URL || undefined,
      pgliteDir: e.PGLITE_DIR ?? path.join(dataDir, 'pglite'),
    },
    dataDir,
    uploadDir: path.resolve(e.UPLOAD_DIR ?? path.join(dataDir, 'uploads')),
    // A fixed development secret keeps sessions alive across restarts on a laptop;
    // production is refused above without a real one.
    sessionSecret: e.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
    sessionMaxAgeMs: e.SESSION_MAX_AGE_HOURS * 3600_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3600_000,
    mail: {
      smtpUrl: e.SMTP_URL || undefined,
      from: e.MAIL_FROM,
      // Without SMTP, development keeps mail in the database and shows it at /dev/mail.
      devOutbox: !e.SMTP_URL && !isProduction,
    },
    seedDemo: e.SEED_DEMO ?? !isProduction,
    logLevel: e.LOG_LEVEL,
    trustProxy,
    rateLimit: {
      windowMs: e.RATE_LIMIT_WINDOW_MINUTES * 60_000,
      signIn: e.RATE_LIMIT_SIGN_IN,
      accountEmails: e.RATE_LIMIT_ACCOUNT_EMAILS,
    },
    invitations: { perPersonPerHour: e.INVITATIONS_PER_HOUR, perTenantPerDay: e.INVITATIONS_PER_DAY },
    inventoryUpload: {
      backgroundRows: e.INVENTORY_UPLOAD_BACKGROUND_ROWS,
      maxRows: e.INVENTORY_UPLOAD_MAX_ROWS,
      maxUncompressedBytes: e.INVENTORY_UPLOAD_MAX_UNCOMPRESSED_MB * 1024 * 1024,
      maxBytes: 25 * 1024 * 1024,
      batchRows: e.INVENTORY_UPLOAD_BATCH_ROWS,
    },
    // The job queue (background uploads) runs in the web process unless turned off.
    jobs: { enabled: e.JOBS ?? true, pollSeconds: e.JOBS_POLL_SECONDS, staleSeconds: e.JOBS_STALE_SECONDS },
  };
}
