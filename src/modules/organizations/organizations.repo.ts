import type { Queryable } from '../../db/transaction';
import type { MembershipRole } from '../../db/types';

export async function insertOrganization(db: Queryable, org: { name: string; headquarters: string | null }) {
  const [row] = await db('organizations')
    .insert({ ...org, code: db.raw("lpad(nextval('organization_code_seq')::text, 8, '0')") })
    .returning(['id', 'name', 'code']);
  return row as { id: number; name: string; code: string };
}

export async function insertMembership(db: Queryable, m: { userId: number; organizationId: number; role: MembershipRole }) {
  await db('memberships').insert({ user_id: m.userId, organization_id: m.organizationId, role: m.role });
}

export function findOrganizationByCode(db: Queryable, code: string) {
  return db('organizations').where({ code }).first<{ id: number; name: string; code: string } | undefined>('id', 'name', 'code');
}

export async function findOrganizationName(db: Queryable, id: number): Promise<string | undefined> {
  return (await db('organizations').where({ id }).first('name'))?.name;
}
