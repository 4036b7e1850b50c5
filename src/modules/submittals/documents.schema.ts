/** How a document part is provided, and the upload form. */
import { z } from 'zod';
import { optionalText, requiredText } from '../../http/form-fields';
import { isCalendarDate } from '../../rules/dates.rules';
import { ALL_OPTIONS } from '../../rules/documents.rules';

const asString = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

function pastDate(emptyMessage: string, label: string) {
  return z.preprocess(
    asString,
    z
      .string()
      .min(1, emptyMessage)
      .refine((v) => isCalendarDate(v), `Enter the ${label} as a real date`)
      .refine((v) => Date.parse(v) <= Date.now() + 86400_000, `The ${label} must be today or in the past`),
  );
}

export const partOptionSchema = z
  .object({
    option: z.preprocess(asString, z.enum(ALL_OPTIONS as [string, ...string[]], { error: 'Choose how you provide this document' })),
    url: z.preprocess(asString, z.string()),
    elsewhereElementCode: z.preprocess(asString, z.string()),
    elsewhereComment: optionalText('comment', 500),
    storedAtCersId: z.preprocess(asString, z.string()),
    providedDate: z.preprocess(asString, z.string()),
    exemptComment: z.preprocess(asString, z.string()),
  })
  .superRefine((d, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (d.option === 'url' && !(/^https?:\/\/\S+$/i.test(d.url) && d.url.length >= 10 && d.url.length <= 1000)) issue('url', 'Enter the full web address, starting with https://');
    if (d.option === 'elsewhere' && !/^([1-9]|10)$/.test(d.elsewhereElementCode)) issue('elsewhereElementCode', 'Choose the element where the document is');
    if (d.option === 'stored_at_facility' && !/^\d{8,9}$/.test(d.storedAtCersId)) issue('storedAtCersId', 'Enter the 8-digit CERS ID of the facility where it is kept');
    if (d.option === 'provided_to_regulator' && !(isCalendarDate(d.providedDate) && Date.parse(d.providedDate) <= Date.now() + 86400_000)) {
      issue('providedDate', 'Enter the date you gave it to the regulator, today or earlier');
    }
    if (d.option === 'exempt' && (d.exemptComment.length < 5 || d.exemptComment.length > 500)) issue('exemptComment', 'Explain the exemption in 5 to 500 characters');
  })
  .transform((d) => ({
    option: d.option as (typeof ALL_OPTIONS)[number],
    url: d.option === 'url' ? d.url : null,
    elsewhere_element_code: d.option === 'elsewhere' ? Number(d.elsewhereElementCode) : null,
    elsewhere_comment: d.option === 'elsewhere' ? d.elsewhereComment : null,
    stored_at_cers_id: d.option === 'stored_at_facility' ? Number(d.storedAtCersId) : null,
    provided_date: d.option === 'provided_to_regulator' ? d.providedDate : null,
    exempt_comment: d.option === 'exempt' ? d.exemptComment : null,
  }));

export const uploadSchema = z.object({
  title: requiredText('a title', 300, 'Enter a title for the document'),
  description: optionalText('description', 500),
  dateAuthored: pastDate('Enter the date the document was written', 'date written'),
  idempotencyKey: z.preprocess(asString, z.uuid('Reload the page and try again')),
});

export const submitSchema = z.object({
  elements: z.preprocess((v) => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []), z.array(z.string().regex(/^([1-9]|10)$/)).transform((a) => [...new Set(a.map(Number))])),
  idempotencyKey: z.preprocess(asString, z.uuid('Reload the page and try again')),
});

export const startDraftSchema = z.object({
  basis: z.preprocess(asString, z.string().regex(/^(blank|\d{1,9})$/, 'Choose how to start the draft')),
});
