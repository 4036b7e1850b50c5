/** The organization's facilities: list (paged, searchable), archived list, one facility. Runs inside the org scope. */
import { Router, type Request, type Response } from 'express';
import { NotFoundError } from '../../http/errors';
import { parseForm } from '../../http/form-errors';
import { renderInvalid } from '../../http/render';
import { permit, scopeOf } from '../../tenancy/org-scope.middleware';
import { facilityRequestSchema } from './facilities.schema';
import type { FacilityRequestsService } from './facility-requests.service';
import type { FilingService } from '../submittals/filing.service';
import { facilityFilingView } from '../submittals/submittals.presenter';
import type { FacilitiesService } from './facilities.service';
import { facilityListView, facilityRequestsView, facilityView, pagination } from './facilities.presenter';
import { transferredFacilityView, transferredListView } from './transferred.presenter';
import { clientIp } from '../../http/client-ip';

function pageParam(v: unknown): number {
  return typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : 1;
}

export function cersIdParam(v: unknown): number {
  if (typeof v !== 'string' || !/^\d{8,9}$/.test(v)) throw new NotFoundError();
  return Number(v);
}

export function facilitiesRoutes(deps: { facilities: FacilitiesService; facilityRequests: FacilityRequestsService; filing: FilingService }): Router {
  const { facilities, facilityRequests, filing } = deps;
  const r = Router({ mergeParams: true });

  const listPage = (status: 'active' | 'archived') => async (req: Request, res: Response) => {
    const scope = scopeOf(req);
    const base = `/orgs/${scope.organizationId}`;
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    const result = await facilities.list(scope, { q, page: pageParam(req.query.page), status });
    const path = status === 'active' ? `${base}/facilities` : `${base}/facilities/archived`;
    // Archived also lists the facilities transferred to another organization (read-only records).
    const transferred = status === 'archived' ? await facilities.transferred(scope) : null;
    res.render(status === 'active' ? 'business/org-facilities' : 'business/org-archived', {
      title: status === 'active' ? `Facilities of ${scope.organization.name}` : `Archived facilities of ${scope.organization.name}`,
      q,
      total: result.total,
      facilities: facilityListView(base, result.items),
      pager: pagination(path, q, result.page, result.pages),
      ...(transferred ? { transferred: transferredListView(base, transferred.items), transferredTotal: transferred.total } : {}),
    });
  };

  r.get('/', (req, res) => res.redirect(303, `/orgs/${scopeOf(req).organizationId}/facilities`));
  r.get('/facilities', listPage('active'));
  r.get('/facilities/archived', listPage('archived'));
  r.get('/facilities/archived/transferred/:cersId', async (req, res) => {
    const scope = scopeOf(req);
    const base = `/orgs/${scope.organizationId}`;
    const cersId = cersIdParam(req.params.cersId);
    // Transferred back, or never away: the facility's own page.
    if (await facilities.get(scope, cersId)) return res.redirect(303, `${base}/facilities/${cersId}`);
    const found = await facilities.transferredFacility(scope, cersId);
    if (!found) throw new NotFoundError();
    const view = transferredFacilityView(base, found);
    res.render('business/facility-transferred', { title: `${view.facility.name} (transferred)`, ...view });
  });
  r.get('/facilities/:cersId', async (req, res) => {
    const scope = scopeOf(req);
    const facility = await facilities.get(scope, cersIdParam(req.params.cersId));
    if (!facility) throw new NotFoundError();
    const requests = facilityRequestsView(await facilityRequests.list(scope, facility.id));
    const base = `/orgs/${scope.organizationId}/facilities/${facility.cers_id}`;
    const filingView = facilityFilingView(base, await filing.load(scope, facility));
    res.render('business/facility', { title: facility.name, facility: facilityView(`/orgs/${scope.organizationId}`, facility), requests, filing: filingView });
  });

  r.post('/facilities/:cersId/minor-corrections', permit('facilities:manage'), async (req, res) => {
    const scope = scopeOf(req);
    const facility = await facilities.get(scope, cersIdParam(req.params.cersId));
    if (!facility || facility.status !== 'active') throw new NotFoundError();
    const optOut = req.body?.minorCorrections === 'refuse';
    await facilities.setMinorCorrections(scope, facility, optOut, clientIp(req));
    req.session.flash = { type: 'success', text: optOut ? 'The CUPA will not make minor corrections to this facility’s submittals.' : 'The CUPA may make minor corrections to this facility’s submittals.' };
    res.redirect(303, `/orgs/${scope.organizationId}/facilities/${facility.cers_id}#minor-corrections`);
  });

  const requestPage = async (req: Request) => {
    const scope = scopeOf(req);
    const facility = await facilities.get(scope, cersIdParam(req.params.cersId));
    if (!facility || facility.status !== 'active') throw new NotFoundError();
    return { title: `Transfer, merge or delete: ${facility.name}`, facility: facilityView(`/orgs/${scope.organizationId}`, facility) };
  };
  r.get('/facilities/:cersId/requests/new', permit('facilities:manage'), async (req, res) => {
    res.render('business/facility-request', await requestPage(req));
  });
  r.post('/facilities/:cersId/requests/new', permit('facilities:manage'), async (req, res) => {
    const page = await requestPage(req);
    const form = parseForm(facilityRequestSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'business/facility-request', page, form.errors, req.body);
    const result = await facilityRequests.file(scopeOf(req), page.facility.cersId, form.data, clientIp(req));
    if (!result.ok) return renderInvalid(res, 'business/facility-request', page, result.errors, req.body);
    req.session.flash = { type: 'success', heading: 'Request sent to the CUPA', text: 'The CUPA decides; the request shows on this page until then.' };
    res.redirect(303, page.facility.url);
  });
  return r;
}
