import type { Knex } from 'knex';
import { hashPassword } from '../src/auth/passwords';
import { pickRegulator } from '../src/rules/jurisdiction.rules';

const KERN_COUNTY = 15;

/**
 * Development demo data: two organizations in Kern County, the CUPA's staff, and
 * one account for every role. Printed on start and listed in the README.
 * Idempotent: existing demo accounts are left as they are.
 */
export const DEMO_PASSWORD = 'correct-horse-2026';

export const DEMO_ORGS = [
  { code: '90000001', name: 'Kern Valley Fuel & Supply', headquarters: 'Bakersfield, CA' },
  { code: '90000002', name: 'Delano Farm Services', headquarters: 'Delano, CA' },
  // No members: access requests for its facility go to the Kern County CUPA's Regulator Admins.
  { code: '90000003', name: 'Shafter Pool & Spa Supply', headquarters: 'Shafter, CA' },
] as const;

/** Six facilities in two CUPAs: Bakersfield Fire Department (city) and Kern County (the rest of the county). */
export const DEMO_FACILITIES = [
  { org: '90000001', name: 'Kern Valley Fuel – Bakersfield terminal', street: '2800 Pegasus Dr', city: 'Bakersfield', zip: '93308' },
  { org: '90000001', name: 'Kern Valley Fuel – Delano cardlock', street: '1415 Cecil Ave', city: 'Delano', zip: '93215' },
  { org: '90000001', name: 'Kern Valley Fuel – Shafter yard', street: '455 E Lerdo Hwy', city: 'Shafter', zip: '93263' },
  { org: '90000002', name: 'Delano Farm Services – main shop', street: '31500 Garces Hwy', city: 'Delano', zip: '93215' },
  { org: '90000002', name: 'Delano Farm Services – McFarland ag chemicals', street: '600 W Perkins Ave', city: 'McFarland', zip: '93250' },
  { org: '90000003', name: 'Shafter Pool & Spa Supply', street: '210 Central Valley Hwy', city: 'Shafter', zip: '93263' },
] as const;

type DemoAccount = {
  username: string;
  first: string;
  last: string;
  describe: string;
  memberships?: { org: string; role: 'viewer' | 'editor' | 'approver' | 'lead_user' }[];
  regulatorRole?: 'regulator_viewer' | 'reviewer' | 'regulator_admin';
};

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'lead', first: 'Lena', last: 'Lead', describe: 'Lead User, Kern Valley Fuel & Supply', memberships: [{ org: '90000001', role: 'lead_user' }] },
  { username: 'approver', first: 'Arturo', last: 'Approver', describe: 'Approver, Kern Valley Fuel & Supply', memberships: [{ org: '90000001', role: 'approver' }] },
  { username: 'editor', first: 'Erin', last: 'Editor', describe: 'Editor, Kern Valley Fuel & Supply', memberships: [{ org: '90000001', role: 'editor' }] },
  { username: 'viewer', first: 'Victor', last: 'Viewer', describe: 'Viewer, Kern Valley Fuel & Supply', memberships: [{ org: '90000001', role: 'viewer' }] },
  {
    username: 'consultant', first: 'Carmen', last: 'Consultant', describe: 'Consultant: Editor at Kern Valley Fuel & Supply, Lead User at Delano Farm Services',
    memberships: [{ org: '90000001', role: 'editor' }, { org: '90000002', role: 'lead_user' }],
  },
  { username: 'reviewer', first: 'Rosa', last: 'Reviewer', describe: 'CUPA Reviewer, Kern County', regulatorRole: 'reviewer' },
  { username: 'cupa-admin', first: 'Adam', last: 'Administrator', describe: 'CUPA Regulator Admin, Kern County', regulatorRole: 'regulator_admin' },
];

export async function seed(knex: Knex): Promise<void> {
  const kern = await knex('regulators').where({ code: '1500' }).first('id');
  if (!kern) throw new Error('Demo seed needs the Kern County CUPA (code 1500) from 02_regulators');
  await knex('organizations').insert(DEMO_ORGS.map((o) => ({ ...o }))).onConflict('code').ignore();
  const orgIds = new Map(
    (await knex('organizations').whereIn('code', DEMO_ORGS.map((o) => o.code)).select('id', 'code')).map(
      (o: { id: number; code: string }) => [o.code, o.id],
    ),
  );
  for (const f of DEMO_FACILITIES) {
    const organizationId = orgIds.get(f.org);
    if (await knex('facilities').where({ organization_id: organizationId, name: f.name }).first('id')) continue;
    const jurisdictions = (await knex('regulator_jurisdictions').where({ county_id: KERN_COUNTY }).select('regulator_id', 'city')).map(
      (j: { regulator_id: number; city: string | null }) => ({ regulatorId: j.regulator_id, city: j.city }),
    );
    await knex('facilities').insert({
      organization_id: organizationId, name: f.name, street: f.street, city: f.city, zip: f.zip,
      county_id: KERN_COUNTY, regulator_id: pickRegulator(jurisdictions, f.city),
    });
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const a of DEMO_ACCOUNTS) {
    const existing = await knex('users').whereRaw('lower(username) = ?', [a.username]).first('id');
    if (existing) continue;
    const [user] = await knex('users')
      .insert({
        username: a.username,
        email: `${a.username}@demo.example.com`,
        first_name: a.first,
        last_name: a.last,
        password_hash: passwordHash,
        activated_at: knex.fn.now(),
      })
      .returning('id');
    for (const m of a.memberships ?? []) {
      await knex('memberships').insert({ user_id: user.id, organization_id: orgIds.get(m.org), role: m.role });
    }
    if (a.regulatorRole) {
      await knex('regulator_staff').insert({ user_id: user.id, regulator_id: kern.id, role: a.regulatorRole });
    }
  }
}
