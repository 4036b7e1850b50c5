/**
 * Is an element draft complete enough to submit (docs/product.md §7, "Element completeness")?
 * Every message has a level; Required blocks submission. Pure.
 */
import type { BusinessActivities } from './business-activities.rules';
import { optionLabel, type DocumentOption, type DocumentPolicy, DEFAULT_POLICY } from './documents.rules';
import { elementDef, type DocumentPartCode, type ElementCode } from './elements.rules';

export type Level = 'Required' | 'Warning' | 'Advisory';
export type RuleMessage = { code: string; level: Level; field: string; message: string };

export type PartState = {
  partCode: DocumentPartCode;
  option: DocumentOption;
  fileCount: number;
};

export type ElementContent = {
  businessActivities?: BusinessActivities;
  ownerOperator?: Record<string, string | null> & { numberOfEmployees?: string | null };
};

export type CompletenessInput = {
  code: ElementCode;
  content: ElementContent;
  parts: PartState[];
  policies: Partial<Record<DocumentPartCode, DocumentPolicy>>;
  /** The facility's current answers (this FI draft, else its last FI submission). */
  businessActivities: BusinessActivities | null;
  /** From the Owner/Operator form, for "Exempt only without employees". */
  numberOfEmployees: number | null;
  /** Element 2: how many materials, and how many of them have Required-level problems. */
  inventory?: { count: number; itemsWithRequired: number };
};

const CERTIFICATION: [string, string][] = [
  ['preparerName', 'Enter the name of the person who prepared the document'],
  ['signerName', 'Enter the name of the person signing the certification'],
  ['signerTitle', 'Enter the title of the person signing the certification'],
  ['signedDate', 'Enter the date the certification was signed'],
];

export function elementProblems(input: CompletenessInput): RuleMessage[] {
  const def = elementDef(input.code)!;
  const out: RuleMessage[] = [];
  if (def.forms.includes('business_activities') && !input.content.businessActivities) {
    out.push({ code: 'FI_BA_MISSING', level: 'Required', field: 'business_activities', message: 'Answer the Business Activities questions' });
  }
  if (def.forms.includes('owner_operator')) {
    const oo = input.content.ownerOperator;
    if (!oo) {
      out.push({ code: 'FI_OO_MISSING', level: 'Required', field: 'owner_operator', message: 'Complete the Business Owner/Operator Identification' });
    } else {
      for (const [key, message] of CERTIFICATION) {
        if (!oo[key]) out.push({ code: 'FI_CERTIFICATION', level: 'Required', field: 'owner_operator', message: `${message} (certification, Owner/Operator form)` });
      }
    }
  }
  if (def.inventory) {
    const inv = input.inventory ?? { count: 0, itemsWithRequired: 0 };
    if (inv.count === 0) {
      out.push({ code: 'HMI_EMPTY', level: 'Required', field: 'inventory', message: 'Add at least one material. If none is on site at a reportable amount, answer No to "hazardous materials on site" in Business Activities instead' });
    } else if (inv.itemsWithRequired > 0) {
      out.push({ code: 'HMI_ITEM_PROBLEMS', level: 'Required', field: 'inventory', message: `${inv.itemsWithRequired} ${inv.itemsWithRequired === 1 ? 'material has' : 'materials have'} Required problems: fix them in Validate My Inventory` });
    }
  }
  for (const later of def.laterForms) {
    out.push({ code: 'LATER_RELEASE', level: 'Advisory', field: 'later', message: `${later.name}: entered in ${later.release}; it does not block this submittal` });
  }
  for (const part of def.documents) {
    const state = input.parts.find((p) => p.partCode === part.code);
    const policy = input.policies[part.code] ?? DEFAULT_POLICY;
    const required = part.required(input.businessActivities);
    if (!state) {
      if (required) out.push({ code: 'DOC_MISSING', level: 'Required', field: part.code, message: `Choose how you provide the ${part.name}` });
      continue;
    }
    if (!policy.acceptedOptions.includes(state.option)) {
      out.push({
        code: 'DOC_OPTION_NOT_ACCEPTED', level: 'Required', field: part.code,
        message: `Your CUPA does not accept "${optionLabel(state.option)}" for the ${part.name}. Choose: ${policy.acceptedOptions.map(optionLabel).join(', ')}`,
      });
    }
    if (state.option === 'upload' && state.fileCount === 0) {
      out.push({ code: 'DOC_NO_FILE', level: 'Required', field: part.code, message: `Upload the ${part.name}` });
    }
    if (state.option === 'exempt' && policy.exemptRequiresNoEmployees && (input.numberOfEmployees ?? 0) > 0) {
      out.push({
        code: 'DOC_EXEMPT_WITH_EMPLOYEES', level: 'Required', field: part.code,
        message: `The ${part.name} can be Exempt only when the facility has no employees; the Owner/Operator form says ${input.numberOfEmployees}`,
      });
    }
  }
  return out;
}

export function blocking(messages: RuleMessage[]): RuleMessage[] {
  return messages.filter((m) => m.level === 'Required');
}
