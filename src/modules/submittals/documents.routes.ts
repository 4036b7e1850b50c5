/** Document parts of a draft: how each is provided, uploads, removal; downloads for every member. */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import { sendDownload } from '../../http/download';
import { NotFoundError } from '../../http/errors';
import { parseForm } from '../../http/form-errors';
import { renderInvalid } from '../../http/render';
import { sameOriginRefererPath } from '../../http/safe-redirect';
import { multipartAction, singleFileUpload } from '../../http/upload';
import { documentPartDef, ELEMENTS } from '../../rules/elements.rules';
import { permit } from '../../tenancy/org-scope.middleware';
import type { FacilitiesService } from '../facilities/facilities.service';
import { facilityView } from '../facilities/facilities.presenter';
import type { DocumentsService } from './documents.service';
import { partOptionSchema, uploadSchema } from './documents.schema';
import type { DraftsService } from './drafts.service';
import { elementCodeParam, facilityOf, idParam } from './filing-context';
import type { FilingService } from './filing.service';
import { partView } from './submittals.presenter';
import type { SubmittalsReadService } from './submittals-read.service';
import { clientIp } from '../../http/client-ip';

type Deps = { facilities: FacilitiesService; filing: FilingService; drafts: DraftsService; documents: DocumentsService; reads: SubmittalsReadService; uploadTmpDir: string };

export function documentsRoutes({ facilities, filing, drafts, documents, reads, uploadTmpDir }: Deps): Router {
  const r = Router({ mergeParams: true });

  /** The part of this facility's draft the URL names; 404 for anything else. */
  async function partTarget(req: Request) {
    const { scope, facility, base } = await facilityOf(req, facilities);
    const code = elementCodeParam(req.params.code);
    const def = documentPartDef(String(req.params.part));
    if (!def || def.element !== code || facility.status !== 'active') throw new NotFoundError();
    const state = await filing.load(scope, facility);
    const e = filing.element(state, code);
    if (!e.draft) throw new NotFoundError(); // parts are edited on a draft; the element page offers to start one
    return { scope, facility, base, code, def, state, e };
  }

  async function partPage(req: Request, res: Response, target?: Awaited<ReturnType<typeof partTarget>>) {
    const { scope, facility, base, code, def, state, e } = target ?? (await partTarget(req));
    const part = e.draftParts.find((p) => p.part_code === def.code);
    const files = part ? await reads.documentsOf(scope, [part.id]) : [];
    const view = partView(base, code, def, state.policies[def.code], def.required(state.businessActivities), part, files, true);
    return {
      scope, facility, code, def, base,
      page: {
        title: def.name,
        facility: facilityView(`/orgs/${scope.organizationId}`, facility),
        part: view,
        elementName: e.def.name,
        elementUrl: `${base}/elements/${code}`,
        otherElements: ELEMENTS.filter((x) => x.code !== code).map((x) => ({ value: String(x.code), text: x.name })),
        uploadAction: multipartAction(`${view.url}/upload`, (res.locals.csrfToken as () => string)()),
        idempotencyKey: randomUUID(),
      },
      current: part
        ? { option: part.option, url: part.url ?? '', elsewhereElementCode: String(part.elsewhere_element_code ?? ''), elsewhereComment: part.elsewhere_comment ?? '', storedAtCersId: String(part.stored_at_cers_id ?? facility.cers_id), providedDate: part.provided_date ?? '', exemptComment: part.exempt_comment ?? '' }
        : { option: view.accepted.length === 1 ? view.accepted[0]!.value : '', storedAtCersId: String(facility.cers_id) },
    };
  }

  r.get('/facilities/:cersId/elements/:code/documents/:part', permit('drafts:edit'), async (req, res) => {
    const p = await partPage(req, res);
    res.render('business/document-part', { ...p.page, values: p.current });
  });

  r.post('/facilities/:cersId/elements/:code/documents/:part', permit('drafts:edit'), async (req, res) => {
    const p = await partPage(req, res);
    const form = parseForm(partOptionSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'business/document-part', p.page, form.errors, req.body);
    if (!p.page.part.accepted.some((o) => o.value === form.data.option)) {
      return renderInvalid(res, 'business/document-part', p.page, { summary: [{ text: 'Your CUPA does not accept this option for this document. Choose one of those listed', href: '#option' }], fields: { option: 'Your CUPA does not accept this option for this document. Choose one of those listed' } }, req.body);
    }
    const result = await drafts.savePart(p.scope, p.facility.id, p.code, p.def, form.data, clientIp(req));
    if (!result.ok) return renderInvalid(res, 'business/document-part', p.page, result.errors, req.body);
    req.session.flash = { type: 'success', text: `${p.def.name}: saved.` };
    res.redirect(303, form.data.option === 'upload' ? p.page.part.url : p.page.elementUrl);
  });

  // The part is found before multer reads the body: an upload to a part that
  // does not exist (or is another organization's) is refused without storing a byte.
  const targets = new WeakMap<Request, Awaited<ReturnType<typeof partTarget>>>();
  const findTargetFirst = async (req: Request, _res: Response, next: NextFunction) => {
    targets.set(req, await partTarget(req));
    next();
  };

  r.post('/facilities/:cersId/elements/:code/documents/:part/upload', permit('drafts:edit'), findTargetFirst, singleFileUpload(uploadTmpDir, 'file'), async (req, res) => {
    const p = await partPage(req, res, targets.get(req));
    const values = { option: 'upload', ...req.body };
    const form = parseForm(uploadSchema, req.body);
    if (req.uploadError) {
      return renderInvalid(res, 'business/document-part', p.page, { summary: [{ text: req.uploadError, href: '#file' }], fields: { file: req.uploadError, ...(form.ok ? {} : form.errors.fields) } }, values);
    }
    if (!form.ok) {
      if (req.file) await documents.discardTemp(req.file.path);
      return renderInvalid(res, 'business/document-part', p.page, form.errors, values);
    }
    const result = await documents.upload(p.scope, p.facility.id, p.code, p.def, req.file, form.data, clientIp(req));
    if (!result.ok) return renderInvalid(res, 'business/document-part', p.page, result.errors, values);
    req.session.flash = { type: 'success', text: `Uploaded "${form.data.title}".` };
    res.redirect(303, p.page.part.url);
  });

  r.post('/facilities/:cersId/documents/:documentId/remove', permit('drafts:edit'), async (req, res) => {
    const { scope, facility } = await facilityOf(req, facilities);
    if (facility.status !== 'active') throw new NotFoundError();
    await documents.remove(scope, facility.cers_id, idParam(req.params.documentId), clientIp(req));
    req.session.flash = { type: 'info', text: 'The file was removed from the draft.' };
    res.redirect(303, sameOriginRefererPath(req) ?? `/orgs/${scope.organizationId}/facilities`);
  });

  r.get('/facilities/:cersId/documents/:documentId', async (req, res) => {
    const { scope, facility } = await facilityOf(req, facilities);
    const file = await documents.download(scope, facility.cers_id, idParam(req.params.documentId));
    sendDownload(res, file);
  });
  return r;
}
