/**
 * Access requests. The requester's side is account-level (/facilities/:cersId/request-access);
 * the deciding side runs in the organization scope, for Lead Users.
 */
import { Router } from 'express';
import { requireUser } from '../../auth/require-user.middleware';
import { NotFoundError } from '../../http/errors';
import { parseForm } from '../../http/form-errors';
import { renderInvalid } from '../../http/render';
import { permit, scopeOf } from '../../tenancy/org-scope.middleware';
import { cersIdParam } from '../facilities/facilities.routes';
import { addressLine } from '../facilities/facilities.presenter';
import { ROLE_OPTIONS } from '../people/people.presenter';
import { accessRequestView } from './access-requests.presenter';
import { decisionSchema, requestAccessSchema } from './access-requests.schema';
import type { AccessRequestsService } from './access-requests.service';
import { clientIp } from '../../http/client-ip';

export function requestAccessRoutes(deps: { accessRequests: AccessRequestsService }): Router {
  const { accessRequests } = deps;
  const r = Router();
  const page = async (req: import('express').Request) => {
    const { facility, memberOrgId, pending } = await accessRequests.prepare(req.user!, cersIdParam(req.params.cersId));
    return { title: `Request access: ${facility.name}`, facility: { name: facility.name, cersId: facility.cers_id, address: addressLine(facility) }, memberOrgId, pending, roleOptions: ROLE_OPTIONS };
  };
  r.get('/facilities/:cersId/request-access', requireUser, async (req, res) => {
    const p = await page(req);
    res.render('business/request-access', { ...p, values: { phone: req.user!.phone ?? '', title: req.user!.title ?? '', role: 'editor' } });
  });
  r.post('/facilities/:cersId/request-access', requireUser, async (req, res) => {
    const p = await page(req);
    const form = parseForm(requestAccessSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'business/request-access', p, form.errors, req.body);
    const result = await accessRequests.request(req.user!, p.facility.cersId, form.data, clientIp(req));
    if (!result.ok) return renderInvalid(res, 'business/request-access', p, result.errors, req.body);
    req.session.flash = {
      type: 'success',
      heading: 'Request sent',
      text: result.routedTo === 'lead_users'
        ? `The Lead Users of the organization that files for ${p.facility.name} will decide. We will email you.`
        : `This facility's organization has no Lead User, so its CUPA will decide. We will email you.`,
    };
    res.redirect(303, '/account');
  });
  return r;
}

export function accessRequestsRoutes(deps: { accessRequests: AccessRequestsService }): Router {
  const { accessRequests } = deps;
  const r = Router({ mergeParams: true });
  r.use('/access-requests', permit('people:manage'));
  const idParam = (v: unknown) => {
    if (typeof v !== 'string' || !/^\d{1,9}$/.test(v)) throw new NotFoundError();
    return Number(v);
  };

  r.get('/access-requests', async (req, res) => {
    const scope = scopeOf(req);
    const base = `/orgs/${scope.organizationId}`;
    const all = (await accessRequests.list(scope)).map((x) => accessRequestView(base, x));
    res.render('business/access-requests', { title: 'Access requests', pending: all.filter((x) => x.pending), decided: all.filter((x) => !x.pending) });
  });

  const decidePage = async (req: import('express').Request) => {
    const scope = scopeOf(req);
    const request = accessRequestView(`/orgs/${scope.organizationId}`, await accessRequests.get(scope, idParam(req.params.requestId)));
    return { title: `Access request from ${request.requester}`, request, roleOptions: ROLE_OPTIONS };
  };
  r.get('/access-requests/:requestId', async (req, res) => {
    const p = await decidePage(req);
    res.render('business/access-request', { ...p, values: { role: p.request.roleRequestedCode } });
  });
  r.post('/access-requests/:requestId', async (req, res) => {
    const p = await decidePage(req);
    const form = parseForm(decisionSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'business/access-request', p, form.errors, req.body);
    const result = await accessRequests.decide(scopeOf(req), p.request.id, form.data, clientIp(req));
    if (!result.ok) return renderInvalid(res, 'business/access-request', p, result.errors, req.body);
    req.session.flash = { type: 'success', text: `${p.request.requester}'s request was ${form.data.decision === 'grant' ? 'granted' : 'denied'}, and they have been emailed.` };
    res.redirect(303, `/orgs/${scopeOf(req).organizationId}/access-requests`);
  });
  return r;
}
