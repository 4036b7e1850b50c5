/**
 * Platform administration: `npm run admin:create` run as a child process on a
 * fresh database (PGlite folder, or PostgreSQL when TEST_DATABASE_URL is set)
 * makes a System Admin who signs in and opens /admin; there a System Admin
 * creates a regulator agency and invites its first Regulator Admin (real
 * SMTP), who accepts and lands in the new agency's regulator portal. Everyone
 * else gets 404 under /admin.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import request from 'supertest';
import pino from 'pino';
import { bootstrap, type Runtime } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/knex';
import { createTestApp, createUser, csrfFrom, PASSWORD, signIn, submitForm, type Agent, type TestApp } from '../support/app';
import { startSmtp, type Mail, type TestSmtp } from '../support/smtp';

const ROOT = path.resolve(__dirname, '../..');
const ADMIN_PASSWORD = 'granite-orchard-velvet-77';

describe('npm run admin:create', () => {
  let tmp: string;
  let dbEnv: Record<string, string>;
  let dropDatabase: () => Promise<void> = async () => {};

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'upp-admin-cli-'));
    const pgUrl = process.env.TEST_DATABASE_URL;
    if (pgUrl) {
      // An empty database: the command migrates it itself.
      const name = `upp_cli_${process.env.UPP_TEST_RUN_ID}_${process.pid}`;
      const admin = knexFactory({ client: 'pg', connection: pgUrl, pool: { min: 0, max: 1 } });
      await admin.raw('create database ??', [name]);
      await admin.destroy();
      const url = new URL(pgUrl);
      url.pathname = `/${name}`;
      dbEnv = { DATABASE_URL: url.toString(), PGLITE_DIR: '' };
      dropDatabase = async () => {
        const a = knexFactory({ client: 'pg', connection: pgUrl, pool: { min: 0, max: 1 } });
        await a.raw('drop database if exists ?? with (force)', [name]);
        await a.destroy();
      };
    } else {
      dbEnv = { DATABASE_URL: '', PGLITE_DIR: path.join(tmp, 'pglite') };
    }
  });
  afterAll(async () => {
    await dropDatabase();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The command as an operator runs it: its own process, stdin not a terminal. */
  function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const { NODE_OPTIONS: _n, ADMIN_PASSWORD: _a, DATABASE_URL: _d, ...parent } = process.env;
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/admin-create.cli.ts', ...args], {
      cwd: ROOT,
      env: { ...parent, NODE_ENV: 'test', DATA_DIR: tmp, LOG_LEVEL: 'silent', ...dbEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /** The app on the command's database, as `npm start` would open it. */
  async function app(): Promise<Runtime> {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JOBS: 'false', SEED_DEMO: 'false', BASE_URL: 'http://portal.test', UPLOAD_DIR: path.join(tmp, 'uploads'), DATA_DIR: tmp, ...dbEnv });
    return bootstrap(config, { logger: pino({ level: 'silent' }) });
  }

  async function withDb<T>(work: (knex: import('knex').Knex) => Promise<T>): Promise<T> {
    const db = await openDatabase({ url: dbEnv.DATABASE_URL || undefined, pgliteDir: dbEnv.PGLITE_DIR || undefined });
    try {
      return await work(db.knex);
    } finally {
      await db.close();
    }
  }

  test('creates an activated System Admin on a fresh database, who signs in and opens /admin', async () => {
    const file = path.join(tmp, 'password.txt');
    fs.writeFileSync(file, `${ADMIN_PASSWORD}\n`, { mode: 0o600 });
    const res = await cli(['--username', 'root', '--email', 'root@state.example.gov', '--first', 'Rita', '--last', 'Root', '--password-file', file]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Applied migrations');
    expect(res.stdout).toContain('Created the System Admin account "root" (root@state.example.gov), activated.');

    const rt = await app();
    try {
      const agent = request.agent(rt.app);
      await signIn(agent, 'root', ADMIN_PASSWORD);
      const home = await agent.get('/account');
      expect(home.text).toContain('href="/admin"');
      const admin = await agent.get('/admin');
      expect(admin.status).toBe(200);
      expect(admin.text).toContain('Regulator agencies');
      expect(admin.text).toContain('Kern County');
      expect(admin.text).toContain('Platform administration');
    } finally {
      await rt.close();
    }
  }, 120_000);

  test('refuses a weak password, missing details or no password at all, and changes nothing', async () => {
    const weak = await cli(['--username', 'weakling', '--email', 'weak@example.gov', '--first', 'W', '--last', 'Eak'], { ADMIN_PASSWORD: 'short' });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('Password must be at least 12 characters');
    const personal = await cli(['--username', 'weakling', '--email', 'weak@example.gov', '--first', 'W', '--last', 'Eak'], { ADMIN_PASSWORD: 'weakling-is-my-name' });
    expect(personal.code).toBe(1);
    expect(personal.stderr).toContain('must not contain your username');
    const missing = await cli(['--username', 'nobody'], { ADMIN_PASSWORD });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('give --email, --first, --last too');
    const noPassword = await cli(['--username', 'weakling', '--email', 'weak@example.gov', '--first', 'W', '--last', 'Eak']);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('No password');
    const badFlag = await cli(['--user', 'x']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('Usage: npm run admin:create');
    const badEmail = await cli(['--username', 'weakling', '--email', 'not-an-email']);
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toContain('--email: Enter an email address');
    expect(await withDb((k) => k('users').whereIn('username', ['weakling', 'nobody']).select('id'))).toEqual([]);
  }, 120_000);

  test('promotes an existing username, keeping its password; a second run changes nothing', async () => {
    await withDb((k) => createUser(k, { username: 'promoted', email: 'promoted@example.gov', activated: false }));
    const res = await cli(['--username', 'promoted']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('"promoted" (promoted@example.gov) is now a System Admin, and the account is activated. Its password is unchanged.');
    const again = await cli(['--username', 'promoted']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('is already a System Admin. Nothing was changed.');

    const rt = await app();
    try {
      const agent = request.agent(rt.app);
      await signIn(agent, 'promoted', PASSWORD);
      expect((await agent.get('/admin')).status).toBe(200);
      const audit = await rt.db.knex('audit_log').whereIn('action', ['system_admin.created', 'system_admin.promoted']).orderBy('id').pluck('action');
      expect(audit).toEqual(['system_admin.created', 'system_admin.promoted']);
    } finally {
      await rt.close();
    }
  }, 120_000);
});

describe('/admin', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let sysadmin: Agent;
  let agencyId: number;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ SMTP_URL: smtp.url });
    const u = await createUser(t.knex, { username: 'sysadmin', first_name: 'Sam', last_name: 'Sysadmin' });
    await t.knex('users').where({ id: u.id }).update({ is_system_admin: true });
    sysadmin = request.agent(t.app);
    await signIn(sysadmin, 'sysadmin');
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const mailTo = async (to: string, subject: RegExp): Promise<Mail> => smtp.waitForMail(to, subject);
  const linkIn = (mail: Mail, prefix: string) => new RegExp(`http://portal\\.test(${prefix}\\S+)`).exec(mail.text)![1]!;

  test('anyone who is not a System Admin gets 404, signed in or not', async () => {
    const business = await createUser(t.knex, { username: 'plain_person' });
    const cupaAdmin = await createUser(t.knex, { username: 'kern_admin_for_admin' });
    const kern = await t.knex('regulators').where({ code: '1500' }).first('id');
    await t.knex('regulator_staff').insert({ user_id: cupaAdmin.id, regulator_id: kern.id, role: 'regulator_admin' });
    for (const username of [business.username, cupaAdmin.username]) {
      const agent = request.agent(t.app);
      await signIn(agent, username);
      expect((await agent.get('/admin')).status).toBe(404);
      expect((await agent.get(`/admin/agencies/${kern.id}`)).status).toBe(404);
      expect((await agent.get('/account')).text).not.toContain('href="/admin"');
    }
    expect((await request(t.app).get('/admin')).status).toBe(404);
  });

  test('the agency list is searchable and paged', async () => {
    const all = await sysadmin.get('/admin');
    expect(all.status).toBe(200);
    expect(all.text).toContain('Page 1 of 2'); // 35 known CUPAs, 25 a page
    const second = await sysadmin.get('/admin?page=2');
    expect(second.text).toContain('Page 2 of 2');
    const kern = await sysadmin.get('/admin?q=1500');
    expect(kern.text).toContain('1 agency match');
    expect(kern.text).toContain('Kern County');
    expect((await sysadmin.get('/admin?q=bakersfield')).text).toContain('Bakersfield Fire Department');
  });

  test('a bad agency form is told beside each field; nothing is created', async () => {
    const before = await t.knex('regulators').count('* as n').first();
    const res = await submitForm(sysadmin, '/admin/agencies/new', { name: '', agencyType: '', countyId: '', code: '15', areaCovered: '', 'jCounty-0': '', 'jCity-0': 'Tehachapi' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('There is a problem');
    expect(res.text).toContain('Enter the agency’s name');
    expect(res.text).toContain('Choose the type of agency');
    expect(res.text).toContain('Choose the county the agency is in');
    expect(res.text).toContain('Enter the regulator code as 4 digits');
    expect(res.text).toContain('Choose the county of Tehachapi');
    expect(res.text).toContain('id="jCounty-0-error"');
    expect(res.text).toContain('value="Tehachapi"');

    const taken = await submitForm(sysadmin, '/admin/agencies/new', {
      name: 'Kern Duplicate Agency', agencyType: 'City agency', countyId: '15', code: '1500', 'jCounty-0': '15', 'jCity-0': 'bakersfield', 'jCounty-1': '15', 'jCity-1': 'Arvin', 'jCounty-2': '15', 'jCity-2': 'ARVIN',
    });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('Regulator code 1500 belongs to Kern County');
    expect(taken.text).toContain('bakersfield (Kern County) is already covered by Bakersfield Fire Department');
    expect(taken.text).toContain('ARVIN (Kern County) is listed twice');
    expect(await t.knex('regulators').count('* as n').first()).toEqual(before);
  });

  test('a System Admin creates an agency and edits it; both are audited and it is in the directory', async () => {
    const created = await submitForm(sysadmin, '/admin/agencies/new', {
      name: 'Tehachapi Valley Fire Authority', agencyType: 'City agency', countyId: '15', code: '1599', areaCovered: 'City of Tehachapi', 'jCounty-0': '15', 'jCity-0': 'Tehachapi',
    });
    expect(created.status).toBe(303);
    const agency = await t.knex('regulators').where({ code: '1599' }).first();
    agencyId = agency.id;
    expect(created.headers.location).toBe(`/admin/agencies/${agencyId}`);
    expect(agency).toMatchObject({ name: 'Tehachapi Valley Fire Authority', agency_type: 'City agency', county_id: 15, area_covered: 'City of Tehachapi' });
    expect(await t.knex('regulator_jurisdictions').where({ regulator_id: agencyId }).select('county_id', 'city')).toEqual([{ county_id: 15, city: 'Tehachapi' }]);
    const page = await sysadmin.get(`/admin/agencies/${agencyId}`);
    expect(page.text).toContain('Tehachapi (Kern County)');
    expect(page.text).toContain('Invite the first Regulator Admin');
    expect((await request(t.app).get('/regulators?q=Tehachapi')).text).toContain('Tehachapi Valley Fire Authority');

    const editForm = await sysadmin.get(`/admin/agencies/${agencyId}/edit`);
    expect(editForm.text).toContain('value="1599"');
    expect(editForm.text).toContain('value="Tehachapi"');
    const edited = await submitForm(sysadmin, `/admin/agencies/${agencyId}/edit`, {
      name: 'Tehachapi Valley Fire Authority', agencyType: 'City agency', countyId: '15', code: '1599', areaCovered: 'Cities of Tehachapi and Arvin', 'jCounty-0': '15', 'jCity-0': 'Tehachapi', 'jCounty-1': '15', 'jCity-1': 'Arvin',
    });
    expect(edited.status).toBe(303);
    expect(await t.knex('regulator_jurisdictions').where({ regulator_id: agencyId }).orderBy('city').pluck('city')).toEqual(['Arvin', 'Tehachapi']);
    const audit = await t.knex('audit_log').where({ regulator_id: agencyId }).whereIn('action', ['regulator.created', 'regulator.updated']).orderBy('id');
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['regulator.created', 'regulator.updated']);
    expect(audit[1].before).toMatchObject({ area_covered: 'City of Tehachapi' });
    expect(audit[1].after).toMatchObject({ area_covered: 'Cities of Tehachapi and Arvin' });
    expect((await sysadmin.get('/admin/agencies/999999')).status).toBe(404);
  });

  test('the first Regulator Admin is invited, accepts, and runs the new agency in the regulator portal', async () => {
    const bad = await submitForm(sysadmin, `/admin/agencies/${agencyId}/invite`, { email: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="email-error"');
    const sent = await submitForm(sysadmin, `/admin/agencies/${agencyId}/invite`, { email: 'chief@tehachapi.example.gov' });
    expect(sent.status).toBe(303);
    const mail = await mailTo('chief@tehachapi.example.gov', /staff of Tehachapi Valley Fire Authority/);
    expect(mail.text).toContain('as Regulator Admin');
    expect(mail.text).toContain('Sam Sysadmin invited you');
    const link = linkIn(mail, '/cupa-invitations/');
    expect((await sysadmin.get(`/admin/agencies/${agencyId}`)).text).toContain('chief@tehachapi.example.gov');

    await createUser(t.knex, { username: 'tehachapi_chief', email: 'chief@tehachapi.example.gov', first_name: 'Carla', last_name: 'Chief' });
    const chief = request.agent(t.app);
    await signIn(chief, 'tehachapi_chief');
    const landing = await chief.get(link);
    expect(landing.text).toContain('Join Tehachapi Valley Fire Authority');
    const accepted = await submitForm(chief, link, {});
    expect(accepted.status).toBe(303);
    expect(accepted.headers.location).toBe('/regulator/submittals');
    const portal = await chief.get('/regulator/submittals');
    expect(portal.status).toBe(200);
    expect(portal.text).toContain('Tehachapi Valley Fire Authority');
    expect(portal.text).toContain('You are Regulator Admin');
    const staff = await chief.get('/regulator/admin/staff');
    expect(staff.status).toBe(200);
    expect(staff.text).toContain('Carla Chief');

    const agencyPage = await sysadmin.get(`/admin/agencies/${agencyId}`);
    expect(agencyPage.text).toContain('Carla Chief (chief@tehachapi.example.gov)');
    expect(agencyPage.text).not.toContain('Invite the first Regulator Admin</a>');
    const second = await submitForm(sysadmin, `/admin/agencies/${agencyId}/invite`, { email: 'another@tehachapi.example.gov' });
    expect(second.status).toBe(400);
    expect(second.text).toContain('already has a Regulator Admin (Carla Chief)');
    const inv = await t.knex('regulator_invitations').where({ email: 'chief@tehachapi.example.gov' }).first();
    expect(await t.knex('audit_log').where({ action: 'regulator_invitation.created', entity_id: String(inv.id) }).first('actor_user_id')).toEqual({
      actor_user_id: (await t.knex('users').where({ username: 'sysadmin' }).first('id')).id,
    });
    // The System Admin is on no agency's staff: the regulator portal stays closed to them.
    expect((await sysadmin.get('/regulator/submittals')).status).toBe(404);
    expect(csrfFrom((await sysadmin.get('/account')).text)).toBeTruthy();
  });
});
