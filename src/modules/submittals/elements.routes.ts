/** An element's page (draft, parts, problems, history), starting and discarding drafts, and past versions. */
import { Router } from 'express';
import { NotFoundError } from '../../http/errors';
import { parseForm } from '../../http/form-errors';
import { renderInvalid } from '../../http/render';
import { can } from '../../rules/permissions.rules';
import { permit } from '../../tenancy/org-scope.middleware';
import type { FacilitiesService } from '../facilities/facilities.service';
import { facilityView } from '../facilities/facilities.presenter';
import { startDraftSchema } from './documents.schema';
import type { DraftsService } from './drafts.service';
import { elementCodeParam, facilityOf, idParam } from './filing-context';
import type { FilingService } from './filing.service';
import { messageView, partView, STATUS_LABELS, versionRowView } from './submittals.presenter';
import type { SubmittalsReadService } from './submittals-read.service';
import { OWNER_OPERATOR_SECTIONS } from './owner-operator.fields';
import { BUSINESS_ACTIVITY_QUESTIONS } from '../../rules/business-activities.rules';
import { clientIp } from '../../http/client-ip';

type Deps = { facilities: FacilitiesService; filing: FilingService; drafts: DraftsService; reads: SubmittalsReadService };

export function elementsRoutes({ facilities, filing, drafts, reads }: Deps): Router {
  const r = Router({ mergeParams: true });

  async function elementPage(req: import('express').Request) {
    const { scope, facility, base } = await facilityOf(req, facilities);
    const code = elementCodeParam(req.params.code);
    const state = await filing.load(scope, facility);
    const e = filing.element(state, code);
    const editable = !!e.draft && can(scope.role, 'drafts:edit') && facility.status === 'active';
    const files = e.draft ? await reads.documentsOf(scope, e.draftParts.map((p) => p.id)) : [];
    const submitted = e.versions.filter((v) => v.status !== 'draft');
    return {
      title: e.def.name,
      facility: facilityView(`/orgs/${scope.organizationId}`, facility),
      element: {
        code,
        name: e.def.name,
        required: e.required,
        url: `${base}/elements/${code}`,
        forms: e.def.forms.map((f) => ({
          name: f === 'business_activities' ? 'Business Activities' : 'Business Owner/Operator Identification',
          url: `${base}/elements/1/${f === 'business_activities' ? 'business-activities' : 'owner-operator'}`,
          done: !!e.draft?.content[f === 'business_activities' ? 'businessActivities' : 'ownerOperator'],
        })),
        laterForms: e.def.laterForms,
        inventoryUrl: e.def.inventory ? `${base}/inventory` : null,
        parts: e.def.documents.map((d) =>
          partView(base, code, d, state.policies[d.code], d.required(state.businessActivities), e.draftParts.find((p) => p.part_code === d.code), files.filter((f) => e.draftParts.find((p) => p.part_code === d.code)?.id === f.document_part_id), editable),
        ),
      },
      // Later-release notes are shown as their own cards on this page, not repeated in the list.
      draft: e.draft ? { id: e.draft.id, basedOn: e.draft.based_on_version_id, problems: e.problems.filter((m) => m.field !== 'later').map((m) => messageView(base, m)) } : null,
      editable,
      canEdit: can(scope.role, 'drafts:edit') && facility.status === 'active',
      canSubmit: can(scope.role, 'submittals:submit'),
      history: submitted.map((v) => versionRowView(base, v)),
      baseOptions: submitted.map((v, i) => ({ value: String(v.id), text: `Copy of the version submitted ${versionRowView(base, v).submitted} (${STATUS_LABELS[v.status]})`, hint: i === 0 ? 'The most recent' : undefined })),
      submitUrl: `${base}/submit`,
    };
  }

  r.get('/facilities/:cersId/elements/:code', async (req, res) => {
    const page = await elementPage(req);
    res.render('business/element', { ...page, values: { basis: page.baseOptions[0]?.value ?? 'blank' } });
  });

  r.post('/facilities/:cersId/elements/:code/drafts', permit('drafts:edit'), async (req, res) => {
    const { scope, facility, base } = await facilityOf(req, facilities);
    if (facility.status !== 'active') throw new NotFoundError();
    const code = elementCodeParam(req.params.code);
    const form = parseForm(startDraftSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'business/element', await elementPage(req), form.errors, req.body);
    await drafts.start(scope, facility.id, code, form.data.basis === 'blank' ? null : Number(form.data.basis), clientIp(req));
    res.redirect(303, `${base}/elements/${code}`);
  });

  r.get('/facilities/:cersId/elements/:code/discard', permit('drafts:edit'), async (req, res) => {
    const page = await elementPage(req);
    if (!page.draft) return res.redirect(303, page.element.url);
    res.render('business/element-discard', page);
  });
  r.post('/facilities/:cersId/elements/:code/discard', permit('drafts:edit'), async (req, res) => {
    const { scope, facility, base } = await facilityOf(req, facilities);
    if (facility.status !== 'active') throw new NotFoundError();
    const code = elementCodeParam(req.params.code);
    await drafts.discard(scope, facility.id, code, clientIp(req));
    req.session.flash = { type: 'info', text: 'The draft was discarded.' };
    res.redirect(303, `${base}/elements/${code}`);
  });

  r.get('/facilities/:cersId/elements/:code/versions/:versionId', async (req, res) => {
    const { scope, facility, base } = await facilityOf(req, facilities);
    const code = elementCodeParam(req.params.code);
    const v = await reads.version(scope, facility.id, facility.cers_id, code, idParam(req.params.versionId));
    res.render('business/element-version', {
      title: `${v.name}: version ${v.id}`,
      facility: facilityView(`/orgs/${scope.organizationId}`, facility),
      version: v,
      baQuestions: BUSINESS_ACTIVITY_QUESTIONS,
      ooSections: OWNER_OPERATOR_SECTIONS,
      elementUrl: `${base}/elements/${code}`,
      canEdit: can(scope.role, 'drafts:edit') && facility.status === 'active',
    });
  });
  return r;
}
