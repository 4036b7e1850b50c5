/**
 * A new facility goes from nothing to its first complete submittal in a real
 * browser, at 1280 and 375 px, with axe on every page: Business Activities,
 * Owner/Operator with certification (two blocks "Same as the business mailing
 * address"), site map (after a file type the server refuses), ER plan and
 * training plan uploads, submit, receipt and its PDF. The inventory itself arrives with the
 * inventory issue; its form part says so and does not block.
 */
import type { Page } from 'playwright-core';
import { createUser, PASSWORD } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { PDF } from '../support/files';
import { assertVisible, checkPage, choose, describeBrowser, signInAs, startPortal, VIEWPORTS, type Portal } from '../support/browser';

let portal: Portal;

const OO: [string, string][] = [
  ['businessPhone', '661 555 0100'], ['numberOfEmployees', '4'],
  ['operatorName', 'Pat Operator'], ['operatorPhone', '661 555 0101'], ['ownerName', 'Sam Owner'], ['ownerPhone', '661 555 0102'],
  ['preparerName', 'Pat Operator'], ['signerName', 'Sam Owner'], ['signerTitle', 'Owner'],
];
/** Typed in; the owner's and the billing contact's come from "Same as the business mailing address". */
const ADDRESS_PREFIXES = ['mailing', 'envContact'];

async function fillById(page: Page, id: string, value: string) {
  await page.locator(`#${id}`).fill(value);
}

