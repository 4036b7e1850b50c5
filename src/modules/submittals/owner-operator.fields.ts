/**
 * The Business Owner/Operator Identification form (UPDD 100–147, 170–178): every
 * field with its data-dictionary number, length and whether it is required. The
 * schema and the page are both built from this list, so they cannot disagree.
 * The certification block is optional while drafting and required to submit.
 */
export type OoField = {
  name: string;
  label: string;
  updd: string;
  max: number;
  required: boolean;
  kind?: 'text' | 'tel' | 'email' | 'date' | 'state' | 'zip' | 'integer';
  autocomplete?: string;
};

/**
 * "Same as the business mailing address" for a block that CERS asks to repeat it (owner, environmental
 * contact, billing): the box's name, and each address field it fills from the business mailing address.
 */
export type SameAsMailing = { name: string; copies: { field: string; from: string }[] };

export type OoSection = { legend: string; hint?: string; fields: OoField[]; sameAsMailing?: SameAsMailing };

const phone = (name: string, label: string, updd: string, required = true): OoField => ({ name, label, updd, max: 25, required, kind: 'tel' });
const ADDRESS_PARTS = ['Address', 'City', 'State', 'Zip'] as const;
const address = (prefix: string, updd: [string, string, string, string], required = true): OoField[] => [
  { name: `${prefix}Address`, label: 'Mailing address', updd: updd[0], max: 70, required },
  { name: `${prefix}City`, label: 'City', updd: updd[1], max: 60, required },
  { name: `${prefix}State`, label: 'State', updd: updd[2], max: 2, required, kind: 'state' },
  { name: `${prefix}Zip`, label: 'ZIP code', updd: updd[3], max: 10, required, kind: 'zip' },
];
const sameAsMailing = (prefix: string): SameAsMailing => ({
  name: `${prefix}SameAsMailing`,
  copies: ADDRESS_PARTS.map((part) => ({ field: `${prefix}${part}`, from: `mailing${part}` })),
});

export const OWNER_OPERATOR_SECTIONS: OoSection[] = [
  {
    legend: 'Business',
    fields: [
      { name: 'beginningDate', label: 'Date this business began at this site', updd: '100', max: 10, required: false, kind: 'date' },
      phone('businessPhone', 'Business phone', '102'),
      { name: 'dunBradstreet', label: 'Dun & Bradstreet number', updd: '106', max: 9, required: false },
      { name: 'sicCode', label: 'SIC code', updd: '107', max: 4, required: false },
      { name: 'naicsCode', label: 'NAICS code', updd: '107a', max: 6, required: false },
      ...address('mailing', ['108a', '108b', '108c', '108d']),
      { name: 'numberOfEmployees', label: 'Number of employees at this facility', updd: '171', max: 7, required: true, kind: 'integer' },
    ],
  },
  { legend: 'Operator', fields: [{ name: 'operatorName', label: 'Operator name', updd: '109', max: 80, required: true }, phone('operatorPhone', 'Operator phone', '110')] },
  {
    legend: 'Owner',
    fields: [{ name: 'ownerName', label: 'Owner name', updd: '111', max: 80, required: true }, phone('ownerPhone', 'Owner phone', '112'), ...address('owner', ['113', '114', '115', '116'])],
    sameAsMailing: sameAsMailing('owner'),
  },
  {
    legend: 'Environmental contact',
    hint: 'The person your CUPA contacts about environmental compliance.',
    fields: [
      { name: 'envContactName', label: 'Name', updd: '117', max: 80, required: true },
      phone('envContactPhone', 'Phone', '118'),
      { name: 'envContactEmail', label: 'Email', updd: '119a', max: 100, required: false, kind: 'email' },
      ...address('envContact', ['119', '120', '121', '122']),
    ],
    sameAsMailing: sameAsMailing('envContact'),
  },
  {
    legend: 'Primary emergency contact',
    fields: [
      { name: 'emergency1Name', label: 'Name', updd: '123', max: 80, required: true },
      { name: 'emergency1Title', label: 'Title', updd: '124', max: 50, required: true },
      phone('emergency1BusinessPhone', 'Business phone', '125'),
      phone('emergency1Phone24', '24-hour phone', '126'),
    ],
  },
  {
    legend: 'Secondary emergency contact',
    fields: [
      { name: 'emergency2Name', label: 'Name', updd: '128', max: 80, required: false },
      { name: 'emergency2Title', label: 'Title', updd: '129', max: 50, required: false },
      phone('emergency2BusinessPhone', 'Business phone', '130', false),
      phone('emergency2Phone24', '24-hour phone', '131', false),
    ],
  },
  {
    legend: 'Billing contact',
    fields: [
      { name: 'billingName', label: 'Name', updd: '140', max: 80, required: true },
      phone('billingPhone', 'Phone', '141'),
      { name: 'billingEmail', label: 'Email', updd: '142', max: 100, required: false, kind: 'email' },
      ...address('billing', ['143', '144', '145', '146']),
    ],
    sameAsMailing: sameAsMailing('billing'),
  },
  {
    legend: 'Certification',
    hint: 'Required to submit. By signing, the signer certifies that they have personally examined and are familiar with the information submitted, and believe it is true, accurate and complete.',
    fields: [
      { name: 'preparerName', label: 'Name of document preparer', updd: '135', max: 80, required: false },
      { name: 'signerName', label: 'Name of signer', updd: '136', max: 80, required: false },
      { name: 'signerTitle', label: 'Title of signer', updd: '137', max: 50, required: false },
      { name: 'signedDate', label: 'Date signed', updd: '134', max: 10, required: false, kind: 'date' },
    ],
  },
];

const GENERIC = /^(name|title|phone|email|mailing address|city|state|zip code|business phone|24-hour phone)$/i;

/** Every field, with the words its messages use ("the owner mailing address"). */
export const OWNER_OPERATOR_FIELDS: (OoField & { noun: string })[] = OWNER_OPERATOR_SECTIONS.flatMap((s) =>
  s.fields.map((f) => ({ ...f, noun: GENERIC.test(f.label) && s.legend !== 'Business' ? `${s.legend.toLowerCase()} ${f.label.toLowerCase()}` : f.label.toLowerCase() })),
);

export const SAME_AS_MAILING: SameAsMailing[] = OWNER_OPERATOR_SECTIONS.flatMap((s) => (s.sameAsMailing ? [s.sameAsMailing] : []));

/**
 * The boxes a saved form shows ticked: those whose block holds the business mailing address, as a ticked
 * box saves it. Nothing else is stored (CERS has no such field), so a block a regulator has since
 * corrected to another address shows unticked and keeps that address.
 */
export function sameAsMailingTicks(saved: Record<string, unknown>): Record<string, 'Y'> {
  const ticks: Record<string, 'Y'> = {};
  for (const box of SAME_AS_MAILING) {
    if (saved[box.copies[0]!.from] && box.copies.every((c) => saved[c.field] === saved[c.from])) ticks[box.name] = 'Y';
  }
  return ticks;
}
