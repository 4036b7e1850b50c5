/**
 * Building an inventory by hand in a real browser, at 1280 and 375 px, with axe
 * on every page: one material from the library, one new, one waste; Validate My
 * Inventory shows a Required problem, it is fixed; the summary; then the
 * inventory element is submitted with its site map.
 */
import type { Page } from 'playwright-core';
import { createUser, PASSWORD } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { PDF } from '../support/files';
import { assertVisible, checkPage, choose, describeBrowser, signInAs, startPortal, VIEWPORTS, type Portal } from '../support/browser';

let portal: Portal;

async function fillAmounts(page: Page, location: string, max: string, avg: string, largest: string) {
  await page.getByLabel('Building or outside area').fill(location);
  await page.getByLabel('Maximum daily amount').fill(max);
  await page.getByLabel('Average daily amount').fill(avg);
  await page.getByLabel('Largest container').fill(largest);
}

describeBrowser('inventory in a browser', () => {
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal?.close());

  for (const viewport of VIEWPORTS) {
    test(`three materials, validated, fixed, summarized and submitted at ${viewport.width}px`, async () => {
      const w = viewport.width;
      const org = await createOrg(portal.knex, { name: `Inventory Builders ${w}` });
      const lead = await createUser(portal.knex, { username: `builder${w}` });
      await addMember(portal.knex, lead, org, 'lead_user');
      const facility = await createFacility(portal.knex, org, { name: `Depot ${w}` });
      // Facility Information was filed last year: only the inventory element is new work now.
      const fi = { hmOnSite: 'Y', hwGenerator: 'Y', calArp: 'N', ust: 'N', apst: 'N', recycle: 'N', onsiteTreatment: 'N', financialAssurance: 'N', rwConsolidation: 'N', hwTankClosure: 'N', rcraLqg: 'N', hhwCollection: 'N', epaId: null, comments: null };
      await portal.knex('element_versions').insert({ facility_id: facility.id, organization_id: org.id, element_code: 1, status: 'accepted', content: JSON.stringify({ businessActivities: fi, ownerOperator: { numberOfEmployees: '3', preparerName: 'A', signerName: 'B', signerTitle: 'C', signedDate: '2026-01-05' } }), submitted_at: new Date('2026-01-05'), content_hash: 'x' });
      const base = `${portal.baseUrl}/orgs/${org.id}/facilities/${facility.cers_id}`;
      const page = await (await portal.browser.newContext({ viewport })).newPage();
      await signInAs(page, portal.baseUrl, `builder${w}`, PASSWORD);

      // 1. From the library.
      await page.goto(`${base}/inventory/add`);
      await page.getByLabel('Chemical name, synonym or CAS number').fill('7664-93-9');
      await page.getByRole('button', { name: 'Search' }).click();
      await checkPage(page, '60-library-search');
      await page.getByRole('link', { name: 'Sulfuric acid (concentrated, >51%)' }).click();
      await fillAmounts(page, 'Battery room', '120', '60', '55');
      await choose(page.getByLabel('Plastic/non-metallic drum'));
      await checkPage(page, '61-material-from-library');
      await page.getByRole('button', { name: 'Save material' }).click();
      await assertVisible(page.getByText('Sulfuric acid (concentrated, >51%) added to the inventory').first());

      // 2. New, not in the library.
      await page.goto(`${base}/inventory/add`);
      await page.getByRole('link', { name: 'Unable to find material – add new chemical' }).click();
      await page.getByLabel('Common name').fill('Parts washer solvent');
      await choose(page.getByRole('radio', { name: 'Mixture' }));
      await choose(page.getByRole('radio', { name: 'Liquid' }));
      await page.getByLabel('Unit of the amounts').selectOption({ label: 'Gallons' });
      await fillAmounts(page, 'Shop', '80', '40', '30');
      await choose(page.getByLabel('Steel drum'));
      await choose(page.getByLabel('Flammable', { exact: true }));
      await page.getByLabel('Component 1 name').fill('Mineral spirits');
      await page.getByLabel('Component 1 percent by weight').fill('95');
      await page.getByRole('button', { name: 'Save material' }).click();
      await assertVisible(page.getByText('Parts washer solvent added to the inventory').first());

      // 3. A waste, first with its average above its maximum (CERS refuses that, guidance 1037) and no waste code:
      //    saved, with the Required problem beside the field and the missing code as a Warning.
      await page.goto(`${base}/inventory/new`);
      await page.getByLabel('Common name').fill('Waste oil');
      await choose(page.getByRole('radio', { name: 'Waste' }));
      await choose(page.getByRole('radio', { name: 'Liquid' }));
      await page.getByLabel('Unit of the amounts').selectOption({ label: 'Gallons' });
      await fillAmounts(page, 'Waste oil tank', '250', '300', '250');
      await page.getByLabel('Annual waste amount').fill('1,500');
      await choose(page.getByLabel('Aboveground tank'));
      await choose(page.getByLabel('Flammable', { exact: true }));
      await page.getByRole('button', { name: 'Save material' }).click();
      await assertVisible(page.locator('#averageDaily-error'));
      await checkPage(page, '62-material-with-problem');

      await page.goto(`${base}/inventory/validate`);
      await assertVisible(page.getByText('Enter the California waste code').first());
      await page.getByRole('link', { name: 'Only show materials with errors or warnings' }).click();
      await checkPage(page, '63-validate');
      await page.getByRole('link', { name: 'Waste oil' }).click();
      await page.getByLabel('Average daily amount').fill('150');
      await page.getByLabel('California waste code').fill('221');
      await page.getByRole('button', { name: 'Save material' }).click();
      await assertVisible(page.getByText('Waste oil saved').first());

      await page.goto(`${base}/inventory/summary`);
      await assertVisible(page.getByText('3 materials').first());
      await checkPage(page, '64-summary');
      await page.goto(`${base}/inventory`);
      await checkPage(page, '65-inventory');

      // The site map, then submit FI (a copy of last year's) with the inventory.
      await page.goto(`${base}/elements/2`);
      await page.getByRole('link', { name: 'Provide the Annotated Site Map', exact: true }).click();
      await page.getByLabel('Title', { exact: true }).fill('Site map');
      await page.getByLabel('Date written').fill('2026-11-01');
      await page.locator('#file').setInputFiles({ name: 'site-map.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.getByRole('button', { name: 'Upload' }).click();
      await assertVisible(page.getByText('Uploaded "Site map"').first());
      await page.goto(`${base}/elements/1`);
      await page.getByRole('button', { name: 'Start draft' }).click();
      await page.goto(`${base}/submit`);
      await page.getByRole('button', { name: 'Submit to the CUPA' }).click();
      await page.waitForURL(/\/submittals\/\d+$/);
      await assertVisible(page.getByRole('link', { name: 'Hazardous Materials Inventory' }));
      await page.context().close();
    });
  }
});
