import type { Knex } from 'knex';
import { hashPassword } from '../src/auth/passwords';
import { createHash, randomUUID } from 'node:crypto';
import { pickRegulator } from '../src/rules/jurisdiction.rules';
import { canonicalJson } from '../src/rules/fingerprint.rules';
import { businessActivitiesSchema, ownerOperatorSchema } from '../src/modules/submittals/facility-information.schema';

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
  await seedDemoSubmittals(knex);
  await seedDemoRequests(knex);
}

/** Two requests waiting for the Kern County CUPA's Regulator Admin (`cupa-admin`). */
async function seedDemoRequests(knex: Knex): Promise<void> {
  const shafter = await knex('facilities').where({ name: 'Shafter Pool & Spa Supply' }).first('id', 'organization_id', 'regulator_id');
  const viewer = await knex('users').where({ username: 'viewer' }).first('id');
  if (shafter && viewer && !(await knex('access_requests').where({ facility_id: shafter.id, requester_id: viewer.id }).first('id'))) {
    await knex('access_requests').insert({
      organization_id: shafter.organization_id, facility_id: shafter.id, requester_id: viewer.id, phone: '661 555 0150', title: 'Store manager',
      role_requested: 'lead_user', message: 'I run the Shafter store and need to file its business plan; nobody else from the company is registered.',
      routed_to: 'regulator', regulator_id: shafter.regulator_id,
    });
  }
  const mcfarland = await knex('facilities').where({ name: 'Delano Farm Services – McFarland ag chemicals' }).first('id', 'organization_id', 'regulator_id');
  const consultant = await knex('users').where({ username: 'consultant' }).first('id');
  if (mcfarland && consultant && !(await knex('facility_requests').where({ facility_id: mcfarland.id }).first('id'))) {
    await knex('facility_requests').insert({
      kind: 'transfer', organization_id: mcfarland.organization_id, facility_id: mcfarland.id, target_organization_code: '90000001',
      reason: 'The McFarland site was sold to Kern Valley Fuel & Supply on November 1.', regulator_id: mcfarland.regulator_id, requested_by: consultant.id,
    });
  }
}

/**
 * Something for the CUPA's review queue: Delano Farm Services filed Facility
 * Information for both its facilities (one waiting for review, one accepted).
 * Kern Valley Fuel's facilities are left unfiled for trying the whole loop.
 */
async function seedDemoSubmittals(knex: Knex): Promise<void> {
  const consultant = await knex('users').where({ username: 'consultant' }).first('id');
  const reviewer = await knex('users').where({ username: 'reviewer' }).first('id');
  const plan: { facility: string; daysAgo: number; accepted: boolean }[] = [
    { facility: 'Delano Farm Services – main shop', daysAgo: 3, accepted: false },
    { facility: 'Delano Farm Services – McFarland ag chemicals', daysAgo: 40, accepted: true },
  ];
  for (const p of plan) {
    const f = await knex('facilities').where({ name: p.facility }).first('id', 'organization_id', 'regulator_id', 'city', 'zip');
    if (!f || (await knex('element_versions').where({ facility_id: f.id }).first('id'))) continue;
    const at = new Date(Date.now() - p.daysAgo * 86_400_000);
    const content = {
      businessActivities: businessActivitiesSchema.parse({
        hmOnSite: 'N', calArp: 'N', ust: 'N', apst: 'N', hwGenerator: 'N', recycle: 'N', onsiteTreatment: 'N',
        financialAssurance: 'N', rwConsolidation: 'N', hwTankClosure: 'N', rcraLqg: 'N', hhwCollection: 'N', epaId: '', comments: '',
      }),
      ownerOperator: ownerOperatorSchema.parse({
        businessPhone: '661 555 0140', mailingAddress: '31500 Garces Hwy', mailingCity: f.city, mailingState: 'CA', mailingZip: f.zip, numberOfEmployees: '9',
        operatorName: 'Delano Farm Services', operatorPhone: '661 555 0141', ownerName: 'Delano Farm Services LLC', ownerPhone: '661 555 0142',
        ownerAddress: '31500 Garces Hwy', ownerCity: 'Delano', ownerState: 'CA', ownerZip: '93215',
        envContactName: 'Carmen Consultant', envContactPhone: '661 555 0143', envContactAddress: '31500 Garces Hwy', envContactCity: 'Delano', envContactState: 'CA', envContactZip: '93215',
        emergency1Name: 'Luis Ortega', emergency1Title: 'Shop foreman', emergency1BusinessPhone: '661 555 0144', emergency1Phone24: '661 555 0145',
        billingName: 'Accounts payable', billingPhone: '661 555 0146', billingAddress: '31500 Garces Hwy', billingCity: 'Delano', billingState: 'CA', billingZip: '93215',
        preparerName: 'Carmen Consultant', signerName: 'Carmen Consultant', signerTitle: 'Consultant', signedDate: at.toISOString().slice(0, 10),
      }),
    };
    const hash = createHash('sha256').update(canonicalJson({ element: 1, content, parts: [] })).digest('hex');
    const [submittal] = await knex('facility_submittals')
      .insert({ facility_id: f.id, organization_id: f.organization_id, submitted_by: consultant.id, submitted_at: at, fingerprint: createHash('sha256').update(`1:${hash}`).digest('hex'), idempotency_key: randomUUID() })
      .returning('id');
    const [v] = await knex('element_versions')
      .insert({
        facility_id: f.id, organization_id: f.organization_id, regulator_id: f.regulator_id, element_code: 1, status: p.accepted ? 'accepted' : 'submitted',
        content: JSON.stringify(content), facility_submittal_id: submittal.id, content_hash: hash, created_by: consultant.id, submitted_by: consultant.id,
        submitted_at: at, status_changed_at: p.accepted ? new Date(at.getTime() + 5 * 86_400_000) : at, review_seq: p.accepted ? 1 : 0,
      })
      .returning('id');
    await knex('element_status_history').insert({ element_version_id: v.id, status: 'submitted', changed_by: consultant.id, changed_at: at });
    if (p.accepted) {
      await knex('element_status_history').insert({ element_version_id: v.id, status: 'accepted', changed_by: reviewer.id, changed_at: new Date(at.getTime() + 5 * 86_400_000), comment: 'Complete. Thank you.' });
    }
  }
}
