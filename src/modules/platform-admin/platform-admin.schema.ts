/** The platform administration forms: a regulator agency, and the invitation of its first Regulator Admin. */
import { z } from 'zod';
import { emailField, optionalText } from '../../http/form-fields';
import { requiredName } from '../../http/name-fields';

const asString = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '');

export const AGENCY_TYPES = ['County agency', 'City agency', 'City/County agency', 'State agency'] as const;

/** The most areas one form takes; the form shows a few empty rows beyond those filled. */
export const JURISDICTION_ROWS_MAX = 20;
export const jCountyKey = (i: number) => `jCounty-${i}`;
export const jCityKey = (i: number) => `jCity-${i}`;

const countyId = (message: string) =>
  z.preprocess(asString, z.string().trim().refine((v) => /^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 58, message).transform(Number));

/** One area: a county, and a city in it or nothing (the rest of the county). A city needs its county. */
const jurisdictionRow = z
  .object({ county: z.preprocess(asString, z.string().trim()), city: optionalText('the city', 100) })
  .superRefine(({ county, city }, ctx) => {
    if (county === '' && city) ctx.addIssue({ code: 'custom', message: `Choose the county of ${city}` });
    else if (county !== '' && !(/^\d{1,2}$/.test(county) && Number(county) >= 1 && Number(county) <= 58)) ctx.addIssue({ code: 'custom', message: 'Choose a county from the list' });
  })
  .transform(({ county, city }) => (county === '' ? null : { countyId: Number(county), city }));

const shape: Record<string, z.ZodType> = {
  name: requiredName('the agency’s name', 200),
  agencyType: z.preprocess(asString, z.enum(AGENCY_TYPES, { error: 'Choose the type of agency' })),
  countyId: countyId('Choose the county the agency is in'),
  code: z.preprocess(
    asString,
    z.string().trim().refine((v) => v === '' || /^\d{4}$/.test(v), 'Enter the regulator code as 4 digits, like 1500, or leave it empty').transform((v) => v || null),
  ),
  areaCovered: optionalText('the area covered', 1000),
};
for (let i = 0; i < JURISDICTION_ROWS_MAX; i++) shape[jCountyKey(i)] = jurisdictionRow;

export type JurisdictionInput = { countyId: number; city: string | null; field: string };
export type AgencyInput = {
  name: string;
  agencyType: (typeof AGENCY_TYPES)[number];
  countyId: number;
  code: string | null;
  areaCovered: string | null;
  jurisdictions: JurisdictionInput[];
};

export const agencySchema = z.preprocess(
  // Each area's county and city are read together, and a problem is shown beside the county.
  (body) => {
    const b = { ...((body ?? {}) as Record<string, unknown>) };
    for (let i = 0; i < JURISDICTION_ROWS_MAX; i++) b[jCountyKey(i)] = { county: b[jCountyKey(i)], city: b[jCityKey(i)] };
    return b;
  },
  z.object(shape).transform((d): AgencyInput => {
    const jurisdictions: JurisdictionInput[] = [];
    for (let i = 0; i < JURISDICTION_ROWS_MAX; i++) {
      const row = d[jCountyKey(i)] as { countyId: number; city: string | null } | null;
      if (row) jurisdictions.push({ ...row, field: jCountyKey(i) });
    }
    return {
      name: d.name as string,
      agencyType: d.agencyType as AgencyInput['agencyType'],
      countyId: d.countyId as number,
      code: d.code as string | null,
      areaCovered: d.areaCovered as string | null,
      jurisdictions,
    };
  }),
);

export const firstAdminSchema = z.object({ email: emailField('Enter the email address of the agency’s first Regulator Admin') });
