/** Submitting drafts to the CUPA, and the receipt (page and PDF). */
import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { NotFoundError } from '../../http/errors';
import { parseForm } from '../../http/form-errors';
import { renderInvalid } from '../../http/render';
import type { ElementCode } from '../../rules/elements.rules';
import { permit } from '../../tenancy/org-scope.middleware';
import { formatDateTime } from '../accounts/account.presenter';
import { addressLine, facilityView } from '../facilities/facilities.presenter';
import type { FacilitiesService } from '../facilities/facilities.service';
import { renderReceiptPdf } from '../../pdf/receipt.pdf';
import { submitSchema } from './documents.schema';
import { facilityOf, idParam } from './filing-context';
import type { FilingService } from './filing.service';
import type { SubmissionService } from './submission.service';
import { elementRowView, messageView } from './submittals.presenter';
import { clientIp } from '../../http/client-ip';

type Deps = { facilities: FacilitiesService; filing: FilingService; submission: SubmissionService };

export function submitRoutes({ facilities, filing, submission }: Deps): Router {
  const r = Router({ mergeParams: true });

  async function submitPage(req: Request) {
    const { scope, facility, base } = await facilityOf(req, facilities);
    if (facility.status !== 'active') throw new NotFoundError();
    const state = await filing.load(scope, facility);
    const drafts = state.elements.filter((e) => e.draft);
    return {
      scope, facility,
      page: {
        title: `Submit: ${facility.name}`,
        facility: facilityView(`/orgs/${scope.organizationId}`, facility),
        firstSubmittal: !state.hasSubmitted,
        drafts: drafts.map((e) => ({
          ...elementRowView(base, e),
          problems: e.problems.map((m) => messageView(base, m)),
          blocking: e.problems.filter((m) => m.level === 'Required').length,
        })),
        missingRequired: state.elements.filter((e) => e.required && !e.draft && !e.lastSubmitted).map((e) => ({ name: e.def.name, url: `${base}/elements/${e.def.code}` })),
        action: `${base}/submit`,
        idempotencyKey: randomUUID(),
      },
    };
  }

  r.get('/facilities/:cersId/submit', permit('submittals:submit'), async (req, res) => {
    const p = await submitPage(req);
    res.render('business/submit', { ...p.page, values: { elements: p.page.drafts.filter((d) => d.draft?.ready).map((d) => String(d.code)) } });
  });

  r.post('/facilities/:cersId/submit', permit('submittals:submit'), async (req, res) => {
    const p = await submitPage(req);
    const form = parseForm(submitSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'business/submit', p.page, form.errors, req.body);
    const comments: Partial<Record<ElementCode, string | null>> = {};
    for (const code of form.data.elements) {
      const c = req.body?.[`comment-${code}`];
      comments[code as ElementCode] = typeof c === 'string' && c.trim() ? c.trim().slice(0, 1500) : null;
    }
    const result = await submission.submit(p.scope, req.user!, p.facility, { elements: form.data.elements as ElementCode[], comments, idempotencyKey: form.data.idempotencyKey }, clientIp(req));
    if (!result.ok) {
      // A new key for the corrected attempt; the failed one saved nothing.
      return renderInvalid(res, 'business/submit', p.page, result.errors, req.body);
    }
    res.redirect(303, `/orgs/${p.scope.organizationId}/facilities/${p.facility.cers_id}/submittals/${result.submittalId}`);
  });

  async function receipt(req: Request) {
    const { scope, facility, base } = await facilityOf(req, facilities);
    const rec = await submission.receipt(scope, facility, idParam(req.params.submittalId));
    return { scope, facility, base, rec };
  }

  r.get('/facilities/:cersId/submittals/:submittalId', async (req, res) => {
    const { scope, facility, base, rec } = await receipt(req);
    res.render('business/receipt', {
      title: `Submittal receipt: ${facility.name}`,
      facility: facilityView(`/orgs/${scope.organizationId}`, facility),
      receipt: { ...rec, submittedAt: formatDateTime(rec.submittedAt), elements: rec.elements.map((e) => ({ ...e, url: `${base}/elements/${e.code}/versions/${e.versionId}` })) },
      pdfUrl: `${base}/submittals/${rec.id}/receipt.pdf`,
    });
  });

  r.get('/facilities/:cersId/submittals/:submittalId/receipt.pdf', async (req, res) => {
    const { scope, facility, rec } = await receipt(req);
    const pdf = await renderReceiptPdf({
      facility: { name: facility.name, cersId: facility.cers_id, address: addressLine(facility), cupa: facility.regulator_name },
      organization: scope.organization.name,
      submittalId: rec.id,
      submittedAt: formatDateTime(rec.submittedAt),
      submitter: rec.submitter,
      fingerprint: rec.fingerprint,
      elements: rec.elements,
    });
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="receipt-${facility.cers_id}-${rec.id}.pdf"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(pdf);
  });
  return r;
}
