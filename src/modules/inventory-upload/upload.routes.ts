/**
 * Inventory spreadsheet upload pages, for Editors and above: the upload form,
 * the progress / preview page of one upload (with its problems, filtered and
 * paged, and the problem report), commit and cancel.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../http/errors';
import { parseForm } from '../../http/form-errors';
import { renderInvalid } from '../../http/render';
import { multipartAction, singleFileUpload } from '../../http/upload';
import { permit, scopeOf } from '../../tenancy/org-scope.middleware';
import type { FacilitiesService } from '../facilities/facilities.service';
import { idParam } from '../submittals/filing-context';
import type { InventoryUploadService } from './upload.service';
import { csvLine, facilityTallyView, savedView,  PROBLEM_REPORT_HEADER, problemsPager, problemRowsView, progressView, uploadListView } from './upload.presenter';
import { clientIp } from '../../http/client-ip';

type Deps = { uploads: InventoryUploadService; facilities: FacilitiesService; uploadTmpDir: string };

const PAGE_SIZE = 50;
const LEVELS = ['Required', 'Warning', 'Advisory'] as const;

const commitSchema = z.object({
  mode: z.enum(['replace', 'append'], { error: 'Choose whether the file replaces the draft inventory or adds to it' }),
});

export function inventoryUploadRoutes({ uploads, facilities, uploadTmpDir }: Deps): Router {
  const r = Router({ mergeParams: true });
  const base = (req: Request) => `/orgs/${scopeOf(req).organizationId}`;

  async function formPage(req: Request, res: Response) {
    const scope = scopeOf(req);
    const cersId = typeof req.query.facility === 'string' && /^\d{1,12}$/.test(req.query.facility) ? Number(req.query.facility) : null;
    const facility = cersId ? await facilities.get(scope, cersId) : undefined;
    return {
      title: 'Upload an inventory spreadsheet',
      facility: facility ? { name: facility.name, cersId: facility.cers_id, inventoryUrl: `${base(req)}/facilities/${facility.cers_id}/inventory` } : null,
      action: multipartAction(`${base(req)}/inventory/upload`, (res.locals.csrfToken as () => string)()) + (facility ? `&facility=${facility.cers_id}` : ''),
      templateUrl: `${base(req)}/inventory/template.xlsx`,
      recent: uploadListView(base(req), await uploads.recent(scope)),
      originFacilityId: facility?.id ?? null,
    };
  }

  r.get('/inventory/upload', permit('drafts:edit'), async (req, res) => {
    res.render('business/inventory-upload', await formPage(req, res));
  });

  r.post('/inventory/upload', permit('drafts:edit'), singleFileUpload(uploadTmpDir, 'file'), async (req, res) => {
    const page = await formPage(req, res);
    const fail = (message: string) => renderInvalid(res, 'business/inventory-upload', page, { summary: [{ text: message, href: '#file' }], fields: { file: message } }, {});
    // multer's size limit speaks of documents; a spreadsheet is split instead.
    if (req.uploadError) return fail(/25 MB/.test(req.uploadError) ? 'The selected file must be smaller than 25 MB. Split the inventory into several files and upload each with Append' : req.uploadError);
    if (!req.file) return fail('Choose the inventory spreadsheet to upload (.xlsx or .csv)');
    const result = await uploads.receive(scopeOf(req), req.file, page.originFacilityId, clientIp(req));
    if (!result.ok) return fail(result.message);
    res.redirect(303, `${base(req)}/inventory/uploads/${result.uploadId}`);
  });

  async function uploadPage(req: Request) {
    const scope = scopeOf(req);
    const upload = await uploads.get(scope, idParam(req.params.uploadId));
    const url = `${base(req)}/inventory/uploads/${upload.id}`;
    return { scope, upload, url };
  }

  async function previewPage(req: Request) {
    const { scope, upload, url } = await uploadPage(req);
    const level = LEVELS.find((l) => l === req.query.level) ?? '';
    const page = Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1);
    const preview = upload.status === 'ready' ? await uploads.preview(scope, upload, { level, page, pageSize: PAGE_SIZE }) : null;
    const link = (p: number) => `${url}?${new URLSearchParams({ ...(level ? { level } : {}), page: String(p) })}#problems`;
    return {
      title: `Inventory upload: ${upload.file_name}`,
      upload: { id: upload.id, fileName: upload.file_name, status: upload.status, error: upload.error, notes: upload.notes, mode: upload.mode, background: upload.background },
      saved: savedView(base(req), upload.saved),
      progress: progressView(upload),
      urls: { self: url, status: `${url}/status.json`, report: `${url}/problems.csv`, commit: `${url}/commit`, cancel: `${url}/cancel`, again: `${base(req)}/inventory/upload`, orgBase: base(req) },
      preview: preview && {
        facilities: facilityTallyView(base(req), preview.facilities, upload.mode),
        counts: preview.counts,
        problems: problemRowsView(preview.problems),
        total: preview.total,
        blocked: preview.facilities.reduce((n, f) => n + f.blocked, 0),
        rows: preview.facilities.reduce((n, f) => n + f.rows, 0),
      },
      filters: { level },
      pager: problemsPager(link, page, preview?.total ?? 0, PAGE_SIZE),
    };
  }

  r.get('/inventory/uploads/:uploadId', permit('drafts:edit'), async (req, res) => {
    res.render('business/inventory-upload-preview', await previewPage(req));
  });

  r.get('/inventory/uploads/:uploadId/status.json', permit('drafts:edit'), async (req, res) => {
    const { upload } = await uploadPage(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json(progressView(upload));
  });

  r.get('/inventory/uploads/:uploadId/problems.csv', permit('drafts:edit'), async (req, res) => {
    const { upload } = await uploadPage(req);
    if (upload.status !== 'ready') throw new NotFoundError();
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="upload-${upload.id}-problems.csv"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.write(`\ufeff${csvLine(PROBLEM_REPORT_HEADER)}`);
    for await (const p of uploads.problems(upload)) {
      if (!res.write(csvLine([p.row_number, p.column_name, p.value, p.level, p.message]))) await new Promise((ok) => res.once('drain', ok));
    }
    res.end();
  });

  r.post('/inventory/uploads/:uploadId/commit', permit('drafts:edit'), async (req, res) => {
    const form = parseForm(commitSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'business/inventory-upload-preview', await previewPage(req), form.errors, req.body);
    const { scope, upload, url } = await uploadPage(req);
    const result = await uploads.commit(scope, upload.id, form.data.mode, clientIp(req));
    if (!result.ok) {
      return renderInvalid(res, 'business/inventory-upload-preview', await previewPage(req), { summary: [{ text: result.message, href: '#mode' }], fields: { mode: result.message } }, req.body);
    }
    req.session.flash = { type: 'success', text: `${result.items.toLocaleString('en-US')} ${result.items === 1 ? 'material was' : 'materials were'} saved to the draft inventory of ${result.facilities} ${result.facilities === 1 ? 'facility' : 'facilities'}.` };
    res.redirect(303, url);
  });

  r.post('/inventory/uploads/:uploadId/cancel', permit('drafts:edit'), async (req, res) => {
    const { scope, upload } = await uploadPage(req);
    await uploads.cancel(scope, upload.id, clientIp(req));
    req.session.flash = { type: 'info', text: `The upload of ${upload.file_name} was cancelled; nothing was saved.` };
    res.redirect(303, `${base(req)}/inventory/upload`);
  });

  return r;
}
