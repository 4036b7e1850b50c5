/**
 * npm run bench:review:seed — a statewide-size database for the review benchmark.
 *
 * Builds, in a database of its own on the PostgreSQL server of BENCH_DATABASE_URL
 * (or DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres), named
 * upp_bench_review: the app's migrations and reference data, then in bulk, with
 * set-based SQL (INSERT … SELECT over generate_series) in one session:
 *
 * - 200,000 facilities over the 58 counties by 2020 population (Los Angeles ≈ 25 %),
 *   in real cities where a city runs its own CUPA, each with the CUPA the app would
 *   give it (pickRegulator over regulator_jurisdictions, as facilities.service does);
 * - 60,000 organizations: each owns one facility, the rest go to chains (a few
 *   own thousands), with a Lead User who submits;
 * - per facility a first full submittal (2023–24: Facility Information, Inventory,
 *   Emergency Response plans), an annual one in 2025 (70 %) and in 2026 (50 %):
 *   ≈ 1.1 million submitted element versions with their facility submittals,
 *   status history (most accepted; recent ones still submitted or under review;
 *   some not accepted), document parts and uploaded files (rows only), and a draft
 *   in progress at one facility in ten;
 * - the inventory of every submitted inventory version (the facility's materials,
 *   from the chemical library, 1 to 150 per facility, most have a few): ≈ 1.8
 *   million items, with components for mixtures;
 * - one reviewer per CUPA (username cupa_reviewer_<regulator id>, password
 *   bench-password-2026).
 *
 * Triggers (foreign keys, immutability) are off during the load
 * (session_replication_role = replica; the rows are consistent by construction),
 * secondary indexes are dropped before and rebuilt after, the review queue's
 * counts are recounted (review_queue_counts_refresh()), then VACUUM ANALYZE.
 *
 *   npm run bench:review:seed                    # (re)build
 *   npm run bench:review:seed -- --reuse         # keep a finished build (migrating it if needed)
 *   npm run bench:review:seed -- --facilities 400000
 */
import pg from 'pg';
import { hashPassword } from '../src/auth/passwords';
import { openDatabase } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrate';
import { runSeeds } from '../src/db/seed';
import { jurisdictionsForCounty } from '../src/modules/facilities/facilities.repo';
import { businessActivitiesSchema, ownerOperatorSchema } from '../src/modules/submittals/facility-information.schema';
import { pickRegulator } from '../src/rules/jurisdiction.rules';

export const BENCH_DB = 'upp_bench_review';
export const BENCH_PASSWORD = 'bench-password-2026';
/** Bump when the generated data changes: --reuse then rebuilds. */
const DATASET_VERSION = 2;
/** The dataset's "now": the last submittals are from the days before. */
const DATASET_NOW = '2026-11-21 08:00:00-08';

export function benchUrls(): { admin: string; bench: string } {
  const admin = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const u = new URL(admin);
  u.pathname = `/${BENCH_DB}`;
  return { admin, bench: u.toString() };
}

// ---------- where the facilities are ----------

/** 2020 census population (thousands) and the county seat, by CERS county name. */
const COUNTIES: [string, number, string][] = [
  ['Alameda', 1682, 'Oakland'], ['Alpine', 1.2, 'Markleeville'], ['Amador', 41, 'Jackson'], ['Butte', 212, 'Oroville'],
  ['Calaveras', 45, 'San Andreas'], ['Colusa', 22, 'Colusa'], ['Contra Costa', 1166, 'Martinez'], ['Del Norte', 28, 'Crescent City'],
  ['El Dorado', 192, 'Placerville'], ['Fresno', 1009, 'Fresno'], ['Glenn', 29, 'Willows'], ['Humboldt', 136, 'Eureka'],
  ['Imperial', 180, 'El Centro'], ['Inyo', 19, 'Independence'], ['Kern', 909, 'Bakersfield'], ['Kings', 153, 'Hanford'],
  ['Lake', 68, 'Lakeport'], ['Lassen', 33, 'Susanville'], ['Los Angeles', 10014, 'Los Angeles'], ['Madera', 157, 'Madera'],
  ['Marin', 262, 'San Rafael'], ['Mariposa', 17, 'Mariposa'], ['Mendocino', 91, 'Ukiah'], ['Merced', 281, 'Merced'],
  ['Modoc', 9, 'Alturas'], ['Mono', 13, 'Bridgeport'], ['Monterey', 439, 'Salinas'], ['Napa', 138, 'Napa'],
  ['Nevada', 103, 'Nevada City'], ['Orange', 3186, 'Santa Ana'], ['Placer', 405, 'Auburn'], ['Plumas', 20, 'Quincy'],
  ['Riverside', 2418, 'Riverside'], ['Sacramento', 1585, 'Sacramento'], ['San Benito', 64, 'Hollister'], ['San Bernardino', 2181, 'San Bernardino'],
  ['San Diego', 3298, 'San Diego'], ['San Francisco', 874, 'San Francisco'], ['San Joaquin', 779, 'Stockton'], ['San Luis Obispo', 283, 'San Luis Obispo'],
  ['San Mateo', 764, 'Redwood City'], ['Santa Barbara', 449, 'Santa Barbara'], ['Santa Clara', 1936, 'San Jose'], ['Santa Cruz', 271, 'Santa Cruz'],
  ['Shasta', 182, 'Redding'], ['Sierra', 3.2, 'Downieville'], ['Siskiyou', 44, 'Yreka'], ['Solano', 453, 'Fairfield'],
  ['Sonoma', 489, 'Santa Rosa'], ['Stanislaus', 552, 'Modesto'], ['Sutter', 100, 'Yuba City'], ['Tehama', 65, 'Red Bluff'],
  ['Trinity', 16, 'Weaverville'], ['Tulare', 473, 'Visalia'], ['Tuolumne', 55, 'Sonora'], ['Ventura', 843, 'Ventura'],
  ['Yolo', 217, 'Woodland'], ['Yuba', 82, 'Marysville'],
];

