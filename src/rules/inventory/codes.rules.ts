/**
 * Code lists of the Hazardous Materials Inventory (UPDD 201–252, CERS codes and
 * their labels; docs/inventory-template.md). Pure data.
 */
export const HM_TYPES = { a: 'Pure', b: 'Mixture', c: 'Waste' } as const;
export const PHYSICAL_STATES = { a: 'Solid', b: 'Liquid', c: 'Gas' } as const;
export const UNITS = { a: 'Gallons', b: 'Cubic Feet', c: 'Pounds', d: 'Tons' } as const;
export const PRESSURES = { a: 'Ambient', b: 'Above ambient', c: 'Below ambient' } as const;
export const TEMPERATURES = { a: 'Ambient', b: 'Above ambient', c: 'Below ambient', d: 'Cryogenic' } as const;

export type HmType = keyof typeof HM_TYPES;
export type PhysicalState = keyof typeof PHYSICAL_STATES;
export type Unit = keyof typeof UNITS;
export type Pressure = keyof typeof PRESSURES;
export type Temperature = keyof typeof TEMPERATURES;

/** Fire Code hazard classes 210a–h (codes 1–39). */
export const FIRE_CODE_CLASSES: Record<number, string> = {
  1: 'Carcinogen', 2: 'Combustible Liquid II', 3: 'Combustible Liquid III-A', 4: 'Combustible Liquid III-B', 5: 'Corrosive', 6: 'Cryogen',
  7: 'Explosive', 8: 'Flammable Gas', 9: 'Flammable Liquid I-A', 10: 'Flammable Liquid I-B', 11: 'Flammable Liquid I-C', 12: 'Flammable Solid',
  13: 'Highly Toxic', 14: 'Irritant', 15: 'Liquefied Petroleum Gas', 16: 'Magnesium', 17: 'Oxidizing Class 1', 18: 'Oxidizing Class 2',
  19: 'Oxidizing Class 3', 20: 'Oxidizing Class 4', 21: 'Oxidizing Gas, gaseous', 22: 'Oxidizing Gas, liquefied', 23: 'Organic Peroxide Class I',
  24: 'Organic Peroxide Class II', 25: 'Organic Peroxide Class III', 26: 'Organic Peroxide Class IV', 27: 'Other Health Hazard', 28: 'Pyrophoric',
  29: 'Radioactive', 30: 'Sensitizer', 31: 'Toxic', 32: 'Unstable (Reactive) Class 1', 33: 'Unstable (Reactive) Class 2',
  34: 'Unstable (Reactive) Class 3', 35: 'Unstable (Reactive) Class 4', 36: 'Water Reactive Class 1', 37: 'Water Reactive Class 2',
  38: 'Water Reactive Class 3', 39: 'Other',
};

export const DOT_CLASSES = ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '2.1', '2.2', '2.3', '3', '4.1', '4.2', '4.3', '5.1', '5.2', '6.1', '6.2', '7', '8', '9'] as const;

/** Storage containers 223a–r, in EPA Tier II order; SCOther needs OtherStorageContainer. */
export const CONTAINERS = {
  SCAboveGroundTank: 'Aboveground tank', SCUnderGroundTank: 'Underground tank', SCTankInsideBuilding: 'Tank inside building',
  SCSteelDrum: 'Steel drum', SCPlasticNonMetallicDrum: 'Plastic/non-metallic drum', SCCan: 'Can', SCCarboy: 'Carboy', SCSilo: 'Silo',
  SCFiberDrum: 'Fiber drum', SCBag: 'Bag', SCBox: 'Box', SCCylinder: 'Cylinder', SCGlassBottle: 'Glass bottle', SCPlasticBottle: 'Plastic bottle',
  SCToteBin: 'Tote bin', SCTankTruckTankWagon: 'Tank truck/tank wagon', SCTankCarRailCar: 'Tank car/rail car', SCOther: 'Other',
} as const;
export type Container = keyof typeof CONTAINERS;

/** The 24 GHS-aligned hazard categories (216f–cc), XSD names. */
export const GHS_PHYSICAL = {
  FHCPhysicalFlammable: 'Flammable', FHCPhysicalGasUnderPressure: 'Gas under pressure', FHCPhysicalExplosive: 'Explosive',
  FHCPhysicalSelfHeating: 'Self-heating', FHCPhysicalPyrophoric: 'Pyrophoric (liquid or solid)', FHCPhysicalOxidizer: 'Oxidizer',
  FHCPhysicalOrganicPeroxide: 'Organic peroxide', FHCPhysicalSelfReactive: 'Self-reactive', FHCPhysicalPyrophoricGas: 'Pyrophoric gas',
  FHCPhysicalCorrosiveToMetal: 'Corrosive to metal', FHCPhysicalContactWaterEmitsFlammableGas: 'In contact with water emits flammable gas',
  FHCPhysicalCombustibleDust: 'Combustible dust', FHCPhysicalHazardNotOtherwiseClassified: 'Physical hazard not otherwise classified',
} as const;
export const GHS_HEALTH = {
  FHCHealthCarcinogenicity: 'Carcinogenicity', FHCHealthAcuteToxicity: 'Acute toxicity', FHCHealthReproductiveToxicity: 'Reproductive toxicity',
  FHCHealthSkinCorrosionIrritation: 'Skin corrosion or irritation', FHCHealthRespiratorySkinSensitization: 'Respiratory or skin sensitization',
  FHCHealthSeriousEyeDamageEyeIrritation: 'Serious eye damage or eye irritation', FHCHealthSpecificTargetOrganToxicity: 'Specific target organ toxicity',
  FHCHealthAspirationHazard: 'Aspiration hazard', FHCHealthGermCellMutagenicity: 'Germ cell mutagenicity', FHCHealthSimpleAsphyxiant: 'Simple asphyxiant',
  FHCHealthHazardNotOtherwiseClassified: 'Health hazard not otherwise classified',
} as const;
export const GHS_CATEGORIES = { ...GHS_PHYSICAL, ...GHS_HEALTH };
export type GhsCategory = keyof typeof GHS_CATEGORIES;

/** The five pre-2018 federal hazard categories (216a–e), still in the template and the XSD. */
export const LEGACY_HAZARDS = {
  FHCFire: 'Fire', FHCReactive: 'Reactive', FHCPressureRelease: 'Sudden release of pressure', FHCAcuteHealth: 'Acute health', FHCChronicHealth: 'Chronic health',
} as const;
export type LegacyHazard = keyof typeof LEGACY_HAZARDS;
