// ---------------------------------------------------------------------------
// Export to the CNCF Serverless Workflow DSL 1.0 (docs/serverless-workflow.md).
//
// The mapping, in short:
//   workflow          → `document` (+ `input.schema` from the trigger's payload schema)
//   an action step    → what its action's `toServerlessWorkflow` gives (https_request:
//                       `call: http` with `timeout.after`, wrapped in `try`/`catch.retry`
//                       when it has retry intervals; wait: `wait`), else
//                       `call: <action id>` (a function the runtime provides)
//   branch step       → a `do` holding a `switch` and one `do` per branch (`then: exit`)
//   continueOnError   → a `try` whose `catch` records the error and goes on
//   {{ references }}  → jq runtime expressions `${ ... }` over `$workflow.input`,
//                       `$context.steps`, `$secret`, `$workflow.id`
// What has no equivalent (signing, response schemas, uneven retry intervals, the
// editor's names) travels in `metadata.workflowEditor` so nothing is silently lost.
// ---------------------------------------------------------------------------

import { builtInCatalog } from './actions';
import { plainDocument } from './json-value';
import { setOwn } from './own';
import { parseTemplate, scanReferences, type TemplatePart } from './references/parse';
import type {
  ActionCatalog,
  ActionStep,
  Comparison,
  Condition,
  JsonObject,
  JsonValue,
  PathSegment,
  ServerlessWorkflowTools,
  Step,
  StepType,
  Workflow,
} from './types';

/** The Serverless Workflow DSL version the export writes (the one `@serverlessworkflow/sdk` 1.x validates). */
export const SERVERLESS_WORKFLOW_DSL_VERSION = '1.0.0';

/** The key under which the export keeps what the DSL has no field for. */
export const SERVERLESS_WORKFLOW_METADATA_KEY = 'workflowEditor';

/** Options of {@link toServerlessWorkflow}. */
export interface ServerlessWorkflowExportOptions {
  /**
   * `document.namespace`: letters, digits and hyphens.
   * @default "default"
   */
  namespace?: string;
  /**
   * `document.version`, a semantic version. The editor's format has no version of a
   * workflow, so the host supplies one when it has it.
   * @default "1.0.0"
   */
  version?: string;
  /** Where each action's mapping comes from. @default builtInCatalog */
  catalog?: ActionCatalog;
}

/** A Serverless Workflow DSL 1.0 document, as plain JSON (serialise it with `JSON.stringify`). */
export interface ServerlessWorkflowDocument extends JsonObject {
  document: JsonObject;
  do: JsonObject[];
}

/**
 * Converts a workflow to a Serverless Workflow DSL 1.0 document.
 *
 * The workflow should be valid (`validateWorkflow`); an invalid one still converts
 * without throwing, but the result may not be a valid Serverless Workflow document.
 *
 * @throws DocumentNotSerializableError when the workflow is not JSON nested at most
 * `MAX_DOCUMENT_DEPTH` levels (a workflow that validates always is).
 */
export function toServerlessWorkflow(
  input: Workflow,
  options: ServerlessWorkflowExportOptions = {},
): ServerlessWorkflowDocument {
  // The conversion recurses through steps and values: it runs on a plain, bounded copy.
  const workflow = plainDocument(input) as unknown as Workflow;
  const context: ExportContext = {
    workflowId: workflow.id,
    catalog: options.catalog ?? builtInCatalog,
    dsl: undefined!,
  };
  context.dsl = {
    template: (text) => convertTemplate(text, 'value', context),
    url: (text) => convertUrl(text, context),
    value: (value) => convertValue(value, context),
    expression,
    duration,
    exportOutput,
  };
  const document: JsonObject = {
    dsl: SERVERLESS_WORKFLOW_DSL_VERSION,
    namespace: options.namespace ?? 'default',
    name: documentName(workflow.id),
    version: options.version ?? '1.0.0',
    title: workflow.name,
  };
  if (workflow.description !== undefined) document.summary = workflow.description;
  document.tags = { event: workflow.trigger.event };
  document.metadata = {
    [SERVERLESS_WORKFLOW_METADATA_KEY]: {
      schemaVersion: workflow.schemaVersion,
      id: workflow.id,
      trigger: { event: workflow.trigger.event },
    },
  };

  const result: ServerlessWorkflowDocument = { document, do: [] };
  if (workflow.trigger.payloadSchema !== undefined) {
    result.input = { schema: { format: 'json', document: workflow.trigger.payloadSchema } };
  }
  const secrets = secretNames(workflow);
  if (secrets.length > 0) result.use = { secrets };
  result.do = convertSteps(workflow.steps, context);
  return result;
}