/**
 * Cities with a share of their county's facilities: those that run their own CUPA
 * (by population; the industrial cities more), then others of the rest of the county.
 */
const CITIES: Record<string, { named: [string, number][]; rest: string[] }> = {
  'Los Angeles': {
    named: [['Los Angeles', 0.389], ['Long Beach', 0.047], ['Signal Hill', 0.002], ['Glendale', 0.02], ['Santa Monica', 0.009], ['El Segundo', 0.004], ['Santa Fe Springs', 0.005], ['Vernon', 0.004]],
    rest: ['Torrance', 'Pomona', 'Lancaster', 'Palmdale', 'Downey', 'Norwalk', 'Carson', 'Compton', 'Whittier', 'West Covina', 'Inglewood', 'Hawthorne', 'City of Industry', 'Santa Clarita'],
  },
  Kern: { named: [['Bakersfield', 0.44]], rest: ['Delano', 'Ridgecrest', 'Tehachapi', 'Shafter', 'Wasco'] },
  Orange: { named: [['Anaheim', 0.109]], rest: ['Santa Ana', 'Irvine', 'Huntington Beach', 'Garden Grove', 'Fullerton', 'Costa Mesa', 'Orange'] },
  Ventura: { named: [['Oxnard', 0.24]], rest: ['Ventura', 'Thousand Oaks', 'Simi Valley', 'Camarillo'] },
  Placer: { named: [['Roseville', 0.36]], rest: ['Rocklin', 'Auburn', 'Lincoln'] },
  'Santa Clara': { named: [['Gilroy', 0.03], ['Santa Clara', 0.066], ['Sunnyvale', 0.08]], rest: ['San Jose', 'Mountain View', 'Milpitas', 'Palo Alto'] },
  'San Diego': { named: [], rest: ['San Diego', 'Chula Vista', 'Oceanside', 'Escondido', 'El Cajon'] },
  Riverside: { named: [], rest: ['Riverside', 'Moreno Valley', 'Corona', 'Temecula', 'Palm Springs'] },
  'San Bernardino': { named: [], rest: ['San Bernardino', 'Fontana', 'Ontario', 'Rancho Cucamonga', 'Victorville'] },
  Alameda: { named: [], rest: ['Oakland', 'Fremont', 'Hayward', 'Berkeley'] },
  Sacramento: { named: [], rest: ['Sacramento', 'Elk Grove', 'Citrus Heights', 'Rancho Cordova'] },
};

type Place = { countyId: number; city: string; zip: string; regulatorId: number | null; n: number };

/** Largest-remainder split of `total` by `weights`, at least `min` each. */
function split(total: number, weights: number[], min: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const base = weights.map((w) => Math.max(min, Math.floor((total * w) / sum)));
  let left = total - base.reduce((a, b) => a + b, 0);
  const order = weights.map((w, i) => ({ i, r: (total * w) / sum - Math.floor((total * w) / sum) })).sort((a, b) => b.r - a.r);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) base[order[k]!.i]!++;
  for (let i = base.length - 1; left < 0; i = (i - 1 + base.length) % base.length) {
    if (base[i]! > min) {
      base[i]!--;
      left++;
    }
  }
  return base;
}

