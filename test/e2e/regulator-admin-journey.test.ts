/**
 * The rest of the regulator portal in a real browser, for the demo accounts, at
 * 1280 and 375 px with axe on every page, wrong input first and then right:
 * a Reviewer's minor correction (and the business reading it), a Regulator
 * Admin deciding a request, the local policies, a staff invitation and the
 * directory details, and a System Admin creating an agency.
 */
import { hashPassword } from '../../src/auth/passwords';
import { DEMO_PASSWORD, seed as seedDemo } from '../../seeds/90_demo';
import { assertVisible, checkPage, choose, describeBrowser, signInAs, startPortal, VIEWPORTS, type Portal } from '../support/browser';

let portal: Portal;

/** Per viewport: the demo facility whose Facility Information is corrected, and the demo request decided. */
const RUNS = [
  { facility: 'Delano Farm Services – main shop', request: 'Access request', decision: /^Grant/ },
  { facility: 'Delano Farm Services – McFarland ag chemicals', request: 'Transfer', decision: /^Approve/ },
];

describeBrowser('regulator portal pages in a browser, demo accounts', () => {
  beforeAll(async () => {
    portal = await startPortal();
    await seedDemo(portal.knex);
    await portal.knex('users').insert({
      username: 'sysadmin', email: 'sysadmin@calepa.example.gov', first_name: 'Sam', last_name: 'Admin',
      password_hash: await hashPassword(DEMO_PASSWORD), activated_at: new Date(), is_system_admin: true,
    });
  });
  afterAll(() => portal?.close());

  VIEWPORTS.forEach((viewport, i) => {
    test(`corrections, requests, CUPA and platform administration at ${viewport.width}px`, async () => {
      const run = RUNS[i]!;
      const facility = await portal.knex('facilities').where({ name: run.facility }).first('cers_id', 'organization_id');

      // The business files its Facility Information again through the portal (so the version has the database's
      // own submitted time, microseconds on PostgreSQL), as a copy of the last one.
      const business = await (await portal.browser.newContext({ viewport })).newPage();
      await signInAs(business, portal.baseUrl, 'consultant', DEMO_PASSWORD);
      await business.goto(`${portal.baseUrl}/orgs/${facility.organization_id}/facilities/${facility.cers_id}`);
      await business.getByRole('link', { name: 'Facility Information' }).first().click();
      await business.getByRole('button', { name: 'Start draft' }).click(); // the last version is preselected
      await business.getByRole('link', { name: 'Review and submit' }).click();
      await business.getByRole('button', { name: 'Submit to the CUPA' }).click();
      await assertVisible(business.getByRole('heading', { name: 'Submitted to your CUPA' }));

      // A Reviewer corrects a misspelling in that version; the reason is required.
      const reviewer = await (await portal.browser.newContext({ viewport })).newPage();
      await signInAs(reviewer, portal.baseUrl, 'reviewer', DEMO_PASSWORD);
      await reviewer.goto(`${portal.baseUrl}/regulator/submittals?facility=${facility.cers_id}`);
      await reviewer.getByRole('row').filter({ hasText: run.facility }).getByRole('link', { name: 'Facility Information' }).first().click();
      const submittedNow = await portal.knex('element_versions as v').join('facilities as f', 'f.id', 'v.facility_id')
        .where({ 'f.cers_id': facility.cers_id, 'v.element_code': 1 }).whereNot('v.status', 'draft').orderBy('v.id', 'desc').first('v.id');
      expect(reviewer.url()).toMatch(new RegExp(`/regulator/submittals/${submittedNow.id}$`)); // the version the business just sent
      await reviewer.getByRole('link', { name: 'Make a minor correction' }).click();
      await reviewer.locator('#emergency1Name').fill('Luis Ortega Ruiz');
      await reviewer.getByRole('button', { name: 'Save the corrected version' }).click();
      await assertVisible(reviewer.getByText('There is a problem'));
      await assertVisible(reviewer.locator('#reason-error'));
      expect(await reviewer.locator('#emergency1Name').inputValue()).toBe('Luis Ortega Ruiz'); // nothing typed is lost
      await checkPage(reviewer, `90-correction-reason-missing-${i}`);
      await reviewer.getByLabel('Why this correction').fill('The foreman’s full name, confirmed by phone');
      await reviewer.getByRole('button', { name: 'Save the corrected version' }).click();
      await assertVisible(reviewer.getByRole('heading', { name: 'Regulator-corrected version' }));
      await checkPage(reviewer, `91-corrected-version-${i}`);

      // The business (the consultant is Delano Farm Services' Lead User) is told and sees before and after.
      const mail = await portal.waitForMail('consultant@demo.example.com', new RegExp(`corrected your Facility Information: ${run.facility}`));
      expect(mail.text).toContain('“Luis Ortega” → “Luis Ortega Ruiz”');
      await business.goto(portal.linkIn(mail, '/orgs/'));
      await assertVisible(business.getByText('A reviewer made a minor correction').first());
      await assertVisible(business.getByRole('cell', { name: 'Luis Ortega Ruiz' }));
      await checkPage(business, `92-business-correction-${i}`);

      // The Regulator Admin decides a request; a comment is required.
      const admin = await (await portal.browser.newContext({ viewport })).newPage();
      await signInAs(admin, portal.baseUrl, 'cupa-admin', DEMO_PASSWORD);
      await admin.goto(`${portal.baseUrl}/regulator/requests`);
      await checkPage(admin, `93-requests-${i}`);
      await admin.getByRole('link', { name: run.request }).first().click();
      await choose(admin.getByRole('radio', { name: run.decision }));
      await admin.getByRole('button', { name: 'Save decision' }).click();
      await assertVisible(admin.locator('#comment-error'));
      await checkPage(admin, `94-request-comment-missing-${i}`);
      await choose(admin.getByRole('radio', { name: run.decision }));
      await admin.getByLabel('Comment to the business').fill('Confirmed with the business by phone.');
      await admin.getByRole('button', { name: 'Save decision' }).click();
      await assertVisible(admin.getByText('Confirmed with the business by phone.').first());
      await checkPage(admin, `95-request-decided-${i}`);

      // Local policies: an impossible due date is refused beside the day field, nothing saved.
      await admin.goto(`${portal.baseUrl}/regulator/admin/policies`);
      await admin.getByLabel('Month').selectOption({ label: 'February' });
      await admin.getByLabel('Day').fill('30');
      await admin.getByRole('button', { name: 'Save local policies' }).click();
      await assertVisible(admin.locator('#dueDay-error'));
      await checkPage(admin, `96-policies-bad-date-${i}`);
      expect((await portal.knex('regulators').where({ code: '1500' }).first('annual_due_month')).annual_due_month).toBe(3);

      // A staff invitation to a malformed address, then a good one.
      await admin.goto(`${portal.baseUrl}/regulator/admin/staff`);
      await admin.getByRole('link', { name: 'Invite a person' }).click();
      await admin.getByLabel('Email address').fill('not an address');
      await choose(admin.getByRole('radio', { name: /^Reviewer/ }));
      await admin.getByRole('button', { name: 'Send invitation' }).click();
      await assertVisible(admin.locator('#email-error'));
      await checkPage(admin, `97-invite-bad-email-${i}`);
      await admin.getByLabel('Email address').fill(`new.inspector${i}@kern.example.gov`);
      await choose(admin.getByRole('radio', { name: /^Reviewer/ }));
      await admin.getByRole('button', { name: 'Send invitation' }).click();
      await assertVisible(admin.getByText(`new.inspector${i}@kern.example.gov`).first());
      await portal.waitForMail(`new.inspector${i}@kern.example.gov`, /invit/i);

      // Directory details: a website must be https.
      await admin.goto(`${portal.baseUrl}/regulator/admin/contact`);
      await admin.getByLabel('Website').fill('http://kernpublichealth.example');
      await admin.getByRole('button', { name: 'Save contact details' }).click();
      await assertVisible(admin.locator('#website-error'));
      await checkPage(admin, `98-contact-bad-website-${i}`);

      // A System Admin creates an agency; an empty form is refused field by field.
      const sys = await (await portal.browser.newContext({ viewport })).newPage();
      await signInAs(sys, portal.baseUrl, 'sysadmin', DEMO_PASSWORD);
      await sys.goto(`${portal.baseUrl}/admin`);
      await checkPage(sys, `99a-agencies-${i}`);
      await sys.getByRole('link', { name: 'Create an agency' }).click();
      await sys.getByRole('button', { name: 'Save the agency' }).click();
      await assertVisible(sys.locator('#name-error'));
      await checkPage(sys, `99b-agency-empty-${i}`);
      await sys.getByLabel('Name of the agency').fill(`Test Valley CUPA ${i}`);
      await choose(sys.getByRole('radio', { name: /^County agency/ }));
      await sys.getByLabel('County', { exact: true }).first().selectOption({ label: 'Mono' });
      await sys.getByRole('button', { name: 'Save the agency' }).click();
      await assertVisible(sys.getByRole('heading', { name: `Test Valley CUPA ${i}` }));
      await checkPage(sys, `99c-agency-created-${i}`);

      for (const p of [reviewer, business, admin, sys]) await p.context().close();
    });
  });
});
