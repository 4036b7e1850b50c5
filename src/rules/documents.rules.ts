/** The six ways to provide a document part (EDT XSD DocumentType; docs/elements.md) and what each needs. Pure. */
export type DocumentOption = 'upload' | 'url' | 'elsewhere' | 'stored_at_facility' | 'provided_to_regulator' | 'exempt';

export const DOCUMENT_OPTIONS: { value: DocumentOption; label: string; hint: string }[] = [
  { value: 'upload', label: 'Upload document(s)', hint: 'PDF, Word, Excel, images and similar; up to 25 MB each.' },
  { value: 'url', label: 'Public internet URL', hint: 'A web address anyone can open.' },
  { value: 'elsewhere', label: 'Provided elsewhere in this portal', hint: 'Part of another submittal element of this facility.' },
  { value: 'stored_at_facility', label: 'Stored at facility', hint: 'Kept at a facility (give its CERS ID) for inspectors to see.' },
  { value: 'provided_to_regulator', label: 'Provided to regulator', hint: 'Given to your CUPA another way; give the date.' },
  { value: 'exempt', label: 'Exempt', hint: 'Explain why this facility does not need it.' },
];

export const ALL_OPTIONS: DocumentOption[] = DOCUMENT_OPTIONS.map((o) => o.value);

export function optionLabel(o: string): string {
  return DOCUMENT_OPTIONS.find((x) => x.value === o)?.label ?? o;
}

export type DocumentPolicy = { acceptedOptions: DocumentOption[]; note: string | null; exemptRequiresNoEmployees: boolean };

/** A CUPA without its own policy accepts every option. */
export const DEFAULT_POLICY: DocumentPolicy = { acceptedOptions: ALL_OPTIONS, note: null, exemptRequiresNoEmployees: false };
