/// <reference lib="dom" />
/**
 * A real portal for browser tests: the app listening on a free port, a real SMTP
 * server catching its mail, and headless Chromium. checkPage() screenshots a page
 * (test-results/screenshots), runs axe on it and checks nothing overflows sideways.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import pino from 'pino';
import type { Knex } from 'knex';
import { bootstrap, type Runtime } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { createTestDatabase } from './db';
import { startSmtp, type Mail } from './smtp';

// A whole journey in a browser (dozens of pages, each checked by axe) on a busy 2-core CI machine
// can take well over jest's default minute; this is a ceiling against hangs, not a speed target.
jest.setTimeout(240_000);

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveBrowser = fs.existsSync(CHROMIUM);
if (!haveBrowser && process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}; CI must install it`);
/** describe, or describe.skip on a machine without Chromium (never in CI). */
export const describeBrowser = haveBrowser ? describe : describe.skip;

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
export const VIEWPORTS = [{ width: 1280, height: 900 }, { width: 375, height: 812 }];

export type { Mail };

export type Portal = {
  baseUrl: string;
  browser: Browser;
  knex: Knex;
  inbox: Mail[];
  waitForMail(to: string, subject: RegExp): Promise<Mail>;
  linkIn(mail: Mail, pathPrefix: string): string;
  close(): Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startPortal(env: Record<string, string> = {}): Promise<Portal> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const smtp = await startSmtp();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'upp-uploads-'));
  const config = loadConfig({
    NODE_ENV: 'test', LOG_LEVEL: 'silent', BASE_URL: baseUrl, PORT: String(port), UPLOAD_DIR: uploadDir,
    SMTP_URL: smtp.url,
    RATE_LIMIT_SIGN_IN: '1000', RATE_LIMIT_ACCOUNT_EMAILS: '1000', JOBS: 'false',
    ...env,
  });
  const db = await createTestDatabase();
  const runtime: Runtime = await bootstrap(config, { prepared: db, logger: pino({ level: 'silent' }) });
  const server: Server = runtime.app.listen(port, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    baseUrl,
    browser,
    knex: db.knex,
    inbox: smtp.inbox,
    waitForMail: smtp.waitForMail,
    linkIn(mail, pathPrefix) {
      const m = new RegExp(`(${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${pathPrefix}\\S+)`).exec(mail.text);
      if (!m) throw new Error(`no ${pathPrefix} link in "${mail.subject}"`);
      return m[1]!;
    },
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await runtime.close();
      await smtp.close();
      fs.rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

export async function checkPage(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()!.width;
  await page.screenshot({ path: path.join(SHOTS, `${width}-${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect({ page: name, overflow }).toEqual({ page: name, overflow: 0 });
  expect({ page: name, labelNotInName: await labelsNotInNames(page) }).toEqual({ page: name, labelNotInName: [] });
}

const CONTROLS = 'input:not([type="hidden"]), select, textarea, button';

/**
 * WCAG 2.5.3 Label in Name: every control's accessible name begins with the words of its visible label
 * (the best practice of https://www.w3.org/WAI/WCAG22/Understanding/label-in-name.html), so a person
 * using speech input ("click Inventory spreadsheet") reaches the control they see, and a word of the
 * label turning up inside other words ("Drag file here" for a "File" label) does not pass. axe does
 * not check it, and a script that sets aria-label (the USWDS file input does) silently breaks it. The
 * names are Chromium's own, read through the DevTools protocol; a control with no visible label or
 * text (a hidden one, an icon button) has nothing to compare.
 */
async function labelsNotInNames(page: Page): Promise<string[]> {
  const labels = await page.evaluate((selector) => {
    const shown = (el: Element) => el.checkVisibility({ visibilityProperty: true });
    const words = (el: HTMLElement) => el.innerText.replace(/\s+/g, ' ').trim();
    return Array.from(document.querySelectorAll<HTMLElement>(selector)).map((el) => {
      if (el instanceof HTMLButtonElement || (el instanceof HTMLInputElement && /^(submit|button|reset)$/.test(el.type))) {
        return shown(el) ? (el instanceof HTMLInputElement ? el.value : words(el)) : '';
      }
      const own = (el as HTMLInputElement).labels;
      return own ? Array.from(own).filter(shown).map(words).join(' ') : '';
    });
  }, CONTROLS);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Accessibility.enable');
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: CONTROLS });
    if (nodeIds.length !== labels.length) throw new Error(`${nodeIds.length} controls through the protocol, ${labels.length} in the page`);
    const squash = (s: string) => s.replace(/\s+/g, '').toLowerCase();
    // All questions at once: the protocol answers them in order, without a round trip each (a long form has 100 controls).
    const answers = await Promise.all(
      labels.map((label, i) => (label && nodeIds[i] !== undefined ? cdp.send('Accessibility.getPartialAXTree', { nodeId: nodeIds[i], fetchRelatives: false }) : null)),
    );
    const problems: string[] = [];
    answers.forEach((answer, i) => {
      const ax = answer?.nodes[0];
      if (!ax || ax.ignored) return;
      const accessibleName = String(ax.name?.value ?? '');
      if (!squash(accessibleName).startsWith(squash(labels[i]!))) problems.push(`label "${labels[i]}", accessible name "${accessibleName}"`);
    });
    return problems;
  } finally {
    // Chromium keeps building its accessibility tree on every change while the domain is on, which slows the
    // rest of the journey (and a page that reloads itself, like the upload progress, would race the checks).
    await cdp.send('Accessibility.disable');
    await cdp.detach();
  }
}

export async function signInAs(page: Page, baseUrl: string, login: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Username or email address').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
}

export async function assertFocused(locator: Locator): Promise<void> {
  expect(await locator.evaluate((el) => el === document.activeElement)).toBe(true);
}

export async function assertVisible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 15_000 });
}

/** USWDS radios and checkboxes hide the input itself; a person clicks its label. */
export async function choose(input: Locator): Promise<void> {
  const id = await input.getAttribute('id');
  await input.page().locator(`label[for="${id}"]`).click();
  expect(await input.isChecked()).toBe(true);
}
