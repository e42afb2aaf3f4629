// ---------------------------------------------------------------------------
// The template parser behind references/parse.ts, and its cache by text. Internal: the
// cached parts are shared and frozen, so only the definition layer's own code, which
// never changes them, reads them directly (validation reads each string's parts once
// instead of copying them); everything public hands out copies.
// ---------------------------------------------------------------------------

import type { PathSegment, Reference, ReferenceRoot } from '../types';
import type { ReferenceErrorCode, TemplatePart } from './parse';

/** The roots a reference may start with (published as REFERENCE_ROOTS by parse.ts). */
const ROOTS: readonly string[] = ['trigger', 'steps', 'secrets', 'workflow', 'run'];

class SyntaxFailure {
  constructor(
    readonly position: number,
    readonly message: string,
    readonly code: ReferenceErrorCode = 'reference_malformed',
  ) {}
}

/**
 * Parsed templates by text. The same strings are parsed again and again (every run of a
 * definition resolves the same templates; validation and the editor re-scan them on
 * every change), and parsing walks the string character by character. Entries are deep
 * frozen and never handed out: callers get copies, so nothing they do can corrupt it.
 */
const parsedByText = new Map<string, readonly TemplatePart[]>();
/**
 * Bounds memory for hosts that load many definitions; the whole cache is dropped when
 * full. Large enough for every template of a 10,000-step workflow, so validating it
 * again (an editor does on every change) parses none of them again.
 */
const MAX_CACHED_TEMPLATES = 20_000;
/** The characters the cached texts may hold in all (the keys' memory). */
const MAX_CACHED_CHARACTERS = 2_000_000;
let cachedCharacters = 0;
/** Longer strings are parsed every time: rare as templates, and costly to hold as keys. */
const MAX_CACHED_TEMPLATE_LENGTH = 4096;

function frozenPart(part: TemplatePart): TemplatePart {
  if (part.kind === 'reference') {
    Object.freeze(part.reference.path);
    Object.freeze(part.reference);
  }
  return Object.freeze(part);
}

export function copyPart(part: TemplatePart): TemplatePart {
  if (part.kind !== 'reference') return { ...part };
  const reference = part.reference;
  return { kind: 'reference', reference: { ...reference, path: reference.path.slice() } };
}

/** The cached, frozen parse of a string; shared, so it must never be handed out as is. */
export function sharedParse(text: string): readonly TemplatePart[] {
  if (text.length > MAX_CACHED_TEMPLATE_LENGTH) return parseTemplateUncached(text);
  let parts = parsedByText.get(text);
  if (parts === undefined) {
    parts = Object.freeze(parseTemplateUncached(text).map(frozenPart));
    if (parsedByText.size >= MAX_CACHED_TEMPLATES || cachedCharacters + text.length > MAX_CACHED_CHARACTERS) {
      parsedByText.clear();
      cachedCharacters = 0;
    }
    parsedByText.set(text, parts);
    cachedCharacters += text.length;
  }
  return parts;
}

function parseTemplateUncached(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let pendingText = '';
  const flushText = (): void => {
    if (pendingText !== '') parts.push({ kind: 'text', text: pendingText });
    pendingText = '';
  };
  let i = 0;
  // The next "{{" and the next "\{{" at or after i, each looked for again only once i has
  // passed it: looked for from every reference, a text without escapes would be read to
  // its end each time (quadratic in the text's length).
  let open = text.indexOf('{{');
  let escape = text.indexOf('\\{{');
  while (i < text.length) {
    if (text[i] === '\\' && text.startsWith('{{', i + 1)) {
      pendingText += '{{';
      i += 3;
      continue;
    }
    if (open !== -1 && open < i) open = text.indexOf('{{', i);
    if (escape !== -1 && escape < i) escape = text.indexOf('\\{{', i);
    // Plain text up to the next "{{" or "\{{", appended in one piece.
    const next = open === -1 ? (escape === -1 ? text.length : escape) : escape === -1 ? open : Math.min(open, escape);
    if (next > i) {
      pendingText += text.slice(i, next);
      i = next;
      continue;
    }
    flushText();
    const parsed = parseReferenceAt(text, i);
    if (parsed instanceof SyntaxFailure) {
      const end = malformedEnd(text, i, parsed.position);
      parts.push({
        kind: 'malformed',
        text: text.slice(i, end),
        start: i,
        end,
        message: parsed.message,
        code: parsed.code,
      });
      i = end;
    } else {
      parts.push({ kind: 'reference', reference: parsed });
      i = parsed.end;
    }
  }
  flushText();
  return parts;
}

// ---- The scanner -----------------------------------------------------------

const SPACE = 0x20;
const TAB = 0x09;

