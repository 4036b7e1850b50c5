/** Longest text the data dictionary allows per inventory field; the form and the upload both enforce it. */
export const TEXT_LIMITS = {
  location: 140,
  mapNumber: 15,
  gridNumber: 15,
  commonName: 500,
  chemicalName: 500,
  casNumber: 15,
  stateWasteCode: 3,
  epaSrsNumber: 50,
  otherContainer: 30,
  additionalComponents: 2000,
  comment: 1000,
  componentName: 500,
} as const;
