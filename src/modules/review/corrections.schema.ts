/** The minor-correction forms: the reason, and the fields a reviewer may correct. */
import { z } from 'zod';
import { PRESSURES, TEMPERATURES } from '../../rules/inventory/codes.rules';
import { TEXT_LIMITS } from '../../rules/inventory/text-limits.rules';

export const reasonSchema = z.object({
  reason: z.string().trim().min(1, 'Say why: the business reads it with the correction').max(500, 'The reason can be at most 500 characters'),
});

const text = (label: string, max: number, required = false) =>
  z.string().trim().max(max, `The ${label} can be at most ${max} characters`).refine((s) => !required || s !== '', `Enter the ${label}`).transform((s) => s || null);

/** A material's fields a minor correction may change (names, where it is, how it is stored). */
export const ITEM_CORRECTION_FIELDS = [
  { name: 'commonName', column: 'common_name', label: 'Common name' },
  { name: 'chemicalName', column: 'chemical_name', label: 'Chemical name' },
  { name: 'location', column: 'location', label: 'Storage location' },
  { name: 'mapNumber', column: 'map_number', label: 'Map number' },
  { name: 'gridNumber', column: 'grid_number', label: 'Grid number' },
  { name: 'pressure', column: 'pressure', label: 'Storage pressure' },
  { name: 'temperature', column: 'temperature', label: 'Storage temperature' },
] as const;

export const itemCorrectionSchema = reasonSchema.extend({
  itemId: z.string().regex(/^\d{1,9}$/, 'Choose the material to correct').transform(Number),
  commonName: text('common name', TEXT_LIMITS.commonName, true),
  chemicalName: text('chemical name', TEXT_LIMITS.chemicalName),
  location: text('storage location', TEXT_LIMITS.location), // UPDD 201 is not minimally required
  mapNumber: text('map number', TEXT_LIMITS.mapNumber),
  gridNumber: text('grid number', TEXT_LIMITS.gridNumber),
  pressure: z.enum(Object.keys(PRESSURES) as [keyof typeof PRESSURES], { message: 'Choose the storage pressure' }),
  temperature: z.enum(Object.keys(TEMPERATURES) as [keyof typeof TEMPERATURES], { message: 'Choose the storage temperature' }),
});

export type ItemCorrection = z.infer<typeof itemCorrectionSchema>;
