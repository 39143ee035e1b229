import { PDFDocument, StandardFonts } from 'pdf-lib';

/** The app's loan contract as a one-page PDF (the borrower by user id: the standard font has no CJK). */
export async function contractPdf(borrowerId: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawText('Loan agreement', { x: 72, y: 760, size: 20, font });
  page.drawText(`Borrower: ${borrowerId}`, { x: 72, y: 720, size: 12, font });
  return doc.save();
}