/** {@link toServerlessWorkflow} as stable JSON text: 2-space indentation and a final newline. */
export function serializeServerlessWorkflow(workflow: Workflow, options: ServerlessWorkflowExportOptions = {}): string {
  return `${JSON.stringify(toServerlessWorkflow(workflow, options), null, 2)}\n`;
}

// ---- Steps -----------------------------------------------------------------

interface ExportContext {
  workflowId: string;
  catalog: ActionCatalog;
  /** What actions' mappings build with. */
  dsl: ServerlessWorkflowTools;
}

/** Serverless Workflow reserves these `call` values for its own protocols. */
const RESERVED_CALLS = new Set(['asyncapi', 'grpc', 'http', 'openapi']);

function convertSteps(steps: readonly Step[], context: ExportContext): JsonObject[] {
  return steps.map((step) => ({ [step.id]: convertStep(step, context) }));
}

/** Each step kind's conversion: a kind added to STEP_KINDS says here what it becomes. */
const CONVERT_STEP: {
  readonly [Type in StepType]: (step: Extract<Step, { type: Type }>, context: ExportContext) => JsonObject;
} = {
  action: convertActionStep,
  branch: convertBranchStep,
};

function convertStep(step: Step, context: ExportContext): JsonObject {
  return (CONVERT_STEP[step.type] as (step: Step, context: ExportContext) => JsonObject)(step, context);
}

function convertActionStep(step: ActionStep, context: ExportContext): JsonObject {
  let carried: JsonObject = { name: step.name, action: step.action };
  const config = step.config;
  const mapped = context.catalog.get(step.action)?.toServerlessWorkflow?.(step, context.dsl);
  let task: JsonObject;
  if (mapped) {
    task = mapped.task;
    carried = { ...carried, ...mapped.metadata };
  } else {
    const { continueOnError: _handledByTry, ...argumentsOnly } = config;
    const functionName = RESERVED_CALLS.has(step.action) ? `${step.action}_action` : step.action;
    task = { call: functionName };
    if (Object.keys(argumentsOnly).length > 0) task.with = convertValue(argumentsOnly, context);
    task.export = exportOutput(step.id);
  }
  if (config.continueOnError === true) {
    carried.continueOnError = true;
    task = continueOnErrorWrapper(step.id, task);
  }
  return { ...task, metadata: { [SERVERLESS_WORKFLOW_METADATA_KEY]: carried } };
}

/**
 * A branch step becomes a `do` holding a `switch` and one `do` per branch. Each branch
 * ends with `then: exit`, which leaves the wrapper, so the branches join again after it.
 */
function convertBranchStep(step: Extract<Step, { type: 'branch' }>, context: ExportContext): JsonObject {
  const cases: JsonObject[] = step.branches.map((branch): JsonObject => {
    const outcome: JsonObject =
      branch.when === undefined
        ? { then: branch.id }
        : { when: expression(conditionToJq(branch.when, context)), then: branch.id };
    return { [branch.id]: outcome };
  });
  const hasDefault = step.branches.some((branch) => branch.when === undefined);
  if (!hasDefault) {
    // Without a default the DSL would fall through to the first branch's task.
    const taken = new Set(step.branches.map((branch) => branch.id));
    let name = 'no_branch';
    for (let n = 2; taken.has(name); n++) name = `no_branch_${n}`;
    cases.push({ [name]: { then: 'exit' } });
  }
  const list: JsonObject[] = [{ [step.id]: { switch: cases } }];
  for (const branch of step.branches) {
    list.push({
      [branch.id]: {
        do: convertSteps(branch.steps, context),
        then: 'exit',
        metadata: { [SERVERLESS_WORKFLOW_METADATA_KEY]: { branch: branch.name } },
      },
    });
  }
  return { do: list, metadata: { [SERVERLESS_WORKFLOW_METADATA_KEY]: { name: step.name, type: 'branch' } } };
}

