/**
 * Reads the text of a PDF made by pdfkit: inflates each FlateDecode content
 * stream and collects the strings shown by TJ/Tj operators. Enough to check what a
 * receipt says without a PDF library.
 */
import { inflateSync } from 'node:zlib';

export function pdfText(pdf: Buffer): string {
  const src = pdf.toString('latin1');
  const out: string[] = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    const start = m.index + m[0].length;
    const end = src.indexOf('endstream', start);
    if (end < 0) break;
    const raw = pdf.subarray(start, end);
    let content: string;
    try {
      content = inflateSync(raw).toString('latin1');
    } catch {
      content = raw.toString('latin1');
    }
    for (const tj of content.matchAll(/\[(.*?)\]\s*TJ|(<[0-9a-fA-F]*>|\((?:\\.|[^\\)])*\))\s*Tj/g)) {
      const body = tj[1] ?? tj[2] ?? '';
      let line = '';
      for (const s of body.matchAll(/<([0-9a-fA-F]*)>|\(((?:\\.|[^\\)])*)\)/g)) {
        line += s[1] !== undefined ? Buffer.from(s[1], 'hex').toString('latin1') : s[2]!.replace(/\\(.)/g, '$1');
      }
      out.push(line);
    }
    re.lastIndex = end;
  }
  return out.join('\n');
}
