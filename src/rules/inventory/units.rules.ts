/**
 * Unit conversions for inventory amounts. Gallons and pounds convert only with a
 * known density; tons are 2,000 pounds; cubic feet (gases) do not convert to mass
 * here. Pure.
 */
import type { Unit } from './codes.rules';

export const POUNDS_PER_TON = 2000;

export type Converted = { value: number; exact: true } | { value: null; reason: string };

export function toPounds(amount: number, unit: Unit, densityLbPerGal: number | null): Converted {
  if (unit === 'c') return { value: amount, exact: true };
  if (unit === 'd') return { value: amount * POUNDS_PER_TON, exact: true };
  if (unit === 'a') {
    return densityLbPerGal ? { value: amount * densityLbPerGal, exact: true } : { value: null, reason: 'gallons convert to pounds only with the density, which is not known for this material' };
  }
  return { value: null, reason: 'cubic feet of gas are not converted to pounds' };
}

export function toGallons(amount: number, unit: Unit, densityLbPerGal: number | null): Converted {
  if (unit === 'a') return { value: amount, exact: true };
  if (unit === 'c' || unit === 'd') {
    const lb = unit === 'c' ? amount : amount * POUNDS_PER_TON;
    return densityLbPerGal ? { value: lb / densityLbPerGal, exact: true } : { value: null, reason: 'pounds convert to gallons only with the density, which is not known for this material' };
  }
  return { value: null, reason: 'cubic feet of gas are not converted to gallons' };
}

export function toCubicFeet(amount: number, unit: Unit): Converted {
  return unit === 'b' ? { value: amount, exact: true } : { value: null, reason: 'only gas amounts are given in cubic feet' };
}
