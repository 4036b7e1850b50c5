/**
 * Every check of one inventory item (docs/product.md §7), with the words shown to the
 * filer. Pure: the same function serves the form, the upload and submission.
 *
 * Levels follow CERS (docs/inventory-rules.md has the table and its sources):
 * **Required** blocks submission, so it is used only where CERS itself refuses
 * the data — a "CERS minimally required" field empty (guidance 1028; the
 * fields with minOccurs 1 in the EDT ChemicalType: UPDD 207, 208, 214, 218,
 * 221), a value out of range (1027), average above maximum daily (1037), an EHS
 * not in pounds (1069, UPDD 221). Everything else is a Warning or an Advisory:
 * real inventories that CERS accepted must never be blocked here.
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
  // CERS minimally required (guidance 1028): UPDD 207, 214, 221, 218 have minOccurs 1 in the EDT ChemicalType (208 EHS is always Y or N here).
  if (!item.commonName) out.push(req('HMI_COMMON_NAME', 'commonName', 'Enter the common name of the material'));
  if (!item.physicalState) out.push(req('HMI_STATE', 'physicalState', 'Choose the physical state: solid, liquid or gas'));
  if (!item.units) out.push(req('HMI_UNITS', 'units', 'Choose the unit of the amounts'));
  if (item.maxDaily === null) out.push(req('HMI_MAX_DAILY', 'maxDaily', 'Enter the largest amount on site at any one time'));
  // Not minimally required in CERS (27 CCR UPDD 201 and 211 say False; minOccurs 0): an emergency responder needs them, so warn.
  if (!item.location) out.push(warn('HMI_LOCATION', 'location', 'Enter where the material is kept (building or outside area); responders use it'));
  if (!item.hmType) out.push(warn('HMI_TYPE', 'hmType', 'Choose the type: pure, mixture or waste'));

  // UPDD 218: an amount on site; 0 is odd (nothing on site is not reported) but CERS's type allows it.
  if (item.maxDaily !== null && item.maxDaily <= 0) out.push(warn('HMI_MAX_POSITIVE', 'maxDaily', 'The maximum daily amount is 0: enter the largest amount on site, or remove the material'));
  // Guidance 1037: the average daily amount cannot exceed the maximum daily amount.
  if (item.averageDaily !== null && item.maxDaily !== null && item.averageDaily > item.maxDaily) {
    out.push(req('HMI_AVG_GT_MAX', 'averageDaily', 'The average daily amount cannot be more than the maximum daily amount'));
  }
  // UPDD 215 is the size of the largest container: a tank larger than the most ever kept in it is normal, so only a prompt.
  if (item.largestContainer !== null && item.maxDaily !== null && item.largestContainer > item.maxDaily) {
    out.push(advise('HMI_CONTAINER_GT_MAX', 'largestContainer', 'The largest container is bigger than the maximum daily amount; that is fine for a partly filled tank, otherwise check the amounts'));
  }
  if (item.daysOnSite === null) out.push(warn('HMI_DAYS', 'daysOnSite', 'Enter the number of days the material is on site in a year'));
  // UPDD 222, days in a year (guidance 1027, value outside range).
  else if (!Number.isInteger(item.daysOnSite) || item.daysOnSite < 1 || item.daysOnSite > 365) {
    out.push(req('HMI_DAYS_RANGE', 'daysOnSite', 'Days on site must be a whole number from 1 to 365'));
  }
  // UPDD 209 is free text of up to 15 characters in CERS (no pattern in the XSD): a bad check digit is worth a look, not a refusal.
  if (item.casNumber && !isValidCas(item.casNumber)) {
    out.push(warn('HMI_CAS', 'casNumber', 'Check the CAS number: it should look like 7664-93-9, and its last digit does not match (it is a check digit)'));
  }

  let total = 0;
  item.components.forEach((c, i) => {
    const n = i + 1;
    const used = c.name || c.cas || c.percent !== null;
    if (!used) return;
    if (!c.name) out.push(warn('HMI_COMPONENT_NAME', `hc${n}Name`, `Enter the name of hazardous component ${n}`));
    if (c.percent === null) out.push(warn('HMI_COMPONENT_PERCENT', `hc${n}Percent`, `Enter the percent by weight of component ${n}`));
    // UPDD 226/230/234/238/242: 0.01–100 (CERS refuses other values, guidance 1027).
    else if (c.percent < 0.01 || c.percent > 100) out.push(req('HMI_COMPONENT_RANGE', `hc${n}Percent`, `Component ${n}: percent by weight must be from 0.01 to 100`));
    else total += c.percent;
    if (c.cas && !isValidCas(c.cas)) out.push(warn('HMI_COMPONENT_CAS', `hc${n}Cas`, `Component ${n}: check the CAS number, like 7647-01-0 (the last digit does not match)`));
  });
  if (total > 100.0001) out.push(warn('HMI_COMPONENTS_SUM', 'hc1Percent', `The components add up to ${Math.round(total * 100) / 100}%; together they should not be more than 100%`));
  if (item.hmType === 'b' && item.components.every((c) => !c.name) && !item.additionalComponents) {
    out.push(warn('HMI_MIXTURE_NO_COMPONENTS', 'hc1Name', 'A mixture should list its hazardous components (up to 5, more in "additional components")'));
  }

  // Guidance 1069 and UPDD 221: an Extremely Hazardous Substance (UPDD 208) is reported in pounds.
  if (item.ehs && item.units && item.units !== 'c') {
    out.push(req('HMI_EHS_POUNDS', 'units', 'An Extremely Hazardous Substance must be reported in pounds'));
  } else if (!item.ehs && item.components.some((c) => c.ehs) && item.units && item.units !== 'c') {
    out.push(warn('HMI_EHS_COMPONENT_POUNDS', 'units', 'This mixture has an Extremely Hazardous component; report it in pounds so the threshold can be checked'));
  }
  if (item.hmType === 'c') {
    if (!item.stateWasteCode) out.push(warn('HMI_WASTE_CODE', 'stateWasteCode', 'Enter the California waste code of the waste (3 digits, like 221 for waste oil)'));
    else if (!/^\d{3}$/.test(item.stateWasteCode)) out.push(warn('HMI_WASTE_CODE_FORMAT', 'stateWasteCode', 'The California waste code is 3 digits, like 221'));
    if (item.annualWaste === null) out.push(warn('HMI_ANNUAL_WASTE', 'annualWaste', 'Enter the amount of this waste generated in a year'));
  }
  if (item.containers.includes('SCOther') && !item.otherContainer) {
    out.push(warn('HMI_OTHER_CONTAINER', 'otherContainer', 'Describe the "other" storage container'));
  }
  if (item.containers.length === 0) out.push(warn('HMI_NO_CONTAINER', 'containers', 'Choose at least one type of storage container'));
  if (item.radioactive && item.curies === null) out.push(warn('HMI_CURIES', 'curies', 'Enter the activity in curies of the radioactive material'));
  if (item.physicalState && item.units && !(FITTING_UNITS[item.physicalState] as readonly string[]).includes(item.units)) {
    const expected = { a: 'pounds or tons', b: 'gallons', c: 'cubic feet' }[item.physicalState];
    out.push(warn('HMI_UNITS_STATE', 'units', `A ${{ a: 'solid', b: 'liquid', c: 'gas' }[item.physicalState]} is usually reported in ${expected}; check the unit`));
  }
  if (!item.pressure) out.push(warn('HMI_PRESSURE', 'pressure', 'Choose the storage pressure'));
  if (!item.temperature) out.push(warn('HMI_TEMPERATURE', 'temperature', 'Choose the storage temperature'));
  if (item.ghs.length === 0 && item.legacyHazards.length === 0) out.push(warn('HMI_NO_HAZARD', 'ghs', 'Choose the hazard categories from the safety data sheet'));
  // Guidance 1078: the inventory holds trade-secret materials.
  if (item.tradeSecret) out.push(advise('HMI_TRADE_SECRET', 'tradeSecret', 'This material is claimed as a trade secret; be ready to justify the claim to your CUPA'));
  out.push(...thresholdMessages(item, ctx));
  return out;
}
