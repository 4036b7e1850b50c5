/**
 * Inventory pages of a facility: the list (filter, sort, page), Add Material
 * (library search), the item form (new, copy, edit — messages beside fields),
 * delete, Validate My Inventory and the summary.
 */
import { Router, type Request, type Response } from 'express';
import { writeInventoryWorkbook } from '../../spreadsheets/inventory-template.writer';
import { NotFoundError } from '../../http/errors';
import { parseForm } from '../../http/form-errors';
import { renderInvalid } from '../../http/render';
import { can } from '../../rules/permissions.rules';
import { permit } from '../../tenancy/org-scope.middleware';
import { facilityView } from '../facilities/facilities.presenter';
import type { FacilitiesService } from '../facilities/facilities.service';
import { facilityOf, idParam } from '../submittals/filing-context';
import { levelCounts } from './inventory-assessment';
import { FORM_OPTIONS, inventoryListView, itemRowView, messagesAsFieldErrors, summaryView, type ListFilters } from './inventory.presenter';
import { itemSchema, itemToValues } from './inventory.schema';
import type { InventoryService } from './inventory.service';
import { clientIp } from '../../http/client-ip';

type Deps = { facilities: FacilitiesService; inventory: InventoryService };

function sendWorkbook(res: Response, fileName: string, body: Buffer) {
  res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(body);
}

