/**
 * Uploading an inventory spreadsheet in a real browser, at 1280 and 375 px,
 * with axe on every page: a legacy .xls reaches the server and is told to be
 * saved as .xlsx; a file with problems is previewed (row, column,
 * value, level; filtered by level), fixed and uploaded again, then saved with
 * Replace; a big file shows its progress bar while the job queue reads it and
 * lands on its preview by itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Route } from 'playwright-core';
import { createUser, PASSWORD } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { csv, validRow, xlsx } from '../support/inventory-files';
import { assertVisible, checkPage, choose, describeBrowser, signInAs, startPortal, VIEWPORTS, type Portal } from '../support/browser';

let portal: Portal;
let dir: string;
/** The start of every legacy Office file (an OLE compound document), as an .xls begins. */
const LEGACY_XLS_HEADER = Buffer.from('d0cf11e0a1b11ae1', 'hex');

describeBrowser('inventory upload in a browser', () => {
  beforeAll(async () => {
    // A low threshold and small steps, so a 4,000-row file is read in the background long enough to watch.
    portal = await startPortal({ JOBS: 'true', JOBS_POLL_SECONDS: '0.5', INVENTORY_UPLOAD_BACKGROUND_ROWS: '1000', INVENTORY_UPLOAD_BATCH_ROWS: '50' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upp-e2e-upload-'));
  });
  afterAll(async () => {
    await portal?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const viewport of VIEWPORTS) {
    test(`a file with problems is previewed, fixed, uploaded again and saved; a big one shows progress, at ${viewport.width}px`, async () => {
      const w = viewport.width;
      const org = await createOrg(portal.knex, { name: `Spreadsheet Filers ${w}` });
      const user = await createUser(portal.knex, { username: `uploader${w}` });
      await addMember(portal.knex, user, org, 'editor');
      const facility = await createFacility(portal.knex, org, { name: `Warehouse ${w}` });
      const page = await (await portal.browser.newContext({ viewport })).newPage();
      await signInAs(page, portal.baseUrl, `uploader${w}`, PASSWORD);

      // From the facility's inventory, to the upload page.
      await page.goto(`${portal.baseUrl}/orgs/${org.id}/facilities/${facility.cers_id}/inventory`);
      await page.getByRole('link', { name: 'Upload a spreadsheet' }).click();
      await checkPage(page, `80-upload-form`);

      // 0. A legacy Excel file reaches the server, which says how to save it as .xlsx (the browser keeps the file).
      await page.locator('#file').setInputFiles({ name: `old-${w}.xls`, mimeType: 'application/vnd.ms-excel', buffer: Buffer.concat([LEGACY_XLS_HEADER, Buffer.alloc(512)]) });
      await page.getByRole('button', { name: 'Upload and check' }).click();
      await assertVisible(page.getByText('Save As → Excel Workbook (.xlsx)').first());
      await checkPage(page, `80a-upload-xls`);

      // 1. A file with a word in a number column and an unknown state.
      const bad = path.join(dir, `bad-${w}.xlsx`);
      fs.writeFileSync(bad, await xlsx([
        validRow(facility.cers_id, { CommonName: 'Acetone' }),
        validRow(facility.cers_id, { CommonName: 'Hydraulic oil', MaximumDailyAmount: 'lots', HMType: 'Mixture' }),
        validRow(facility.cers_id, { CommonName: 'Nitrogen', PhysicalState: 'plasma', Units: 'Cubic Feet', SCSteelDrum: 'N', SCCylinder: 'Y' }),
      ], { titleRows: [[`Inventory of Warehouse ${w}`]] }));
      await page.locator('#file').setInputFiles(bad);
      await page.getByRole('button', { name: 'Upload and check' }).click();
      await assertVisible(page.getByRole('heading', { name: /Inventory upload: bad-/ }));
      await assertVisible(page.getByText('MaximumDailyAmount must be a number only').first());
      await assertVisible(page.getByText('nothing can be saved yet'));
      await checkPage(page, `81-upload-preview-problems`);
      await page.getByLabel('Show').selectOption('Required');
      await page.getByRole('button', { name: 'Apply' }).click();
      await assertVisible(page.getByText('PhysicalState must be one of the codes').first());
      await checkPage(page, `82-upload-preview-required`);

      // 2. Fixed and uploaded again: saved with Replace.
      await page.getByRole('link', { name: 'Upload the corrected file' }).click();
      const good = path.join(dir, `good-${w}.csv`);
      fs.writeFileSync(good, csv([
        validRow(facility.cers_id, { CommonName: 'Acetone' }),
        validRow(facility.cers_id, { CommonName: 'Hydraulic oil', MaximumDailyAmount: '1,100', HMType: 'Mixture', HC1Name: 'Mineral oil', HC1PercentByWeight: 95 }),
        validRow(facility.cers_id, { CommonName: 'Nitrogen', PhysicalState: 'Gas', Units: 'Cubic Feet', SCSteelDrum: 'N', SCCylinder: 'Y', StoragePressure: 'b' }),
      ]));
      await page.locator('#file').setInputFiles(good);
      await page.getByRole('button', { name: 'Upload and check' }).click();
      await assertVisible(page.getByText('Ready to review'));
      await checkPage(page, `83-upload-preview-clean`);
      await page.getByRole('button', { name: 'Save 3 materials' }).click();
      await assertVisible(page.getByText('Choose whether the file replaces the draft inventory or adds to it').first());
      await choose(page.getByRole('radio', { name: 'Replace the draft inventory' }));
      await page.getByRole('button', { name: 'Save 3 materials' }).click();
      await assertVisible(page.getByText('3 materials were saved to the draft inventory of 1 facility'));
      await checkPage(page, `84-upload-saved`);
      await page.getByRole('link', { name: `Warehouse ${w}` }).first().click();
      await assertVisible(page.getByRole('link', { name: 'Hydraulic oil' }));

      // 3. A big file: read in the background with a progress bar, then the preview by itself.
      const big = path.join(dir, `big-${w}.csv`);
      fs.writeFileSync(big, csv(Array.from({ length: 4000 }, (_, i) => validRow(facility.cers_id, { CommonName: `Reagent ${i + 1}`, ChemicalLocation: `Shelf ${i % 50}` }))));
      await page.goto(`${portal.baseUrl}/orgs/${org.id}/inventory/upload`);
      await page.locator('#file').setInputFiles(big);
      // The progress page reloads itself once its status says the file is read: its status requests wait
      // until the page has been checked, so the reload cannot land in the middle of the check.
      const heldStatus: Route[] = [];
      let holdStatus = true;
      await page.route('**/status.json', (route) => (holdStatus ? heldStatus.push(route) : route.continue()));
      await page.getByRole('button', { name: 'Upload and check' }).click();
      await assertVisible(page.locator('progress#upload-progress'));
      await assertVisible(page.getByText('we will email you when the preview is ready'));
      await checkPage(page, `85-upload-progress`);
      holdStatus = false;
      for (const route of heldStatus) await route.continue();
      await page.getByText('Ready to review').waitFor({ timeout: 60_000 });
      await assertVisible(page.getByRole('button', { name: 'Save 4000 materials' }));
      await portal.waitForMail(user.email, /ready to review/);
    });
  }
});
