/**
 * Organizations in a real browser, at desktop and phone widths, with axe on
 * every page: add a facility; request access and have it granted; invite a
 * newcomer who registers through the link; a consultant switching organizations.
 * Mail goes through the real SMTP server the portal was started with.
 */
import type { Page } from 'playwright-core';
import { createUser, PASSWORD } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { assertVisible, checkPage, choose, describeBrowser, signInAs, startPortal, VIEWPORTS, type Portal } from '../support/browser';

let portal: Portal;

describeBrowser('organizations in a browser', () => {
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal?.close());

  async function newPage(width: number): Promise<Page> {
    const context = await portal.browser.newContext({ viewport: VIEWPORTS.find((v) => v.width === width)! });
    return context.newPage();
  }

  for (const { width } of VIEWPORTS) {
    test(`add a facility as a new business at ${width}px`, async () => {
      await createUser(portal.knex, { username: `founder${width}` });
      const page = await newPage(width);
      await signInAs(page, portal.baseUrl, `founder${width}`, PASSWORD);
      await page.getByRole('link', { name: 'Add a facility' }).click();
      await checkPage(page, `10-add-facility-address`);
      await page.getByLabel('Street address').fill(`${width} Truxtun Ave`);
      await page.getByLabel('City').fill('Bakersfield');
      await page.getByLabel('ZIP code').fill('93301');
      await page.getByLabel('County').selectOption({ label: 'Kern' });
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL('**/facilities/new/name');
      await checkPage(page, `11-add-facility-name`);
      await page.getByLabel('Facility name').fill(`Truxtun Depot ${width}`);
      await choose(page.getByLabel('A new business (organization)'));
      await page.getByLabel('Legal name of the new business').fill(`Truxtun Holdings ${width}`);
      await page.getByRole('button', { name: 'Add facility' }).click();
      await page.waitForURL(/\/orgs\/\d+\/facilities\/\d{8}$/);
      await assertVisible(page.getByRole('heading', { name: `Truxtun Depot ${width}` }));
      await assertVisible(page.getByText('Bakersfield Fire Department'));
      await assertVisible(page.getByText('You are Lead User'));
      await checkPage(page, `12-facility`);
      await page.context().close();
    });

    test(`request access, granted by the Lead User, at ${width}px`, async () => {
      const org = await createOrg(portal.knex, { name: `Granting Farms ${width}` });
      const lead = await createUser(portal.knex, { username: `glead${width}`, email: `glead${width}@example.com` });
      await addMember(portal.knex, lead, org, 'lead_user');
      const facility = await createFacility(portal.knex, org, { name: `Granting Barn ${width}` });
      await createUser(portal.knex, { username: `seeker${width}`, email: `seeker${width}@example.com` });

      const seeker = await newPage(width);
      await signInAs(seeker, portal.baseUrl, `seeker${width}`, PASSWORD);
      await seeker.getByRole('link', { name: 'Find a facility' }).click();
      await seeker.getByLabel('CERS ID, facility name or address number').fill(`Granting Barn ${width}`);
      await seeker.getByRole('button', { name: 'Search' }).click();
      await checkPage(seeker, `20-search`);
      await seeker.getByRole('link', { name: `Request access to Granting Barn ${width}` }).click();
      await checkPage(seeker, `21-request-access`);
      await seeker.getByLabel('Phone number').fill('661 555 0199');
      await seeker.getByLabel('Job title').fill('Ranch manager');
      await choose(seeker.getByLabel('Approver'));
      await seeker.getByRole('button', { name: 'Send request' }).click();
      await seeker.waitForURL('**/account');
      await assertVisible(seeker.getByText('Request sent'));

      const mail = await portal.waitForMail(`glead${width}@example.com`, new RegExp(`CERS ID ${facility.cers_id}`));
      const leadPage = await newPage(width);
      await signInAs(leadPage, portal.baseUrl, `glead${width}`, PASSWORD);
      await leadPage.goto(portal.linkIn(mail, '/orgs/'));
      await checkPage(leadPage, `22-access-requests`);
      await leadPage.getByRole('link', { name: /^Test Person/ }).first().click();
      await checkPage(leadPage, `23-access-request`);
      await choose(leadPage.getByLabel('Grant access'));
      await choose(leadPage.getByRole('radio', { name: /^Approver/ }));
      await leadPage.getByRole('button', { name: 'Save decision' }).click();
      await leadPage.waitForURL(/\/access-requests$/);
      await assertVisible(leadPage.getByText('was granted'));

      await portal.waitForMail(`seeker${width}@example.com`, /Access granted/);
      await seeker.goto(`${portal.baseUrl}/account`);
      await seeker.getByRole('link', { name: `Granting Farms ${width}` }).click();
      await assertVisible(seeker.getByText('You are Approver'));
      await assertVisible(seeker.getByRole('link', { name: `Granting Barn ${width}` }));
      await seeker.context().close();
      await leadPage.context().close();
    });

    test(`invite a newcomer who registers through the link, at ${width}px`, async () => {
      const org = await createOrg(portal.knex, { name: `Inviting Co ${width}` });
      const lead = await createUser(portal.knex, { username: `ilead${width}` });
      await addMember(portal.knex, lead, org, 'lead_user');
      const email = `fresh${width}@example.com`;

      const leadPage = await newPage(width);
      await signInAs(leadPage, portal.baseUrl, `ilead${width}`, PASSWORD);
      await leadPage.getByRole('link', { name: 'People' }).click();
      await checkPage(leadPage, `30-people`);
      await leadPage.getByRole('link', { name: 'Add a person' }).click();
      await leadPage.getByLabel('Email address').fill(email);
      await choose(leadPage.getByLabel('Editor'));
      await checkPage(leadPage, `31-invite`);
      await leadPage.getByRole('button', { name: 'Send invitation' }).click();
      await leadPage.waitForURL(/\/people$/);
      await assertVisible(leadPage.getByText('Invitation sent'));

      const invite = await portal.waitForMail(email, /You are invited/);
      const page = await newPage(width);
      await page.goto(portal.linkIn(invite, '/invitations/'));
      await checkPage(page, `32-invitation`);
      await page.getByRole('link', { name: 'Create an account' }).last().click();
      expect(await page.getByLabel('Email address').inputValue()).toBe(email);
      await page.getByLabel('First name').fill('Fresh');
      await page.getByLabel('Last name').fill('Hire');
      await page.getByLabel('Username').fill(`fresh${width}`);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Confirm password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL('**/register/check-email');
      const activation = await portal.waitForMail(email, /Activate/);
      await page.goto(portal.linkIn(activation, '/activate/'));
      await page.getByRole('button', { name: 'Activate my account' }).click();
      await page.getByLabel('Username or email address').fill(`fresh${width}`);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/invitations/**');
      await page.getByRole('button', { name: 'Accept and join' }).click();
      await page.waitForURL(/\/orgs\/\d+\/facilities$/);
      await assertVisible(page.getByText(`You are Editor`));
      await assertVisible(page.getByRole('link', { name: `Inviting Co ${width}` }));
      await checkPage(page, `33-joined`);
      await page.context().close();
      await leadPage.context().close();
    });

    test(`a consultant switches between organizations at ${width}px`, async () => {
      const a = await createOrg(portal.knex, { name: `Alpha Fuels ${width}` });
      const b = await createOrg(portal.knex, { name: `Bravo Ag ${width}` });
      const consultant = await createUser(portal.knex, { username: `consult${width}` });
      await addMember(portal.knex, consultant, a, 'editor');
      await addMember(portal.knex, consultant, b, 'lead_user');
      await createFacility(portal.knex, a, { name: `Alpha Yard ${width}` });
      await createFacility(portal.knex, b, { name: `Bravo Shop ${width}` });
      const page = await newPage(width);
      await signInAs(page, portal.baseUrl, `consult${width}`, PASSWORD);
      await page.waitForURL('**/account');
      await checkPage(page, `40-consultant-account`);
      await page.getByRole('link', { name: `Alpha Fuels ${width}` }).click();
      await assertVisible(page.getByText('You are Editor'));
      await assertVisible(page.getByRole('link', { name: `Alpha Yard ${width}` }));
      expect(await page.getByText(`Bravo Shop ${width}`).count()).toBe(0);
      await checkPage(page, `41-consultant-alpha`);
      await page.getByRole('link', { name: 'Switch organization' }).click();
      await page.getByRole('link', { name: `Bravo Ag ${width}` }).click();
      await assertVisible(page.getByText('You are Lead User'));
      await assertVisible(page.getByRole('link', { name: `Bravo Shop ${width}` }));
      expect(await page.getByText(`Alpha Yard ${width}`).count()).toBe(0);
      await page.context().close();
    });
  }
});
