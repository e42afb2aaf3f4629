// ---------------------------------------------------------------------------
// "What will be sent": an HTTPS step's request resolved against the sample data with
// the executor's own resolver, so the preview interpolates, keeps types and encodes URL
// parts exactly as a run does. The page knows secret names, never values: each secret
// resolves to a stand-in made of letters only (unchanged by URL encoding and JSON
// writing), which becomes `••••` once everything is resolved.
// ---------------------------------------------------------------------------

import {
  DEFAULT_SIGNATURE_HEADER,
  findReferences,
  METHODS_WITH_BODY,
  resolveTemplate,
  type ActionStep,
  type JsonObject,
  type JsonValue,
  type TemplateContext,
} from '../../../definition';
import type { SampleData } from '../../sample-data';

/** How every secret value shows in the preview. */
export const SECRET_MASK = '••••';

/** Stands in for `{{ run.id }}` while resolving (letters only), and what shows instead. */
const RUN_ID_STAND_IN = 'wferunidstandinx';
const RUN_ID_SHOWN = 'test_…';

/** Where a header of the preview comes from. */
export type PreviewHeaderSource = 'config' | 'contentType' | 'idempotencyKey' | 'signature';

/** One header of {@link RequestPreview}. */
export interface PreviewHeader {
  name: string;
  /** The value with secrets masked; empty for headers made when sending (see `source`). */
  value: string;
  source: PreviewHeaderSource;
}

/** The request an HTTPS step would send with the sample data. Holds no secret value. */
export interface RequestPreview {
  method: string;
  /** The URL with the query parameters appended, secrets masked. */
  url: string;
  headers: readonly PreviewHeader[];
  /** The body as JSON text (2-space indentation), secrets masked; absent without a body. */
  body?: string;
  /**
   * References the sample data has no value for (`{{ trigger.userId }}`), in the order
   * they appear: the fields holding them show their text unresolved.
   */
  unresolved: readonly string[];
  /** Secret names the step references, signing secret included, in order of appearance. */
  secretNames: readonly string[];
  /** The request is signed (`signing` is set). */
  signed: boolean;
}

/** What the preview resolves against besides the sample data. */
export interface PreviewContext {
  sample: SampleData;
  workflowId?: string;
}

/** Every string in `value`, depth first, without recursing (a body may nest deeply). */
function stringsIn(value: JsonValue | undefined): string[] {
  const found: string[] = [];
  const pending: (JsonValue | undefined)[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') found.push(item);
    else if (Array.isArray(item)) for (let index = item.length - 1; index >= 0; index--) pending.push(item[index]);
    else if (item !== null && typeof item === 'object') {
      const keys = Object.keys(item);
      for (let index = keys.length - 1; index >= 0; index--) pending.push(item[keys[index]!]);
    }
  }
  return found;
}

/** The secret names referenced anywhere in `config` (URL, headers, query, body, signing), in order. */
export function secretNamesInConfig(config: JsonObject): string[] {
  const names = new Set<string>();
  for (const text of stringsIn(config)) {
    if (!text.includes('secrets')) continue;
    for (const reference of findReferences(text).references) {
      const name = reference.path[1];
      if (reference.root === 'secrets' && typeof name === 'string') names.add(name);
    }
  }
  return [...names];
}

