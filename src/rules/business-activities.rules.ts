/**
 * The Business Activities questions (UPDD 4–14b) with plain-language help, and
 * which submittal elements each "Yes" makes required (docs/elements.md). Pure.
 */
export type YesNo = 'Y' | 'N';

export type BusinessActivityKey =
  | 'hmOnSite' | 'calArp' | 'ust' | 'apst' | 'hwGenerator' | 'recycle' | 'onsiteTreatment'
  | 'financialAssurance' | 'rwConsolidation' | 'hwTankClosure' | 'rcraLqg' | 'hhwCollection';

export type BusinessActivities = Record<BusinessActivityKey, YesNo> & { epaId: string | null; comments: string | null };

export const BUSINESS_ACTIVITY_QUESTIONS: { key: BusinessActivityKey; updd: string; question: string; help: string }[] = [
  { key: 'hmOnSite', updd: '4', question: 'Are hazardous materials on site at or above reporting quantities?',
    help: 'At any one time: 55 gallons of a liquid, 500 pounds of a solid, or 200 cubic feet of a compressed gas; any amount of an Extremely Hazardous Substance at or above its threshold planning quantity; or radioactive materials that need an emergency plan. Include hazardous waste.' },
  { key: 'calArp', updd: '4a', question: 'Do you have a regulated substance above its CalARP threshold quantity?',
    help: 'California Accidental Release Prevention program: substances such as anhydrous ammonia or chlorine above the amounts in Title 19, section 2770.5.' },
  { key: 'ust', updd: '5', question: 'Do you own or operate underground storage tanks?',
    help: 'Tanks, connected piping and sumps that hold hazardous substances (such as fuel) and are 10% or more beneath the ground.' },
  { key: 'apst', updd: '8', question: 'Do you own or operate aboveground petroleum storage tanks or containers?',
    help: 'A total of 1,320 gallons or more of petroleum in containers of 55 gallons or larger, or any tank in an underground area (APSA).' },
  { key: 'hwGenerator', updd: '9', question: 'Do you generate hazardous waste?',
    help: 'Any amount, including used oil, spent solvents, batteries, fluorescent lamps and contaminated rags.' },
  { key: 'recycle', updd: '10', question: 'Do you recycle more than 100 kg a month of excluded or exempt recyclable materials?',
    help: 'Recycling on site under Health and Safety Code section 25143.2.' },
  { key: 'onsiteTreatment', updd: '11', question: 'Do you treat hazardous waste on site?',
    help: 'For example neutralizing acids, or separating oil and water, under a tiered permit.' },
  { key: 'financialAssurance', updd: '12', question: 'Is your treatment subject to financial assurance requirements?',
    help: 'Only for on-site treatment under Permit by Rule or Conditional Authorization.' },
  { key: 'rwConsolidation', updd: '13', question: 'Do you consolidate hazardous waste generated at remote sites?',
    help: 'Such as a utility bringing waste from remote facilities to one consolidation site.' },
  { key: 'hwTankClosure', updd: '14', question: 'Are you closing a hazardous waste tank that was cleaned on site?',
    help: 'A certification of closure by a professional engineer is needed.' },
  { key: 'rcraLqg', updd: '14a', question: 'Are you a RCRA Large Quantity Generator?',
    help: '1,000 kg or more of hazardous waste, or more than 1 kg of acutely hazardous waste, in a calendar month.' },
  { key: 'hhwCollection', updd: '14b', question: 'Do you operate a household hazardous waste collection facility?',
    help: 'A permanent, temporary or recycle-only facility collecting household hazardous waste.' },
];

export const EPA_ID_PATTERN = /^[A-Z]{3}[0-9A-Z]{9}$/;
