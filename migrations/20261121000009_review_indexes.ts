import type { Knex } from 'knex';

/**
 * The review queue at statewide size (BENCHMARKS.md, "Review queue"). Two changes:
 *
 * 1. Every query of the queue is answered from an index alone, without visiting rows:
 *    - counts with an element filter read (regulator_id, element_code) and need the
 *      status: element_versions_queue_element carries it;
 *    - a status and an element together walk one index and test the other column in
 *      it: element_versions_queue_status carries the element;
 *    - a date range counts on the main queue index: it carries both;
 *    - a facility filter probes each facility's versions: element_versions_facility_queue
 *      carries the CUPA, status and element, and orders by id after the time, as the
 *      facility's version list does.
 *    Each replacement is built before the index it replaces is dropped.
 *
 * 2. The status tabs' counts (per CUPA, element and status) are kept in
 *    review_queue_counts by a trigger on element_versions, in the same transaction
 *    as the change, so they are never stale: the busiest CUPA's counts cost a few
 *    rows instead of a count over its whole history (about 150,000 versions for Los
 *    Angeles County in the benchmark, growing every year). A change moves a version
 *    out of its old bucket and into its new one in one statement, in key order, so two
 *    concurrent changes never wait on each other's buckets in opposite orders. A bulk
 *    load that bypasses triggers calls review_queue_counts_refresh() afterwards.
 */
const INDEXES = [
  {
    name: 'element_versions_queue',
    before: '(regulator_id, submitted_at desc, id desc)',
    after: '(regulator_id, submitted_at desc, id desc) include (status, element_code)',
  },
  {
    name: 'element_versions_queue_status',
    before: '(regulator_id, status, submitted_at desc, id desc)',
    after: '(regulator_id, status, submitted_at desc, id desc) include (element_code)',
  },
  {
    name: 'element_versions_queue_element',
    before: '(regulator_id, element_code, submitted_at desc, id desc)',
    after: '(regulator_id, element_code, submitted_at desc, id desc) include (status)',
  },
  {
    name: 'element_versions_facility_queue',
    before: '(facility_id, submitted_at desc)',
    after: '(facility_id, submitted_at desc, id desc) include (regulator_id, status, element_code)',
  },
];

async function swap(knex: Knex, columns: 'before' | 'after') {
  for (const i of INDEXES) {
    await knex.raw(`create index ${i.name}_new on element_versions ${i[columns]} where status <> 'draft'`);
    await knex.raw(`drop index ${i.name}`);
    await knex.raw(`alter index ${i.name}_new rename to ${i.name}`);
  }
}

export async function up(knex: Knex): Promise<void> {
  await swap(knex, 'after');

  await knex.schema.createTable('review_queue_counts', (t) => {
    t.integer('regulator_id').notNullable().references('regulators.id').onDelete('CASCADE');
    t.smallint('element_code').notNullable();
    t.text('status').notNullable();
    t.integer('n').notNullable();
    t.primary(['regulator_id', 'element_code', 'status']);
  });

  await knex.raw(`
    create function review_queue_counts_track() returns trigger language plpgsql as $$
    declare
      old_regulator int; old_element smallint; old_status text;
      new_regulator int; new_element smallint; new_status text;
    begin
      -- A version is in its CUPA's queue while it has a CUPA and is not a draft.
      if tg_op <> 'INSERT' and old.status <> 'draft' then
        old_regulator := old.regulator_id; old_element := old.element_code; old_status := old.status;
      end if;
      if tg_op <> 'DELETE' and new.status <> 'draft' then
        new_regulator := new.regulator_id; new_element := new.element_code; new_status := new.status;
      end if;
      insert into review_queue_counts as c (regulator_id, element_code, status, n)
      select d.regulator_id, d.element_code, d.status, sum(d.n)::int
        from (select old_regulator, old_element, old_status, -1
              union all
              select new_regulator, new_element, new_status, 1) d(regulator_id, element_code, status, n)
       where d.regulator_id is not null
       group by d.regulator_id, d.element_code, d.status
      having sum(d.n) <> 0
       order by d.regulator_id, d.element_code, d.status
      on conflict (regulator_id, element_code, status) do update set n = c.n + excluded.n;
      return null;
    end $$`);
  await knex.raw(`create trigger review_queue_counts_track after insert or delete or update of status, regulator_id, element_code
                  on element_versions for each row execute function review_queue_counts_track()`);
  await knex.raw(`
    create function review_queue_counts_truncate() returns trigger language plpgsql as $$
    begin
      delete from review_queue_counts;
      return null;
    end $$`);
  await knex.raw('create trigger review_queue_counts_truncate after truncate on element_versions for each statement execute function review_queue_counts_truncate()');
  // Recounts from the rows, with writers held off until the calling transaction ends.
  await knex.raw(`
    create function review_queue_counts_refresh() returns void language plpgsql as $$
    begin
      lock table element_versions in share mode;
      delete from review_queue_counts;
      insert into review_queue_counts (regulator_id, element_code, status, n)
      select regulator_id, element_code, status, count(*) from element_versions
       where status <> 'draft' and regulator_id is not null
       group by regulator_id, element_code, status;
    end $$`);
  await knex.raw('select review_queue_counts_refresh()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger if exists review_queue_counts_truncate on element_versions');
  await knex.raw('drop trigger if exists review_queue_counts_track on element_versions');
  await knex.raw('drop function if exists review_queue_counts_refresh()');
  await knex.raw('drop function if exists review_queue_counts_truncate()');
  await knex.raw('drop function if exists review_queue_counts_track()');
  await knex.schema.dropTableIfExists('review_queue_counts');
  await swap(knex, 'before');
}