/** `continueOnError: true`: catch every error, record it as the step's error, and go on. */
function continueOnErrorWrapper(stepId: string, task: JsonObject): JsonObject {
  return {
    try: [{ [stepId]: task }],
    catch: {
      as: 'error',
      do: [
        {
          record_error: {
            set: { error: expression('$error') },
            export: {
              as: expression(
                `$context + { steps: (($context.steps // {}) + { ${JSON.stringify(stepId)}: { error: .error } }) }`,
              ),
            },
          },
        },
      ],
    },
  };
}

/** Keeps a step's output in `$context.steps.<id>.output`, where references read it. */
function exportOutput(stepId: string): JsonObject {
  return {
    as: expression(`$context + { steps: (($context.steps // {}) + { ${JSON.stringify(stepId)}: { output: . } }) }`),
  };
}

// ---- Templates and references → jq -------------------------------------------

/** jq keywords: written as `["if"]`, since not every jq accepts `.if`. */
const JQ_KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'if',
  'then',
  'elif',
  'else',
  'end',
  'as',
  'def',
  'reduce',
  'foreach',
  'try',
  'catch',
  'label',
  'import',
  'include',
  '__loc__',
]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Wraps a jq expression as a DSL runtime expression. */
function expression(jq: string): string {
  return `\${ ${jq} }`;
}

/** The jq expression reading a reference's value. */
function referenceToJq(path: readonly PathSegment[], workflowId: string): string {
  const [root, ...rest] = path;
  switch (root) {
    case 'trigger':
      return `$workflow.input${pathToJq(rest)}`;
    case 'steps':
      return `$context.steps${pathToJq(rest)}`;
    case 'secrets':
      return `$secret${pathToJq(rest)}`;
    case 'workflow':
      // The definition's id is known now; `$workflow.id` is the instance (run) id.
      return JSON.stringify(workflowId);
    case 'run':
      return '$workflow.id';
    default:
      return 'null';
  }
}

