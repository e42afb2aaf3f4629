// ---------------------------------------------------------------------------
// The reference syntax: `{{ path }}` inside strings (docs/definition.md, "References").
//
// Grammar, inside one string:
//   template  := ( text | escape | reference )*
//   escape    := "\{{"                       -- writes a literal "{{"
//   reference := "{{" ws path ws "}}"
//   path      := root ( ws segment )*
//   segment   := "." ws identifier | "[" ws index ws "]" | "[" ws json-string ws "]"
//   root      := "trigger" | "steps" | "secrets" | "workflow" | "run"
//   identifier:= [A-Za-z_][A-Za-z0-9_]*
//   index     := "0" | [1-9][0-9]*
//   ws        := ( " " | "\t" )*
// Root shapes are part of the syntax, so every parsed Reference is well formed:
//   trigger<segments>, steps.<stepId>.output<segments>, steps.<stepId>.error<segments>,
//   secrets.<name>, workflow.id, run.id
// Everything that starts with "{{" but does not match is a malformed part; a lone "}}"
// is plain text. The parser never throws.
// ---------------------------------------------------------------------------

import { escapeJsonPointerSegment } from '../json-pointer';
import type { JsonValue, PathSegment, Reference, ReferenceRoot } from '../types';

/** The roots a reference may start with. */
export const REFERENCE_ROOTS: readonly ReferenceRoot[] = ['trigger', 'steps', 'secrets', 'workflow', 'run'];

/** Why a `{{ ... }}` did not parse: bad syntax, or a root that does not exist. */
export type ReferenceErrorCode = 'reference_malformed' | 'reference_unknown_root';

/** A piece of a template string. Text parts have `\{{` escapes already turned into `{{`. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'reference'; reference: Reference }
  | {
      kind: 'malformed';
      /** The source text of the bad reference, braces included. */
      text: string;
      start: number;
      end: number;
      /** A sentence a person understands. */
      message: string;
      code: ReferenceErrorCode;
    };

