/**
 * Inventory spreadsheet uploads (docs/product.md §6.1): receive a file, read and validate
 * every row into a staging area (now, or in the background for big files),
 * show the preview, then commit all of it into the facilities' drafts in one
 * transaction — or cancel. Nothing reaches the inventory before commit, and a
 * Required problem anywhere blocks the commit.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { inTransaction } from '../../db/transaction';
import { NotFoundError } from '../../http/errors';
import type { JobQueue } from '../../jobs/job-queue';
import { uploadReadyEmail } from '../../mail/mail.templates';
import type { MailService } from '../../mail/mail.service';
import { spreadsheetKind } from '../../rules/inventory/upload-file.rules';
import { clipText, storableText } from '../../rules/inventory/upload-text.rules';
import { parseInventoryFile } from '../../spreadsheets/inventory-upload.parser';
import { estimateRows, inspectSpreadsheet, SpreadsheetError } from '../../spreadsheets/inventory-upload.reader';
import type { FileStore } from '../../storage/file-store';
import type { OrgScope } from '../../tenancy/org-scope';
import { findUserById } from '../accounts/users.repo';
import { recordAudit } from '../audit/audit.repo';
import { copyItems } from '../inventory/inventory.repo';
import { findMembership } from '../organizations/memberships.repo';
import { findDraft, insertDraft, latestSubmitted } from '../submittals/element-versions.repo';
import { loadValidationContext, validateBatch } from './upload-validation';
import {
  activeFacilityCount, allProblems, clearStaged, facilityNames, copyStagedIntoDrafts, countItemsOfDrafts, deleteDraftItems, findUpload, findUploadForJob, insertProblems, insertStagedRows,
  insertUpload, listProblems, lockUpload, problemCounts, recentUploads, tallyByFacility, unfinishedBackgroundUploads, updateUpload, type UploadRow,
} from './upload.repo';

export const UPLOAD_JOB = 'inventory-upload';

export type InventoryUploadService = ReturnType<typeof createInventoryUploadService>;

export type Received = { ok: true; uploadId: number; background: boolean } | { ok: false; message: string };

export type CommitResult = { ok: true; items: number; facilities: number } | { ok: false; message: string };

/** Milliseconds spent per stage, summed over uploads; the benchmark reads them (npm run bench:upload). */
export type UploadTimings = { read: number; validate: number; stage: number; commit: number };

