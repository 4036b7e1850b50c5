/**
 * A person in a real browser: register → activation email through a real SMTP
 * server → activate → sign in → sign out, at desktop and phone widths, with axe
 * on every page visited. Needs Chromium (skipped without it, except in CI).
 */
import { assertFocused, assertVisible, checkPage, describeBrowser, startPortal, VIEWPORTS, type Portal } from '../support/browser';

const PASSWORD = 'copper-kettle-lighthouse-3';
let portal: Portal;

describeBrowser('account journey in a browser', () => {
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal?.close());

  for (const viewport of VIEWPORTS) {
    test(`register, activate, sign in and out at ${viewport.width}px`, async () => {
      const { baseUrl } = portal;
      const context = await portal.browser.newContext({ viewport });
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

      const mail = await portal.waitForMail(email, /Activate/);
      await page.goto(portal.linkIn(mail, '/activate/'));
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
