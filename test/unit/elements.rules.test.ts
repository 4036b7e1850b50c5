import { elementProblems, type CompletenessInput } from '../../src/rules/completeness.rules';
import { isElementRequired, requiredElements } from '../../src/rules/elements.rules';
import { submissionProblems } from '../../src/rules/submission.rules';
import type { BusinessActivities } from '../../src/rules/business-activities.rules';

const none: BusinessActivities = {
  hmOnSite: 'N', calArp: 'N', ust: 'N', apst: 'N', hwGenerator: 'N', recycle: 'N', onsiteTreatment: 'N',
  financialAssurance: 'N', rwConsolidation: 'N', hwTankClosure: 'N', rcraLqg: 'N', hhwCollection: 'N', epaId: null, comments: null,
};

describe('which elements are required', () => {
  test('Facility Information always, even before any answer', () => {
    expect(requiredElements(null)).toEqual([1]);
    expect(requiredElements(none)).toEqual([1]);
  });
  test('hazardous materials on site require the inventory and the plans together', () => {
    expect(requiredElements({ ...none, hmOnSite: 'Y' })).toEqual([1, 2, 3]);
  });
  test.each([
    ['ust', 4], ['onsiteTreatment', 5], ['recycle', 6], ['rwConsolidation', 7], ['hwTankClosure', 8], ['apst', 9], ['calArp', 10],
  ] as const)('%s = Yes requires element %i', (key, code) => {
    expect(isElementRequired(code, { ...none, [key]: 'Y' })).toBe(true);
    expect(isElementRequired(code, none)).toBe(false);
  });
  test('hazardous waste generation, RCRA LQG and household collection create no element', () => {
    expect(requiredElements({ ...none, hwGenerator: 'Y', rcraLqg: 'Y', hhwCollection: 'Y' })).toEqual([1]);
  });
});

const input = (over: Partial<CompletenessInput>): CompletenessInput => ({
  code: 3, content: {}, parts: [], policies: {}, businessActivities: { ...none, hmOnSite: 'Y' }, numberOfEmployees: null, ...over,
});
const codes = (i: CompletenessInput) => elementProblems(i).map((m) => `${m.level}:${m.code}:${m.field}`);

describe('element completeness', () => {
  test('Facility Information needs both forms and the signed certification', () => {
    expect(codes(input({ code: 1 }))).toEqual(['Required:FI_BA_MISSING:business_activities', 'Required:FI_OO_MISSING:owner_operator']);
    const signed = { preparerName: 'A', signerName: 'B', signerTitle: 'C', signedDate: '2026-01-01' };
    expect(codes(input({ code: 1, content: { businessActivities: none, ownerOperator: signed } }))).toEqual([]);
    expect(codes(input({ code: 1, content: { businessActivities: none, ownerOperator: { ...signed, signedDate: null } } }))).toEqual(['Required:FI_CERTIFICATION:owner_operator']);
  });

  test('every required document part needs an accepted option, and an upload needs a file', () => {
    expect(codes(input({}))).toEqual(['Required:DOC_MISSING:er_plan', 'Required:DOC_MISSING:training_plan']);
    const parts = [
      { partCode: 'er_plan' as const, option: 'upload' as const, fileCount: 0 },
      { partCode: 'training_plan' as const, option: 'url' as const, fileCount: 0 },
    ];
    const policies = { training_plan: { acceptedOptions: ['upload' as const, 'exempt' as const], note: null, exemptRequiresNoEmployees: true } };
    expect(codes(input({ parts, policies }))).toEqual(['Required:DOC_NO_FILE:er_plan', 'Required:DOC_OPTION_NOT_ACCEPTED:training_plan']);
    expect(elementProblems(input({ parts, policies }))[1]!.message).toBe('Your CUPA does not accept "Public internet URL" for the Employee Training Plan. Choose: Upload document(s), Exempt');
  });

  test('Exempt only without employees, when the CUPA says so', () => {
    const parts = [
      { partCode: 'er_plan' as const, option: 'upload' as const, fileCount: 1 },
      { partCode: 'training_plan' as const, option: 'exempt' as const, fileCount: 0 },
    ];
    const policies = { training_plan: { acceptedOptions: ['upload' as const, 'exempt' as const], note: null, exemptRequiresNoEmployees: true } };
    expect(codes(input({ parts, policies, numberOfEmployees: 3 }))).toEqual(['Required:DOC_EXEMPT_WITH_EMPLOYEES:training_plan']);
    expect(codes(input({ parts, policies, numberOfEmployees: 0 }))).toEqual([]);
    expect(codes(input({ parts, numberOfEmployees: 3 }))).toEqual([]); // the default policy has no such condition
  });

  test('forms that arrive in a later release are an Advisory, never blocking', () => {
    const msgs = elementProblems(input({ code: 9, parts: [{ partCode: 'apsa_document', option: 'upload', fileCount: 1 }] }));
    expect(msgs.map((m) => m.level)).toEqual(['Advisory']);
  });

  test('financial assurance documents are required only when the facility says so', () => {
    const parts = [{ partCode: 'tp_plot_plan' as const, option: 'upload' as const, fileCount: 1 }];
    expect(codes(input({ code: 5, parts })).filter((c) => c.startsWith('Required'))).toEqual([]);
    expect(codes(input({ code: 5, parts, businessActivities: { ...none, financialAssurance: 'Y' } })).filter((c) => c.startsWith('Required'))).toEqual(['Required:DOC_MISSING:tp_financial_assurance']);
  });
});

describe('submission rules', () => {
  test('nothing chosen', () => {
    expect(submissionProblems({ chosen: [], required: [1], firstSubmittal: true, blockingCount: {} })).toEqual([{ field: 'elements', message: 'Choose the elements to submit' }]);
  });
  test('Facility Information is part of every submittal', () => {
    const p = submissionProblems({ chosen: [3], required: [1, 2, 3], firstSubmittal: false, blockingCount: {} });
    expect(p.map((x) => x.message)).toEqual(['Facility Information must be part of every submittal. Tick it too']);
  });
  test('the first submittal holds every required element', () => {
    const p = submissionProblems({ chosen: [1, 3], required: [1, 2, 3], firstSubmittal: true, blockingCount: {} });
    expect(p.map((x) => x.message)).toEqual(["A facility's first submittal must include every required element. Also tick: Hazardous Materials Inventory"]);
    expect(submissionProblems({ chosen: [1, 3], required: [1, 2, 3], firstSubmittal: false, blockingCount: {} })).toEqual([]);
  });
  test('a chosen element with Required problems blocks', () => {
    const p = submissionProblems({ chosen: [1], required: [1], firstSubmittal: false, blockingCount: { 1: 2 } });
    expect(p).toEqual([{ field: 'element-1', message: 'Facility Information is not ready: fix the 2 problems listed with it' }]);
  });
});
