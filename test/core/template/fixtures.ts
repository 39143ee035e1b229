/** Template fixtures: DOCX files zipped with fflate, PDFs drawn with pdf-lib and the CJK font. */
import { zipSync } from 'fflate';
import { PDFDocument, rgb } from 'pdf-lib';
import { fontkitAdapter } from '../../../simulators/core/pdf/fontkit-adapter.ts';
import { loadCjkFont } from '../../../simulators/core/pdf/index.ts';
import { encodePng } from '../../helpers/png.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>' +
  '<Override PartName="/word/document.xml" ' +
  'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';

/** A run; `bold` adds `<w:b/>`. */
export const r = (text: string, bold = false) =>
  `<w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
/** A paragraph of runs (strings are plain runs), with an optional style id and alignment. */
export const p = (runs: string | string[], opts: { style?: string; align?: string } = {}) => {
  const props = [
    opts.style ? `<w:pStyle w:val="${opts.style}"/>` : '',
    opts.align ? `<w:jc w:val="${opts.align}"/>` : '',
  ].join('');
  const body = (Array.isArray(runs) ? runs : [runs]).map((x) => (x.startsWith('<w:') ? x : r(x))).join('');
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${body}</w:p>`;
};
export const pageBreak = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>';
/** A table; the first row bold (a header). */
export const table = (rows: string[][], grid?: number[]) =>
  `<w:tbl><w:tblPr/>${grid ? `<w:tblGrid>${grid.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>` : ''}` +
  rows
    .map(
      (row, i) =>
        `<w:tr>${row.map((cell) => `<w:tc><w:tcPr/><w:p>${r(cell, i === 0)}</w:p></w:tc>`).join('')}</w:tr>`,
    )
    .join('') +
  '</w:tbl>';

/** An inline picture 1 × 1 inch of the part word/media/<name> (relationship rIdPic). */
export const picture = (cxEmu = 914400, cyEmu = 914400) =>
  `<w:r><w:drawing><wp:inline><wp:extent cx="${cxEmu}" cy="${cyEmu}"/><a:graphic><a:graphicData>` +
  `<pic:pic><pic:blipFill><a:blip r:embed="rIdPic"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>` +
  `</wp:inline></w:drawing></w:r>`;

export function docx(body: string, extra: Record<string, Uint8Array> = {}): Uint8Array {
  const document =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">' +
    `<w:body>${body}<w:sectPr/></w:body></w:document>`;
  return zipSync({ '[Content_Types].xml': enc(CONTENT_TYPES), 'word/document.xml': enc(document), ...extra });
}

/** word/_rels/document.xml.rels pointing rIdPic at media/<name>. */
export const pictureRels = (name: string) =>
  enc(
    '<?xml version="1.0" encoding="UTF-8"?><Relationships ' +
      'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rIdPic" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/${name}"/>` +
      '</Relationships>',
  );

/** A solid-colour PNG. */
export function solidPng(width: number, height: number, [red, green, blue] = [200, 0, 0]): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([red, green, blue, 255], i * 4);
  return encodePng(width, height, rgba);
}

/** A one-line-per-entry PDF in the embedded CJK font: each line drawn at (72, y) top-down. */
export async function pdfTemplate(pages: string[][], fontSize = 12): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkitAdapter);
  const font = await doc.embedFont(await loadCjkFont(), { subset: true });
  for (const lines of pages) {
    const page = doc.addPage([595.28, 841.89]);
    lines.forEach((line, i) =>
      page.drawText(line, { x: 72, y: 770 - i * 30, size: fontSize, font, color: rgb(0, 0, 0) }),
    );
  }
  return doc.save();
}
