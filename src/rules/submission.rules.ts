/**
 * Which drafts may be submitted together (docs/product.md §5): Facility Information in
 * every submittal; a facility's first submittal holds every required element;
 * nothing with a Required-level problem. Pure.
 */
import { elementDef, type ElementCode } from './elements.rules';

export type SubmissionProblem = { field: string; message: string };

export function submissionProblems(p: {
  chosen: ElementCode[];
  required: ElementCode[];
  firstSubmittal: boolean;
  blockingCount: Partial<Record<ElementCode, number>>;
}): SubmissionProblem[] {
  const out: SubmissionProblem[] = [];
  if (p.chosen.length === 0) return [{ field: 'elements', message: 'Choose the elements to submit' }];
  if (!p.chosen.includes(1)) out.push({ field: 'elements', message: 'Facility Information must be part of every submittal. Tick it too' });
  if (p.firstSubmittal) {
    const missing = p.required.filter((c) => !p.chosen.includes(c));
    if (missing.length) {
      out.push({ field: 'elements', message: `A facility's first submittal must include every required element. Also tick: ${missing.map((c) => elementDef(c)!.name).join(', ')}` });
    }
  }
  for (const c of p.chosen) {
    const n = p.blockingCount[c] ?? 0;
    if (n > 0) out.push({ field: `element-${c}`, message: `${elementDef(c)!.name} is not ready: fix ${n === 1 ? 'the problem' : `the ${n} problems`} listed with it` });
  }
  return out;
}
