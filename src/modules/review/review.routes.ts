/** The review queue, a submitted version, its inventory and files, and the decision. */
import { Router, type Request } from 'express';
import { sendDownload } from '../../http/download';
import { noErrors, parseForm, type FormErrors } from '../../http/form-errors';
import { renderInvalid } from '../../http/render';
import { BUSINESS_ACTIVITY_QUESTIONS } from '../../rules/business-activities.rules';
import { permitRegulator, regulatorScopeOf } from '../../tenancy/regulator-scope.middleware';
import { inventoryListView } from '../inventory/inventory.presenter';
import { OWNER_OPERATOR_SECTIONS } from '../submittals/owner-operator.fields';
import { idParam } from '../submittals/filing-context';
import { cersIdParam } from '../facilities/facilities.routes';
import { otherVersionsView, queueView, reviewFacilityView, submittalView, versionUrl } from './review.presenter';
import type { QueueFilters } from './review-queue.repo';
import { decisionSchema, queueFiltersSchema } from './review.schema';
import type { ReviewService } from './review.service';
import { levelCounts } from '../inventory/inventory-assessment';
import { elementDef, type ElementCode } from '../../rules/elements.rules';
import { regulatorCan, type RegulatorPermission } from '../../rules/regulator-permissions.rules';
import { CORRECTION_BLOCK_TEXT } from '../../rules/corrections.rules';
import { clientIp } from '../../http/client-ip';

const can = (req: Request, p: RegulatorPermission) => regulatorCan(regulatorScopeOf(req).role, p);

const NO_FILTERS: QueueFilters & { page: number } = { element: null, status: null, facility: null, from: null, to: null, page: 1 };

export function reviewRoutes({ review }: { review: ReviewService }): Router {
  const r = Router();

  r.get('/submittals', async (req, res) => {
    const scope = regulatorScopeOf(req);
    const parsed = parseForm(queueFiltersSchema, req.query);
    // Bad dates are reported beside their fields; the queue still shows, without them.
    const withoutDates = parsed.ok ? null : parseForm(queueFiltersSchema, { ...req.query, from: '', to: '' });
    const f = parsed.ok ? parsed.data : withoutDates?.ok ? withoutDates.data : NO_FILTERS;
    const errors: FormErrors = parsed.ok ? noErrors() : parsed.errors;
    const data = await review.queue(scope, f, f.page);
    res.status(parsed.ok ? 200 : 400).render('regulator/queue', {
      title: 'Review queue',
      ...queueView(data, f),
      filters: f,
      values: parsed.ok ? f : req.query,
      errors,
    });
  });

  async function submittalPage(req: Request) {
    const scope = regulatorScopeOf(req);
    const d = await review.submittal(scope, idParam(req.params.versionId));
    const view = submittalView(d);
    const block = d.correctionBlock;
    return {
      title: `${view.version.name}: ${view.facility.name}`,
      ...view,
      baQuestions: BUSINESS_ACTIVITY_QUESTIONS,
      ooSections: OWNER_OPERATOR_SECTIONS,
      documentBase: '/regulator/documents/',
      canDecide: can(req, 'review:decide'),
      canCorrect: can(req, 'review:correct') && block === null,
      // Why the correction is not offered; nothing to explain for elements that have no fields to correct.
      correctionsOff: block && block !== 'element' ? CORRECTION_BLOCK_TEXT[block] : null,
      decideUrl: `${versionUrl(d.v.id)}/decision`,
    };
  }

  r.get('/submittals/:versionId', async (req, res) => {
    const page = await submittalPage(req);
    res.render('regulator/submittal', { ...page, values: { status: '', comment: '' } });
  });

  r.post('/submittals/:versionId/decision', permitRegulator('review:decide'), async (req, res) => {
    const scope = regulatorScopeOf(req);
    const versionId = idParam(req.params.versionId);
    await review.version(scope, versionId); // 404 before anything else when outside the jurisdiction
    const form = parseForm(decisionSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'regulator/submittal', await submittalPage(req), form.errors, req.body);
    const result = await review.decide(scope, req.user!, versionId, form.data, clientIp(req));
    if (!result.ok) {
      // Someone else decided first: show their decision (a fresh sequence) and keep this comment.
      return res.status(409).render('regulator/submittal', { ...(await submittalPage(req)), errors: result.errors, values: { status: form.data.status, comment: form.data.comment ?? '' } });
    }
    req.session.flash = { type: 'success', text: 'Decision saved. The organization’s Lead Users and the submitter were emailed.' };
    res.redirect(303, versionUrl(versionId));
  });

  r.get('/submittals/:versionId/inventory', async (req, res) => {
    const scope = regulatorScopeOf(req);
    const { v, items } = await review.inventory(scope, idParam(req.params.versionId));
    const q = String(req.query.q ?? '').trim().toLowerCase().slice(0, 100);
    const level = (['Required', 'Warning', 'Advisory'] as const).find((l) => l === req.query.level) ?? '';
    const sort = req.query.sort === 'location' ? 'location' : 'name';
    const page = Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1);
    const base = versionUrl(v.id);
    res.render('regulator/inventory', {
      title: `Inventory: ${v.facility_name}`,
      version: { id: v.id, url: base, name: elementDef(v.element_code as ElementCode)!.name },
      facility: reviewFacilityView({ cers_id: v.cers_id, name: v.facility_name, street: v.facility_street, city: v.facility_city, zip: v.facility_zip, organization_name: v.organization_name }),
      total: items.length,
      counts: levelCounts(items),
      filters: { q, level, sort },
      ...inventoryListView(base, items, { q, level, sort, page }),
    });
  });

  r.get('/documents/:documentId', async (req, res) => {
    sendDownload(res, await review.document(regulatorScopeOf(req), idParam(req.params.documentId)));
  });

  r.get('/facilities/:cersId', async (req, res) => {
    const scope = regulatorScopeOf(req);
    const { f, versions } = await review.facility(scope, cersIdParam(req.params.cersId));
    res.render('regulator/facility', {
      title: f.name,
      facility: { ...reviewFacilityView(f), county: f.county_name, archived: f.status === 'archived' },
      versions: otherVersionsView(versions, 0),
    });
  });

  return r;
}

