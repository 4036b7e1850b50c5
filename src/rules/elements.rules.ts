/**
 * The ten submittal elements (docs/elements.md), their parts, and which ones a facility
 * must file given its Business Activities answers. Pure.
 */
import type { BusinessActivities, BusinessActivityKey } from './business-activities.rules';

export type ElementCode = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

export type DocumentPartCode =
  | 'site_map' | 'er_plan' | 'training_plan'
  | 'ust_monitoring_site_plan' | 'ust_financial_responsibility' | 'ust_response_plan' | 'ust_owner_operator_agreement' | 'ust_cfo_letter' | 'ust_designated_operator'
  | 'tp_plot_plan' | 'tp_financial_assurance'
  | 'rmr_documentation' | 'tank_closure_certificate' | 'apsa_document' | 'calarp_document';

export type DocumentPartDef = { code: DocumentPartCode; name: string; help: string; required: (ba: BusinessActivities | null) => boolean };

/** A form part whose detailed entry arrives in a later release: shown, never faked, never blocking. */
export type LaterFormDef = { name: string; release: string };

export type ElementDef = {
  code: ElementCode;
  name: string;
  trigger: BusinessActivityKey | 'always';
  forms: ('business_activities' | 'owner_operator')[];
  laterForms: LaterFormDef[];
  documents: DocumentPartDef[];
  /** Element 2 holds the inventory of materials. */
  inventory?: true;
};

const always = () => true;

export const ELEMENTS: ElementDef[] = [
  { code: 1, name: 'Facility Information', trigger: 'always', forms: ['business_activities', 'owner_operator'], laterForms: [], documents: [] },
  {
    code: 2, name: 'Hazardous Materials Inventory', trigger: 'hmOnSite', forms: [], laterForms: [], inventory: true,
    documents: [{ code: 'site_map', name: 'Annotated Site Map', help: 'A map of the facility showing storage areas, access and exits, emergency equipment, and utility shut-offs.', required: always }],
  },
  {
    code: 3, name: 'Emergency Response and Training Plans', trigger: 'hmOnSite', forms: [], laterForms: [],
    documents: [
      { code: 'er_plan', name: 'Emergency Response / Contingency Plan', help: 'What you do in a release, fire or earthquake: who to call, evacuation, and how to contain and clean up.', required: always },
      { code: 'training_plan', name: 'Employee Training Plan', help: 'How employees are trained in safe handling and emergency response, and how often.', required: always },
    ],
  },
  {
    code: 4, name: 'Underground Storage Tanks', trigger: 'ust', forms: [],
    laterForms: [{ name: 'UST operating permit application (facility and one per tank) and monitoring plans', release: 'a later release' }],
    documents: [
      { code: 'ust_monitoring_site_plan', name: 'UST Monitoring Site Plan', help: 'A plot plan showing tanks, piping, dispensers and monitoring equipment.', required: always },
      { code: 'ust_financial_responsibility', name: 'Certification of Financial Responsibility', help: 'How you are insured for corrective action and third-party liability.', required: always },
      { code: 'ust_response_plan', name: 'UST Response Plan', help: 'What you do when an unauthorized release is detected.', required: always },
      { code: 'ust_owner_operator_agreement', name: 'Owner/Operator Written Agreement', help: 'Needed when the tank owner and the operator are different.', required: () => false },
      { code: 'ust_cfo_letter', name: 'Letter from Chief Financial Officer', help: 'Only when you use the financial test of self-insurance.', required: () => false },
      { code: 'ust_designated_operator', name: 'Owner Statement of Designated UST Operator Compliance', help: 'Names the designated operators who inspect the tanks monthly.', required: always },
    ],
  },
  {
    code: 5, name: 'Onsite Hazardous Waste Treatment Notification (Tiered Permitting)', trigger: 'onsiteTreatment', forms: [],
    laterForms: [{ name: 'Tiered permitting facility and unit forms', release: 'a later release' }],
    documents: [
      { code: 'tp_plot_plan', name: 'Plot Plan', help: 'The treatment units and their location on the site.', required: always },
      { code: 'tp_financial_assurance', name: 'Certification of Financial Assurance', help: 'Closure cost estimate and financial assurance mechanism.', required: (ba) => ba?.financialAssurance === 'Y' },
    ],
  },
  {
    code: 6, name: 'Recyclable Materials Report', trigger: 'recycle', forms: [], laterForms: [],
    documents: [{ code: 'rmr_documentation', name: 'Recyclable Materials Report documentation', help: 'The materials, amounts and how they are recycled.', required: always }],
  },
  {
    code: 7, name: 'Remote Waste Consolidation Site Annual Notification', trigger: 'rwConsolidation', forms: [],
    laterForms: [{ name: 'Remote waste consolidation site notification form', release: 'a later release' }], documents: [],
  },
  {
    code: 8, name: 'Hazardous Waste Tank Closure Certification', trigger: 'hwTankClosure', forms: [], laterForms: [],
    documents: [{ code: 'tank_closure_certificate', name: 'Hazardous Waste Tank Closure Certification', help: 'The certificate of closure signed by a professional engineer.', required: always }],
  },
  {
    code: 9, name: 'Aboveground Petroleum Storage Act', trigger: 'apst', forms: [],
    laterForms: [{ name: 'APSA facility information form', release: 'a later release' }],
    documents: [{ code: 'apsa_document', name: 'APSA documentation (SPCC Plan)', help: 'Your Spill Prevention, Control and Countermeasure Plan.', required: always }],
  },
  {
    code: 10, name: 'California Accidental Release Program', trigger: 'calArp', forms: [], laterForms: [],
    documents: [{ code: 'calarp_document', name: 'CalARP documentation', help: 'The Risk Management Plan or the documents your CUPA asks for.', required: always }],
  },
];

export function elementDef(code: number): ElementDef | undefined {
  return ELEMENTS.find((e) => e.code === code);
}

export function documentPartDef(code: string): (DocumentPartDef & { element: ElementCode }) | undefined {
  for (const e of ELEMENTS) {
    const d = e.documents.find((p) => p.code === code);
    if (d) return { ...d, element: e.code };
  }
  return undefined;
}

/** Facility Information always; the others when their Business Activities answer is Yes. Unanswered: only FI is known. */
export function isElementRequired(code: ElementCode, ba: BusinessActivities | null): boolean {
  const def = elementDef(code)!;
  if (def.trigger === 'always') return true;
  return ba?.[def.trigger] === 'Y';
}

export function requiredElements(ba: BusinessActivities | null): ElementCode[] {
  return ELEMENTS.filter((e) => isElementRequired(e.code, ba)).map((e) => e.code);
}
