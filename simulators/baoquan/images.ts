/**
 * Whether image bytes really decode (not just start with the PNG or JPEG magic): a seal or
 * signature image that passes the magic check but cannot be embedded would otherwise only fail
 * later, at signing. pdf-lib is loaded on first use, as the PDF toolkit does.
 */
import { isJpegBytes, isPngBytes } from '../../contracts/baoquan/validation.ts';

export async function imageDecodes(bytes: Uint8Array): Promise<boolean> {
  if (!isPngBytes(bytes) && !isJpegBytes(bytes)) return false;
  try {
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    await (isPngBytes(bytes) ? doc.embedPng(bytes) : doc.embedJpg(bytes));
    return true;
  } catch {
    return false;
  }
}
