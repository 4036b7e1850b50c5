/**
 * /admin: the platform administration, System Admins only. The systemAdmin
 * middleware is the first layer of this router, so every page below answers
 * 404 to anyone else; a test walks the app and fails if an /admin route is
 * mounted anywhere without it.
 */
import { Router, type Request } from 'express';
import { parseForm } from '../../http/form-errors';
import { renderInvalid } from '../../http/render';
import { systemAdminMiddleware, systemAdminScopeOf } from '../../tenancy/system-admin.middleware';
import { idParam } from '../submittals/filing-context';
import {
  AGENCY_TYPE_OPTIONS,
  agencyFormValues,
  agencyListView,
  agencyUrl,
  agencyView,
  countyOptions,
  jurisdictionRowsView,
} from './platform-admin.presenter';
import { agencySchema, firstAdminSchema } from './platform-admin.schema';
import type { PlatformAdminService } from './platform-admin.service';
import { clientIp } from '../../http/client-ip';

export function platformAdminRoutes({ platformAdmin }: { platformAdmin: PlatformAdminService }): Router {
  const r = Router();
  r.use(systemAdminMiddleware());

  r.get('/', async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
    const page = Math.min(Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1), 10_000);
    res.render('admin/agencies', { title: 'Regulator agencies', ...agencyListView(await platformAdmin.agencies(systemAdminScopeOf(req), q, page), q) });
  });

  async function formPage(title: string, action: string, cancel: string, values: Record<string, unknown>) {
    return { title, action, cancel, typeOptions: AGENCY_TYPE_OPTIONS, countyOptions: countyOptions(await platformAdmin.counties()), rows: jurisdictionRowsView(values) };
  }

  r.get('/agencies/new', async (_req, res) => {
    res.render('admin/agency-form', { ...(await formPage('Create a regulator agency', '/admin/agencies/new', '/admin', {})), values: {} });
  });
  r.post('/agencies/new', async (req, res) => {
    const page = await formPage('Create a regulator agency', '/admin/agencies/new', '/admin', req.body);
    const form = parseForm(agencySchema, req.body);
    if (!form.ok) return renderInvalid(res, 'admin/agency-form', page, form.errors, req.body);
    const result = await platformAdmin.createAgency(systemAdminScopeOf(req), form.data, clientIp(req));
    if (!result.ok) return renderInvalid(res, 'admin/agency-form', page, result.errors, req.body);
    req.session.flash = { type: 'success', heading: 'Agency created', text: `${form.data.name} is in the Regulator Directory. Invite its first Regulator Admin next.` };
    res.redirect(303, agencyUrl(result.id));
  });

  r.get('/agencies/:regulatorId', async (req, res) => {
    const view = agencyView(await platformAdmin.agency(systemAdminScopeOf(req), idParam(req.params.regulatorId)), new Date());
    res.render('admin/agency', { title: view.agency.name, ...view });
  });

  r.get('/agencies/:regulatorId/edit', async (req, res) => {
    const scope = systemAdminScopeOf(req);
    const a = await platformAdmin.agencyOrThrow(scope, idParam(req.params.regulatorId));
    const values = agencyFormValues(a, await platformAdmin.jurisdictions(scope, a.id));
    res.render('admin/agency-form', { ...(await formPage(`Edit ${a.name}`, `${agencyUrl(a.id)}/edit`, agencyUrl(a.id), values)), values });
  });
  r.post('/agencies/:regulatorId/edit', async (req, res) => {
    const scope = systemAdminScopeOf(req);
    const a = await platformAdmin.agencyOrThrow(scope, idParam(req.params.regulatorId));
    const page = await formPage(`Edit ${a.name}`, `${agencyUrl(a.id)}/edit`, agencyUrl(a.id), req.body);
    const form = parseForm(agencySchema, req.body);
    if (!form.ok) return renderInvalid(res, 'admin/agency-form', page, form.errors, req.body);
    const result = await platformAdmin.updateAgency(scope, a.id, form.data, clientIp(req));
    if (!result.ok) return renderInvalid(res, 'admin/agency-form', page, result.errors, req.body);
    req.session.flash = { type: 'success', text: `${form.data.name} was saved.` };
    res.redirect(303, agencyUrl(a.id));
  });

  async function invitePage(req: Request) {
    const a = await platformAdmin.agencyOrThrow(systemAdminScopeOf(req), idParam(req.params.regulatorId));
    return { a, page: { title: `Invite the first Regulator Admin of ${a.name}`, agency: { name: a.name, url: agencyUrl(a.id) } } };
  }
  r.get('/agencies/:regulatorId/invite', async (req, res) => {
    res.render('admin/agency-invite', (await invitePage(req)).page);
  });
  r.post('/agencies/:regulatorId/invite', async (req, res) => {
    const { a, page } = await invitePage(req);
    const form = parseForm(firstAdminSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'admin/agency-invite', page, form.errors, req.body);
    const result = await platformAdmin.inviteFirstAdmin(systemAdminScopeOf(req), req.user!, a.id, form.data.email, clientIp(req));
    if (!result.ok) return renderInvalid(res, 'admin/agency-invite', page, result.errors, req.body);
    req.session.flash = { type: 'success', heading: 'Invitation sent', text: `We emailed ${form.data.email} a link to become the Regulator Admin of ${a.name}. It works for 30 days.` };
    res.redirect(303, agencyUrl(a.id));
  });

  return r;
}
