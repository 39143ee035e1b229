/**
 * Where a vendor document disagrees with itself (a field table against its own example, one
 * section against another, or the doc against the vendor's SDKs). docs/vendor-notes.md: accept both
 * forms, answer in the form the example shows, and record the contradiction. Every vendor's
 * list feeds docs/fidelity.md.
 */
export interface DocContradiction {
  id: string;
  /** Doc section. */
  section: string;
  /** API path, when it concerns one API. */
  api?: string;
  /** Field path, e.g. `recipientList.signerList[].signOrder`. */
  field?: string;
  kind: 'type' | 'name' | 'presence' | 'shape' | 'value' | 'spelling' | 'xref' | 'code' | 'ambiguity' | 'sdk';
  /** What the field table (or the prose) says. */
  table: string;
  /** What the example (or the other section, or the SDK) says. */
  example: string;
  /** What sealsim does. */
  resolution: string;
}
