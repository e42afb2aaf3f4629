// ---------------------------------------------------------------------------
// The workflow definition format, version 1 (docs/definition.md).
//
// These types are the contract between the editor and every executor. The JSON
// Schemas under `schemas/` describe the same shapes; test/definition/schema-drift.test.ts
// proves the two agree, so change both together.
// ---------------------------------------------------------------------------

/** The format version this package reads and writes. */
export const SCHEMA_VERSION = 1 as const;

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A JSON Schema (draft 2020-12) held as plain JSON. */
export type JsonSchema = JsonObject;

// ---- Workflow document -----------------------------------------------------

/** What starts a workflow, and the shape of the data it carries. */
export interface Trigger {
  /** Event name, e.g. `inquiry.approved`. */
  event: string;
  /**
   * JSON Schema of the trigger payload. The editor offers its fields as
   * `{{ trigger.<field> }}` references; without it any `trigger.*` reference is accepted.
   */
  payloadSchema?: JsonSchema;
}

/** A whole workflow: one trigger followed by an ordered list of steps. */
export interface Workflow {
  schemaVersion: typeof SCHEMA_VERSION;
  kind: 'workflow';
  /** Matches {@link ID_PATTERN}; unique among the workflow's step and branch ids. */
  id: string;
  name: string;
  description?: string;
  trigger: Trigger;
  steps: Step[];
}

// ---- Steps -----------------------------------------------------------------

/** A step runs one action from the catalog. */
export interface ActionStep {
  /** Matches {@link ID_PATTERN}. Derived from the name at creation; never changed by a rename. */
  id: string;
  type: 'action';
  /** Action id in the catalog, e.g. `https_request`. */
  action: string;
  name: string;
  /** Validated by the action's config schema. */
  config: JsonObject;
}

/** A step that runs the first branch whose condition holds. */
export interface BranchStep {
  id: string;
  type: 'branch';
  name: string;
  /** In order; a branch without `when` is the default and must be last. */
  branches: Branch[];
}

/** One path out of a {@link BranchStep}. */
export interface Branch {
  /** Shares one namespace with step ids. */
  id: string;
  name: string;
  /** Absent on the default branch. */
  when?: Condition;
  steps: Step[];
}

/** Any step of version 1. */
export type Step = ActionStep | BranchStep;

/** The `type` of a step. */
export type StepType = Step['type'];

// ---- Conditions ------------------------------------------------------------

/** Comparison operators of a branch condition. */
export const COMPARISON_OPERATORS = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'exists',
  'not_exists',
] as const;

/** One of {@link COMPARISON_OPERATORS}. */
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** Operators that take no `right` value. */
export const UNARY_OPERATORS: readonly ComparisonOperator[] = ['exists', 'not_exists'];

/** `left op right`; values may be references. `right` is absent for `exists`/`not_exists`. */
export interface Comparison {
  left: JsonValue;
  op: ComparisonOperator;
  right?: JsonValue;
}

/** Holds when every condition holds (an empty list holds). */
export interface AllCondition {
  all: Condition[];
}

/** Holds when at least one condition holds (an empty list does not). */
export interface AnyCondition {
  any: Condition[];
}

/** A branch condition. */
export type Condition = AllCondition | AnyCondition | Comparison;

// ---- Standalone step document ----------------------------------------------

/** Fields every document kind starts with. */
interface DocumentHeader {
  schemaVersion: typeof SCHEMA_VERSION;
  kind: 'step';
}

/** "Export step JSON": one step as a document of its own. */
export type StepDocument = (DocumentHeader & ActionStep) | (DocumentHeader & BranchStep);

/** The two documents the format has, by their `kind`: a workflow, or a standalone step. */
export type DocumentKind = Workflow['kind'] | StepDocument['kind'];

// ---- The HTTPS action's config ---------------------------------------------

/** Request types of the HTTPS step. */
export const HTTP_METHODS = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'] as const;

/** One of {@link HTTP_METHODS}. */
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Methods that may carry a body. */
export const METHODS_WITH_BODY: readonly HttpMethod[] = ['PATCH', 'POST', 'PUT'];

/** An ordered key/value pair (headers, query parameters). */
export interface KeyValuePair {
  key: string;
  /** A template: may contain references. */
  value: string;
}

/** Request signing: `<header>: t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export interface SigningConfig {
  /** Exactly one secret reference, `{{ secrets.<name> }}`. */
  secret: string;
  /** @default "Persona-Signature" */
  header?: string;
}

