/** Rows for tests, written straight to the database (the flows themselves are tested through the app). */
import type { Knex } from 'knex';
import type { MembershipRole, UserRow } from '../../src/db/types';

let n = 0;

export async function createOrg(knex: Knex, over: { name?: string } = {}) {
  n += 1;
  const [row] = await knex('organizations')
    .insert({ name: over.name ?? `Test Org ${n}`, code: knex.raw("lpad(nextval('organization_code_seq')::text, 8, '0')") })
    .returning(['id', 'name', 'code']);
  return row as { id: number; name: string; code: string };
}

export async function addMember(knex: Knex, user: UserRow, org: { id: number }, role: MembershipRole) {
  await knex('memberships').insert({ user_id: user.id, organization_id: org.id, role });
}

export async function createFacility(
  knex: Knex,
  org: { id: number },
  over: { name?: string; street?: string; city?: string; zip?: string; county_id?: number; status?: 'active' | 'archived'; cers_id?: number } = {},
) {
  n += 1;
  const kern = await knex('regulators').where({ code: '1500' }).first('id');
  const [row] = await knex('facilities')
    .insert({
      organization_id: org.id,
      name: over.name ?? `Facility ${n}`,
      street: over.street ?? `${100 + n} Test Rd`,
      city: over.city ?? 'Delano',
      zip: over.zip ?? '93215',
      county_id: over.county_id ?? 15,
      regulator_id: kern.id,
      status: over.status ?? 'active',
      ...(over.cers_id ? { cers_id: over.cers_id } : {}),
    })
    .returning(['id', 'cers_id', 'name', 'organization_id']);
  return row as { id: number; cers_id: number; name: string; organization_id: number };
}
