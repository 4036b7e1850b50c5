/** The organization's facilities: list (paged, searchable), archived list, one facility. Runs inside the org scope. */
import { Router } from 'express';
import { NotFoundError } from '../../http/errors';
import { scopeOf } from '../../tenancy/org-scope.middleware';
import type { FacilitiesService } from './facilities.service';
import { facilityListView, facilityView, pagination } from './facilities.presenter';

function pageParam(v: unknown): number {
  return typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : 1;
}

export function cersIdParam(v: unknown): number {
  if (typeof v !== 'string' || !/^\d{8,9}$/.test(v)) throw new NotFoundError();
  return Number(v);
}

export function facilitiesRoutes(deps: { facilities: FacilitiesService }): Router {
  const { facilities } = deps;
  const r = Router({ mergeParams: true });

  const listPage = (status: 'active' | 'archived') => async (req: import('express').Request, res: import('express').Response) => {
    const scope = scopeOf(req);
    const base = `/orgs/${scope.organizationId}`;
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    const result = await facilities.list(scope, { q, page: pageParam(req.query.page), status });
    const path = status === 'active' ? `${base}/facilities` : `${base}/facilities/archived`;
    res.render(status === 'active' ? 'business/org-facilities' : 'business/org-archived', {
      title: status === 'active' ? `Facilities of ${scope.organization.name}` : `Archived facilities of ${scope.organization.name}`,
      q,
      total: result.total,
      facilities: facilityListView(base, result.items),
      pager: pagination(path, q, result.page, result.pages),
    });
  };

  r.get('/', (req, res) => res.redirect(303, `/orgs/${scopeOf(req).organizationId}/facilities`));
  r.get('/facilities', listPage('active'));
  r.get('/facilities/archived', listPage('archived'));
  r.get('/facilities/:cersId', async (req, res) => {
    const scope = scopeOf(req);
    const facility = await facilities.get(scope, cersIdParam(req.params.cersId));
    if (!facility) throw new NotFoundError();
    res.render('business/facility', { title: facility.name, facility: facilityView(`/orgs/${scope.organizationId}`, facility) });
  });
  return r;
}
