/** The public Regulator Directory in a browser at 1280 and 375 px, with axe: found from the footer, searched by city. */
import { assertVisible, checkPage, describeBrowser, startPortal, VIEWPORTS, type Portal } from '../support/browser';

let portal: Portal;

describeBrowser('regulator directory in a browser', () => {
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal?.close());

  for (const viewport of VIEWPORTS) {
    test(`a visitor finds the CUPA of Bakersfield at ${viewport.width}px`, async () => {
      const page = await (await portal.browser.newContext({ viewport })).newPage();
      await page.goto(portal.baseUrl);
      await page.getByRole('link', { name: 'Regulator Directory' }).click();
      await checkPage(page, '90-regulator-directory');
      await page.getByLabel('Agency, county or city').fill('Bakersfield');
      await page.getByRole('button', { name: 'Search' }).click();
      await assertVisible(page.getByRole('heading', { name: 'Bakersfield Fire Department' }));
      await checkPage(page, '91-regulator-directory-search');
    });
  }
});
