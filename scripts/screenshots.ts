/**
 * Screenshots of a running portal for a person to look at:
 *   npx tsx scripts/screenshots.ts http://localhost:3000 lead /orgs/1/facilities /facilities/new
 * Signs in as the given demo user (password correct-horse-2026), then captures each
 * path at 1280 px and 375 px into test-results/screenshots/manual-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

async function main() {
  const [base = 'http://localhost:3000', user = 'lead', ...paths] = process.argv.slice(2);
  const out = path.resolve('test-results/screenshots');
  fs.mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  for (const width of [1280, 375]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Username or email address').fill(user);
    await page.getByLabel('Password').fill('correct-horse-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    await page.screenshot({ path: path.join(out, `manual-${width}-landing.png`), fullPage: true });
    for (const p of paths) {
      await page.goto(`${base}${p}`);
      const name = p.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'root';
      await page.screenshot({ path: path.join(out, `manual-${width}-${name}.png`), fullPage: true });
    }
    await context.close();
  }
  await browser.close();
  console.log(`screenshots in ${out}`);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
