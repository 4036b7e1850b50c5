/** View models for the facility's filing pages. Pure. */
import type { RuleMessage } from '../../rules/completeness.rules';
import { DOCUMENT_OPTIONS, optionLabel, type DocumentPolicy, DEFAULT_POLICY } from '../../rules/documents.rules';
import { THIRTY_DAY_RULE } from '../../rules/due-dates.rules';
import { ELEMENTS, elementDef, type DocumentPartDef, type ElementDef } from '../../rules/elements.rules';
import { formatDateTime } from '../accounts/account.presenter';
import type { DocumentPartRow, DocumentRow } from './documents.repo';
import type { VersionStatus } from './element-versions.repo';
import type { ElementFiling, FacilityFiling } from './filing.service';

export const STATUS_LABELS: Record<VersionStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  under_review: 'Under review',
  accepted: 'Accepted',
  not_accepted: 'Not accepted',
  not_applicable: 'Not applicable',
};

const dateOnly = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });

/** Due dates as the business reads them, the same on the facility page and in emails. */
export function formatDueDate(d: Date): string {
  return dateOnly.format(d);
}

export function messageView(base: string, m: RuleMessage) {
  const href =
    m.field === 'business_activities' ? `${base}/elements/1/business-activities`
      : m.field === 'owner_operator' ? `${base}/elements/1/owner-operator`
        : m.field === 'later' ? null
          : m.field === 'inventory' ? `${base}/inventory${m.code === 'HMI_EMPTY' ? '/add' : '/validate'}`
          : `${base}/elements/${ELEMENTS.find((e) => e.documents.some((d) => d.code === m.field))?.code}/documents/${m.field}`;
  return { level: m.level, text: m.message, href };
}

export function elementRowView(base: string, e: ElementFiling) {
  const last = e.lastSubmitted;
  const required = e.problems.filter((m) => m.level === 'Required');
  return {
    code: e.def.code,
    name: e.def.name,
    url: `${base}/elements/${e.def.code}`,
    required: e.required,
    draft: e.draft ? { ready: required.length === 0, problems: required.length } : null,
    lastSubmitted: last
      ? {
          status: STATUS_LABELS[last.status],
          date: formatDateTime(last.submitted_at!),
          notAccepted: last.status === 'not_accepted',
          resubmitBy: last.status === 'not_accepted' && e.due.date ? formatDueDate(e.due.date) : null,
          // The CUPA's comment, once it has decided (the submitter's own comment is not news to them).
          comment: last.status === 'submitted' ? null : last.last_comment,
          corrected: last.corrected_from_version_id !== null,
        }
      : null,
    due: e.required ? { text: e.due.date ? dateOnly.format(e.due.date) : 'As soon as possible', reason: e.due.reason, overdue: e.due.overdue } : null,
  };
}

export function facilityFilingView(base: string, f: FacilityFiling) {
  const rows = f.elements.map((e) => elementRowView(base, e));
  return {
    elements: rows,
    required: rows.filter((r) => r.required),
    optional: rows.filter((r) => !r.required),
    firstSubmittal: !f.hasSubmitted,
    answered: f.businessActivities !== null,
    hasDrafts: rows.some((r) => r.draft),
    thirtyDayRule: THIRTY_DAY_RULE,
    submitUrl: `${base}/submit`,
  };
}

export function partView(
  base: string,
  code: number,
  def: DocumentPartDef,
  policy: DocumentPolicy | undefined,
  required: boolean,
  part: (DocumentPartRow & { file_count?: string }) | undefined,
  files: DocumentRow[],
  editable: boolean,
) {
  const p = policy ?? DEFAULT_POLICY;
  return {
    code: def.code,
    name: def.name,
    help: def.help,
    required,
    cupaNote: p.note,
    accepted: DOCUMENT_OPTIONS.filter((o) => p.acceptedOptions.includes(o.value)),
    url: `${base}/elements/${code}/documents/${def.code}`,
    choice: part
      ? {
          option: part.option,
          label: optionLabel(part.option),
          detail:
            part.option === 'url' ? part.url
              : part.option === 'elsewhere' ? `${elementDef(part.elsewhere_element_code ?? 0)?.name ?? ''}${part.elsewhere_comment ? ` – ${part.elsewhere_comment}` : ''}`
                : part.option === 'stored_at_facility' ? `CERS ID ${part.stored_at_cers_id}`
                  : part.option === 'provided_to_regulator' ? `on ${part.provided_date}`
                    : part.option === 'exempt' ? part.exempt_comment
                      : null,
        }
      : null,
    files: files.map((d) => ({
      id: d.id,
      title: d.title,
      name: d.original_name,
      size: `${Math.max(1, Math.round(Number(d.size_bytes) / 1024))} KB`,
      authored: d.date_authored,
      downloadUrl: `${base}/documents/${d.id}`,
      removeUrl: editable ? `${base}/documents/${d.id}/remove` : null,
    })),
  };
}

export function versionRowView(base: string, v: ElementFiling['versions'][number]) {
  return {
    id: v.id,
    status: STATUS_LABELS[v.status],
    submitted: v.submitted_at ? formatDateTime(v.submitted_at) : null,
    submitter: v.submitter_name,
    comment: v.last_comment,
    corrected: v.corrected_from_version_id !== null,
    url: `${base}/elements/${v.element_code}/versions/${v.id}`,
  };
}

/** The document parts of a submitted version as read-only lines: how each was provided, and its files. */
export function submittedPartsView(def: ElementDef, parts: DocumentPartRow[], docs: DocumentRow[]) {
  return def.documents.map((d) => {
    const p = parts.find((x) => x.part_code === d.code);
    return {
      name: d.name,
      option: p ? optionLabel(p.option) : 'Not provided',
      detail: p ? (p.url ?? p.exempt_comment ?? p.provided_date ?? (p.stored_at_cers_id ? `CERS ID ${p.stored_at_cers_id}` : null) ?? (p.elsewhere_element_code ? elementDef(p.elsewhere_element_code)?.name : null) ?? null) : null,
      files: p ? docs.filter((x) => x.document_part_id === p.id).map((x) => ({ id: x.id, title: x.title, name: x.original_name, sha256: x.sha256 })) : [],
    };
  });
}
