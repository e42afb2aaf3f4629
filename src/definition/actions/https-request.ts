// ---------------------------------------------------------------------------
// "Make HTTPS Request" (`https_request`): the step this project models, all of it but
// its executor (src/executor/actions/https-request.ts). The config schema follows the
// field table of docs/definition.md exactly; rules a JSON Schema cannot say well (body
// only for PATCH/POST/PUT, CR/LF in header values, the signing secret being one secret
// reference, https-only URLs) are its `validateConfig`, reported with their own problem
// codes; its Serverless Workflow task is a `call: http`.
// ---------------------------------------------------------------------------

import { isRecord, setOwn } from '../own';
import { singleReference } from '../references/parse';
import { sharedParse } from '../references/template-cache';
import {
  DEFAULT_SIGNATURE_HEADER,
  DEFAULT_TIMEOUT_SECONDS,
  HTTP_METHODS,
  HTTP_TOKEN_PATTERN,
  METHODS_WITH_BODY,
  type HttpMethod,
  type HttpsRequestConfig,
  type JsonObject,
  type JsonSchema,
  type Problem,
} from '../types';
import { schemaDefinitionProblem } from '../validation/schema-problems';
import { configSchema, referenceWidget } from './common';
import { defineAction, type ActionSpec, type ConfigDraft } from './define';

/** The id of the built-in HTTPS action, as stored in `step.action`. */
export const HTTPS_REQUEST_ACTION_ID = 'https_request';

export { HTTP_TOKEN_PATTERN };

function keyValueList(options: {
  title: string;
  description: string;
  keyDescription: string;
  valueDescription: string;
  keyPattern?: string;
}): JsonSchema {
  const key: JsonSchema = {
    type: 'string',
    title: 'Key',
    description: options.keyDescription,
    minLength: 1,
  };
  if (options.keyPattern !== undefined) key.pattern = options.keyPattern;
  return {
    type: 'array',
    title: options.title,
    description: options.description,
    items: {
      type: 'object',
      properties: {
        key,
        value: { type: 'string', title: 'Value', description: options.valueDescription },
      },
      required: ['key', 'value'],
      additionalProperties: false,
    },
    default: [],
  };
}

const httpsRequestConfigSchema = configSchema({
  title: 'Make HTTPS Request',
  properties: {
    url: {
      type: 'string',
      title: 'URL',
      description:
        'Where the request goes. Must start with https://. Use Insert reference to add data from the trigger or earlier steps.',
      minLength: 1,
    },
    method: {
      type: 'string',
      title: 'Request Type',
      description:
        'GET reads data, POST creates something, PUT replaces it, PATCH changes part of it, DELETE removes it.',
      enum: [...HTTP_METHODS],
    },
    headers: keyValueList({
      title: 'Request Headers',
      description:
        'Headers sent with the request, for example an API key. Values may contain references. Host, Content-Length and the connection headers are set for you.',
      keyDescription: "The header name, for example X-Api-Key. Letters, digits and ! # $ % & ' * + - . ^ _ ` | ~ only.",
      valueDescription: 'The header value. Use Insert reference to add a secret or data from earlier steps.',
      keyPattern: HTTP_TOKEN_PATTERN,
    }),
    query: keyValueList({
      title: 'Query Parameters',
      description: 'Added to the end of the URL as ?key=value. Values are encoded for you.',
      keyDescription: 'The parameter name.',
      valueDescription: 'The parameter value. Use Insert reference to add data from the trigger or earlier steps.',
    }),
    body: {
      title: 'Body',
      description:
        'JSON sent with PATCH, POST and PUT requests. Text inside it may contain references. Leave empty to send no body.',
    },
    responseSchema: {
      type: 'object',
      title: 'Response Schema',
      description:
        'The shape of the JSON the server answers with. Later steps can then insert its fields as references; a response that does not match fails the step.',
    },
    signing: {
      type: 'object',
      title: 'Request Signing',
      description: 'Signs each request so the receiver can check it came from this workflow.',
      properties: {
        secret: {
          type: 'string',
          title: 'Signing Secret',
          description: 'The secret the signature is made with. Choose one of the secrets your account has set up.',
          minLength: 1,
        },
        header: {
          type: 'string',
          title: 'Signature Header',
          description: `The header that carries the signature. Default: ${DEFAULT_SIGNATURE_HEADER}.`,
          pattern: HTTP_TOKEN_PATTERN,
          default: DEFAULT_SIGNATURE_HEADER,
        },
      },
      required: ['secret'],
      additionalProperties: false,
    },
    retryIntervals: {
      type: 'array',
      title: 'Retry Intervals',
      description:
        'Seconds to wait before each new attempt after a failure (network error, timeout, 408, 429 or 5xx). Up to 10 retries, each at most 3600 seconds. None: one attempt only.',
      items: { type: 'number', title: 'Retry', minimum: 0, maximum: 3600 },
      maxItems: 10,
      default: [],
    },
    timeoutSeconds: {
      type: 'number',
      title: 'Request Timeout',
      description: `Seconds to wait for an answer before an attempt fails, from 1 to 300. Default: ${DEFAULT_TIMEOUT_SECONDS}.`,
      minimum: 1,
      maximum: 300,
      default: DEFAULT_TIMEOUT_SECONDS,
    },
  },
  required: ['url', 'method'],
});

