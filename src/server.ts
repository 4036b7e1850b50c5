/** Listens, prints how to sign in, and shuts down cleanly. Nothing else. */
import type { AddressInfo } from 'node:net';
import { bootstrap } from './bootstrap';
import { ConfigError, loadConfig, type Config } from './config';
import { DatabaseLockedError } from './db/lock';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../seeds/90_demo';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Where the portal can be reached from. Development has public demo passwords
 * and /dev/mail (every reset link), so it listens on this computer only unless
 * HOST opens it, and then says what that exposes.
 */
function listeningNote(config: Config, port: number): string {
  if (LOOPBACK.has(config.host)) {
    return `Listening on ${config.host}:${port}: reachable from this computer only. Set HOST=0.0.0.0 to open it to the network (only a network you trust in development).`;
  }
  const where = `Listening on ${config.host}:${port}: reachable from the network.`;
  const open = [config.seedDemo && 'the demo accounts and their published password', config.mail.devOutbox && '/dev/mail with every reset link'].filter(Boolean);
  return open.length ? `${where} WARNING: ${open.join(' and ')} are open to anyone who can reach it.` : where;
}

async function main() {
  const config = loadConfig();
  const runtime = await bootstrap(config);
  const server = runtime.app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const port = (server.address() as AddressInfo).port;

  const where = config.database.url ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${config.database.pgliteDir}`;
  const lines = [`Unified Program Portal on http://localhost:${port}  (${config.env}, ${where})`];
  if (config.seedDemo) {
    lines.push('', `Demo accounts (password for all: ${DEMO_PASSWORD})`);
    for (const a of DEMO_ACCOUNTS) lines.push(`  ${a.username.padEnd(12)} ${a.describe}`);
  }
  if (config.mail.devOutbox) lines.push('', `No SMTP_URL: sent mail is kept and readable at http://localhost:${port}/dev/mail`);
  lines.push('', listeningNote(config, port));
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.logger.info({ signal }, 'shutting down');
    server.closeAllConnections();
    server.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DatabaseLockedError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
