/**
 * Regulator minor corrections (docs/product.md §9.2): what changed, field by field, and
 * whether a correction may be made at all. Pure.
 */
export type FieldChange = { field: string; label: string; before: string | null; after: string | null };

const norm = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));

/** The fields whose value differs, in the order of `fields`. */
export function fieldChanges(fields: { name: string; label: string }[], before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  return fields
    .filter((f) => norm(before[f.name]) !== norm(after[f.name]))
    .map((f) => ({ field: f.name, label: f.label, before: norm(before[f.name]), after: norm(after[f.name]) }));
}

/** Elements with forms a reviewer can correct: Facility Information (Owner/Operator) and the inventory. */
export const CORRECTABLE_ELEMENTS = [1, 2] as const;

export type CorrectionBlock = 'policy' | 'opted_out' | 'element' | 'superseded';

/** Why a correction cannot be offered, or null when it can. */
export function correctionBlock(p: { policyAllows: boolean; optedOut: boolean; elementCode: number; superseded: boolean }): CorrectionBlock | null {
  if (!p.policyAllows) return 'policy';
  if (p.optedOut) return 'opted_out';
  if (!(CORRECTABLE_ELEMENTS as readonly number[]).includes(p.elementCode)) return 'element';
  if (p.superseded) return 'superseded';
  return null;
}

export const CORRECTION_BLOCK_TEXT: Record<CorrectionBlock, string> = {
  policy: 'Your CUPA does not make minor corrections (CUPA administration → policies).',
  opted_out: 'This facility’s Lead User opted out of minor corrections: ask the business to correct and resubmit.',
  element: 'Only Facility Information and the inventory have fields a reviewer can correct.',
  superseded: 'A newer version of this element exists (a later submittal or a correction): correct that one.',
};