/** A letter or "_" (NaN, past the end, is neither). */
function isIdentifierStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Where a malformed reference ends: just past the first `}}` at or after the failure, else the end of the string. */
function malformedEnd(text: string, start: number, failure: number): number {
  // Failing at the very end (an unclosed quoted key) says nothing about where the author
  // meant the reference to end: the first "}}" is the best guess.
  const from = failure >= text.length ? start + 2 : Math.max(start + 2, failure);
  const close = text.indexOf('}}', from);
  return close === -1 ? text.length : close + 2;
}

function parseReferenceAt(text: string, start: number): Reference | SyntaxFailure {
  let i = start + 2;
  const skipSpaces = (): void => {
    for (let code = text.charCodeAt(i); code === SPACE || code === TAB; code = text.charCodeAt(i)) i++;
  };
  const readIdentifier = (): string | undefined => {
    const from = i;
    if (!isIdentifierStart(text.charCodeAt(i))) return undefined;
    i++;
    while (isIdentifierStart(text.charCodeAt(i)) || isDigit(text.charCodeAt(i))) i++;
    return text.slice(from, i);
  };

  skipSpaces();
  if (i >= text.length) return new SyntaxFailure(i, 'A reference must be closed with }}');
  if (text.startsWith('}}', i))
    return new SyntaxFailure(i, 'A reference needs a path between the braces, e.g. {{ trigger.id }}');
  const rootStart = i;
  const root = readIdentifier();
  if (root === undefined) {
    return new SyntaxFailure(i, 'A reference starts with trigger, steps, secrets, workflow or run');
  }
  const path: PathSegment[] = [root];
  for (;;) {
    skipSpaces();
    if (text.startsWith('}}', i)) break;
    const char = text[i];
    if (char === '.') {
      i++;
      skipSpaces();
      const name = readIdentifier();
      if (name === undefined) {
        return new SyntaxFailure(
          i,
          'After a dot comes a name of letters, digits and underscores; use ["key"] for other keys',
        );
      }
      path.push(name);
    } else if (char === '[') {
      i++;
      skipSpaces();
      const segment = readBracketContent();
      if (segment instanceof SyntaxFailure) return segment;
      path.push(segment);
      skipSpaces();
      if (text[i] !== ']') return new SyntaxFailure(i, 'A bracket segment must be closed with ]');
      i++;
    } else if (char === undefined) {
      return new SyntaxFailure(i, 'A reference must be closed with }}');
    } else {
      return new SyntaxFailure(
        i,
        `Unexpected ${JSON.stringify(char)} in a reference; segments are .name, [0] or ["key"]`,
      );
    }
  }
  const end = i + 2;
  if (!ROOTS.includes(root)) {
    return new SyntaxFailure(
      rootStart,
      `Unknown reference root "${root}"; a reference starts with trigger, steps, secrets, workflow or run`,
      'reference_unknown_root',
    );
  }
  const shapeProblem = checkRootShape(path);
  if (shapeProblem !== undefined) return new SyntaxFailure(start + 2, shapeProblem);
  return { text: text.slice(start, end), start, end, root: root as ReferenceRoot, path };

  function readBracketContent(): PathSegment | SyntaxFailure {
    const char = text[i];
    if (char === '"') return readJsonString();
    if (isDigit(text.charCodeAt(i))) {
      const from = i;
      while (isDigit(text.charCodeAt(i))) i++;
      const digits = text.slice(from, i);
      if (digits.length > 1 && digits.startsWith('0')) {
        return new SyntaxFailure(from, 'An index has no leading zeros');
      }
      const index = Number(digits);
      if (!Number.isSafeInteger(index)) return new SyntaxFailure(from, 'An index is too large');
      return index;
    }
    return new SyntaxFailure(i, 'Inside brackets goes an index like [0] or a quoted key like ["content-type"]');
  }

  function readJsonString(): string | SyntaxFailure {
    const from = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      i++;
    }
    if (i >= text.length) return new SyntaxFailure(i, 'A quoted key must end with "');
    i++;
    try {
      const parsed: unknown = JSON.parse(text.slice(from, i));
      if (typeof parsed === 'string') return parsed;
    } catch {
      // Falls through to the failure below: the key is not valid JSON string syntax.
    }
    return new SyntaxFailure(from, 'A quoted key uses JSON string syntax, e.g. ["content-type"]');
  }
}

/** Checks that the path fits its root; returns a message when it does not. */
function checkRootShape(path: readonly PathSegment[]): string | undefined {
  const [root, second, third] = path;
  switch (root) {
    case 'steps':
      if (typeof second !== 'string' || (third !== 'output' && third !== 'error')) {
        return 'A step reference names the step and then output or error, e.g. {{ steps.my_step.output }}';
      }
      return undefined;
    case 'secrets':
      if (typeof second !== 'string' || path.length !== 2) {
        return 'A secret reference names exactly one secret, e.g. {{ secrets.api_key }}';
      }
      return undefined;
    case 'workflow':
    case 'run':
      if (path.length !== 2 || second !== 'id') return `The only ${root} reference is {{ ${root}.id }}`;
      return undefined;
    default:
      return undefined;
  }
}