async function places(knex: Awaited<ReturnType<typeof openDatabase>>['knex'], facilities: number): Promise<Place[]> {
  const ids = new Map((await knex('counties').select('id', 'name')).map((c: { id: number; name: string }) => [c.name, c.id]));
  const perCounty = split(facilities, COUNTIES.map((c) => c[1]), 5);
  const out: Place[] = [];
  for (const [k, [name, , seat]] of COUNTIES.entries()) {
    const countyId = ids.get(name);
    if (!countyId) throw new Error(`county ${name} is not in the reference data`);
    const c = CITIES[name] ?? { named: [], rest: [seat] };
    const namedShare = c.named.reduce((a, [, s]) => a + s, 0);
    const cities: [string, number][] = [...c.named, ...c.rest.map((city, i): [string, number] => [city, ((1 - namedShare) * (c.rest.length - i)) / ((c.rest.length * (c.rest.length + 1)) / 2)])];
    const counts = split(perCounty[k]!, cities.map(([, s]) => s), 1);
    // The CUPA exactly as the app picks it when a facility is added.
    const jurisdictions = await jurisdictionsForCounty(knex, countyId);
    cities.forEach(([city], i) => out.push({ countyId, city, zip: String(90000 + countyId * 100 + i), regulatorId: pickRegulator(jurisdictions, city), n: counts[i]! }));
  }
  return out;
}

// ---------- the build ----------

const FI_TEMPLATE = () => ({
  businessActivities: businessActivitiesSchema.parse({
    hmOnSite: 'Y', calArp: 'N', ust: 'N', apst: 'N', hwGenerator: 'Y', recycle: 'N', onsiteTreatment: 'N',
    financialAssurance: 'N', rwConsolidation: 'N', hwTankClosure: 'N', rcraLqg: 'N', hhwCollection: 'N', epaId: '', comments: '',
  }),
  ownerOperator: ownerOperatorSchema.parse({
    businessPhone: '213 555 0100', mailingAddress: '100 Main St', mailingCity: 'Los Angeles', mailingState: 'CA', mailingZip: '90012', numberOfEmployees: '12',
    operatorName: 'Operator', operatorPhone: '213 555 0101', ownerName: 'Owner', ownerPhone: '213 555 0102', ownerAddress: '100 Main St', ownerCity: 'Los Angeles', ownerState: 'CA', ownerZip: '90012',
    envContactName: 'Environmental Contact', envContactPhone: '213 555 0103', envContactAddress: '100 Main St', envContactCity: 'Los Angeles', envContactState: 'CA', envContactZip: '90012',
    emergency1Name: 'Emergency Contact', emergency1Title: 'Manager', emergency1BusinessPhone: '213 555 0104', emergency1Phone24: '213 555 0105',
    billingName: 'Billing Contact', billingPhone: '213 555 0106', billingAddress: '100 Main St', billingCity: 'Los Angeles', billingState: 'CA', billingZip: '90012',
    preparerName: 'Preparer', signerName: 'Signer', signerTitle: 'Owner', signedDate: '2026-01-15',
  }),
});

const BULK_TABLES = [
  'organizations', 'users', 'memberships', 'regulator_staff', 'facilities', 'facility_submittals', 'element_versions',
  'element_status_history', 'document_parts', 'documents', 'inventory_items', 'inventory_components',
];

