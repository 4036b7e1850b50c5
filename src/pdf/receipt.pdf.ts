/**
 * The submittal receipt as a PDF (pdfkit): facility, CERS ID, CUPA, what was
 * submitted, by whom and when, and the fingerprint of the content.
 */
import PDFDocument from 'pdfkit';

export type ReceiptData = {
  facility: { name: string; cersId: number; address: string; cupa: string | null };
  organization: string;
  submittalId: number;
  submittedAt: string;
  submitter: string;
  fingerprint: string;
  elements: { name: string; comment: string | null; hash: string }[];
};

export function renderReceiptPdf(r: ReceiptData): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'LETTER', margin: 54, info: { Title: `Submittal receipt ${r.submittalId} – ${r.facility.name}`, Author: 'Unified Program Portal' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    doc.font('Helvetica-Bold').fontSize(18).text('Submittal receipt');
    doc.moveDown(0.3).font('Helvetica').fontSize(10).fillColor('#444').text('Unified Program Portal · Hazardous Materials Business Plan');
    doc.moveDown().fillColor('#000').fontSize(12);
    const row = (label: string, value: string) => {
      doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value);
    };
    row('Facility', r.facility.name);
    row('CERS ID', String(r.facility.cersId));
    row('Address', r.facility.address);
    row('CUPA', r.facility.cupa ?? 'Not yet assigned');
    row('Business', r.organization);
    row('Submittal number', String(r.submittalId));
    row('Submitted', r.submittedAt);
    row('Submitted by', r.submitter);
    doc.moveDown().font('Helvetica-Bold').fontSize(14).text('Elements submitted');
    doc.fontSize(11);
    for (const e of r.elements) {
      doc.moveDown(0.4).font('Helvetica-Bold').text(e.name);
      if (e.comment) doc.font('Helvetica').text(`Comment to the CUPA: ${e.comment}`);
      doc.font('Courier').fontSize(8).text(`SHA-256 ${e.hash}`).fontSize(11);
    }
    doc.moveDown().font('Helvetica-Bold').fontSize(12).text('Fingerprint of this submittal');
    doc.font('Courier').fontSize(9).text(r.fingerprint);
    doc.moveDown().font('Helvetica').fontSize(9).fillColor('#444').text('The fingerprint is a SHA-256 digest of everything submitted. The same content always gives the same fingerprint, so this receipt can be checked against the record.');
    doc.end();
  });
}