async function uploadDocument(page: Page, title: string, fileName = `${title.toLowerCase().replace(/\W+/g, '-')}.pdf`) {
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Date written').fill('2026-10-15');
  await page.locator('#file').setInputFiles({ name: fileName, mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.waitForLoadState();
  await assertVisible(page.getByText(`Uploaded "${title}"`).first());
}

describeBrowser('first submittal in a browser', () => {
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal?.close());

  for (const viewport of VIEWPORTS) {
    test(`a new facility files its first complete submittal at ${viewport.width}px`, async () => {
      const w = viewport.width;
      const org = await createOrg(portal.knex, { name: `First Filing ${w}` });
      const lead = await createUser(portal.knex, { username: `filer${w}`, email: `filer${w}@example.com` });
      await addMember(portal.knex, lead, org, 'lead_user');
      const facility = await createFacility(portal.knex, org, { name: `Yard ${w}` }); // Kern County CUPA
      const kern = await portal.knex('regulators').where({ code: '1500' }).first('id');
      const inspector = await createUser(portal.knex, { username: `inspector${w}`, email: `inspector${w}@example.com` });
      await portal.knex('regulator_staff').insert({ user_id: inspector.id, regulator_id: kern.id, role: 'reviewer' });
      const page = await (await portal.browser.newContext({ viewport })).newPage();
      await signInAs(page, portal.baseUrl, `filer${w}`, PASSWORD);
      await page.getByRole('link', { name: `Yard ${w}` }).click();
      await assertVisible(page.getByText('Your first submittal'));
      await checkPage(page, '50-facility-new');

      // Business Activities: hazardous materials on site and hazardous waste; nothing else.
      await page.getByRole('link', { name: 'Facility Information' }).first().click();
      await page.getByRole('button', { name: 'Start draft' }).click();
      await page.getByRole('link', { name: 'Fill in Business Activities' }).click();
      await checkPage(page, '51-business-activities');
      for (const id of ['hmOnSite', 'hwGenerator']) await page.locator(`label[for="${id}"]`).click();
      for (const id of ['calArp', 'ust', 'apst', 'recycle', 'onsiteTreatment', 'financialAssurance', 'rwConsolidation', 'hwTankClosure', 'rcraLqg', 'hhwCollection']) {
        await page.locator(`label[for="${id}-1"]`).click();
      }
      await page.getByRole('button', { name: 'Save Business Activities' }).click();
      await assertVisible(page.getByText('Business Activities saved').first());

      await page.getByRole('link', { name: 'Fill in Business Owner/Operator Identification' }).click();
      await checkPage(page, '52a-owner-operator-empty');
      for (const [id, value] of OO) await fillById(page, id, value);
      for (const p of ADDRESS_PREFIXES) {
        await fillById(page, `${p}Address`, '1 Main St');
        await fillById(page, `${p}City`, 'Delano');
        await fillById(page, `${p}State`, 'CA');
        await fillById(page, `${p}Zip`, '93215');
      }
      for (const box of ['ownerSameAsMailing', 'billingSameAsMailing']) {
        await choose(page.locator(`#${box}`));
        await page.locator(`#${box}-address`).waitFor({ state: 'hidden' });
      }
      for (const [id, v] of [['envContactName', 'Env Person'], ['envContactPhone', '661 555 0103'], ['emergency1Name', 'Em One'], ['emergency1Title', 'Manager'], ['emergency1BusinessPhone', '661 555 0104'], ['emergency1Phone24', '661 555 0105'], ['billingName', 'Bill Payer'], ['billingPhone', '661 555 0106'], ['signedDate', '2026-11-20']]) {
        await fillById(page, id!, v!);
      }
      await checkPage(page, '52-owner-operator');
      await page.getByRole('button', { name: 'Save Owner/Operator Identification' }).click();
      await assertVisible(page.getByText('Ready to submit.').first());
      await checkPage(page, '53-facility-information');
      const saved = await portal.knex('element_versions').where({ facility_id: facility.id, element_code: 1, status: 'draft' }).first();
      expect(saved.content.ownerOperator).toMatchObject({ ownerAddress: '1 Main St', ownerCity: 'Delano', ownerState: 'CA', ownerZip: '93215', billingAddress: '1 Main St', billingZip: '93215' });

      // Hazardous Materials Inventory: the site map (the inventory form comes in the next issue).
      await page.goto(`${portal.baseUrl}/orgs/${org.id}/facilities/${facility.cers_id}/elements/2`);
      await page.getByRole('button', { name: 'Start draft' }).click();
      await page.getByRole('link', { name: 'Add a material', exact: true }).first().click();
      await page.getByLabel('Chemical name, synonym or CAS number').fill('diesel');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('link', { name: 'Diesel fuel' }).click();
      await page.getByLabel('Building or outside area').fill('Fuel island');
      await page.getByLabel('Maximum daily amount').fill('1,000');
      await page.getByLabel('Average daily amount').fill('600');
      await page.getByLabel('Largest container').fill('1000');
      await choose(page.getByLabel('Aboveground tank'));
      await checkPage(page, '54a-material');
      await page.getByRole('button', { name: 'Save material' }).click();
      await assertVisible(page.getByText('Diesel fuel added to the inventory').first());
      await page.goto(`${portal.baseUrl}/orgs/${org.id}/facilities/${facility.cers_id}/elements/2`);
      await page.getByRole('link', { name: 'Provide the Annotated Site Map', exact: true }).click();
      await checkPage(page, '54-site-map');
      // The browser keeps every file for the server to judge: a phone photo gets the server's words, and a
      // scanner's upper-case SITE-MAP.PDF is taken as it is.
      await page.getByLabel('Title', { exact: true }).fill('Site photo');
      await page.getByLabel('Date written').fill('2026-10-15');
      await page.locator('#file').setInputFiles({ name: 'site.heic', mimeType: 'image/heic', buffer: Buffer.from('\0\0\0\x18ftypheic') });
      await page.getByRole('button', { name: 'Upload' }).click();
      await assertVisible(page.getByText('(not .heic)').first());
      await checkPage(page, '54b-site-map-not-a-document');
      await uploadDocument(page, 'Site map 2026', 'SITE-MAP.PDF');

      // Emergency Response and Training Plans.
      await page.goto(`${portal.baseUrl}/orgs/${org.id}/facilities/${facility.cers_id}/elements/3`);
      await page.getByRole('button', { name: 'Start draft' }).click();
      await page.getByRole('link', { name: /^Provide the Emergency Response/ }).click();
      await uploadDocument(page, 'Emergency response plan');
      await page.goto(`${portal.baseUrl}/orgs/${org.id}/facilities/${facility.cers_id}/elements/3`);
      await page.getByRole('link', { name: /^Provide the Employee Training Plan/ }).click();
      await uploadDocument(page, 'Training plan');
      await page.goto(`${portal.baseUrl}/orgs/${org.id}/facilities/${facility.cers_id}/elements/3`);
      await assertVisible(page.getByText('Ready to submit.').first());
      await checkPage(page, '55-ertp');

      await page.getByRole('link', { name: 'Review and submit' }).click();
      await checkPage(page, '56-submit');
      await page.getByRole('button', { name: 'Submit to the CUPA' }).click();
      await page.waitForURL(/\/submittals\/\d+$/);
      await assertVisible(page.getByRole('heading', { name: 'Submitted to your CUPA' }));
      await checkPage(page, '57-receipt');
      const pdf = await page.request.get(await page.getByRole('link', { name: 'Download the receipt (PDF)' }).getAttribute('href').then((h) => `${portal.baseUrl}${h}`));
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await portal.waitForMail(`filer${w}@example.com`, /was received/);
      const notice = await portal.waitForMail(`inspector${w}@example.com`, new RegExp(`Submittal received: Yard ${w}`));
      expect(notice.text).toContain('Emergency Response and Training Plans');

      // History and next year's filing: a copy of the last version is one click and complete at once.
      await page.getByRole('link', { name: 'Back to the facility' }).click();
      await checkPage(page, '58-facility-submitted');
      await page.getByRole('link', { name: 'Emergency Response and Training Plans' }).first().click();
      await page.getByRole('button', { name: 'Start draft' }).click(); // the last version is preselected
      await assertVisible(page.getByText('Ready to submit.').first());
      await page.context().close();
    });
  }
});