/**
 * Widget names are registered by the configuration panel; keeping them as names keeps
 * this uiSchema plain JSON. `body` has no type and `responseSchema` is an object, and
 * rjsf picks a *field* (not a widget) for those, so both carry the name as `ui:field`
 * too; an unregistered field name falls back to rjsf's default, so this is harmless.
 */
const httpsRequestUiSchema: JsonObject = {
  'ui:order': [
    'url',
    'method',
    'body',
    'headers',
    'query',
    'responseSchema',
    'signing',
    'retryIntervals',
    'timeoutSeconds',
    'continueOnError',
  ],
  'ui:options': {
    groups: [
      {
        id: 'advanced',
        title: 'Advanced Configuration',
        collapsed: true,
        fields: ['signing', 'retryIntervals', 'timeoutSeconds', 'continueOnError'],
      },
    ],
  },
  url: referenceWidget({ 'ui:placeholder': 'https://api.example.com/path' }),
  method: { 'ui:widget': 'select' },
  // Shown, and kept in the definition, only for methods that carry a body.
  body: {
    'ui:widget': 'json',
    'ui:field': 'json',
    'ui:options': { visibleWhen: { field: 'method', oneOf: [...METHODS_WITH_BODY] } },
  },
  headers: {
    'ui:options': { addLabel: 'Add header', removeLabel: 'Remove header', orderable: false },
    items: {
      key: { 'ui:title': 'Key', 'ui:placeholder': 'X-Api-Key' },
      value: referenceWidget({ 'ui:title': 'Value' }),
    },
  },
  query: {
    'ui:options': { addLabel: 'Add query parameter', removeLabel: 'Remove query parameter', orderable: false },
    items: {
      key: { 'ui:title': 'Key' },
      value: referenceWidget({ 'ui:title': 'Value' }),
    },
  },
  responseSchema: { 'ui:widget': 'jsonSchema', 'ui:field': 'jsonSchema' },
  signing: {
    'ui:order': ['secret', 'header'],
    secret: { 'ui:widget': 'secret', 'ui:title': 'Signing Secret' },
    header: { 'ui:title': 'Signature Header', 'ui:placeholder': DEFAULT_SIGNATURE_HEADER },
  },
  retryIntervals: {
    'ui:options': { addLabel: 'Add retry interval', removeLabel: 'Remove retry interval', orderable: false },
    // Each row is labelled "Retry 1", "Retry 2", ... by the panel.
    items: { 'ui:widget': 'seconds', 'ui:title': 'Retry' },
  },
  timeoutSeconds: { 'ui:widget': 'seconds' },
  continueOnError: { 'ui:widget': 'checkbox' },
};

