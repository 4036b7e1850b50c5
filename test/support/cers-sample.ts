/**
 * The real CERS sample (test/fixtures/cers) read the simple way tests need:
 * each <Chemical> of each facility as { element name → text }. The XML is flat
 * inside <Chemical> (no nesting, text or CDATA), so a pattern is enough here;
 * the CERS importer proper validates against the XSD.
 */
import fs from 'node:fs';
import path from 'node:path';

export const CERS_SAMPLE = path.join(__dirname, '..', 'fixtures', 'cers', 'rfsq-kern-2014-sample.xml');

export type SampleChemical = { cersId: number; fields: Record<string, string> };

export function sampleChemicals(file = CERS_SAMPLE): SampleChemical[] {
  const xml = fs.readFileSync(file, 'utf8');
  const out: SampleChemical[] = [];
  for (const facility of xml.split('<FacilitySubmittal>').slice(1)) {
    const cersId = Number(/<CERSID>(\d+)<\/CERSID>/.exec(facility)![1]);
    for (const m of facility.matchAll(/<Chemical>([\s\S]*?)<\/Chemical>/g)) {
      const fields: Record<string, string> = {};
      for (const f of m[1]!.matchAll(/<(\w+)\s*\/>|<(\w+)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\2>/g)) {
        if (f[1]) fields[f[1]] = '';
        else fields[f[2]!] = f[3] ?? f[4] ?? '';
      }
      out.push({ cersId, fields });
    }
  }
  return out;
}