/** The sample data as the resolver reads it. */
export function templateContextOf(sample: SampleData, workflowId?: string): TemplateContext {
  const steps: Record<string, { output?: JsonValue; error?: JsonValue }> = {};
  for (const [stepId, result] of Object.entries(sample.steps ?? {})) {
    const entry: { output?: JsonValue; error?: JsonValue } = {};
    if (result.output !== undefined) entry.output = result.output;
    if (result.error !== undefined) entry.error = result.error as unknown as JsonValue;
    // A host's stored samples may hold any key, `__proto__` too: kept as an entry.
    Object.defineProperty(steps, stepId, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  const context: TemplateContext = { steps };
  if (sample.trigger !== undefined) context.trigger = sample.trigger;
  if (workflowId !== undefined) context.workflow = { id: workflowId };
  return context;
}

interface HttpsConfigShape {
  url?: unknown;
  method?: unknown;
  headers?: unknown;
  query?: unknown;
  body?: JsonValue;
  signing?: unknown;
}

function pairsOf(value: unknown): { key: string; value: string }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((pair: unknown) => {
    if (pair === null || typeof pair !== 'object') return [];
    const { key, value: text } = pair as { key?: unknown; value?: unknown };
    return typeof key === 'string' ? [{ key, value: typeof text === 'string' ? text : '' }] : [];
  });
}

/**
 * The request `step` (an `https_request` step) would send with `context.sample`, as far
 * as it can be known before sending: the idempotency key and the signature are made
 * per run and shown by name only. Never throws on a config that does not validate: what
 * cannot be resolved shows as written.
 */
export function previewHttpsRequest(step: ActionStep, context: PreviewContext): RequestPreview {
  const config = step.config as HttpsConfigShape;
  const secretNames = secretNamesInConfig(step.config);
  const standIns = new Map<string, string>();
  const secrets: Record<string, string> = {};
  secretNames.forEach((name, index) => {
    // Letters only: URL encoding and JSON writing leave it as it is.
    const standIn = `wfesecretstandin${index}x${'q'.repeat(index % 3)}z`;
    standIns.set(standIn, name);
    secrets[name] = standIn;
  });
  // A test's run id is made when it is sent: it shows as "test_…".
  const templates: TemplateContext = { ...templateContextOf(context.sample, context.workflowId), secrets, run: { id: RUN_ID_STAND_IN } };
  const unresolved: string[] = [];
  const mask = (text: string): string => {
    let masked = text.includes(RUN_ID_STAND_IN) ? text.split(RUN_ID_STAND_IN).join(RUN_ID_SHOWN) : text;
    if (standIns.size === 0 || !masked.includes('wfesecretstandin')) return masked;
    for (const standIn of standIns.keys()) masked = masked.split(standIn).join(SECRET_MASK);
    return masked;
  };
  const resolve = (value: JsonValue, target?: 'url'): JsonValue => {
    const result = resolveTemplate(value, templates, target ? { target } : {});
    if (result.ok) return result.value;
    for (const reference of result.unresolved) if (!unresolved.includes(reference.text)) unresolved.push(reference.text);
    return value;
  };
  const asText = (value: JsonValue): string => (typeof value === 'string' ? value : JSON.stringify(value));

  const method = typeof config.method === 'string' ? config.method : 'GET';
  let url = typeof config.url === 'string' ? asText(resolve(config.url, 'url')) : '';
  const query = pairsOf(config.query).map(({ key, value }) => `${encodeURIComponent(key)}=${encodeURIComponent(asText(resolve(value)))}`);
  if (query.length > 0) url += `${url.includes('?') ? '&' : '?'}${query.join('&')}`;

  const headers: PreviewHeader[] = pairsOf(config.headers).map(({ key, value }) => ({
    name: key,
    value: mask(asText(resolve(value))),
    source: 'config',
  }));
  const named = new Set(headers.map((header) => header.name.toLowerCase()));
  let body: string | undefined;
  if (config.body !== undefined && METHODS_WITH_BODY.includes(method as never)) {
    body = mask(JSON.stringify(resolve(config.body), null, 2));
    if (!named.has('content-type')) headers.push({ name: 'Content-Type', value: 'application/json', source: 'contentType' });
  }
  if ((method === 'POST' || method === 'PATCH') && !named.has('idempotency-key')) {
    headers.push({ name: 'Idempotency-Key', value: '', source: 'idempotencyKey' });
  }
  const signing = config.signing !== null && typeof config.signing === 'object' ? (config.signing as { header?: unknown }) : undefined;
  if (signing) {
    const header = typeof signing.header === 'string' && signing.header !== '' ? signing.header : DEFAULT_SIGNATURE_HEADER;
    headers.push({ name: header, value: `t=…,v1=${SECRET_MASK}`, source: 'signature' });
  }
  const preview: RequestPreview = { method, url: mask(url), headers, unresolved, secretNames, signed: signing !== undefined };
  if (body !== undefined) preview.body = body;
  return preview;
}
