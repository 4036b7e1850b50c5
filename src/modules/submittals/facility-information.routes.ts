/** The two forms of Facility Information: Business Activities, and Owner/Operator Identification. */
import { Router, type Request } from 'express';
import { NotFoundError } from '../../http/errors';
import { parseForm } from '../../http/form-errors';
import { renderInvalid } from '../../http/render';
import { BUSINESS_ACTIVITY_QUESTIONS } from '../../rules/business-activities.rules';
import { permit } from '../../tenancy/org-scope.middleware';
import type { FacilitiesService } from '../facilities/facilities.service';
import { facilityView } from '../facilities/facilities.presenter';
import type { DraftsService } from './drafts.service';
import { businessActivitiesSchema, ownerOperatorSchema } from './facility-information.schema';
import { facilityOf } from './filing-context';
import type { FilingService } from './filing.service';
import { OWNER_OPERATOR_SECTIONS, sameAsMailingTicks } from './owner-operator.fields';
import { clientIp } from '../../http/client-ip';

type Deps = { facilities: FacilitiesService; filing: FilingService; drafts: DraftsService };

type Saved = Record<string, unknown>;

/** `prefill`: what the form shows from the saved answers. */
const FORMS = {
  'business-activities': { key: 'businessActivities', view: 'business/form-business-activities', title: 'Business Activities', schema: businessActivitiesSchema, prefill: (saved: Saved) => saved },
  'owner-operator': {
    key: 'ownerOperator', view: 'business/form-owner-operator', title: 'Business Owner/Operator Identification', schema: ownerOperatorSchema,
    prefill: (saved: Saved) => ({ ...saved, ...sameAsMailingTicks(saved) }),
  },
} as const;

export function facilityInformationRoutes({ facilities, filing, drafts }: Deps): Router {
  const r = Router({ mergeParams: true });

  async function page(req: Request, form: (typeof FORMS)[keyof typeof FORMS]) {
    const { scope, facility, base } = await facilityOf(req, facilities);
    if (facility.status !== 'active') throw new NotFoundError();
    const state = await filing.load(scope, facility);
    const fi = filing.element(state, 1);
    // Without a draft, the form starts from the last submitted answers (saving starts the draft).
    const saved = (fi.draft ?? fi.lastSubmitted)?.content[form.key] as Record<string, unknown> | undefined;
    return {
      scope, facility,
      view: {
        title: form.title,
        facility: facilityView(`/orgs/${scope.organizationId}`, facility),
        questions: BUSINESS_ACTIVITY_QUESTIONS,
        sections: OWNER_OPERATOR_SECTIONS,
        elementUrl: `${base}/elements/1`,
        action: `${base}/elements/1/${form === FORMS['business-activities'] ? 'business-activities' : 'owner-operator'}`,
        hasDraft: !!fi.draft,
      },
      saved: saved ?? {},
    };
  }

  for (const [slug, form] of Object.entries(FORMS)) {
    r.get(`/facilities/:cersId/elements/1/${slug}`, permit('drafts:edit'), async (req, res) => {
      const p = await page(req, form);
      res.render(form.view, { ...p.view, values: form.prefill(p.saved) });
    });
    r.post(`/facilities/:cersId/elements/1/${slug}`, permit('drafts:edit'), async (req, res) => {
      const p = await page(req, form);
      const parsed = parseForm(form.schema, req.body);
      if (!parsed.ok) return renderInvalid(res, form.view, p.view, parsed.errors, req.body);
      await drafts.saveForm(p.scope, p.facility.id, form.key, parsed.data, clientIp(req));
      req.session.flash = { type: 'success', text: `${form.title} saved to the Facility Information draft.` };
      res.redirect(303, p.view.elementUrl);
    });
  }
  return r;
}