const sqlList = (xs: string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`;
const PREFIXES = sqlList(['Valley', 'Pacific', 'Golden State', 'Sierra', 'Coast', 'Bay', 'Harbor', 'Mission', 'Sunset', 'Central', 'Westside', 'Eastside', 'Summit', 'Redwood', 'Canyon', 'Mesa', 'Orchard', 'Delta', 'Channel', 'Foothill', 'Vista', 'Pioneer', 'Cypress', 'Oak Park', 'Marina', 'Desert', 'Bayview', 'Crestline', 'Northgate', 'Southland']);
const KINDS = sqlList(['Auto Repair', 'Dry Cleaners', 'Gas Station', 'Medical Center', 'Machine Shop', 'Warehouse', 'Water Treatment Plant', 'Print Shop', 'Pool Supply', 'Cold Storage', 'Body Shop', 'Laboratory', 'Distribution Center', 'Telecom Site', 'Nursery', 'Plating Works', 'Dental Office', 'Bakery', 'Brewery', 'Boatyard', 'Cabinet Shop', 'Data Center', 'Hardware', 'Fleet Yard', 'Farm Supply']);
const SURNAMES = sqlList(['Garcia', 'Nguyen', 'Smith', 'Hernandez', 'Lee', 'Martinez', 'Johnson', 'Lopez', 'Kim', 'Patel', 'Gonzalez', 'Brown', 'Chen', 'Rodriguez', 'Williams', 'Wong', 'Perez', 'Davis', 'Singh', 'Ramirez', 'Miller', 'Tran', 'Sanchez', 'Wilson', 'Flores', 'Anderson', 'Rivera', 'Taylor', 'Cruz', 'Thomas', 'Park', 'Moore', 'Reyes', 'Jackson', 'Torres', 'Martin', 'Chavez', 'White', 'Ortiz', 'Harris']);
const FIRST = sqlList(['Maria', 'James', 'Linh', 'Jose', 'Mary', 'David', 'Ana', 'Robert', 'Wei', 'Priya', 'Carlos', 'Jennifer', 'Michael', 'Rosa', 'Daniel', 'Susan', 'Kevin', 'Elena', 'John', 'Grace']);
const CHAINS = sqlList(['Markets', 'Fuel', 'Wireless', 'Pharmacy', 'Logistics', 'Utilities', 'Health', 'Auto Parts', 'Hardware', 'Foods', 'Cleaners', 'Energy']);
const STREETS = sqlList(['Main St', 'Industrial Way', 'Commerce Dr', 'Harbor Blvd', 'Alameda St', 'Figueroa St', 'Western Ave', 'Sepulveda Blvd', 'Valley Blvd', 'Mission Rd', 'Olive Ave', 'Grand Ave', 'El Camino Real', 'Broadway', 'Foothill Blvd', 'Airport Way']);
const NOT_ACCEPTED = sqlList([
  'The 24-hour emergency phone number is missing a digit.', 'The site map does not show the emergency shut-offs.',
  'Maximum daily amounts are below the largest container for two materials.', 'The training plan is from 2019; submit the current one.',
  'The waste oil tank is not in the inventory.', 'Owner mailing address is incomplete.',
]);

type Step = { label: string; sql: string; params?: unknown[] };

async function build(url: string, facilities: number, log: (s: string) => void): Promise<Record<string, number>> {
  const db = await openDatabase({ url });
  let placeList: Place[];
  let reviewerHash: string;
  try {
    await migrateLatest(db.knex);
    await runSeeds(db.knex, { demo: false });
    placeList = await places(db.knex, facilities);
    reviewerHash = await hashPassword(BENCH_PASSWORD);
  } finally {
    await db.close();
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const run = async (s: Step) => {
      const t0 = performance.now();
      const r = await client.query(s.sql, s.params as unknown[]);
      log(`  ${s.label}: ${r.rowCount?.toLocaleString('en-US') ?? '–'} rows, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    };
    await client.query(`set session_replication_role = replica; set maintenance_work_mem = '1GB'; set work_mem = '256MB'; set synchronous_commit = off`);
    // Random but repeatable: the same facility gets the same plan on every build.
    await client.query(`create function pg_temp.rnd(x bigint, salt int) returns float8 language sql immutable as
      $$ select (hashint8(x * 7919 + salt) & 2147483647)::float8 / 2147483648.0 $$`);
    const indexes = (await client.query(
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
         from pg_index i join pg_class t on t.oid = i.indrelid
        where t.relname = any($1) and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
      [BULK_TABLES],
    )).rows as { name: string; def: string }[];
    for (const i of indexes) await client.query(`drop index ${i.name}`);
    log(`  dropped ${indexes.length} secondary indexes for the load`);

    await client.query('create temp table bench_places (county_id smallint, city text, zip text, regulator_id int, n int, first_g int)');
    let g = 0;
    for (const p of placeList) {
      await client.query('insert into bench_places values ($1, $2, $3, $4, $5, $6)', [p.countyId, p.city, p.zip, p.regulatorId, p.n, g + 1]);
      g += p.n;
    }
    const organizations = Math.round(facilities * 0.3);
    const chemicals = Number((await client.query('select count(*) n from chemicals')).rows[0].n);
    const now = `'${DATASET_NOW}'::timestamptz`;

    const steps: Step[] = [
      {
        label: 'organizations',
        sql: `insert into organizations (id, name, headquarters, code, status, created_at, updated_at)
              select o, case when o <= 300 then (${SURNAMES})[1 + o % 40] || ' ' || (${CHAINS})[1 + o % 12] || ' Inc.'
                             else (${SURNAMES})[1 + (o * 7) % 40] || ' ' || (${KINDS})[1 + (o * 13) % 25] || (array[' LLC', ' Inc.', ' Co.', ''])[1 + o % 4] end,
                     'CA', lpad((10000000 + o)::text, 8, '0'), 'active', '2022-06-01'::timestamptz + o * interval '1 minute', now()
                from generate_series(1, ${organizations}) o`,
      },
      {
        label: 'users (a Lead User who submits, per organization)',
        sql: `insert into users (id, username, email, first_name, last_name, phone, password_hash, activated_at, created_at, updated_at)
              select o, 'filer' || o, 'filer' || o || '@example.com', (${FIRST})[1 + o % 20], (${SURNAMES})[1 + (o * 3) % 40], '213 555 ' || lpad((o % 10000)::text, 4, '0'),
                     $1, '2022-06-01', '2022-06-01', now()
                from generate_series(1, ${organizations}) o`,
        params: [reviewerHash],
      },
      { label: 'memberships', sql: `insert into memberships (user_id, organization_id, role) select o, o, 'lead_user' from generate_series(1, ${organizations}) o` },
      {
        label: 'users and staff (a reviewer per CUPA)',
        sql: `with r as (select id, row_number() over (order by id) k from regulators),
                   u as (insert into users (id, username, email, first_name, last_name, password_hash, activated_at)
                         select ${organizations} + r.k, 'cupa_reviewer_' || r.id, 'cupa_reviewer_' || r.id || '@example.gov', 'Rae', 'Viewer ' || r.id, $1, '2022-01-01' from r
                         returning id)
              insert into regulator_staff (user_id, regulator_id, role) select ${organizations} + r.k, r.id, 'reviewer' from r`,
        params: [reviewerHash],
      },
      {
        // Facility g: one each to organizations 1..O (spread over the state by a
        // stride permutation), the others to chains, skewed to the first organizations.
        label: 'facilities',
        sql: `insert into facilities (id, cers_id, organization_id, name, street, city, zip, county_id, regulator_id, status, created_at, updated_at)
              select g, 10000000 + g, org, case when org <= 300 then o.name_brand || ' #' || (g % 9000 + 100) else (${PREFIXES})[1 + floor(pg_temp.rnd(g, 2) * 30)::int] || ' ' || (${KINDS})[1 + floor(pg_temp.rnd(g, 3) * 25)::int] end,
                     (100 + floor(pg_temp.rnd(g, 4) * 19900)::int) || ' ' || (${STREETS})[1 + floor(pg_temp.rnd(g, 5) * 16)::int], p.city, p.zip, p.county_id, p.regulator_id,
                     case when pg_temp.rnd(g, 6) < 0.02 then 'archived' else 'active' end, '2022-09-01'::timestamptz + pg_temp.rnd(g, 7) * interval '120 days', now()
                from bench_places p, generate_series(p.first_g, p.first_g + p.n - 1) g,
                     lateral (select case when perm <= ${organizations} then perm else 1 + floor(${organizations} * pg_temp.rnd(g, 1) ^ 3)::int end as org
                                from (select (((g - 1)::bigint * 1000003) % ${facilities}) + 1 as perm) x) a,
                     lateral (select (${SURNAMES})[1 + a.org % 40] || ' ' || (${CHAINS})[1 + a.org % 12] as name_brand) o`,
      },
      {
        label: 'facility plans',
        sql: `create temp table bench_fac as
              select f.id fid, f.organization_id oid, f.regulator_id rid, f.organization_id uid, f.name,
                     pg_temp.rnd(f.id, 10) >= 0.05 as hm,
                     '2023-01-03 15:00+00'::timestamptz + floor(pg_temp.rnd(f.id, 11) * 540) * interval '1 day' + pg_temp.rnd(f.id, 12) * interval '9 hours' as t1,
                     case when pg_temp.rnd(f.id, 13) < 0.7 then '2025-01-06 15:00+00'::timestamptz + floor(pg_temp.rnd(f.id, 14) * 340) * interval '1 day' + pg_temp.rnd(f.id, 15) * interval '9 hours' end as t2,
                     case when pg_temp.rnd(f.id, 16) < 0.5 then '2026-01-05 15:00+00'::timestamptz + floor(pg_temp.rnd(f.id, 17) * 318) * interval '1 day' + pg_temp.rnd(f.id, 18) * interval '9 hours' end as t3,
                     case when u < 0.55 then 1 + floor(pg_temp.rnd(f.id, 21) * 2) when u < 0.85 then 3 + floor(pg_temp.rnd(f.id, 21) * 3)
                          when u < 0.97 then 6 + floor(pg_temp.rnd(f.id, 21) * 7) when u < 0.997 then 13 + floor(pg_temp.rnd(f.id, 21) * 38)
                          else 51 + floor(pg_temp.rnd(f.id, 21) * 100) end::int as nitems,
                     pg_temp.rnd(f.id, 22) < 0.1 as has_draft
                from facilities f, lateral (select pg_temp.rnd(f.id, 20) as u) x`,
      },
      {
        label: 'submittal plans',
        sql: `create temp table bench_sub as
              select row_number() over (order by s.at, f.fid)::int as sid, f.fid, f.oid, f.rid, f.uid, f.name, s.k, s.at, s.els,
                     s.k = max(s.k) over (partition by f.fid) as latest
                from bench_fac f, lateral (values
                  (1, f.t1, case when f.hm then '{1,2,3}'::smallint[] else '{1}' end),
                  (2, f.t2, case when not f.hm then '{1}'::smallint[] when pg_temp.rnd(f.fid, 30) < 0.3 then '{1,2,3}' else '{1,2}' end),
                  (3, f.t3, case when not f.hm then '{1}'::smallint[] when pg_temp.rnd(f.fid, 31) < 0.3 then '{1,2,3}' else '{1,2}' end)) s(k, at, els)
               where s.at is not null`,
      },
      {
        label: 'facility submittals',
        sql: `insert into facility_submittals (id, facility_id, organization_id, submitted_by, submitted_at, fingerprint, idempotency_key)
              select sid, fid, oid, uid, at, encode(sha256(convert_to('submittal ' || sid, 'UTF8')), 'hex'), gen_random_uuid() from bench_sub order by sid`,
      },
      {
        // Statuses: recent submittals are mostly still waiting; older ones mostly accepted.
        label: 'version plans',
        sql: `create temp table bench_ver as
              select x.*, lag(x.vid) over (partition by x.fid, x.e order by x.vid) as based_on from (
              select row_number() over (order by s.at, s.sid, e)::int as vid, s.sid, s.fid, s.oid, s.rid, s.uid, s.name, s.at, s.latest, e, st.status,
                     case st.status when 'submitted' then 0 when 'under_review' then 1 else case when pg_temp.rnd(s.sid * 16 + e, 41) < 0.4 then 2 else 1 end end as seq,
                     least(s.at + (0.5 + pg_temp.rnd(s.sid * 16 + e, 42) * 45) * interval '1 day', ${now}) as decided_at
                from bench_sub s, unnest(s.els) e,
                     lateral (select pg_temp.rnd(s.sid * 16 + e, 40) as u) r,
                     lateral (select case
                       when s.rid is null then 'submitted'
                       when s.latest and s.at > ${now} - interval '60 days' then case when u < 0.55 then 'submitted' when u < 0.70 then 'under_review' when u < 0.95 then 'accepted' else 'not_accepted' end
                       when s.latest then case when u < 0.03 then 'submitted' when u < 0.06 then 'under_review' when u < 0.93 then 'accepted' when u < 0.98 then 'not_accepted' else 'not_applicable' end
                       else case when u < 0.01 then 'submitted' when u < 0.02 then 'under_review' when u < 0.95 then 'accepted' when u < 0.99 then 'not_accepted' else 'not_applicable' end
                     end as status) st) x`,
      },
      {
        label: 'element versions (submitted)',
        sql: `insert into element_versions (id, facility_id, organization_id, element_code, status, content, based_on_version_id, facility_submittal_id, comment_to_regulator,
                                            content_hash, created_by, submitted_by, submitted_at, status_changed_at, regulator_id, review_seq, created_at, updated_at)
              select b.vid, b.fid, b.oid, b.e, b.status,
                     case when b.e = 1 then jsonb_set(jsonb_set(jsonb_set($1::jsonb, '{ownerOperator,operatorName}', to_jsonb(b.name)),
                                 '{ownerOperator,numberOfEmployees}', to_jsonb((1 + floor(pg_temp.rnd(b.fid, 50) * 200))::int::text)),
                                 '{businessActivities,hmOnSite}', to_jsonb(case when f.hm then 'Y' else 'N' end))
                          else '{}'::jsonb end,
                     b.based_on, b.sid, case when pg_temp.rnd(b.vid, 51) < 0.05 then 'Annual update; no changes in storage locations.' end,
                     encode(sha256(convert_to('version ' || b.vid, 'UTF8')), 'hex'), b.uid, b.uid, b.at,
                     case b.status when 'submitted' then b.at when 'under_review' then b.at + (b.decided_at - b.at) * 0.3 else b.decided_at end,
                     b.rid, b.seq, b.at - interval '2 hours', b.decided_at
                from bench_ver b join bench_fac f on f.fid = b.fid order by b.vid`,
        params: [JSON.stringify(FI_TEMPLATE())],
      },
      {
        label: 'element versions (drafts in progress)',
        sql: `insert into element_versions (id, facility_id, organization_id, element_code, status, content, based_on_version_id, created_by, created_at, updated_at)
              select (select max(vid) from bench_ver) + row_number() over (order by f.fid), f.fid, f.oid, 2, 'draft', '{}', l.vid, f.uid, ${now} - interval '3 days', ${now} - interval '3 days'
                from bench_fac f join (select fid, max(vid) vid from bench_ver where e = 2 group by fid) l on l.fid = f.fid
               where f.has_draft`,
      },
      {
        label: 'status history',
        sql: `insert into element_status_history (element_version_id, status, changed_by, changed_at, comment)
              select b.vid, h.status, h.who, h.at, h.comment
                from bench_ver b left join regulator_staff rs on rs.regulator_id = b.rid,
                     lateral (values
                       ('submitted', b.uid, b.at, null::text, true),
                       ('under_review', rs.user_id, b.at + (b.decided_at - b.at) * 0.3, null, b.status = 'under_review' or b.seq = 2),
                       (b.status, rs.user_id, b.decided_at,
                        case when b.status = 'not_accepted' then (${NOT_ACCEPTED})[1 + floor(pg_temp.rnd(b.vid, 60) * 6)::int] when b.status = 'not_applicable' then 'Not required for this facility this year.' end,
                        b.status in ('accepted', 'not_accepted', 'not_applicable'))) h(status, who, at, comment, present)
               where h.present
               order by b.vid, h.at`,
      },
      {
        label: 'document parts',
        sql: `insert into document_parts (element_version_id, part_code, option, url, stored_at_cers_id, provided_date, created_at, updated_at)
              select b.vid, p.code, o.option,
                     case when o.option = 'url' then 'https://docs.example.com/' || (10000000 + b.fid) || '/' || p.code || '.pdf' end,
                     case when o.option = 'stored_at_facility' then 10000000 + b.fid end,
                     case when o.option = 'provided_to_regulator' then (b.at - interval '10 days')::date end,
                     b.at - interval '1 hour', b.at - interval '1 hour'
                from bench_ver b, unnest(case b.e when 2 then array['site_map'] when 3 then array['er_plan', 'training_plan'] else array[]::text[] end) p(code),
                     lateral (select pg_temp.rnd(b.vid * 4 + length(p.code), 70) as u) r,
                     lateral (select case when u < 0.45 then 'upload' when u < 0.7 then 'stored_at_facility' when u < 0.9 then 'provided_to_regulator' else 'url' end as option) o
               order by b.vid`,
      },
      {
        label: 'documents (uploaded files; rows only)',
        sql: `insert into documents (document_part_id, organization_id, facility_id, title, date_authored, original_name, stored_name, media_type, size_bytes, sha256, uploaded_by, created_at, updated_at)
              select p.id, b.oid, b.fid, case p.part_code when 'site_map' then 'Site map' when 'er_plan' then 'Emergency response plan' else 'Training plan' end,
                     (b.at - interval '30 days')::date, p.part_code || '.pdf', substr(h.sha, 1, 2) || '/' || h.sha, 'application/pdf',
                     50000 + floor(pg_temp.rnd(p.id, 71) * 4000000)::int, h.sha, b.uid, p.created_at, p.created_at
                from document_parts p join bench_ver b on b.vid = p.element_version_id,
                     lateral (select encode(sha256(convert_to('file ' || b.fid || p.part_code || b.vid, 'UTF8')), 'hex') as sha) h
               where p.option = 'upload'
               order by p.id`,
      },
      {
        label: 'chemical choices',
        sql: `create temp table bench_chem as
              select row_number() over (order by id)::int - 1 as n, id, common_name, chemical_name, cas_number, ehs, hazard_categories,
                     case hm_type when 'Mixture' then 'b' else 'a' end as hm_type,
                     case physical_state when 'Solid' then 'a' when 'Gas' then 'c' else 'b' end as physical_state
                from chemicals`,
      },
      {
        // The facility's materials: the same ones in every inventory version it submits.
        label: 'inventory items',
        sql: `insert into inventory_items (element_version_id, organization_id, facility_id, location, map_number, grid_number, common_name, chemical_name, cas_number, ehs,
                                           hm_type, physical_state, units, max_daily, average_daily, largest_container, annual_waste, state_waste_code, days_on_site,
                                           ghs, containers, pressure, temperature, chemical_id, created_at, updated_at)
              select b.vid, b.oid, b.fid,
                     case when k <= 3 then (array['Shop floor', 'Storage room', 'Yard'])[k] else 'Building ' || (1 + (k - 1) / 10) || ', bay ' || (1 + (k - 1) % 10) end,
                     'M-' || (1 + k % 4), chr(65 + k % 8) || (1 + k % 9),
                     case when w.waste then 'Waste ' || lower(c.common_name) else c.common_name end, c.chemical_name, c.cas_number, c.ehs,
                     case when w.waste then 'c' else c.hm_type end, c.physical_state, u.units,
                     u.amount, round(u.amount * 0.6, 2), least(u.amount, case c.physical_state when 'b' then 55 when 'a' then 50 else 300 end),
                     case when w.waste then u.amount * 4 end, case when w.waste then (array['221', '134', '343', '352', '181'])[1 + k % 5] end, 365,
                     c.hazard_categories,
                     case c.physical_state when 'c' then array['SCCylinder'] when 'a' then array[(array['SCBag', 'SCBox', 'SCFiberDrum'])[1 + k % 3]]
                          else array[(array['SCSteelDrum', 'SCPlasticNonMetallicDrum', 'SCAboveGroundTank', 'SCCan', 'SCToteBin'])[1 + k % 5]] end,
                     case c.physical_state when 'c' then 'b' else 'a' end, 'a', case when w.waste then null else c.id end,
                     b.at - interval '1 hour', b.at - interval '1 hour'
                from bench_ver b join bench_fac f on f.fid = b.fid, generate_series(1, f.nitems) k,
                     lateral (select ((f.fid * 7 + k * 104729) % ${chemicals})::int as n) pick
                     join bench_chem c on c.n = pick.n,
                     lateral (select pg_temp.rnd(f.fid * 256 + k, 80) < 0.08 as waste) w,
                     lateral (select case c.physical_state when 'b' then 'a' when 'a' then 'c' else 'b' end as units,
                                     (case c.physical_state when 'c' then 200 else 55 end * (1 + floor(pg_temp.rnd(f.fid * 256 + k, 81) * 20)))::numeric as amount) u
               where b.e = 2
               order by b.vid, k`,
      },
      {
        label: 'inventory components (mixtures)',
        sql: `insert into inventory_components (item_id, position, name, cas, percent, ehs)
              select i.id, p, case p when 1 then coalesce(ch.component_name, i.chemical_name, i.common_name) when 2 then 'Water' else 'Proprietary additives' end,
                     case p when 1 then coalesce(ch.component_cas, i.cas_number) when 2 then '7732-18-5' end,
                     case p when 1 then 40 + (i.id % 50) when 2 then (100 - (40 + (i.id % 50))) * 0.8 else (100 - (40 + (i.id % 50))) * 0.2 end, false
                from inventory_items i left join chemicals ch on ch.id = i.chemical_id, generate_series(1, 1 + (i.id % 3)::int) p
               where i.hm_type = 'b'`,
      },
      ...['organizations', 'users', 'facilities', 'facility_submittals', 'element_versions'].map((t) => ({
        label: `sequence of ${t}`, sql: `select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`,
      })),
      { label: 'sequence of CERS IDs', sql: `select setval('cers_id_seq', (select max(cers_id) from facilities))` },
      { label: 'sequence of organization codes', sql: `select setval('organization_code_seq', (select max(code::int) from organizations))` },
    ];
    for (const s of steps) await run(s);
    await client.query('set session_replication_role = default');
    for (const i of indexes) await run({ label: `index ${i.name}`, sql: i.def });
    // The queue's status counts are kept by a trigger, which the load bypassed.
    await run({ label: 'review queue counts', sql: 'select review_queue_counts_refresh()' });
    await run({ label: 'vacuum analyze', sql: 'vacuum (analyze)' });

    const counts: Record<string, number> = {};
    for (const t of [...BULK_TABLES, 'regulators']) counts[t] = Number((await client.query(`select count(*) n from ${t}`)).rows[0].n);
    counts.submitted_versions = Number((await client.query(`select count(*) n from element_versions where status <> 'draft'`)).rows[0].n);
    return counts;
  } finally {
    await client.end();
  }
}

