// ---------------------------------------------------------------------------
// "Make HTTPS Request" (`https_request`): the step this project models. The config
// schema follows the field table of docs/definition.md exactly; rules a JSON Schema
// cannot say well (body only for PATCH/POST/PUT, CR/LF in header values, the signing
// secret being one secret reference, https-only URLs) are checked by the validator,
// which reports them with their own problem codes.
// ---------------------------------------------------------------------------

import {
  DEFAULT_SIGNATURE_HEADER,
  DEFAULT_TIMEOUT_SECONDS,
  HTTP_METHODS,
  METHODS_WITH_BODY,
  type ActionDefinition,
  type JsonObject,
  type JsonSchema,
} from '../types';
import { configSchema, referenceWidget } from './common';

/** The id of the built-in HTTPS action, as stored in `step.action`. */
export const HTTPS_REQUEST_ACTION_ID = 'https_request';

/** An HTTP token (RFC 9110 `tchar`+): what a header name may consist of. */
export const HTTP_TOKEN_PATTERN = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";

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
      keyDescription: 'The header name, for example X-Api-Key. Letters, digits and ! # $ % & \' * + - . ^ _ ` | ~ only.',
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
function httpsRequestOutputSchema(config: JsonObject): JsonSchema {
  const responseSchema = config.responseSchema;
  const body: JsonSchema =
    responseSchema !== null && typeof responseSchema === 'object' && !Array.isArray(responseSchema)
      ? responseSchema
      : {};
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

/** "Make HTTPS Request": sends one HTTPS request, optionally signed and retried. */
export const httpsRequestAction: ActionDefinition = {
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
};
