// ---------------------------------------------------------------------------
// Turning validation results into sentences beside fields. Two sources: rjsf's ajv
// errors on the form data, and the definition layer's problems (which also know about
// references, https-only URLs, the body rule...). Both are keyed by rjsf field id.
// ---------------------------------------------------------------------------

import type { RJSFSchema, RJSFValidationError } from '@rjsf/utils';
import { jsonPointer, parseJsonPointer, schemaKeywordProblemCode, type Problem } from '../../../definition';
import { formatProblemWords } from '../../../definition/validation/schema-problems';
import type { EditorLabels } from '../../labels';
import type { FieldMessage } from './context';
import { fieldId } from './field-id';

/**
 * A host's wording of problems (`labels.problemMessage`). Given, a message beside a field
 * is the host's words for the problem, from its code and params; else the English one.
 */
export type ProblemWording = Pick<EditorLabels, 'problemMessage'>;

export { ID_SEPARATOR, fieldId } from './field-id';

// Problems a person did not cause by typing into the field: they show at once.
const ALWAYS_SHOWN_CODES = /* @__PURE__ */ new Set<string>([
  'reference_unknown_step',
  'reference_out_of_scope',
  'reference_unknown_secret',
  'reference_unknown_trigger_field',
  'body_not_allowed',
  'unknown_action',
]);

/**
 * Problems of the definition located under `basePointer` (e.g. `/steps/3/config`),
 * by rjsf field id. Problems at `basePointer` itself go under `idPrefix`.
 */
export function problemMessages(
  problems: readonly Problem[],
  basePointer: string,
  idPrefix: string,
  wording?: ProblemWording,
): Map<string, FieldMessage[]> {
  const byId = new Map<string, FieldMessage[]>();
  for (const problem of problems) {
    if (problem.path !== basePointer && !problem.path.startsWith(`${basePointer}/`)) continue;
    const segments = parseJsonPointer(problem.path.slice(basePointer.length));
    addMessage(byId, fieldId(idPrefix, segments), {
      message: wording?.problemMessage(problem) ?? problem.message,
      always: ALWAYS_SHOWN_CODES.has(problem.code),
    });
  }
  return byId;
}

/** ajv errors on the form data, in plain words, by rjsf field id. */
export function schemaErrorMessages(
  errors: readonly RJSFValidationError[],
  rootSchema: RJSFSchema,
  idPrefix: string,
  wording?: ProblemWording,
): Map<string, FieldMessage[]> {
  const byId = new Map<string, FieldMessage[]>();
  for (const error of errors) {
    const segments = propertySegments(error.property ?? '');
    const schema = schemaAt(rootSchema, segments);
    const english = describeError(error, schema);
    const message = wording?.problemMessage(formErrorProblem(error, schema, segments, english)) ?? english;
    addMessage(byId, fieldId(idPrefix, segments), { message, always: false });
  }
  return byId;
}

/**
 * A form error as a problem of the definition's codes, with the params a host words it
 * from: `field` (the field's title), `rule` (the keyword), and as they apply `limit`,
 * `minimum` and `maximum` (the field's range, which the English message names),
 * `expected`, `allowed`, `format`, `property`. Its path is relative to the form's data.
 */
export function formErrorProblem(
  error: RJSFValidationError,
  schema: RJSFSchema | undefined,
  segments: readonly (string | number)[],
  message: string,
): Problem {
  const rule = error.name ?? '';
  const raw: Record<string, unknown> = isObject(error.params) ? error.params : {};
  const params: Record<string, string | number> = {
    field: typeof schema?.title === 'string' ? schema.title : '',
    rule,
  };
  if (typeof raw.limit === 'number') params.limit = raw.limit;
  if (typeof schema?.minimum === 'number') params.minimum = schema.minimum;
  if (typeof schema?.maximum === 'number') params.maximum = schema.maximum;
  // ajv gives the schema's `type`: a name, or a list of names written comma-separated.
  if (typeof raw.type === 'string') params.expected = raw.type;
  else if (Array.isArray(raw.type)) params.expected = raw.type.join(',');
  if (Array.isArray(raw.allowedValues))
    params.allowed = raw.allowedValues.slice(0, MAX_LISTED_CHOICES).map(String).join(', ');
  else if (raw.allowedValue !== undefined) params.allowed = JSON.stringify(raw.allowedValue);
  if (typeof raw.format === 'string') params.format = raw.format;
  const property = raw.missingProperty ?? raw.additionalProperty;
  if (typeof property === 'string') params.property = property;
  return { path: jsonPointer(segments), code: schemaKeywordProblemCode(rule), message, params };
}