/** Config of the built-in `https_request` action ("Make HTTPS Request"). */
export interface HttpsRequestConfig {
  /** Template resolving to an absolute `https://` URL. */
  url: string;
  method: HttpMethod;
  headers?: KeyValuePair[];
  query?: KeyValuePair[];
  /** Only for PATCH, POST, PUT. Sent as JSON. */
  body?: JsonValue;
  responseSchema?: JsonSchema;
  signing?: SigningConfig;
  /** Seconds before retry 1, 2, ...; at most 10 entries, each 0 to 3600. */
  retryIntervals?: number[];
  /** 1 to 300. @default 30 */
  timeoutSeconds?: number;
  /** @default false */
  continueOnError?: boolean;
}

/** Default signature header name. */
export const DEFAULT_SIGNATURE_HEADER = 'Persona-Signature';
/** Default per-attempt timeout of the HTTPS step, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 30;

// ---- Ids and places in the tree --------------------------------------------

/** Workflow, step and branch ids. */
export const ID_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * An HTTP token (RFC 9110 `tchar`+): what a header name may consist of. Here, with the
 * other patterns, so the schema messages that name it import no action.
 */
export const HTTP_TOKEN_PATTERN = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";

/**
 * A place a step can go: the list it goes into (`branchId`, `null` for the workflow's
 * root list) and the position the new step will have in that list.
 */
export interface InsertionPoint {
  branchId: string | null;
  index: number;
}

// ---- References ------------------------------------------------------------

/** The first segment of a reference path. */
export type ReferenceRoot = 'trigger' | 'steps' | 'secrets' | 'workflow' | 'run';

/** One segment of a reference path: a key, or an array index. */
export type PathSegment = string | number;

/** A parsed `{{ path }}` in a string. */
export interface Reference {
  /** The exact source text, braces included, e.g. `{{ steps.a.output.body }}`. */
  text: string;
  /** Offset of the first `{` in the string. */
  start: number;
  /** Offset just past the last `}`. */
  end: number;
  root: ReferenceRoot;
  /** The whole path, root first: `['steps', 'a', 'output', 'body']`. */
  path: PathSegment[];
}

// ---- Problems --------------------------------------------------------------

/** Machine codes of validation problems. Each is explained in docs/definition.md. */
export const PROBLEM_CODES = [
  // Reading the text or the value
  'json_syntax',
  'not_json',
  'nesting_too_deep',
  // The JSON Schema
  'schema_version_unsupported',
  'schema_required',
  'schema_type',
  'schema_enum',
  'schema_const',
  'schema_pattern',
  'schema_format',
  'schema_additional_property',
  'schema_range',
  'schema_length',
  'schema_invalid',
  // Rules beyond the schema
  'duplicate_id',
  'default_branch_not_last',
  'unknown_action',
  'body_not_allowed',
  'header_crlf',
  'url_not_https',
  'signing_secret_not_reference',
  'reference_malformed',
  'reference_unknown_root',
  'reference_unknown_step',
  'reference_out_of_scope',
  'reference_unknown_secret',
  'reference_unknown_trigger_field',
] as const;

/** One of {@link PROBLEM_CODES}. */
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/**
 * The values a problem's message is made of, by name, so a host can say the same thing
 * in its own words: `field` (the field as its form labels it, "Retry 1"), `limit`,
 * `rule` (the JSON Schema keyword or the variant of the code), `step`, `secret`... Which
 * names each code carries is listed in docs/definition.md ("Problem codes").
 */
export type ProblemParams = Readonly<Record<string, string | number>>;

/** Something wrong with a definition, located by a JSON Pointer. */
export interface Problem {
  /** JSON Pointer (RFC 6901) into the document, e.g. `/steps/0/config/url`. `""` is the root. */
  path: string;
  /** A sentence a person understands (English); hosts translate from `code` and `params`. */
  message: string;
  /** What kind of problem this is; stable across versions, unlike `message`. */
  code: ProblemCode;
  /**
   * The values in `message`, by name (see {@link ProblemParams}). Every problem validation
   * reports carries them; problems built elsewhere may not.
   */
  params?: ProblemParams;
  /** The step the problem belongs to, when there is one (the innermost step). */
  stepId?: string;
  /** 1-based position in the source text, when the problem came from parsing text. */
  line?: number;
  /** 1-based position in the source text, when the problem came from parsing text. */
  column?: number;
}

/** What {@link validateWorkflow} returns: the typed workflow, or every problem found. */
export type WorkflowValidationResult =
  { ok: true; workflow: Workflow; problems: [] } | { ok: false; problems: Problem[] };

