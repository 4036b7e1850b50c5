/**
 * The only reader of process.env. Everything else receives a typed Config.
 * Defaults suit a developer's laptop; production refuses to start without the
 * settings that would otherwise be unsafe (SESSION_SECRET, BASE_URL).
 */
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  BASE_URL: z.string().url().optional(),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('data'),
  PGLITE_DIR: z.string().optional(),
  UPLOAD_DIR: z.string().optional(),
  SESSION_SECRET: z.string().optional(),
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().default(8),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Unified Program Portal <no-reply@localhost>'),
  SEED_DEMO: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.string().default(''),
  RATE_LIMIT_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  RATE_LIMIT_SIGN_IN: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_ACCOUNT_EMAILS: z.coerce.number().int().positive().default(5),
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
  mail: { smtpUrl?: string; from: string; devOutbox: boolean };
  seedDemo: boolean;
  logLevel: string;
  trustProxy: string;
  rateLimit: { windowMs: number; signIn: number; accountEmails: number };
  inventoryUpload: { backgroundRows: number; maxRows: number; maxUncompressedBytes: number; maxBytes: number; batchRows: number };
  jobs: { enabled: boolean; pollSeconds: number; staleSeconds: number };
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (PORT= in .env) means "not set", so the default applies.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration:\n${z.prettifyError(parsed.error)}`);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction && (!e.SESSION_SECRET || e.SESSION_SECRET.length < 32)) {
    throw new ConfigError('SESSION_SECRET must be set to at least 32 random characters in production.');
  }
  if (isProduction && !e.BASE_URL) {
    throw new ConfigError('BASE_URL must be set in production (it is used in the links of every email).');
  }
  if (isProduction && !e.SMTP_URL) {
    throw new ConfigError('SMTP_URL must be set in production: activation and password-reset links are sent by email.');
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST,
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    database: {
      url: e.DATABASE_URL || undefined,
      pgliteDir: e.PGLITE_DIR ?? path.join(dataDir, 'pglite'),
    },
    dataDir,
    uploadDir: path.resolve(e.UPLOAD_DIR ?? path.join(dataDir, 'uploads')),
    // A fixed development secret keeps sessions alive across restarts on a laptop;
    // production is refused above without a real one.
    sessionSecret: e.SESSION_SECRET ?? 'development-only-secret-do-not-use-in-production',
    sessionMaxAgeMs: e.SESSION_MAX_AGE_HOURS * 3600_000,
    mail: {
      smtpUrl: e.SMTP_URL || undefined,
      from: e.MAIL_FROM,
      // Without SMTP, development keeps mail in the database and shows it at /dev/mail.
      devOutbox: !e.SMTP_URL && !isProduction,
    },
    seedDemo: e.SEED_DEMO ?? !isProduction,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    rateLimit: {
      windowMs: e.RATE_LIMIT_WINDOW_MINUTES * 60_000,
      signIn: e.RATE_LIMIT_SIGN_IN,
      accountEmails: e.RATE_LIMIT_ACCOUNT_EMAILS,
    },
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