function pathToJq(segments: readonly PathSegment[]): string {
  return segments
    .map((segment) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (IDENTIFIER.test(segment) && !JQ_KEYWORDS.has(segment)) return `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}

/** The inside of a jq string literal (JSON escapes are jq escapes; `\(` never appears). */
function jqStringContent(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * A template string as a DSL value: unchanged when it has no references, a runtime
 * expression otherwise. One whole reference keeps the value's type; references inside
 * text are interpolated with jq's `\( )`, which writes strings as-is and other values as
 * compact JSON, like our executors. In a URL (`mode: 'url'`) every interpolated value
 * except one that starts the URL is percent-encoded with `@uri`, and refused (a jq
 * `error`) where it would move the URL's host or path, as our executors refuse it (see
 * {@link urlValueGuard}).
 */
function convertTemplate(text: string, mode: 'value' | 'url', context: ExportContext): string {
  const parts = parseTemplate(text);
  const hasReference = parts.some((part) => part.kind === 'reference');
  if (!hasReference) {
    const literal = parts.map((part) => (part.kind === 'reference' ? part.reference.text : part.text)).join('');
    // A literal that looks like a runtime expression would be evaluated: quote it.
    return /^\s*\$\{/.test(literal) ? expression(JSON.stringify(literal)) : literal;
  }
  const only = parts[0];
  if (parts.length === 1 && only?.kind === 'reference') {
    return expression(referenceToJq(only.reference.path, context.workflowId));
  }
  let body = '';
  let zone: UrlZone = 'scheme';
  parts.forEach((part, index) => {
    if (part.kind === 'reference') {
      const jq = referenceToJq(part.reference.path, context.workflowId);
      if (mode === 'url' && index > 0) {
        // Named without its braces: a runtime expression is read up to its own closing brace.
        const name = part.reference.text.slice(2, -2).trim();
        const guard = urlValueGuard(zone, parts[index - 1], parts[index + 1], name);
        body += `\\(${jq} | @uri${guard})`;
      } else body += `\\(${jq})`;
      // What a URL that starts with a reference (a base URL) holds is known only at run time.
      if (index === 0) zone = 'after base';
    } else {
      body += jqStringContent(part.text);
      zone = zoneAfter(zone, part.text);
    }
  });
  return expression(`"${body}"`);
}

/**
 * Where a value lands in a URL, as far as the template's own text tells: before `://`,
 * in the host, in the path, in the query or fragment, or right after a reference that
 * starts the URL (its host or its path: a base URL may hold either).
 */
type UrlZone = 'scheme' | 'host' | 'path' | 'query' | 'after base';

/** The zone a URL's literal `text` leaves a value in, when the text before it left `zone`. */
function zoneAfter(zone: UrlZone, text: string): UrlZone {
  let at = zone;
  for (let index = 0; index < text.length && at !== 'query'; index++) {
    const character = text[index]!;
    if (at === 'scheme') {
      if (text.startsWith('://', index)) {
        at = 'host';
        index += 2;
      }
    } else if (character === '?' || character === '#') at = 'query';
    // The URL parser ends the host, and a path segment, at "\" too.
    else if (character === '/' || character === '\\') at = 'path';
  }
  return at;
}

const SEGMENT_END = /[/\\?#]/;

/**
 * The jq that refuses an encoded URL value where our executors refuse it: `@uri` leaves
 * "." alone, so a value in the host could carry the request to another domain
 * (`https://api.example.com{{ x }}/` with ".evil.com"), and one that makes a path segment
 * "." or ".." (with the literal text beside it in that segment, `%2e` read as a dot, as
 * the URL parser reads it) would move the path up. A value right after a base URL
 * reference, which may end in its host, may hold no "." either. Empty when nothing needs
 * refusing (a value in the query, or in a segment whose literal text is not dots).
 */
function urlValueGuard(
  zone: UrlZone,
  before: TemplatePart | undefined,
  after: TemplatePart | undefined,
  referenceName: string,
): string {
  const refuse = (test: string, why: string): string =>
    ` | if ${test} then error(${JSON.stringify(`The URL cannot take the value of ${referenceName}: ${why}`)}) else . end`;
  if (zone === 'host' || zone === 'after base')
    return refuse('contains(".")', 'it holds a "." inside the host name, which would change the host');
  if (zone !== 'path') return '';
  const textBefore = before?.kind === 'text' ? before.text : '';
  const textAfter = after?.kind === 'text' ? after.text : '';
  const segmentBefore = textBefore.slice(Math.max(textBefore.lastIndexOf('/'), textBefore.lastIndexOf('\\')) + 1);
  const endAfter = textAfter.search(SEGMENT_END);
  const segmentAfter = endAfter === -1 ? textAfter : textAfter.slice(0, endAfter);
  const literalDots = (segmentBefore + segmentAfter).replace(/%2e/gi, '.');
  if (!/^\.{0,2}$/.test(literalDots)) return '';
  // The encoded values that make the segment "." or "..": as many dots as the literal lacks.
  const moving = ['.', '..']
    .filter((segment) => segment.length >= literalDots.length)
    .map((segment) => `. == ${JSON.stringify(segment.slice(literalDots.length))}`);
  return refuse(moving.join(' or '), 'it makes a path segment "." or "..", which would move the URL\'s path');
}

/** A literal URL stays a URI template only when nothing in it could be read as template syntax. */
const PLAIN_URL = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s{}"<>\\^`|]*$/;

function convertUrl(url: string, context: ExportContext): string {
  const converted = convertTemplate(url, 'url', context);
  if (converted !== url || PLAIN_URL.test(url)) return converted;
  return expression(JSON.stringify(url));
}

/** Converts every template string inside a JSON value (object keys are not templates). */
function convertValue(value: JsonValue, context: ExportContext): JsonValue {
  if (typeof value === 'string') return convertTemplate(value, 'value', context);
  if (Array.isArray(value)) return value.map((item) => convertValue(item, context));
  if (isJsonObject(value)) {
    const result: JsonObject = {};
    for (const [key, item] of Object.entries(value)) setOwn(result, key, convertValue(item, context));
    return result;
  }
  return value;
}

/** A jq expression producing a JSON value whose strings may hold references. */
function valueToJq(value: JsonValue | undefined, context: ExportContext): string {
  if (value === undefined) return 'null';
  if (typeof value === 'string') {
    const converted = convertTemplate(value, 'value', context);
    if (converted === value) return JSON.stringify(value);
    return converted.slice(3, -2); // strip "${ " and " }"
  }
  if (Array.isArray(value)) return `[${value.map((item) => `(${valueToJq(item, context)})`).join(', ')}]`;
  if (isJsonObject(value)) {
    const entries = Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: (${valueToJq(item, context)})`);
    return `{${entries.join(', ')}}`;
  }
  return JSON.stringify(value);
}

// ---- Conditions → jq -------------------------------------------------------

/**
 * A branch condition as a jq boolean. A reference that does not resolve reads as null
 * (jq cannot tell a missing key from a null), and `try` keeps a path into a non-object
 * from failing the switch, as our executors treat it as absent.
 */
function conditionToJq(condition: Condition, context: ExportContext): string {
  if ('all' in condition) {
    return condition.all.length === 0
      ? 'true'
      : condition.all.map((item) => `(${conditionToJq(item, context)})`).join(' and ');
  }
  if ('any' in condition) {
    return condition.any.length === 0
      ? 'false'
      : condition.any.map((item) => `(${conditionToJq(item, context)})`).join(' or ');
  }
  return comparisonToJq(condition, context);
}

function comparisonToJq(comparison: Comparison, context: ExportContext): string {
  const left = `(try (${valueToJq(comparison.left, context)}) catch null)`;
  const right = `(try (${valueToJq(comparison.right, context)}) catch null)`;
  const bind = `${left} as $left | ${right} as $right | `;
  const sameOrderableType =
    '(($left | type) == ($right | type)) and (($left | type) == "number" or ($left | type) == "string")';
  switch (comparison.op) {
    case 'exists':
      return `(${left} != null)`;
    case 'not_exists':
      return `(${left} == null)`;
    case 'eq':
      return `(${bind}$left == $right)`;
    case 'neq':
      return `(${bind}$left != $right)`;
    case 'gt':
      return `(${bind}${sameOrderableType} and $left > $right)`;
    case 'gte':
      return `(${bind}${sameOrderableType} and $left >= $right)`;
    case 'lt':
      return `(${bind}${sameOrderableType} and $left < $right)`;
    case 'lte':
      return `(${bind}${sameOrderableType} and $left <= $right)`;
    case 'contains':
      return `(${bind}if ($left | type) == "string" and ($right | type) == "string" then ($left | contains($right)) elif ($left | type) == "array" then any($left[]; . == $right) else false end)`;
    default:
      return 'false';
  }
}

// ---- Small helpers ---------------------------------------------------------

/** `document.name` allows letters, digits and inner hyphens; ids use underscores. */
function documentName(id: string): string {
  const name = id
    .replace(/[^A-Za-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return name === '' ? 'workflow' : name;
}

/** Whole seconds as `{ seconds }`, fractions as `{ milliseconds }` (the DSL's durations are integers). */
function duration(seconds: number): JsonObject {
  return Number.isInteger(seconds) ? { seconds } : { milliseconds: Math.round(seconds * 1000) };
}

function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Secret names the workflow references, in first-use order, for `use.secrets`. */
function secretNames(workflow: Workflow): string[] {
  const names: string[] = [];
  for (const { reference } of scanReferences(workflow.steps).references) {
    const name = reference.path[1];
    if (reference.root === 'secrets' && typeof name === 'string' && !names.includes(name)) names.push(name);
  }
  return names;
}