/** What `validateStepDocument` returns: the typed step document, or every problem found. */
export type StepDocumentValidationResult =
  { ok: true; step: StepDocument; problems: [] } | { ok: false; problems: Problem[] };

// ---- Action catalog --------------------------------------------------------

/** What the editor and the validator know about an action. */
export interface ActionDefinition {
  /** Stored in `step.action`, e.g. `https_request`. Matches {@link ID_PATTERN}. */
  id: string;
  /** Shown in the picker and on the node, e.g. "Make HTTPS Request". */
  label: string;
  /** Picker heading, e.g. "Compute". */
  category: string;
  /** One sentence for the picker. */
  description: string;
  /** Extra words the picker's search matches, e.g. `["http", "webhook"]`. */
  keywords: readonly string[];
  /** A built-in icon name (see the editor's icon set) or an image URL. */
  icon: string;
  /**
   * `action` creates an {@link ActionStep}; `branch` creates a {@link BranchStep}
   * (the built-in "Conditional", whose config schema is unused).
   * @default "action"
   */
  stepType?: StepType;
  /** JSON Schema (draft 2020-12) of `step.config`. */
  configSchema: JsonSchema;
  /** rjsf UI schema for the configuration panel; plain JSON. */
  uiSchema?: JsonObject;
  /** Config of a freshly created step. */
  defaultConfig: JsonObject;
  /**
   * JSON Schema of `steps.<id>.output` for a step with this config, so later steps can
   * be offered its fields as references. Absent: the output is offered as a whole.
   */
  outputSchema?: (config: JsonObject) => JsonSchema | undefined;
  /**
   * The configuration panel offers "Test step": the step can be run on its own with
   * sample data (the host's `onTestStep` runs it; the built-in HTTPS step can also run
   * in the page when it uses no secrets). @default false
   */
  testable?: boolean;
  /**
   * Rules of the config a JSON Schema cannot say well, checked after the schema on any
   * config that is an object (well formed or not, so every field is read with care).
   * Problem paths are JSON Pointers relative to the config (`/url`); validation places
   * them in the document.
   */
  validateConfig?: (config: Readonly<Record<string, unknown>>) => Problem[];
  /**
   * `schema`: the serialisers write the config's keys in its schema's property order
   * (nested objects and list items too), as every built-in action does. Absent: the keys
   * stay in the order they were written.
   */
  configKeyOrder?: 'schema';
  /**
   * Fields of `steps.<id>.error` this action's failures carry beyond `type` and
   * `message` (e.g. the HTTP status), offered as references.
   */
  errorFields?: readonly ActionErrorField[];
  /**
   * The Serverless Workflow task of a step of this action (`toServerlessWorkflow`), or
   * undefined for the default: `call: <action id>` with the config as its arguments.
   */
  toServerlessWorkflow?: (step: ActionStep, dsl: ServerlessWorkflowTools) => ServerlessWorkflowTask | undefined;
}

/** A field of a failed step's `error` object, for the reference list. */
export interface ActionErrorField {
  key: string;
  /** Its JSON type, e.g. `integer`. */
  type: string;
  description: string;
}

/** What an action's Serverless Workflow mapping builds its task with. */
export interface ServerlessWorkflowTools {
  /** A template string as a DSL value: itself without references, else a runtime expression. */
  template(text: string): string;
  /** A URL template: a URI template when literal, references after the first percent-encoded. */
  url(text: string): string;
  /** A JSON value with every template string in it converted. */
  value(value: JsonValue): JsonValue;
  /** A jq expression as a DSL runtime expression, `${ jq }`. */
  expression(jq: string): string;
  /** Seconds as a DSL duration. */
  duration(seconds: number): JsonObject;
  /** The `export` that keeps the task's output in `$context.steps.<id>.output`, where references read it. */
  exportOutput(stepId: string): JsonObject;
}

/** An action's Serverless Workflow task, and what the DSL has no field for (kept in the step's metadata). */
export interface ServerlessWorkflowTask {
  task: JsonObject;
  metadata?: JsonObject;
}

/** A set of actions, looked up by id, grouped by category in catalog order. */
export interface ActionCatalog {
  readonly actions: readonly ActionDefinition[];
  get(actionId: string): ActionDefinition | undefined;
  /** Categories in the order their first action appears. */
  readonly categories: readonly { name: string; actions: readonly ActionDefinition[] }[];
}
