/** Add-facility and facility-request forms. */
import { z } from 'zod';
import { optionalText, requiredText } from '../../http/form-fields';
import { optionalName, requiredName } from '../../http/name-fields';

const asString = (v: unknown) => (typeof v === 'string' ? v : '');

export const addressSchema = z.object({
  street: requiredText('the street address', 100, 'Enter the street address, like 1200 Main St'),
  city: requiredText('the city', 50),
  zip: z.preprocess(asString, z.string().trim().regex(/^\d{5}(-\d{4})?$/, 'Enter a 5-digit ZIP code, like 93301')),
  county: z.preprocess(
    asString,
    z.string().regex(/^\d{1,2}$/, 'Select the county').transform(Number).pipe(z.number().int().min(1, 'Select the county').max(58, 'Select the county')),
  ),
});
export type AddressInput = z.infer<typeof addressSchema>;

export const facilityNameSchema = z
  .object({
    name: requiredName('the facility name', 100, 'Enter the facility name'),
    localFacilityId: optionalText('local facility ID', 13),
    organization: z.preprocess(asString, z.string().min(1, 'Choose which organization the facility belongs to')),
    orgName: optionalName('organization name', 100),
    headquarters: optionalText('headquarters', 100),
  })
  .superRefine((d, ctx) => {
    if (d.organization === 'new' && !d.orgName) {
      ctx.addIssue({ code: 'custom', path: ['orgName'], message: 'Enter the legal name of the business' });
    }
  });
export type FacilityNameInput = z.infer<typeof facilityNameSchema>;

export const facilityRequestSchema = z
  .object({
    kind: z.preprocess(asString, z.enum(['transfer', 'merge', 'delete'], { error: 'Choose what you are asking for' })),
    targetOrganizationCode: optionalText('organization code', 8),
    targetCersId: optionalText('CERS ID', 9),
    reason: requiredText('the reason', 1000, 'Say why, so the CUPA can decide'),
  })
  .superRefine((d, ctx) => {
    if (d.kind === 'transfer' && !/^\d{8}$/.test(d.targetOrganizationCode ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['targetOrganizationCode'], message: 'Enter the 8-digit organization code of the business taking over the facility' });
    }
    if (d.kind === 'merge' && !/^\d{8,9}$/.test(d.targetCersId ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['targetCersId'], message: 'Enter the CERS ID of the facility to keep' });
    }
  });
export type FacilityRequestInput = z.infer<typeof facilityRequestSchema>;

export const searchSchema = z.object({ q: optionalText('search', 100) });
