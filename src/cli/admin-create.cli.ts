/**
 * `npm run admin:create -- --username <u> --email <e> --first <f> --last <l> [--password-file <path>]`
 *
 * Creates an activated System Admin account, or makes an existing username a
 * System Admin (then only --username is needed and the password is left as it
 * is). The new account's password comes from --password-file, else the
 * ADMIN_PASSWORD environment variable, else a hidden prompt when run in a
 * terminal. Works on the configured database — embedded (PGlite under
 * DATA_DIR) or DATABASE_URL — whose migrations it first applies, so it can be
 * the first command run on a new installation (reference data is seeded when
 * the server starts, as always). The embedded database is locked by a running
 * server: stop it first.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../db/knex';
import { migrateLatest } from '../db/migrate';
import { adminCreateSchema } from '../modules/platform-admin/system-admin.schema';
import { createSystemAdminsService } from '../modules/platform-admin/system-admins.service';

const USAGE = `Usage: npm run admin:create -- --username <username> --email <email> --first <first name> --last <last name> [--password-file <path>]

Creates an activated System Admin account. For an existing username, only --username is
needed: the account becomes a System Admin and keeps its password.
The password is read from --password-file, else ADMIN_PASSWORD, else asked (hidden) in a terminal.`;

class UsageError extends Error {}

function options() {
  try {
    return parseArgs({
      options: {
        username: { type: 'string' },
        email: { type: 'string' },
        first: { type: 'string' },
        last: { type: 'string' },
        'password-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (err?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || ch === '\u0004') return finish(new Error('Cancelled.'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(file: string | undefined): Promise<string> {
  // One trailing line break is the file's, not the password's.
  if (file) return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  // A one-off input of this command, not a setting of the app, so config.ts does not carry it.
  const fromEnv = process.env.ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new UsageError('No password: give --password-file <path> or ADMIN_PASSWORD, or run the command in a terminal to be asked.');
  const first = await promptHidden('Password for the new System Admin: ');
  const again = await promptHidden('The same password again: ');
  if (first !== again) throw new UsageError('The two passwords do not match. Nothing was changed.');
  return first;
}

async function main(): Promise<number> {
  const opts = options();
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const parsed = adminCreateSchema.safeParse(opts);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0] ?? 'username')}: ${i.message}`).join('\n'));
  }
  const config = loadConfig();
  const db = await openDatabase({ url: config.database.url, pgliteDir: config.database.pgliteDir });
  try {
    console.log(config.database.url ? 'Database: PostgreSQL (DATABASE_URL).' : `Database: embedded, ${config.database.pgliteDir}.`);
    const applied = await migrateLatest(db.knex);
    if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
    const result = await createSystemAdminsService({ db: db.knex }).createOrPromote(parsed.data, () => readPassword(opts['password-file']));
    switch (result.status) {
      case 'created':
        console.log(`Created the System Admin account "${result.username}" (${result.email}), activated. Sign in with it and open /admin.`);
        return 0;
      case 'promoted':
        console.log(`"${result.username}" (${result.email}) is now a System Admin${result.activated ? ', and the account is activated' : ''}. Its password is unchanged.`);
        return 0;
      case 'already':
        console.log(`"${result.username}" (${result.email}) is already a System Admin. Nothing was changed.`);
        return 0;
      case 'refused':
        for (const p of result.problems) console.error(p);
        console.error('Nothing was changed.');
        return 1;
    }
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
