import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the public Regulator Directory', () => {
  test('lists every CUPA with its county, area and a way to reach it, without signing in', async () => {
    const res = await request(t.app).get('/regulators');
    expect(res.status).toBe(200);
    const count = Number((await t.knex('regulators').count({ n: '*' }).first())!.n);
    expect(res.text).toContain(`${count} agencies`);
    expect((res.text.match(/class="app-directory__entry"/g) ?? []).length).toBe(count);
    expect(res.text).toContain('Bakersfield Fire Department');
    expect(res.text).toContain('Kern County');
    expect(res.text).toMatch(/<dt>Website<\/dt><dd><a href="https?:\/\//);
    // A public page of the business side, not the (blue) regulator portal.
    expect(res.text).toContain('Business portal');
    expect(res.text).not.toContain('Regulator portal');
  });

  test('searching by city or county narrows the list to the agencies that cover it', async () => {
    const res = await request(t.app).get('/regulators?q=bakersfield');
    expect(res.text).toContain('Bakersfield Fire Department');
    expect(res.text).not.toContain('Alameda County Department of Environmental Health');
    const none = await request(t.app).get('/regulators?q=atlantis');
    expect(none.text).toContain('No agency matches');
  });

  test('contact details a CUPA admin entered are shown; search text is not SQL', async () => {
    await t.knex('regulators').where({ name: 'Bakersfield Fire Department' }).update({ phone: '(661) 326-3979', email: 'cupa@example.gov', address: '2101 H Street, Bakersfield, CA 93301' });
    const res = await request(t.app).get('/regulators?q=Bakersfield%20Fire');
    expect(res.text).toContain('href="tel:6613263979"');
    expect(res.text).toContain('href="mailto:cupa@example.gov"');
    expect(res.text).toContain('2101 H Street');
    expect((await request(t.app).get(`/regulators?q=${encodeURIComponent("%' or 1=1 --")}`)).text).toContain('No agency matches');
  });
});
