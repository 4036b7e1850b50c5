/**
 * The whole review loop in a real browser, for the demo accounts, at 1280 and
 * 375 px with axe on every page: the demo Lead User submits Facility
 * Information → the demo Reviewer marks it Not accepted with a comment → the
 * Lead User reads the email and the facility page, starts a draft from a copy,
 * fixes it and resubmits → the Reviewer accepts → the Lead User is told.
 */
import { DEMO_PASSWORD, seed as seedDemo } from '../../seeds/90_demo';
import { assertVisible, checkPage, choose, describeBrowser, signInAs, startPortal, VIEWPORTS, type Portal } from '../support/browser';
import { filingFixtures } from '../support/role-fixtures';
import type { Agent } from '../support/app';

let portal: Portal;

const FACILITIES = ['Kern Valley Fuel – Delano cardlock', 'Kern Valley Fuel – Shafter yard'];

describeBrowser('the review loop in a browser, demo accounts', () => {
  beforeAll(async () => {
    portal = await startPortal();
    await seedDemo(portal.knex);
  });
  afterAll(() => portal?.close());

  VIEWPORTS.forEach((viewport, i) => {
    test(`submit → Not accepted → fix and resubmit → Accepted at ${viewport.width}px`, async () => {
      const name = FACILITIES[i]!;
      const facility = await portal.knex('facilities').where({ name }).first('id', 'cers_id', 'organization_id');
      const leadUser = await portal.knex('users').where({ username: 'lead' }).first('id');
      // Facility Information filled in and ready (the forms themselves are the submittal journey's subject).
      await filingFixtures(portal.knex, { id: facility.organization_id }, { user: leadUser, agent: null as unknown as Agent, csrf: '' }).readyFacilityInformation(facility.cers_id);

      // 1. The demo Lead User submits.
      const business = await (await portal.browser.newContext({ viewport })).newPage();
      await signInAs(business, portal.baseUrl, 'lead', DEMO_PASSWORD);
      await business.getByRole('link', { name }).click();
      await business.getByRole('link', { name: 'Review and submit' }).click();
      await business.getByLabel('Comment to the CUPA about Facility Information').fill('Annual update');
      await business.getByRole('button', { name: 'Submit to the CUPA' }).click();
      await assertVisible(business.getByRole('heading', { name: 'Submitted to your CUPA' }));

      // 2. The demo Reviewer finds it in the queue and marks it Not accepted.
      const regulator = await (await portal.browser.newContext({ viewport })).newPage();
      await signInAs(regulator, portal.baseUrl, 'reviewer', DEMO_PASSWORD);
      expect(new URL(regulator.url()).pathname).toBe('/regulator/submittals');
      await assertVisible(regulator.getByRole('heading', { name: 'Review queue' }));
      await checkPage(regulator, `80-review-queue-${i}`);
      const row = regulator.getByRole('row').filter({ hasText: name });
      await row.getByRole('link', { name: 'Facility Information' }).first().click();
      await assertVisible(regulator.getByRole('heading', { name: 'Facility Information' }));
      await assertVisible(regulator.getByText('Annual update', { exact: true }));
      await checkPage(regulator, `81-review-submittal-${i}`);
      // A Not accepted decision without a comment is refused, beside the field and in the summary.
      await choose(regulator.getByRole('radio', { name: /^Not accepted/ }));
      await regulator.getByRole('button', { name: 'Save decision' }).click();
      await assertVisible(regulator.getByText('There is a problem'));
      await checkPage(regulator, `82-review-comment-missing-${i}`);
      await choose(regulator.getByRole('radio', { name: /^Not accepted/ }));
      await regulator.getByLabel('Comment to the business').fill('The 24-hour phone of the emergency contact is missing. Add it and resubmit.');
      await regulator.getByRole('button', { name: 'Save decision' }).click();
      await assertVisible(regulator.getByText('Decision saved').first());
      await checkPage(regulator, `83-review-not-accepted-${i}`);

      // 3. The Lead User reads the email and the facility page.
      const mail = await portal.waitForMail('lead@demo.example.com', new RegExp(`Facility Information not accepted: ${name}`));
      expect(mail.text).toContain('24-hour phone of the emergency contact is missing');
      await business.goto(portal.linkIn(mail, '/orgs/'));
      await assertVisible(business.getByText('Not accepted').first());
      await business.getByRole('link', { name }).first().click();
      await assertVisible(business.getByText(/Correct and resubmit by \w+ \d{1,2}, \d{4}/).first());
      await assertVisible(business.getByText('CUPA: The 24-hour phone').first());
      await checkPage(business, `84-business-not-accepted-${i}`);

      // 4. A draft from a copy of the last version, fixed, resubmitted.
      await business.getByRole('link', { name: 'Facility Information' }).first().click();
      await business.getByRole('button', { name: 'Start draft' }).click(); // the last version is preselected
      await business.getByRole('link', { name: /Edit\s+Business Owner\/Operator Identification/ }).click();
      await business.locator('#emergency1Phone24').fill('661 555 0199');
      await business.getByRole('button', { name: 'Save Owner/Operator Identification' }).click();
      await assertVisible(business.getByText('Ready to submit.').first());
      await business.getByRole('link', { name: 'Review and submit' }).click();
      await business.getByLabel('Comment to the CUPA about Facility Information').fill('Added the 24-hour phone');
      await business.getByRole('button', { name: 'Submit to the CUPA' }).click();
      await assertVisible(business.getByRole('heading', { name: 'Submitted to your CUPA' }));

      // 5. The Reviewer accepts the new version.
      await regulator.goto(`${portal.baseUrl}/regulator/submittals?status=submitted&facility=${facility.cers_id}`);
      await regulator.getByRole('row').filter({ hasText: name }).getByRole('link', { name: 'Facility Information' }).first().click();
      await assertVisible(regulator.getByText('Added the 24-hour phone', { exact: true }));
      await choose(regulator.getByRole('radio', { name: /^Accepted/ }));
      await regulator.getByRole('button', { name: 'Save decision' }).click();
      await assertVisible(regulator.getByText('Decision saved').first());
      await checkPage(regulator, `85-review-accepted-${i}`);

      const accepted = await portal.waitForMail('lead@demo.example.com', new RegExp(`Facility Information accepted: ${name}`));
      expect(accepted.text).toContain('set the Facility Information');
      await business.goto(`${portal.baseUrl}/orgs/${facility.organization_id}/facilities/${facility.cers_id}`);
      await assertVisible(business.getByText('Accepted').first());
      await checkPage(business, `86-business-accepted-${i}`);
      const statuses = await portal.knex('element_versions').where({ facility_id: facility.id, element_code: 1 }).orderBy('id').pluck('status');
      expect(statuses).toEqual(['not_accepted', 'accepted']);
      await business.context().close();
      await regulator.context().close();
    });
  });
});
