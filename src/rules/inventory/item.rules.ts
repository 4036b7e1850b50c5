/**
 * Every check of one inventory item (SPEC §7, CERS guidance 1027–1078), with
 * the words shown to the filer. Required blocks submission; Warning and Advisory
 * do not. Pure: the same function serves the form, the upload and submission.
 */
import type { RuleMessage } from '../completeness.rules';
import { isValidCas } from './cas.rules';
import type { InventoryItem, ThresholdContext } from './item.types';
import { thresholdMessages } from './thresholds.rules';

const req = (code: string, field: string, message: string): RuleMessage => ({ code, level: 'Required', field, message });
const warn = (code: string, field: string, message: string): RuleMessage => ({ code, level: 'Warning', field, message });
const advise = (code: string, field: string, message: string): RuleMessage => ({ code, level: 'Advisory', field, message });

/** Units that fit a physical state: gas in cubic feet, solid in pounds or tons, liquid in gallons. */
const FITTING_UNITS = { a: ['c', 'd'], b: ['a'], c: ['b'] } as const;

export function itemMessages(item: InventoryItem, ctx: ThresholdContext): RuleMessage[] {
  const out: RuleMessage[] = [];
  if (!item.commonName) out.push(req('HMI_COMMON_NAME', 'commonName', 'Enter the common name of the material'));
  if (!item.location) out.push(req('HMI_LOCATION', 'location', 'Enter where the material is kept (building or outside area)'));
  if (!item.hmType) out.push(req('HMI_TYPE', 'hmType', 'Choose the type: pure, mixture or waste'));
  if (!item.physicalState) out.push(req('HMI_STATE', 'physicalState', 'Choose the physical state: solid, liquid or gas'));
  if (!item.units) out.push(req('HMI_UNITS', 'units', 'Choose the unit of the amounts'));
  if (item.maxDaily === null) out.push(req('HMI_MAX_DAILY', 'maxDaily', 'Enter the largest amount on site at any one time'));
  if (item.maxDaily !== null && item.maxDaily <= 0) out.push(req('HMI_MAX_POSITIVE', 'maxDaily', 'The maximum daily amount must be more than 0'));

  if (item.averageDaily !== null && item.maxDaily !== null && item.averageDaily > item.maxDaily) {
    out.push(req('HMI_AVG_GT_MAX', 'averageDaily', 'The average daily amount cannot be more than the maximum daily amount'));
  }
  if (item.largestContainer !== null && item.maxDaily !== null && item.largestContainer > item.maxDaily) {
    out.push(req('HMI_CONTAINER_GT_MAX', 'largestContainer', 'The largest container cannot hold more than the maximum daily amount'));
  }
  if (item.daysOnSite === null) out.push(req('HMI_DAYS', 'daysOnSite', 'Enter the number of days the material is on site in a year'));
  else if (!Number.isInteger(item.daysOnSite) || item.daysOnSite < 1 || item.daysOnSite > 365) {
    out.push(req('HMI_DAYS_RANGE', 'daysOnSite', 'Days on site must be a whole number from 1 to 365'));
  }
  if (item.casNumber && !isValidCas(item.casNumber)) {
    out.push(req('HMI_CAS', 'casNumber', 'Enter a valid CAS number, like 7664-93-9 (the last digit is a check digit)'));
  }

  let total = 0;
  item.components.forEach((c, i) => {
    const n = i + 1;
    const used = c.name || c.cas || c.percent !== null;
    if (!used) return;
    if (!c.name) out.push(req('HMI_COMPONENT_NAME', `hc${n}Name`, `Enter the name of hazardous component ${n}`));
    if (c.percent === null) out.push(req('HMI_COMPONENT_PERCENT', `hc${n}Percent`, `Enter the percent by weight of component ${n}`));
    else if (c.percent < 0.01 || c.percent > 100) out.push(req('HMI_COMPONENT_RANGE', `hc${n}Percent`, `Component ${n}: percent by weight must be from 0.01 to 100`));
    else total += c.percent;
    if (c.cas && !isValidCas(c.cas)) out.push(req('HMI_COMPONENT_CAS', `hc${n}Cas`, `Component ${n}: enter a valid CAS number, like 7647-01-0`));
  });
  if (total > 100.0001) out.push(req('HMI_COMPONENTS_SUM', 'hc1Percent', `The components add up to ${Math.round(total * 100) / 100}%; together they cannot be more than 100%`));
  if (item.hmType === 'b' && item.components.every((c) => !c.name) && !item.additionalComponents) {
    out.push(warn('HMI_MIXTURE_NO_COMPONENTS', 'hc1Name', 'A mixture should list its hazardous components (up to 5, more in "additional components")'));
  }

  const anyEhs = item.ehs || item.components.some((c) => c.ehs);
  if (anyEhs && item.units && item.units !== 'c') {
    out.push(warn('HMI_EHS_POUNDS', 'units', 'Extremely Hazardous Substances should be reported in pounds'));
  }
  if (item.hmType === 'c') {
    if (!item.stateWasteCode) out.push(req('HMI_WASTE_CODE', 'stateWasteCode', 'Enter the California waste code of the waste (3 digits, like 221 for waste oil)'));
    else if (!/^\d{3}$/.test(item.stateWasteCode)) out.push(req('HMI_WASTE_CODE_FORMAT', 'stateWasteCode', 'The California waste code is 3 digits, like 221'));
    if (item.annualWaste === null) out.push(req('HMI_ANNUAL_WASTE', 'annualWaste', 'Enter the amount of this waste generated in a year'));
  }
  if (item.containers.includes('SCOther') && !item.otherContainer) {
    out.push(req('HMI_OTHER_CONTAINER', 'otherContainer', 'Describe the "other" storage container'));
  }
  if (item.containers.length === 0) out.push(warn('HMI_NO_CONTAINER', 'containers', 'Choose at least one type of storage container'));
  if (item.radioactive && item.curies === null) out.push(req('HMI_CURIES', 'curies', 'Enter the activity in curies of the radioactive material'));
  if (item.physicalState && item.units && !(FITTING_UNITS[item.physicalState] as readonly string[]).includes(item.units)) {
    const expected = { a: 'pounds or tons', b: 'gallons', c: 'cubic feet' }[item.physicalState];
    out.push(warn('HMI_UNITS_STATE', 'units', `A ${{ a: 'solid', b: 'liquid', c: 'gas' }[item.physicalState]} is usually reported in ${expected}; check the unit`));
  }
  if (!item.pressure) out.push(req('HMI_PRESSURE', 'pressure', 'Choose the storage pressure'));
  if (!item.temperature) out.push(req('HMI_TEMPERATURE', 'temperature', 'Choose the storage temperature'));
  if (item.ghs.length === 0) out.push(warn('HMI_NO_HAZARD', 'ghs', 'Choose the hazard categories from the safety data sheet'));
  if (item.tradeSecret) out.push(advise('HMI_TRADE_SECRET', 'tradeSecret', 'This material is claimed as a trade secret; be ready to justify the claim to your CUPA'));
  out.push(...thresholdMessages(item, ctx));
  return out;
}
