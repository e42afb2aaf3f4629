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
import { copyPart, sharedParse } from './template-cache';

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

/**
 * Splits a string into text, references and malformed references, in order. Adjacent
 * text is merged into one part; an empty string gives no parts. The result is the
 * caller's own (a fresh copy), free to change.
 */
export function parseTemplate(text: string): TemplatePart[] {
  return sharedParse(text).map(copyPart);
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
 *
 * @internal Not for hosts: the walk behind `listReferences`, shared inside the definition layer.
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
