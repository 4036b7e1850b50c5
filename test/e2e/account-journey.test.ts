/// <reference lib="dom" />
/**
 * A person in a real browser: register → activation email through a real SMTP
 * server → activate → sign in → sign out, at desktop and phone widths, with an
 * axe accessibility check of every page visited and a screenshot of each
 * (test-results/screenshots). Needs Chromium (/usr/bin/chromium or CHROMIUM_PATH);
 * skipped without it, except in CI where its absence fails the run.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import pino from 'pino';
import { bootstrap, type Runtime } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { createTestDatabase } from '../support/db';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = fs.existsSync(CHROMIUM);
if (!haveBrowser && process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}; CI must install it`);
const describeBrowser = haveBrowser ? describe : describe.skip;

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const PASSWORD = 'copper-kettle-lighthouse-3';

type Mail = { to: string; subject: string; text: string };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

let browser: Browser;
let smtp: SMTPServer;
let runtime: Runtime;
let server: Server;
let baseUrl: string;
const inbox: Mail[] = [];

async function waitForMail(to: string, subject: RegExp): Promise<Mail> {
  for (let i = 0; i < 100; i++) {
    const m = inbox.find((x) => x.to === to && subject.test(x.subject));
    if (m) return m;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no mail to ${to} matching ${subject}`);
}

async function checkPage(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()!.width;
  await page.screenshot({ path: path.join(SHOTS, `${width}-${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  // Nothing may overflow sideways on a phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect({ page: name, overflow }).toEqual({ page: name, overflow: 0 });
}

describeBrowser('account journey in a browser', () => {
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            for (const rcpt of session.envelope.rcptTo) inbox.push({ to: rcpt.address, subject: parsed.subject ?? '', text: parsed.text ?? '' });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as net.AddressInfo).port;
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      NODE_ENV: 'test', LOG_LEVEL: 'silent', BASE_URL: baseUrl, PORT: String(port),
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`,
      RATE_LIMIT_SIGN_IN: '1000', RATE_LIMIT_ACCOUNT_EMAILS: '1000',
    });
    runtime = await bootstrap(config, { prepared: await createTestDatabase(), logger: pino({ level: 'silent' }) });
    server = runtime.app.listen(port, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await runtime?.close();
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  });

  for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 812 }]) {
    test(`register, activate, sign in and out at ${viewport.width}px`, async () => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const username = `walker${viewport.width}`;
      const email = `${username}@example.com`;

      await page.goto(`${baseUrl}/`);
      await checkPage(page, '01-home');
      await page.getByRole('link', { name: 'Create an account' }).first().click();
      await checkPage(page, '02-register');

      // Wrong first: the error summary takes focus and links to the fields.
      await page.getByLabel('Email address').fill('not-an-email');
      await page.getByRole('button', { name: 'Create account' }).click();
      await assertFocused(page.locator('[data-error-summary]'));
      expect(await page.title()).toMatch(/^Error: Create an account/);
      await checkPage(page, '03-register-errors');
      await page.getByRole('link', { name: 'Enter your first name' }).click();
      await assertFocused(page.getByLabel('First name'));

      await page.getByLabel('First name').fill('Walker');
      await page.getByLabel('Last name').fill('Tester');
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Confirm password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL('**/register/check-email');
      await checkPage(page, '04-check-email');

      const mail = await waitForMail(email, /Activate/);
      const link = /(http:\/\/127\.0\.0\.1:\d+\/activate\/\S+)/.exec(mail.text)![1]!;
      await page.goto(link);
      await checkPage(page, '05-activate');
      await page.getByRole('button', { name: 'Activate my account' }).click();
      await page.waitForURL('**/sign-in');
      await assertVisible(page.getByText('Your account is active'));
      await checkPage(page, '06-sign-in');

      await page.getByLabel('Username or email address').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/account');
      await assertVisible(page.getByRole('heading', { name: 'Your account' }));
      await assertVisible(page.getByText('Walker Tester').first());
      await checkPage(page, '07-account');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/sign-in');
      await assertVisible(page.getByText('You have signed out.'));
      await context.close();
    });
  }
});

// playwright-core has no assertion library of its own; these keep the journey readable.
async function assertFocused(locator: Locator): Promise<void> {
  expect(await locator.evaluate((el) => el === document.activeElement)).toBe(true);
}
async function assertVisible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 5000 });
}