/**
 * Both sources together. Where the definition layer says something about a field, its
 * words win: they are the same rule said better, and saying it twice reads as two faults.
 */
export function mergeMessages(
  problemsById: ReadonlyMap<string, FieldMessage[]>,
  schemaById: ReadonlyMap<string, FieldMessage[]>,
): Map<string, FieldMessage[]> {
  const merged = new Map<string, FieldMessage[]>(problemsById);
  for (const [id, messages] of schemaById) if (!merged.has(id)) merged.set(id, messages);
  return merged;
}

function addMessage(byId: Map<string, FieldMessage[]>, id: string, message: FieldMessage): void {
  const list = byId.get(id) ?? [];
  if (!list.some((known) => known.message === message.message)) list.push(message);
  byId.set(id, list);
}

/** `.headers.0.key`, `url` or `['a b'].c` → `['headers', 0, 'key']`, `['url']`, `['a b', 'c']`. */
export function propertySegments(property: string): (string | number)[] {
  const segments: (string | number)[] = [];
  // ajv says `.headers.0.key`, but a missing required property comes without the dot.
  const pattern = /(?:^|\.)([^.[\]]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (const match of property.matchAll(pattern)) {
    const [, dotted, index, single, double] = match;
    if (index !== undefined) segments.push(Number(index));
    else if (dotted !== undefined) segments.push(/^\d+$/.test(dotted) ? Number(dotted) : dotted);
    else segments.push(single ?? double ?? '');
  }
  return segments;
}

function schemaAt(rootSchema: RJSFSchema, segments: readonly (string | number)[]): RJSFSchema | undefined {
  let schema: RJSFSchema | undefined = rootSchema;
  for (const segment of segments) {
    if (!schema) return undefined;
    if (typeof segment === 'number') {
      const items: unknown = schema.items;
      schema = isObject(items) ? items : undefined;
    } else {
      const properties: unknown = schema.properties;
      const next = isObject(properties) ? properties[segment] : undefined;
      schema = isObject(next) ? next : undefined;
    }
  }
  return schema;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The most choices an enum message names; past it, it says how many there are. */
const MAX_LISTED_CHOICES = 10;

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'on or off',
  array: 'a list',
  object: 'a group of fields',
};

/** One ajv error as a sentence about the field it belongs to. */
export function describeError(error: RJSFValidationError, schema: RJSFSchema | undefined): string {
  const title = typeof schema?.title === 'string' ? schema.title : 'This field';
  const params: Record<string, unknown> = isObject(error.params) ? error.params : {};
  switch (error.name) {
    case 'required':
      return `${title} is required.`;
    case 'minLength':
      return params.limit === 1
        ? `${title} is required.`
        : `${title} must be at least ${String(params.limit)} characters long.`;
    case 'maxLength':
      return `${title} must be at most ${String(params.limit)} characters long.`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const min = schema?.minimum;
      const max = schema?.maximum;
      if (typeof min === 'number' && typeof max === 'number') return `Enter a number from ${min} to ${max}.`;
      return error.name.endsWith('inimum')
        ? `Enter a number of at least ${String(params.limit)}.`
        : `Enter a number of at most ${String(params.limit)}.`;
    }
    case 'type': {
      const type = Array.isArray(params.type)
        ? String(params.type[0] ?? '')
        : typeof params.type === 'string'
          ? (params.type.split(',')[0] ?? '')
          : '';
      return `${title} must be ${TYPE_WORDS[type] ?? type}.`;
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : schema?.enum;
      if (!Array.isArray(allowed)) return `Choose one of the offered values.`;
      const listed = allowed.slice(0, MAX_LISTED_CHOICES).map((value: unknown) => String(value));
      // Thousands of choices would make the message taller than the panel: the list offers them.
      return allowed.length > MAX_LISTED_CHOICES
        ? `Choose one of the ${allowed.length.toLocaleString('en-US')} offered values (${listed.join(', ')}, …).`
        : `Choose one of: ${listed.join(', ')}.`;
    }
    case 'const':
      return `${title} must be ${JSON.stringify(params.allowedValue)}.`;
    case 'pattern':
      return `${title} contains characters that are not allowed here.`;
    case 'maxItems':
      return `Add at most ${String(params.limit)} entries.`;
    case 'minItems':
      return `Add at least ${String(params.limit)} entries.`;
    case 'additionalProperties':
      return `"${String(params.additionalProperty)}" is not a setting of this action.`;
    case 'format':
      return `${title} ${formatProblemWords(String(params.format), params.empty === true)}.`;
    default:
      return error.message ? `${title}: ${error.message}.` : `${title} is not valid.`;
  }
}