/** The output of an HTTPS step; its body is described by the step's `responseSchema`. */
function httpsRequestOutputSchema(config: ConfigDraft<HttpsRequestConfig>): JsonSchema {
  const responseSchema = config.responseSchema;
  const body: JsonSchema = isRecord(responseSchema) ? (responseSchema as JsonSchema) : {};
  return {
    type: 'object',
    properties: {
      status: { type: 'integer', description: 'The HTTP status code of the response, e.g. 200.' },
      headers: {
        type: 'object',
        description: 'Response headers, names in lower case.',
        additionalProperties: { type: 'string' },
      },
      body,
    },
  };
}

// ---- Rules beyond the schema -------------------------------------------------------

/** An absolute https URL: the scheme, then a host before any path, query or fragment. */
const ABSOLUTE_HTTPS_URL = /^https:\/\/([^\s/?#]+)(?:[/?#]\S*)?$/i;

/**
 * Whether the authority part of a URL (`user@host:port`) names a host, and a port no URL
 * parser refuses. The definition layer has no `URL` (its lib is plain ES), and only the
 * literal text is checked: a reference stands in as "x".
 */
function usableAuthority(authority: string): boolean {
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  // An IPv6 host is bracketed and full of colons; the port follows its "]".
  const close = hostAndPort.startsWith('[') ? hostAndPort.indexOf(']') : -1;
  const colon = hostAndPort.startsWith('[')
    ? hostAndPort[close + 1] === ':'
      ? close + 1
      : -1
    : hostAndPort.lastIndexOf(':');
  const host = colon >= 0 ? hostAndPort.slice(0, colon) : hostAndPort;
  const port = colon >= 0 ? hostAndPort.slice(colon + 1) : '';
  if (host === '' || host === '[]') return false;
  return !/^\d+$/.test(port) || Number(port) <= 65_535;
}

function httpsRuleProblems(config: ConfigDraft<HttpsRequestConfig>): Problem[] {
  const problems: Problem[] = [];
  const url = config.url;
  if (typeof url === 'string' && url !== '') {
    // Text without "{{" is one text part: itself. References stand in as one harmless
    // character (their values are percent-encoded); a URL that starts with one, or holds
    // a malformed one, is not checked here. One loop: every HTTPS step comes here.
    let literal: string | undefined = url;
    if (url.includes('{{')) {
      const parts = sharedParse(url);
      literal = parts.length > 0 && parts[0]!.kind !== 'text' ? undefined : '';
      for (let index = 0; literal !== undefined && index < parts.length; index++) {
        const part = parts[index]!;
        if (part.kind === 'malformed') literal = undefined;
        else literal += part.kind === 'text' ? part.text : 'x';
      }
    }
    if (literal !== undefined) {
      const authority = ABSOLUTE_HTTPS_URL.exec(literal)?.[1];
      if (authority === undefined || !usableAuthority(authority)) {
        problems.push({
          path: '/url',
          code: 'url_not_https',
          message: 'URL must be an absolute https:// URL, like https://api.example.com/path',
          params: { field: 'URL' },
        });
      }
    }
  }
  if (isRecord(config.responseSchema)) {
    const reason = schemaDefinitionProblem(config.responseSchema);
    if (reason)
      problems.push({
        path: '/responseSchema',
        code: 'schema_invalid',
        message: `Response Schema: ${reason}`,
        params: { field: 'Response Schema', rule: 'schema', reason },
      });
  }
  const method = config.method;
  if (
    'body' in config &&
    typeof method === 'string' &&
    (HTTP_METHODS as readonly string[]).includes(method) &&
    !METHODS_WITH_BODY.includes(method as HttpMethod)
  ) {
    problems.push({
      path: '/body',
      code: 'body_not_allowed',
      message: `A ${method} request cannot have a body; remove the body or use PATCH, POST or PUT`,
      params: { field: 'Body', method },
    });
  }
  if (Array.isArray(config.headers)) {
    config.headers.forEach((header: unknown, index) => {
      if (!isRecord(header)) return;
      for (const field of ['key', 'value'] as const) {
        const text = header[field];
        if (typeof text === 'string' && /[\r\n]/.test(text)) {
          const label = `Header ${field === 'key' ? 'name' : 'value'} ${index + 1}`;
          problems.push({
            path: `/headers/${index}/${field}`,
            code: 'header_crlf',
            message: `${label} must not contain a line break`,
            params: { field: label, rule: field, index: index + 1 },
          });
        }
      }
    });
  }
  const signing = config.signing;
  if (isRecord(signing) && typeof signing.secret === 'string') {
    const secret = signing.secret;
    const hasMalformed = sharedParse(secret).some((part) => part.kind === 'malformed');
    if (!hasMalformed && singleReference(secret)?.root !== 'secrets') {
      problems.push({
        path: '/signing/secret',
        code: 'signing_secret_not_reference',
        message:
          'Signing Secret must be exactly one secret reference, like {{ secrets.signing_key }}, and nothing else',
        params: { field: 'Signing Secret' },
      });
    }
  }
  return problems;
}

// ---- Serverless Workflow -------------------------------------------------------------

/**
 * Errors our executors retry: timeouts, network errors, 408, 429 and 5xx. A `catch`
 * that does not match lets the error through, so a 404 fails the step at once.
 */
const RETRYABLE_ERROR =
  '($error.type | tostring | endswith("/timeout")) or (($error.type | tostring | endswith("/communication")) and ($error.status == null or $error.status == 408 or $error.status == 429 or $error.status >= 500))';

function keyValuePairs(value: unknown): { key: string; value: string }[] {
  if (!Array.isArray(value)) return [];
  const pairs: { key: string; value: string }[] = [];
  for (const item of value) {
    if (isRecord(item) && typeof item.key === 'string' && typeof item.value === 'string') {
      pairs.push({ key: item.key, value: item.value });
    }
  }
  return pairs;
}

/** Groups values by key, keeping the first spelling of each key and the values' order. */
function groupByKey(
  pairs: readonly { key: string; value: string }[],
  normalise: (key: string) => string,
): Map<string, string[]> {
  const spelling = new Map<string, string>();
  const grouped = new Map<string, string[]>();
  for (const pair of pairs) {
    const normalised = normalise(pair.key);
    const key = spelling.get(normalised) ?? pair.key;
    spelling.set(normalised, key);
    const values = grouped.get(key);
    if (values) values.push(pair.value);
    else grouped.set(key, [pair.value]);
  }
  return grouped;
}

/**
 * `call: http` with `timeout.after`, wrapped in `try`/`catch.retry` when it has retry
 * intervals; signing, the response schema and uneven intervals travel in the metadata.
 */
const httpsToServerlessWorkflow: NonNullable<ActionSpec<HttpsRequestConfig>['toServerlessWorkflow']> = (step, dsl) => {
  const { id: stepId, config } = step;
  const metadata: JsonObject = {};
  const method = typeof config.method === 'string' ? config.method : 'GET';
  const headers = keyValuePairs(config.headers);
  const query = keyValuePairs(config.query);

  const request: JsonObject = { method, endpoint: dsl.url(typeof config.url === 'string' ? config.url : '') };
  const headerMap: JsonObject = {};
  for (const [name, values] of groupByKey(headers, (key) => key.toLowerCase())) {
    // Repeated request headers are equivalent to one header with the values joined by ", ".
    setOwn(headerMap, name, dsl.template(values.join(', ')));
  }
  const setsIdempotencyKey = headers.some((pair) => pair.key.toLowerCase() === 'idempotency-key');
  if ((method === 'POST' || method === 'PATCH') && !setsIdempotencyKey) {
    // Our executors send one key for every attempt of a step in one run: run id + step id.
    headerMap['Idempotency-Key'] = dsl.expression(`"\\($workflow.id):${stepId}"`);
  }
  if (Object.keys(headerMap).length > 0) request.headers = headerMap;
  if (query.length > 0) {
    const queryMap: JsonObject = {};
    for (const [name, values] of groupByKey(query, (key) => key)) {
      const converted = values.map((value) => dsl.template(value));
      setOwn(queryMap, name, converted.length === 1 ? converted[0]! : converted);
    }
    request.query = queryMap;
  }
  if (config.body !== undefined && (METHODS_WITH_BODY as readonly string[]).includes(method)) {
    request.body = dsl.value(config.body as JsonObject);
  }
  request.output = 'response';

  const timeoutSeconds = typeof config.timeoutSeconds === 'number' ? config.timeoutSeconds : DEFAULT_TIMEOUT_SECONDS;
  const call: JsonObject = {
    call: 'http',
    with: request,
    timeout: { after: dsl.duration(timeoutSeconds) },
    // Reshape the DSL's response into the editor's step output: { status, headers, body }.
    output: {
      as: dsl.expression(
        '{ status: .statusCode, headers: ((.headers // {}) | with_entries(.key |= ascii_downcase)), body: .content }',
      ),
    },
    export: dsl.exportOutput(stepId),
  };

  const signing = config.signing;
  if (isRecord(signing)) {
    metadata.signing = {
      secret: typeof signing.secret === 'string' ? signing.secret : '',
      header: typeof signing.header === 'string' ? signing.header : DEFAULT_SIGNATURE_HEADER,
    };
  }
  if (config.responseSchema !== undefined) metadata.responseSchema = config.responseSchema as JsonObject;

  const intervals = Array.isArray(config.retryIntervals)
    ? config.retryIntervals.filter((value): value is number => typeof value === 'number' && value >= 0)
    : [];
  if (intervals.length === 0) return { task: call, metadata };
  const first = intervals[0]!;
  if (intervals.some((value) => value !== first)) {
    // The DSL's backoffs have no list of delays: retry at the first interval and keep the list.
    metadata.retryIntervals = intervals;
  }
  return {
    task: {
      try: [{ [stepId]: call }],
      catch: {
        as: 'error',
        when: dsl.expression(RETRYABLE_ERROR),
        retry: {
          delay: dsl.duration(first),
          backoff: { constant: {} },
          limit: { attempt: { count: intervals.length } },
        },
      },
    },
    metadata,
  };
};

/** "Make HTTPS Request": sends one HTTPS request, optionally signed and retried. */
export const httpsRequestAction = defineAction<HttpsRequestConfig>({
  id: HTTPS_REQUEST_ACTION_ID,
  label: 'Make HTTPS Request',
  category: 'Compute',
  description: 'Send an HTTPS request to an external API or service, like a webhook.',
  keywords: ['http', 'https', 'webhook', 'request', 'api', 'fetch', 'rest', 'url', 'call'],
  icon: 'globe',
  stepType: 'action',
  configSchema: httpsRequestConfigSchema,
  uiSchema: httpsRequestUiSchema,
  defaultConfig: { url: '', method: 'GET' },
  outputSchema: httpsRequestOutputSchema,
  testable: true,
  validateConfig: httpsRuleProblems,
  configKeyOrder: 'schema',
  errorFields: [
    { key: 'status', type: 'integer', description: 'The HTTP status of the last response, when there was one' },
    { key: 'attempts', type: 'integer', description: 'How many attempts were made' },
  ],
  toServerlessWorkflow: httpsToServerlessWorkflow,
});
