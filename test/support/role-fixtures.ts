/**
 * Rows for the role matrix (test/integration/role-matrix.test.ts). People: a
 * member, an open invitation, a pending access request. Filing: drafts, a
 * Facility Information draft ready to submit, files uploaded through the app,
 * materials of a Hazardous Materials Inventory draft, and submitted versions.
 * Rows are written straight to the database, except files, which go through
 * the upload route so a stored file is there to download. Facilities are Kern
 * County's (createFacility), with its document policy.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { businessActivitiesSchema, ownerOperatorSchema } from '../../src/modules/submittals/facility-information.schema';
import { createUser, type Agent } from './app';
import { addMember } from './factories';
import { PDF } from './files';

/** Business Activities all No: Facility Information is the only element required. */
export const BA_ALL_NO = {
  hmOnSite: 'N', calArp: 'N', ust: 'N', apst: 'N', hwGenerator: 'N', recycle: 'N', onsiteTreatment: 'N',
  financialAssurance: 'N', rwConsolidation: 'N', hwTankClosure: 'N', rcraLqg: 'N', hhwCollection: 'N', epaId: '', comments: '',
};

/** Owner/Operator Identification with every required field and the certification signed. */
export const OWNER_OPERATOR = {
  businessPhone: '661 555 0100', mailingAddress: '1 Main St', mailingCity: 'Delano', mailingState: 'CA', mailingZip: '93215', numberOfEmployees: '12',
  operatorName: 'Op Erator', operatorPhone: '661 555 0101', ownerName: 'Own Er', ownerPhone: '661 555 0102', ownerAddress: '1 Main St', ownerCity: 'Delano', ownerState: 'CA', ownerZip: '93215',
  envContactName: 'Env Contact', envContactPhone: '661 555 0103', envContactAddress: '1 Main St', envContactCity: 'Delano', envContactState: 'CA', envContactZip: '93215',
  emergency1Name: 'Em One', emergency1Title: 'Manager', emergency1BusinessPhone: '661 555 0104', emergency1Phone24: '661 555 0105',
  billingName: 'Bill Ing', billingPhone: '661 555 0106', billingAddress: '1 Main St', billingCity: 'Delano', billingState: 'CA', billingZip: '93215',
  preparerName: 'Pre Parer', signerName: 'Sig Ner', signerTitle: 'Owner', signedDate: '2026-11-01',
};

/**
 * An inventory item form with every field the database needs and no Required
 * problem (as test/integration/inventory.test.ts sends it); `location` is the caller's.
 */
export const MATERIAL = {
  commonName: 'Sulfuric acid (battery acid)', chemicalName: 'Sulfuric acid', casNumber: '7664-93-9', hmType: 'b', physicalState: 'b', units: 'a',
  maxDaily: '1,200', averageDaily: '600', largestContainer: '55', daysOnSite: '365', location: 'Battery room', containers: 'SCPlasticNonMetallicDrum',
  pressure: 'a', temperature: 'a', ghs: 'FHCHealthSkinCorrosionIrritation', hc1Name: 'Sulfuric acid', hc1Cas: '7664-93-9', hc1Percent: '35',
};

/** Whether a saved form holds what was sent (a blank field is saved as null). */
export const savedAsSent = (saved: Record<string, unknown> | undefined, sent: Record<string, string>) =>
  !!saved && Object.entries(sent).every(([k, v]) => saved[k] === (v === '' ? null : v));

type Facility = { id: number; cers_id: number; regulator_id: number | null };
type Lead = { user: { id: number }; agent: Agent; csrf: string };

/** Each takes `n`, a number unique to the attempt, and returns the new row's id. */
export function peopleFixtures(knex: Knex, org: { id: number }, lead: Lead, facility: { id: number }) {
  return {
    async member(n: number): Promise<number> {
      const user = await createUser(knex, { username: `matrix_member_${n}`, first_name: 'Mia', last_name: `Member${n}` });
      await addMember(knex, user, org, 'viewer');
      return (await knex('memberships').where({ user_id: user.id, organization_id: org.id }).first()).id as number;
    },
    async invitation(n: number): Promise<number> {
      const [row] = await knex('invitations')
        .insert({
          organization_id: org.id, email: `matrix-open-${n}@example.com`, role: 'viewer', invited_by: lead.user.id,
          token_hash: createHash('sha256').update(`matrix-invitation-${n}`).digest('hex'), expires_at: new Date(Date.now() + 7 * 86_400_000),
        })
        .returning('id');
      return row.id as number;
    },
    async accessRequest(n: number): Promise<number> {
      const outsider = await createUser(knex, { username: `matrix_outsider_${n}`, first_name: 'Otto', last_name: `Outsider${n}` });
      const [row] = await knex('access_requests')
        .insert({
          organization_id: org.id, facility_id: facility.id, requester_id: outsider.id, phone: '661-555-0100', title: 'Site manager',
          role_requested: 'editor', routed_to: 'lead_users',
        })
        .returning('id');
      return row.id as number;
    },
  };
}

export type PeopleFixtures = ReturnType<typeof peopleFixtures>;