export function createInventoryUploadService(deps: { db: Knex; config: Config; files: FileStore; mail: MailService; logger: Logger; timings?: UploadTimings }) {
  const { db, config, files, mail, logger, timings } = deps;
  const limits = config.inventoryUpload;
  let jobs: JobQueue | null = null;
  let stopping = false;

  /** Reads the upload's file into the staging area, resuming after the last staged row. */
  async function processUpload(uploadId: number, jobId: string | null): Promise<void> {
    const upload = await findUploadForJob(db, uploadId);
    if (!upload || !['queued', 'processing'].includes(upload.status)) return; // cancelled, or done by an earlier run
    if (jobId && upload.job_id && upload.job_id !== jobId) return; // another run took it over
    const membership = await findMembership(db, upload.user_id, upload.organization_id);
    if (!membership) {
      await finish(upload, 'failed', 'The person who uploaded the file is no longer a member of the organization');
      return;
    }
    await updateUpload(db, uploadId, { status: 'processing' });
    const ctx = await loadValidationContext(db, upload.organization_id, membership.organization.name);
    let rowsRead = upload.rows_read;
    const started = performance.now();
    let inBatches = 0;
    try {
      const result = await parseInventoryFile(files.pathOf(upload.stored_name), upload.kind, {
        maxRows: limits.maxRows,
        maxUncompressedBytes: limits.maxUncompressedBytes,
        skipThroughRow: upload.last_row_number,
        alreadyRead: upload.rows_read,
        batchSize: limits.batchRows,
        onBatch: async (rows) => {
          // The embedded database answers through microtasks only, so without this a
          // long read would never let a timer or an HTTP request run until it ended.
          await new Promise((resolve) => setImmediate(resolve));
          if (stopping) return false;
          const t0 = performance.now();
          const { staged, problems } = await validateBatch(db, ctx, rows);
          const t1 = performance.now();
          rowsRead += rows.length;
          // One short transaction per batch: the rows, their problems and the progress move together,
          // so a restart resumes exactly after the last batch and never stages a row twice.
          const still = await inTransaction(db, async (trx) => {
            const ok = await updateUpload(trx, uploadId, { rows_read: rowsRead, last_row_number: rows[rows.length - 1]!.rowNumber }, ['processing']);
            if (!ok) return false; // cancelled meanwhile
            await insertStagedRows(trx, uploadId, staged);
            await insertProblems(trx, uploadId, problems);
            return true;
          });
          const t2 = performance.now();
          inBatches += t2 - t0;
          if (timings) {
            timings.validate += t1 - t0;
            timings.stage += t2 - t1;
          }
          return still;
        },
      });
      if (timings) timings.read += performance.now() - started - inBatches;
      if (result.stopped) return; // cancelled, or the app is stopping: a later run resumes
      await finish(upload, 'ready', null, result.notes);
    } catch (err) {
      if (!(err instanceof SpreadsheetError)) throw err;
      await clearStaged(db, uploadId);
      await finish(upload, 'failed', err.message);
    }
  }

  async function finish(upload: UploadRow, status: 'ready' | 'failed', error: string | null, notes: string[] = []): Promise<void> {
    // Notes and messages may quote the file (a column name): never with a character the database refuses.
    const changed = await updateUpload(db, upload.id, { status, error: error === null ? null : storableText(error), notes: notes.map(storableText), ready_at: new Date() }, ['queued', 'processing']);
    if (!changed || !upload.background) return;
    const user = await findUserById(db, upload.user_id);
    if (!user) return;
    const counts = await problemCounts(db, upload.id);
    const fresh = await findUploadForJob(db, upload.id);
    await mail.send({
      to: user.email,
      userId: user.id,
      ...uploadReadyEmail({ firstName: user.first_name, fileName: upload.file_name, rows: fresh?.rows_read ?? 0, required: counts.Required, failed: error, link: `${config.baseUrl}/orgs/${upload.organization_id}/inventory/uploads/${upload.id}` }),
    });
  }

  async function startDraft(trx: Knex.Transaction, scope: OrgScope, facilityId: number, mode: 'replace' | 'append', ip: string | null) {
    const existing = await findDraft(trx, scope, facilityId, 2);
    if (existing) return existing;
    // A new draft continues the last submitted inventory; Append keeps its materials, Replace starts empty.
    const base = await latestSubmitted(trx, scope, facilityId, 2);
    const draft = await insertDraft(trx, scope, { facility_id: facilityId, element_code: 2, content: base?.content ?? {}, based_on_version_id: base?.id ?? null });
    if (base && mode === 'append') await copyItems(trx, base.id, draft.id);
    await recordAudit(trx, { actorUserId: scope.userId, action: 'draft.started', entityType: 'element_version', entityId: draft.id, organizationId: scope.organizationId, after: { element_code: 2, based_on: base?.id ?? null, by: 'upload' }, ip });
    return draft;
  }

  return {
    /** Called once the job queue is running; without it every upload is read at once. */
    useJobQueue(queue: JobQueue | null) {
      jobs = queue;
    },

    /** The worker's entry point (and the inline path's). */
    runJob: (uploadId: number, jobId: string | null) => processUpload(uploadId, jobId),

    /** Makes running reads stop after their current batch; their uploads resume on the next start. */
    stop() {
      stopping = true;
    },

    /**
     * Brings back background uploads that no worker has touched for a while (the
     * process that read them stopped): a new job resumes each after its last batch.
     */
    async resumeStalled(staleMs: number): Promise<number> {
      if (!jobs) return 0;
      let n = 0;
      for (const u of await unfinishedBackgroundUploads(db)) {
        const updated = (u as unknown as { updated_at: Date }).updated_at;
        if (Date.now() - new Date(updated).getTime() < staleMs) continue;
        const jobId = await jobs.send(UPLOAD_JOB, { uploadId: u.id });
        if (await updateUpload(db, u.id, { job_id: jobId }, ['queued', 'processing'])) n++;
      }
      return n;
    },

    async receive(scope: OrgScope, file: { path: string; originalname: string; size: number }, originFacilityId: number | null, ip: string | null): Promise<Received> {
      const verdict = spreadsheetKind(await files.head(file.path), file.size, limits.maxBytes);
      if (!verdict.ok) {
        await files.discard(file.path);
        return { ok: false, message: verdict.message };
      }
      let estimate: number;
      try {
        await inspectSpreadsheet(file.path, verdict.kind, { maxUncompressedBytes: limits.maxUncompressedBytes });
        estimate = await estimateRows(file.path, verdict.kind);
      } catch (err) {
        await files.discard(file.path);
        if (err instanceof SpreadsheetError) return { ok: false, message: err.message };
        throw err;
      }
      const { storedName } = await files.keep(file.path);
      const background = !!jobs && estimate > limits.backgroundRows;
      const uploadId = await inTransaction(db, async (trx) => {
        const id = await insertUpload(trx, {
          organization_id: scope.organizationId, user_id: scope.userId, origin_facility_id: originFacilityId, file_name: clipText(file.originalname, 255),
          stored_name: storedName, kind: verdict.kind, byte_size: file.size, status: 'queued', background, estimated_rows: estimate,
        });
        await recordAudit(trx, { actorUserId: scope.userId, action: 'inventory.upload_received', entityType: 'inventory_upload', entityId: id, organizationId: scope.organizationId, after: { file: file.originalname, bytes: file.size, background }, ip });
        return id;
      });
      if (background) {
        const jobId = await jobs!.send(UPLOAD_JOB, { uploadId });
        await updateUpload(db, uploadId, { job_id: jobId });
        return { ok: true, uploadId, background };
      }
      await processUpload(uploadId, null);
      const done = (await findUpload(db, scope, uploadId))!;
      if (done.status === 'failed') return { ok: false, message: done.error ?? 'The file could not be read' };
      return { ok: true, uploadId, background };
    },

    async get(scope: OrgScope, uploadId: number): Promise<UploadRow> {
      const upload = await findUpload(db, scope, uploadId);
      if (!upload) throw new NotFoundError();
      return upload;
    },

    recent: (scope: OrgScope) => recentUploads(db, scope),

    /** What the preview shows: per facility, rows and what they replace; the problems, filtered and paged. */
    async preview(scope: OrgScope, upload: UploadRow, opts: { level: string; page: number; pageSize: number }) {
      const tallies = await tallyByFacility(db, upload.id);
      const facilityIds = tallies.map((t) => t.facility_id).filter((x): x is number => x !== null);
      const current = await countItemsOfDrafts(db, scope, facilityIds);
      const names = await facilityNames(db, scope, facilityIds);
      const counts = await problemCounts(db, upload.id);
      const total = opts.level ? counts[opts.level as keyof typeof counts] : counts.Required + counts.Warning + counts.Advisory;
      const problems = await listProblems(db, upload.id, { level: opts.level, offset: (opts.page - 1) * opts.pageSize, limit: opts.pageSize });
      return {
        facilities: tallies.map((t) => ({ ...t, name: t.facility_id ? (names.get(t.facility_id) ?? null) : null, current: t.facility_id ? (current.get(t.facility_id) ?? 0) : 0 })),
        counts,
        problems,
        total,
      };
    },

    problems: (upload: UploadRow) => allProblems(db, upload.id),

    /** All or nothing: every staged row into its facility's draft, in one transaction. */
    async commit(scope: OrgScope, uploadId: number, mode: 'replace' | 'append', ip: string | null): Promise<CommitResult> {
      const t0 = performance.now();
      const result = await inTransaction(db, async (trx): Promise<CommitResult> => {
        const upload = await lockUpload(trx, scope, uploadId);
        if (!upload) throw new NotFoundError();
        if (upload.status === 'committed') return { ok: false, message: 'This upload was already saved to the inventory' };
        if (upload.status !== 'ready') return { ok: false, message: 'This upload cannot be saved: it is not ready, or it was cancelled' };
        const tallies = await tallyByFacility(trx, upload.id);
        const blocked = tallies.reduce((n, t) => n + t.blocked, 0);
        if (blocked) return { ok: false, message: `Nothing was saved: ${blocked.toLocaleString('en-US')} ${blocked === 1 ? 'row has' : 'rows have'} Required problems. Fix them in the spreadsheet and upload it again` };
        if (!tallies.length) return { ok: false, message: 'The file has no materials to save' };
        // Facilities must still be active members of this organization at the moment of commit.
        const facilityIds = tallies.map((t) => t.facility_id!);
        if ((await activeFacilityCount(trx, scope, facilityIds)) !== facilityIds.length) return { ok: false, message: 'Nothing was saved: a facility in the file was archived or transferred since the upload. Upload the file again' };
        for (const t of tallies) {
          const draft = await startDraft(trx, scope, t.facility_id!, mode, ip);
          if (mode === 'replace') await deleteDraftItems(trx, scope, draft.id);
        }
        const items = await copyStagedIntoDrafts(trx, scope, upload.id);
        const names = await facilityNames(trx, scope, facilityIds);
        const saved = tallies.map((t) => ({ cersId: Number(t.cers_id), name: names.get(t.facility_id!) ?? '', rows: t.rows }));
        await updateUpload(trx, upload.id, { status: 'committed', mode, saved, finished_at: new Date() });
        for (const t of tallies) {
          await recordAudit(trx, { actorUserId: scope.userId, action: 'inventory.uploaded', entityType: 'facility', entityId: t.facility_id!, organizationId: scope.organizationId, after: { upload: upload.id, file: upload.file_name, mode, rows: t.rows }, ip });
        }
        return { ok: true, items, facilities: tallies.length };
      });
      if (result.ok) await clearStaged(db, uploadId).catch((err: unknown) => logger.warn({ err, uploadId }, 'staged rows not cleared'));
      if (timings) timings.commit += performance.now() - t0;
      return result;
    },

    async cancel(scope: OrgScope, uploadId: number, ip: string | null): Promise<void> {
      const upload = await findUpload(db, scope, uploadId);
      if (!upload) throw new NotFoundError();
      if (!['queued', 'processing', 'ready', 'failed'].includes(upload.status)) return;
      await inTransaction(db, async (trx) => {
        await updateUpload(trx, uploadId, { status: 'cancelled', finished_at: new Date() }, ['queued', 'processing', 'ready', 'failed']);
        await clearStaged(trx, uploadId);
        await recordAudit(trx, { actorUserId: scope.userId, action: 'inventory.upload_cancelled', entityType: 'inventory_upload', entityId: uploadId, organizationId: scope.organizationId, ip });
      });
    },
  };
}
