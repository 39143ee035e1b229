/** The template engine's one error type; `code` says which, `placeholder` names the placeholder. */
export type TemplateErrorCode =
  /** `tables[i].index` names a table the template does not have (PDF templates have none). */
  | 'table-missing'
  /** `imgType` is not png/jpg/jpeg, or `content` does not decode as that type. */
  | 'image-format'
  /** `width` or `height` missing, not a number, or not above 0. */
  | 'image-size'
  /** A param key names a placeholder (text or image) the template lacks. */
  | 'placeholder-missing'
  /** The param is not the vendor's shape (not a JSON object, `imags`/`tables` not lists…). */
  | 'invalid-param'
  /** The template is not a readable DOCX or PDF, or is over the bounds. */
  | 'invalid-template';

export class TemplateError extends Error {
  readonly code: TemplateErrorCode;
  /** The placeholder as the param wrote it (`${name1}`), for placeholder-missing and image errors. */
  readonly placeholder?: string;
  constructor(code: TemplateErrorCode, message: string, placeholder?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemplateError';
    this.code = code;
    if (placeholder !== undefined) this.placeholder = placeholder;
  }
}
