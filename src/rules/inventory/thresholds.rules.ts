/**
 * Reportability (HSC 25507, docs/product.md §7): at any one time 55 gallons of a liquid,
 * 500 pounds of a solid, 200 cubic feet of a gas at STP; an Extremely Hazardous
 * Substance at its threshold planning quantity when that is below 500 pounds;
 * hazardous waste per the CUPA's policy. The only place these numbers live. Pure.
 */
import type { RuleMessage } from '../completeness.rules';
import type { InventoryItem, ThresholdContext } from './item.types';
import { toCubicFeet, toGallons, toPounds } from './units.rules';

export const LIQUID_THRESHOLD_GAL = 55;
export const SOLID_THRESHOLD_LB = 500;
export const GAS_THRESHOLD_CUFT = 200;
export const EHS_TPQ_CAP_LB = 500;

export type Reportability = { reportable: boolean | null; basis: string };

export function reportability(item: InventoryItem, ctx: ThresholdContext): Reportability {
  const max = item.maxDaily;
  if (max === null || !item.units || !item.physicalState) return { reportable: null, basis: 'amount, unit or physical state missing' };
  if (item.hmType === 'c' && ctx.wasteAnyAmount) return { reportable: max > 0, basis: 'hazardous waste: reported at any amount (CUPA policy)' };
  if (ctx.ehsTpqLbs !== null && ctx.ehsTpqLbs < EHS_TPQ_CAP_LB) {
    const lb = toPounds(max, item.units, ctx.densityLbPerGal);
    if (lb.value !== null) {
      if (lb.value >= ctx.ehsTpqLbs) return { reportable: true, basis: `Extremely Hazardous Substance at or above its ${ctx.ehsTpqLbs} lb threshold planning quantity` };
    } else {
      return { reportable: null, basis: `Extremely Hazardous Substance: ${lb.reason}` };
    }
  }
  if (item.physicalState === 'b') {
    const gal = toGallons(max, item.units, ctx.densityLbPerGal);
    return gal.value === null ? { reportable: null, basis: `liquid: ${gal.reason}` } : { reportable: gal.value >= LIQUID_THRESHOLD_GAL, basis: `liquid, ${LIQUID_THRESHOLD_GAL} gallons` };
  }
  if (item.physicalState === 'a') {
    const lb = toPounds(max, item.units, ctx.densityLbPerGal);
    return lb.value === null ? { reportable: null, basis: `solid: ${lb.reason}` } : { reportable: lb.value >= SOLID_THRESHOLD_LB, basis: `solid, ${SOLID_THRESHOLD_LB} pounds` };
  }
  const cf = toCubicFeet(max, item.units);
  return cf.value === null ? { reportable: null, basis: `gas: ${cf.reason}` } : { reportable: cf.value >= GAS_THRESHOLD_CUFT, basis: `compressed gas, ${GAS_THRESHOLD_CUFT} cubic feet` };
}

const LUBE = /\b(lubricating|lube|motor|hydraulic|gear|transmission|engine)\s+oil|\boil\b.*\blub/i;
const MEDICAL_GAS = /\b(oxygen|nitrogen|nitrous oxide)\b/i;

/** Below every threshold, or a known exemption: Advisory prompts, never silent drops. */
export function thresholdMessages(item: InventoryItem, ctx: ThresholdContext): RuleMessage[] {
  const out: RuleMessage[] = [];
  const r = reportability(item, ctx);
  if (r.reportable === false) {
    out.push({ code: 'HMI_BELOW_THRESHOLD', level: 'Advisory', field: 'maxDaily', message: `Below the reporting threshold (${r.basis}); you may remove this material unless your CUPA asks for it` });
  } else if (r.reportable === null && item.maxDaily !== null && item.units && item.physicalState) {
    out.push({ code: 'HMI_THRESHOLD_UNKNOWN', level: 'Advisory', field: 'units', message: `The reporting threshold could not be checked: ${r.basis}` });
  }
  const name = `${item.commonName ?? ''} ${item.chemicalName ?? ''}`;
  if (LUBE.test(name) && item.units === 'a' && item.maxDaily !== null && item.maxDaily <= 55) {
    out.push({ code: 'HMI_EXEMPT_LUBE_OIL', level: 'Advisory', field: 'commonName', message: 'Lubricating oil is exempt up to 55 gallons of each type and 275 gallons in all (HSC 25507(c)); check whether you need to report it' });
  }
  if (MEDICAL_GAS.test(name) && item.physicalState === 'c' && item.units === 'b' && item.maxDaily !== null && item.maxDaily <= 1000) {
    out.push({ code: 'HMI_EXEMPT_MEDICAL_GAS', level: 'Advisory', field: 'commonName', message: 'Oxygen, nitrogen and nitrous oxide kept by medical, dental or veterinary offices are exempt up to 1,000 cubic feet each; check whether this applies' });
  }
  return out;
}