export function inventoryRoutes({ facilities, inventory }: Deps): Router {
  const r = Router({ mergeParams: true });

  async function context(req: Request) {
    const { scope, facility, base } = await facilityOf(req, facilities);
    return { scope, facility, base, page: { facility: facilityView(`/orgs/${scope.organizationId}`, facility), inventoryUrl: `${base}/inventory`, canEdit: can(scope.role, 'drafts:edit') && facility.status === 'active' } };
  }

  r.get('/facilities/:cersId/inventory', async (req, res) => {
    const { scope, facility, base, page } = await context(req);
    const { draft, items } = await inventory.list(scope, facility);
    const filters: ListFilters = {
      q: typeof req.query.q === 'string' ? req.query.q.trim().toLowerCase().slice(0, 100) : '',
      level: (['Required', 'Warning', 'Advisory'] as const).find((l) => l === req.query.level) ?? '',
      sort: req.query.sort === 'location' ? 'location' : 'name',
      page: Number.parseInt(String(req.query.page ?? '1'), 10) || 1,
    };
    const list = inventoryListView(base, items, filters);
    res.render('business/inventory', {
      ...page,
      title: `Inventory: ${facility.name}`,
      hasDraft: !!draft,
      total: items.length,
      ...list,
      counts: levelCounts(items),
      filters,
    });
  });

  // The empty template, for any member of the organization.
  r.get('/inventory/template.xlsx', async (_req, res) => {
    sendWorkbook(res, 'inventory-template.xlsx', await writeInventoryWorkbook([]));
  });

  // The draft inventory (or ?version=<id> of a submitted one) in the template's format: download, edit, upload.
  r.get('/facilities/:cersId/inventory/download.xlsx', async (req, res) => {
    const { scope, facility } = await context(req);
    const versionId = typeof req.query.version === 'string' ? idParam(req.query.version) : null;
    const rows = await inventory.templateRows(scope, facility, versionId);
    sendWorkbook(res, `inventory-${facility.cers_id}${versionId ? `-v${versionId}` : ''}.xlsx`, await writeInventoryWorkbook(rows));
  });

  r.get('/facilities/:cersId/inventory/validate', async (req, res) => {
    const { scope, facility, base, page } = await context(req);
    const { items } = await inventory.list(scope, facility);
    const only = req.query.only === 'problems';
    const rows = items.map((i) => itemRowView(base, i)).filter((x) => !only || x.required + x.warnings > 0);
    res.render('business/inventory-validate', { ...page, title: 'Validate my inventory', rows, only, counts: levelCounts(items), total: items.length });
  });

  r.get('/facilities/:cersId/inventory/summary', async (req, res) => {
    const { scope, facility, page } = await context(req);
    const { items } = await inventory.list(scope, facility);
    res.render('business/inventory-summary', { ...page, title: 'Inventory summary', summary: summaryView(items) });
  });

  r.get('/facilities/:cersId/inventory/add', permit('drafts:edit'), async (req, res) => {
    const { facility, page } = await context(req);
    if (facility.status !== 'active') throw new NotFoundError();
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    res.render('business/inventory-add', { ...page, title: 'Add a material', q, results: q ? await inventory.searchLibrary(q) : null });
  });

  const formPage = (page: Record<string, unknown>, extra: Record<string, unknown>) => ({ ...page, options: FORM_OPTIONS, ...extra });

  r.get('/facilities/:cersId/inventory/new', permit('drafts:edit'), async (req, res) => {
    const { scope, facility, base, page } = await context(req);
    if (facility.status !== 'active') throw new NotFoundError();
    let values: Record<string, unknown> = { daysOnSite: '365', pressure: 'a', temperature: 'a' };
    if (typeof req.query.chemical === 'string') {
      const pre = await inventory.prefill(idParam(req.query.chemical));
      if (!pre) throw new NotFoundError();
      values = { ...values, ...itemToValues(pre.item, pre.chemicalId) };
    } else if (typeof req.query.copy === 'string') {
      const from = await inventory.get(scope, facility, idParam(req.query.copy));
      values = { ...itemToValues(from, from.chemicalId), location: '', mapNumber: '', gridNumber: '' };
    }
    res.render('business/inventory-item', formPage(page, { title: 'Add a material', action: `${base}/inventory/new`, values, messages: [] }));
  });

  r.post('/facilities/:cersId/inventory/new', permit('drafts:edit'), async (req, res) => {
    const { scope, facility, base, page } = await context(req);
    if (facility.status !== 'active') throw new NotFoundError();
    const form = parseForm(itemSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'business/inventory-item', formPage(page, { title: 'Add a material', action: `${base}/inventory/new`, messages: [] }), form.errors, req.body);
    const id = await inventory.create(scope, facility, form.data.item, form.data.chemicalId, clientIp(req));
    const saved = await inventory.get(scope, facility, id);
    const required = saved.messages.filter((m) => m.level === 'Required').length;
    req.session.flash = required
      ? { type: 'warning', heading: `${saved.commonName} added`, text: `It has ${required} Required ${required === 1 ? 'problem' : 'problems'} to fix before the inventory can be submitted; they are shown beside the fields.` }
      : { type: 'success', text: `${saved.commonName} added to the inventory.` };
    res.redirect(303, required ? `${base}/inventory/${id}` : `${base}/inventory`);
  });

  r.get('/facilities/:cersId/inventory/:itemId', async (req, res) => {
    const { scope, facility, base, page } = await context(req);
    const item = await inventory.get(scope, facility, idParam(req.params.itemId));
    res.render('business/inventory-item', formPage(page, {
      title: item.commonName ?? 'Material', action: `${base}/inventory/${item.id}`, item: { id: item.id, copyUrl: `${base}/inventory/new?copy=${item.id}`, deleteUrl: `${base}/inventory/${item.id}/delete` },
      values: itemToValues(item, item.chemicalId), errors: messagesAsFieldErrors(item.messages), messages: item.messages,
    }));
  });

  r.post('/facilities/:cersId/inventory/:itemId', permit('drafts:edit'), async (req, res) => {
    const { scope, facility, base, page } = await context(req);
    const itemId = idParam(req.params.itemId);
    const current = await inventory.get(scope, facility, itemId);
    const form = parseForm(itemSchema, req.body);
    const view = formPage(page, { title: current.commonName ?? 'Material', action: `${base}/inventory/${itemId}`, item: { id: itemId, copyUrl: `${base}/inventory/new?copy=${itemId}`, deleteUrl: `${base}/inventory/${itemId}/delete` }, messages: [] });
    if (!form.ok) return renderInvalid(res, 'business/inventory-item', view, form.errors, req.body);
    await inventory.update(scope, facility, itemId, form.data.item, form.data.chemicalId, clientIp(req));
    req.session.flash = { type: 'success', text: `${form.data.item.commonName} saved.` };
    res.redirect(303, `${base}/inventory/${itemId}`);
  });

  r.get('/facilities/:cersId/inventory/:itemId/delete', permit('drafts:edit'), async (req, res) => {
    const { scope, facility, base, page } = await context(req);
    if (facility.status !== 'active') throw new NotFoundError();
    const item = await inventory.get(scope, facility, idParam(req.params.itemId));
    res.render('business/inventory-delete', { ...page, title: `Delete ${item.commonName}`, item: { name: item.commonName, location: item.location, url: `${base}/inventory/${item.id}` } });
  });
  r.post('/facilities/:cersId/inventory/:itemId/delete', permit('drafts:edit'), async (req, res) => {
    const { scope, facility, base } = await context(req);
    await inventory.remove(scope, facility, idParam(req.params.itemId), clientIp(req));
    req.session.flash = { type: 'info', text: 'The material was deleted from the draft inventory.' };
    res.redirect(303, `${base}/inventory`);
  });
  return r;
}
