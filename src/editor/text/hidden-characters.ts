// ---------------------------------------------------------------------------
// Characters that change how the text around them reads without showing themselves:
// direction controls (a right-to-left override makes `evil.example/\u202Emoc.elgoog`
// read as an address it is not), zero-width characters, line separators and control
// codes. Text a person did not type (a pasted cURL command, an imported workflow) shows
// each of them as a visible mark, in the fields and in the previews, so what they read
// is what the step sends.
// ---------------------------------------------------------------------------

/**
 * The characters shown as marks: CodeMirror's own set (C0 and C1 controls but tab, soft
 * hyphen, the zero-width space, the marks and overrides, the isolates, separators, the
 * byte order mark, interlinear annotations) and the direction controls it leaves out
 * (the embeddings, pop directional formatting, the first-strong isolate). Zero-width
 * joiners stay unmarked: emoji and many scripts need them.
 */
export const HIDDEN_CHARACTERS =
  // Control characters are what this pattern is for.
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u00ad\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffc]/gu;

/** `U+202E`: how a mark names its character, the same in every language. */
export function codePointName(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
