import type { Knex } from 'knex';

/**
 * Kern County CUPA's local policies, from its CERS guide: hazardous waste is
 * reported at any amount; and its document policy: the site map, the
 * emergency response plan and the training plan must be uploaded; the training
 * plan may be Exempt only when the facility has no employees.
 */
export async function seed(knex: Knex): Promise<void> {
  const kern = await knex('regulators').where({ code: '1500' }).first('id');
  if (!kern) return;
  await knex('regulators').where({ id: kern.id }).update({ waste_any_amount: true });
  const rows = [
    { part_code: 'site_map', accepted_options: ['upload'], note: 'Kern County requires an uploaded site map: show storage areas, emergency equipment, utility shut-offs, access and exits, and adjacent property use.', exempt_requires_no_employees: false },
    { part_code: 'er_plan', accepted_options: ['upload'], note: 'Kern County requires the emergency response plan to be uploaded.', exempt_requires_no_employees: false },
    { part_code: 'training_plan', accepted_options: ['upload', 'exempt'], note: 'Kern County requires the training plan to be uploaded. Choose Exempt only if the facility has no employees.', exempt_requires_no_employees: true },
  ];
  for (const r of rows) {
    await knex('document_policies')
      .insert({ ...r, regulator_id: kern.id, accepted_options: knex.raw('?::text[]', [`{${r.accepted_options.join(',')}}`]) })
      .onConflict(['regulator_id', 'part_code'])
      // Kern's Regulator Admin may change these (/regulator/admin/policies); a restart must not undo it.
      .ignore();
  }
}