// ---------- driver ----------

async function main() {
  const args = process.argv.slice(2);
  const reuse = args.includes('--reuse');
  const fIdx = args.indexOf('--facilities');
  const facilities = fIdx >= 0 ? Number(args[fIdx + 1]) : 200_000;
  if (!Number.isInteger(facilities) || facilities < 1000) throw new Error('--facilities takes a whole number of at least 1,000');
  const { admin, bench } = benchUrls();
  const log = (s: string) => process.stderr.write(`${s}\n`);

  const server = new pg.Client({ connectionString: admin });
  await server.connect();
  let exists: boolean;
  try {
    exists = (await server.query('select 1 from pg_database where datname = $1', [BENCH_DB])).rowCount === 1;
    if (exists && reuse) {
      const b = new pg.Client({ connectionString: bench });
      await b.connect();
      let row: { version: number; facilities: number; built_at: Date; build_seconds: number; counts: Record<string, number> } | undefined;
      try {
        if ((await b.query(`select to_regclass('bench_dataset') is not null as ok`)).rows[0].ok) row = (await b.query('select * from bench_dataset')).rows[0];
      } finally {
        await b.end();
      }
      if (row && row.version === DATASET_VERSION && row.facilities === facilities) {
        const db = await openDatabase({ url: bench });
        try {
          const applied = await migrateLatest(db.knex);
          if (applied.length) {
            log(`Migrations applied to the existing dataset: ${applied.join(', ')}`);
            await db.knex.raw('vacuum (analyze)');
          }
        } finally {
          await db.close();
        }
        log(`Reusing ${BENCH_DB} (built ${row.built_at.toISOString()} in ${row.build_seconds} s).`);
        printCounts(row.counts, row.build_seconds);
        return;
      }
      log(`${BENCH_DB} is unfinished or of another shape: rebuilding.`);
    }
    // Only this script's own database is ever dropped.
    await server.query(`drop database if exists ${BENCH_DB} with (force)`);
    await server.query(`create database ${BENCH_DB}`);
  } finally {
    await server.end();
  }

  log(`Building ${BENCH_DB}: ${facilities.toLocaleString('en-US')} facilities…`);
  const t0 = performance.now();
  const counts = await build(bench, facilities, log);
  const seconds = Math.round((performance.now() - t0) / 1000);
  const b = new pg.Client({ connectionString: bench });
  await b.connect();
  try {
    await b.query('create table bench_dataset (version int, facilities int, built_at timestamptz, build_seconds int, counts jsonb)');
    await b.query('insert into bench_dataset values ($1, $2, now(), $3, $4)', [DATASET_VERSION, facilities, seconds, JSON.stringify(counts)]);
  } finally {
    await b.end();
  }
  printCounts(counts, seconds);
}

function printCounts(counts: Record<string, number>, seconds: number) {
  console.log(`\nDataset ${BENCH_DB} (built in ${Math.floor(seconds / 60)} min ${seconds % 60} s):`);
  for (const [k, v] of Object.entries(counts)) console.log(`  ${k.padEnd(24)} ${v.toLocaleString('en-US').padStart(12)}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