/** A `{{ ... }}` that did not parse, located in its string. */
export interface MalformedReference {
  start: number;
  end: number;
  text: string;
  message: string;
  code: ReferenceErrorCode;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

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
/** Bounds memory for hosts that load many definitions; the whole cache is dropped when full. */
const MAX_CACHED_TEMPLATES = 2000;
/** Longer strings are parsed every time: rare as templates, and costly to hold as keys. */
const MAX_CACHED_TEMPLATE_LENGTH = 4096;

function frozenPart(part: TemplatePart): TemplatePart {
  if (part.kind === 'reference') {
    Object.freeze(part.reference.path);
    Object.freeze(part.reference);
  }
  return Object.freeze(part);
}

function copyPart(part: TemplatePart): TemplatePart {
  if (part.kind !== 'reference') return { ...part };
  const reference = part.reference;
  return { kind: 'reference', reference: { ...reference, path: reference.path.slice() } };
}

/** The cached, frozen parse of a string; shared, so it must never be handed out as is. */
function sharedParse(text: string): readonly TemplatePart[] {
  if (text.length > MAX_CACHED_TEMPLATE_LENGTH) return parseTemplateUncached(text);
  let parts = parsedByText.get(text);
  if (parts === undefined) {
    parts = Object.freeze(parseTemplateUncached(text).map(frozenPart));
    if (parsedByText.size >= MAX_CACHED_TEMPLATES) parsedByText.clear();
    parsedByText.set(text, parts);
  }
  return parts;
}

/**
 * Splits a string into text, references and malformed references, in order. Adjacent
 * text is merged into one part; an empty string gives no parts. The result is the
 * caller's own (a fresh copy), free to change.
 */
export function parseTemplate(text: string): TemplatePart[] {
  return sharedParse(text).map(copyPart);
}

function parseTemplateUncached(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let pendingText = '';
  const flushText = (): void => {
    if (pendingText !== '') parts.push({ kind: 'text', text: pendingText });
    pendingText = '';
  };
  let i = 0;
  while (i < text.length) {
    if (text[i] === '\\' && text.startsWith('{{', i + 1)) {
      pendingText += '{{';
      i += 3;
      continue;
    }
    const open = text.indexOf('{{', i);
    const escape = text.indexOf('\\{{', i);
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

/** Every well-formed reference in a string, and every `{{ ... }}` that did not parse. */
export function findReferences(text: string): { references: Reference[]; errors: MalformedReference[] } {
  const references: Reference[] = [];
  const errors: MalformedReference[] = [];
  for (const part of sharedParse(text)) {
    if (part.kind === 'reference') references.push({ ...part.reference, path: part.reference.path.slice() });
    else if (part.kind === 'malformed') {
      errors.push({ start: part.start, end: part.end, text: part.text, message: part.message, code: part.code });
    }
  }
  return { references, errors };
}

/**
 * The reference when the string is exactly one reference with nothing around it (not
 * even spaces): such a string keeps the referenced value's JSON type.
 */
export function singleReference(text: string): Reference | undefined {
  if (!text.startsWith('{{')) return undefined;
  const parts = sharedParse(text);
  const only = parts[0];
  if (parts.length !== 1 || only?.kind !== 'reference') return undefined;
  return { ...only.reference, path: only.reference.path.slice() };
}

/** A reference found in a JSON value, with the JSON Pointer of the string holding it. */
export interface LocatedReference {
  pointer: string;
  reference: Reference;
}

/** A malformed reference found in a JSON value, with the JSON Pointer of the string holding it. */
export interface LocatedReferenceError {
  pointer: string;
  error: MalformedReference;
}

/**
 * Every well-formed reference in the strings of a JSON value (deep, through objects and
 * arrays; object keys are not templates), in document order. `pointer` is the JSON
 * Pointer of `value` itself, prefixed to every result.
 */
export function listReferences(value: JsonValue, pointer = ''): LocatedReference[] {
  return scanReferences(value, pointer).references;
}

/**
 * Like {@link listReferences}, also returning the malformed references. Walks with an
 * explicit stack, so no nesting of `value` can exhaust the call stack; an object met
 * again inside itself (a cycle) is not walked again.
 */
export function scanReferences(
  value: unknown,
  pointer = '',
): { references: LocatedReference[]; errors: LocatedReferenceError[] } {
  const references: LocatedReference[] = [];
  const errors: LocatedReferenceError[] = [];
  const stack: { node: unknown; at: string }[] = [{ node: value, at: pointer }];
  const open = new Set<object>();
  const leave: { node: unknown; at: string }[] = [];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const { node, at } = entry;
    if (leave.length > 0 && leave[leave.length - 1] === entry) {
      leave.pop();
      open.delete(node as object);
      continue;
    }
    if (typeof node === 'string') {
      if (!node.includes('{{')) continue;
      const found = findReferences(node);
      for (const reference of found.references) references.push({ pointer: at, reference });
      for (const error of found.errors) errors.push({ pointer: at, error });
      continue;
    }
    if (node === null || typeof node !== 'object' || open.has(node)) continue;
    // Marks the end of this container's entries: popping it again takes it off the path.
    open.add(node);
    leave.push(entry);
    stack.push(entry);
    // Pushed last to first, so references come out in document order. Values that
    // cannot hold a reference (numbers, plain text) are not pushed at all.
    if (Array.isArray(node)) {
      for (let index = node.length - 1; index >= 0; index--) {
        const item: unknown = node[index];
        if (mayHoldReference(item)) stack.push({ node: item, at: `${at}/${index}` });
      }
    } else {
      const keys = Object.keys(node);
      for (let index = keys.length - 1; index >= 0; index--) {
        const key = keys[index]!;
        const item = (node as Record<string, unknown>)[key];
        if (!mayHoldReference(item)) continue;
        // Most keys need no escaping; skipping the two replaces matters for large objects.
        const segment = key.includes('~') || key.includes('/') ? escapeJsonPointerSegment(key) : key;
        stack.push({ node: item, at: `${at}/${segment}` });
      }
    }
  }
  return { references, errors };
}

function mayHoldReference(value: unknown): boolean {
  return typeof value === 'string' ? value.includes('{{') : value !== null && typeof value === 'object';
}

/**
 * The canonical text of a reference path: `['trigger', 'a', 'content-type', 0]` →
 * `{{ trigger.a["content-type"][0] }}` (identifiers with dots, other keys in JSON string
 * brackets, indexes in brackets, one space inside the braces).
 */
export function formatReference(path: readonly PathSegment[]): string {
  let body = '';
  path.forEach((segment, index) => {
    if (typeof segment === 'number') body += `[${segment}]`;
    else if (index === 0) body += segment;
    else if (IDENTIFIER.test(segment)) body += `.${segment}`;
    else body += `[${JSON.stringify(segment)}]`;
  });
  return `{{ ${body} }}`;
}

// ---- The scanner -----------------------------------------------------------

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
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  const readIdentifier = (): string | undefined => {
    const from = i;
    if (!/[A-Za-z_]/.test(text[i] ?? '')) return undefined;
    i++;
    while (/[A-Za-z0-9_]/.test(text[i] ?? '')) i++;
    return text.slice(from, i);
  };

  skipSpaces();
  if (i >= text.length) return new SyntaxFailure(i, 'A reference must be closed with }}');
  if (text.startsWith('}}', i)) return new SyntaxFailure(i, 'A reference needs a path between the braces, e.g. {{ trigger.id }}');
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
      return new SyntaxFailure(i, `Unexpected ${JSON.stringify(char)} in a reference; segments are .name, [0] or ["key"]`);
    }
  }
  const end = i + 2;
  if (!(REFERENCE_ROOTS as readonly string[]).includes(root)) {
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
    if (char !== undefined && /[0-9]/.test(char)) {
      const from = i;
      while (/[0-9]/.test(text[i] ?? '')) i++;
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