export function filingFixtures(knex: Knex, org: { id: number }, lead: Lead) {
  const facilityOf = async (cersId: unknown): Promise<Facility> => knex('facilities').where({ organization_id: org.id, cers_id: cersId }).first('id', 'cers_id', 'regulator_id');

  /** The element's draft: the one there is, or a new one with this content. */
  async function draft(cersId: unknown, code: number, content: Record<string, unknown> = {}): Promise<number> {
    const f = await facilityOf(cersId);
    const existing = await knex('element_versions').where({ facility_id: f.id, element_code: code, status: 'draft' }).first('id');
    if (existing) return existing.id as number;
    const [row] = await knex('element_versions')
      .insert({ facility_id: f.id, organization_id: org.id, element_code: code, status: 'draft', content: JSON.stringify(content), created_by: lead.user.id })
      .returning('id');
    return row.id as number;
  }

  /** Both forms as the app saves them: a Facility Information draft ready to submit. */
  const facilityInformation = () => ({ businessActivities: businessActivitiesSchema.parse(BA_ALL_NO), ownerOperator: ownerOperatorSchema.parse(OWNER_OPERATOR) });
  const readyFacilityInformation = (cersId: unknown) => draft(cersId, 1, facilityInformation());

  /** Uploads a PDF to the part of the element's draft (started if need be) as the Lead User; the document's id. */
  async function upload(cersId: unknown, code: number, part: string, title: string): Promise<number> {
    await draft(cersId, code);
    const url = `/orgs/${org.id}/facilities/${cersId}/elements/${code}/documents/${part}/upload?_csrf=${encodeURIComponent(lead.csrf)}`;
    const res = await lead.agent.post(url).field('title', title).field('dateAuthored', '2026-10-01').field('idempotencyKey', randomUUID()).attach('file', PDF, `${part}.pdf`);
    if (res.status !== 303) throw new Error(`fixture upload to ${url} answered ${res.status}`);
    const f = await facilityOf(cersId);
    return (await knex('documents').where({ facility_id: f.id, title }).orderBy('id', 'desc').first('id')).id as number;
  }

  /** A facility submittal of these elements, submitted a day ago; its id and the versions' ids. */
  async function submitted(cersId: unknown, codes: number[]): Promise<{ submittalId: number; versionIds: number[] }> {
    const f = await facilityOf(cersId);
    const at = new Date(Date.now() - 86_400_000);
    const [s] = await knex('facility_submittals')
      .insert({ facility_id: f.id, organization_id: org.id, submitted_by: lead.user.id, submitted_at: at, fingerprint: createHash('sha256').update(randomUUID()).digest('hex'), idempotency_key: randomUUID() })
      .returning('id');
    const versionIds: number[] = [];
    for (const code of codes) {
      const content = code === 1 ? facilityInformation() : {};
      const [v] = await knex('element_versions')
        .insert({
          facility_id: f.id, organization_id: org.id, regulator_id: f.regulator_id, element_code: code, status: 'submitted', content: JSON.stringify(content), facility_submittal_id: s.id,
          content_hash: createHash('sha256').update(JSON.stringify(content)).digest('hex'), created_by: lead.user.id, submitted_by: lead.user.id, submitted_at: at, status_changed_at: at,
        })
        .returning('id');
      await knex('element_status_history').insert({ element_version_id: v.id, status: 'submitted', changed_by: lead.user.id, changed_at: at });
      versionIds.push(v.id as number);
    }
    return { submittalId: s.id as number, versionIds };
  }

  /**
   * A material in the facility's Hazardous Materials Inventory (element 2) draft,
   * started if need be, written straight to the database; the item's id.
   */
  async function inventoryItem(cersId: unknown, name: string): Promise<number> {
    const f = await facilityOf(cersId);
    const versionId = await draft(cersId, 2);
    const [row] = await knex('inventory_items')
      .insert({
        element_version_id: versionId, organization_id: org.id, facility_id: f.id, location: 'Matrix shed', common_name: name,
        hm_type: 'a', physical_state: 'b', units: 'a', max_daily: 55, average_daily: 30, largest_container: 55, days_on_site: 365,
      })
      .returning('id');
    return row.id as number;
  }

  /** An inventory spreadsheet the Lead User uploaded for a new facility, read and ready to commit; its id. */
  async function inventoryUpload(n: number): Promise<number> {
    const f = await knex('facilities').where({ organization_id: org.id }).orderBy('id').first('cers_id');
    const file = Buffer.from(`CERSID,ChemicalLocation,CommonName,HMType,PhysicalState,Units,MaximumDailyAmount,DaysOnSite,StoragePressure,StorageTemperature,SCCan\n${f.cers_id},Matrix shed,Upload material ${n},a,b,a,55,365,a,a,Y\n`);
    const url = `/orgs/${org.id}/inventory/upload?_csrf=${encodeURIComponent(lead.csrf)}`;
    const res = await lead.agent.post(url).attach('file', file, `fixture-${n}.csv`);
    if (res.status !== 303) throw new Error(`fixture inventory upload answered ${res.status}`);
    return Number(/(\d+)$/.exec(String(res.headers.location))![1]);
  }

  return { facilityOf, draft, readyFacilityInformation, upload, submitted, inventoryItem, inventoryUpload };
}

export type FilingFixtures = ReturnType<typeof filingFixtures>;
