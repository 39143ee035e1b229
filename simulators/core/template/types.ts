/** The template engine's shared types (index.ts re-exports them). */
export type TemplateKind = 'pdf' | 'docx';

export interface TemplateInfo {
  kind: TemplateKind;
  /** Text and image placeholders as the param keys them, `${name}`, in order of first appearance. */
  textPlaceholders: string[];
  /** Tables the param's `tables[i].index` can name (always 0 for a PDF). */
  tableCount: number;
  /** Names of the signature positions, `${sign:NAME}` (addPartner's `locationName`). */
  signLocations: string[];
  pageCount: number;
}

/** A signature position in the filled PDF: page (1-based) and the marker's box in user space. */
export interface SignLocation {
  name: string;
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TemplateFill {
  pdf: Uint8Array;
  signLocations: SignLocation[];
}

export interface RenderOptions {
  /** CreationDate/ModDate written into a PDF made from a DOCX (epoch ms; none when absent). */
  date?: number;
}
