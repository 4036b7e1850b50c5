/** The CUPA's requests: the list, one access or facility request, and the decision. Regulator Admins only. */
import { Router, type Request } from 'express';
import { NotFoundError } from '../../http/errors';
import { formError, parseForm } from '../../http/form-errors';
import { renderInvalid, safeValues } from '../../http/render';
import { permitRegulator, regulatorScopeOf } from '../../tenancy/regulator-scope.middleware';
import { accessRequestPageView, accessRequestUrl, alreadyDecidedText, facilityDecidedFlash, facilityRequestPageView, facilityRequestUrl, requestsListView } from './requests.presenter';
import { accessDecisionSchema, facilityDecisionSchema } from './requests.schema';
import type { RegulatorRequestsService } from './requests.service';
import { clientIp } from '../../http/client-ip';

function requestIdParam(v: unknown): number {
  if (typeof v !== 'string' || !/^\d{1,9}$/.test(v)) throw new NotFoundError();
  return Number(v);
}

export function regulatorRequestsRoutes({ regulatorRequests }: { regulatorRequests: RegulatorRequestsService }): Router {
  const r = Router();
  const decide = permitRegulator('requests:decide');

  r.get('/requests', decide, async (req, res) => {
    const page = Math.min(Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1), 10_000);
    const data = await regulatorRequests.list(regulatorScopeOf(req), page);
    res.render('regulator/requests', { title: 'Requests', ...requestsListView(data) });
  });

  const accessPage = async (req: Request) => accessRequestPageView(await regulatorRequests.accessRequest(regulatorScopeOf(req), requestIdParam(req.params.requestId)));

  r.get('/requests/access/:requestId', decide, async (req, res) => {
    const page = await accessPage(req);
    res.render('regulator/request', { ...page, values: { role: page.defaultRole } });
  });

  r.post('/requests/access/:requestId/decision', decide, async (req, res) => {
    const page = await accessPage(req); // 404 before anything else when outside the jurisdiction
    const form = parseForm(accessDecisionSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'regulator/request', page, form.errors, req.body);
    const result = await regulatorRequests.decideAccess(regulatorScopeOf(req), page.request.id, form.data, clientIp(req));
    if (!result.ok) {
      // Decided by someone else meanwhile: show the page as it is now, with why nothing happened.
      const errors = result.conflict ? formError('decision', alreadyDecidedText(result.decided)) : result.errors;
      return res.status(result.conflict ? 409 : 400).render('regulator/request', { ...(await accessPage(req)), errors, values: safeValues(req.body) });
    }
    req.session.flash = { type: 'success', text: `${page.request.requester}’s request was ${form.data.role ? 'granted' : 'denied'}, and they have been emailed.` };
    res.redirect(303, accessRequestUrl(page.request.id));
  });

  const facilityPage = async (req: Request) => facilityRequestPageView(await regulatorRequests.facilityRequest(regulatorScopeOf(req), requestIdParam(req.params.requestId)));

  r.get('/requests/facility/:requestId', decide, async (req, res) => {
    res.render('regulator/request', { ...(await facilityPage(req)), values: {} });
  });

  r.post('/requests/facility/:requestId/decision', decide, async (req, res) => {
    const page = await facilityPage(req);
    const form = parseForm(facilityDecisionSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'regulator/request', page, form.errors, req.body);
    const result = await regulatorRequests.decideFacility(regulatorScopeOf(req), page.request.id, form.data, clientIp(req));
    if (!result.ok) {
      const errors = result.conflict ? formError('decision', alreadyDecidedText(result.decided)) : result.errors;
      return res.status(result.conflict ? 409 : 400).render('regulator/request', { ...(await facilityPage(req)), errors, values: safeValues(req.body) });
    }
    req.session.flash = { type: 'success', text: facilityDecidedFlash(page.facility.name, result.outcome) };
    res.redirect(303, facilityRequestUrl(page.request.id));
  });

  return r;
}
