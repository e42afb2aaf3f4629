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
   * There is a body, but a large one not worked out yet (see `largeBodyLater`): `body` is
   * absent and `unresolved` does not count the body's references.
   */
  bodyPending?: boolean;
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

/** Options of {@link previewHttpsRequest}. */
export interface PreviewOptions {
  /**
   * Leave a large body not previewed before (`bodyPending`) instead of resolving and
   * writing it now, which takes tens of milliseconds for 2 MB: a panel shows first, and
   * works the body out after it is painted. A body previewed before is there at once.
   * @default false
   */
  largeBodyLater?: boolean;
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

/** The secret names referenced in `texts`, in order, once each. */
function secretNamesInTexts(texts: readonly string[]): string[] {
  const names = new Set<string>();
  for (const text of texts) {
    if (!text.includes('secrets')) continue;
    for (const reference of findReferences(text).references) {
      const name = reference.path[1];
      if (reference.root === 'secrets' && typeof name === 'string') names.add(name);
    }
  }
  return [...names];
}

/**
 * Secret names by object value. A config changes a field at a time and keeps the objects
 * of the others, so a 2 MB body is walked once, not again for every key typed in the URL.
 */
const secretNamesByValue = new WeakMap<object, readonly string[]>();

function secretNamesIn(value: JsonValue | undefined): readonly string[] {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? secretNamesInTexts([value]) : [];
  let names = secretNamesByValue.get(value);
  if (names === undefined) {
    names = secretNamesInTexts(stringsIn(value));
    secretNamesByValue.set(value, names);
  }
  return names;
}

/**
 * Whether {@link secretNamesInConfig} answers `config` without walking a large value it
 * has not walked before (a 2 MB body the panel has just been opened on).
 */
export function secretNamesKnownAtOnce(config: JsonObject): boolean {
  return Object.values(config).every(
    (value) => value === null || typeof value !== 'object' || secretNamesByValue.has(value) || !isLargeBody(value),
  );
}

/** The secret names referenced anywhere in `config` (URL, headers, query, body, signing), in order. */
export function secretNamesInConfig(config: JsonObject): string[] {
  const names = new Set<string>();
  for (const key of Object.keys(config)) for (const name of secretNamesIn(config[key])) names.add(name);
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

/** What the preview shows of a body. */
interface BodyPreview {
  /** Resolved, written as JSON, secrets masked. */
  text: string;
  /** References in the body the sample data has no value for, in order. */
  unresolved: readonly string[];
}

/** A body's preview with what it was resolved against. */
interface RememberedBody extends BodyPreview {
  sample: SampleData;
  workflowId: string | undefined;
}

/**
 * Body previews by body object: a key typed into the URL keeps the body object, and a
 * 2 MB body is resolved and written once, not for every key. Secrets resolve to stand-ins
 * that are all masked alike, so a body's text does not depend on which other secrets the
 * config uses; only on the sample data and the workflow id, kept with it.
 */
const bodiesByValue = new WeakMap<object, RememberedBody>();
/** The same for the last body that is not an object (a long text body). */
let lastTextBody: (RememberedBody & { value: JsonValue }) | undefined;

function rememberedBody(body: JsonValue, context: PreviewContext): BodyPreview | undefined {
  const entry =
    body !== null && typeof body === 'object'
      ? bodiesByValue.get(body)
      : lastTextBody?.value === body
        ? lastTextBody
        : undefined;
  return entry !== undefined && entry.sample === context.sample && entry.workflowId === context.workflowId
    ? entry
    : undefined;
}

function rememberBody(body: JsonValue, context: PreviewContext, preview: BodyPreview): void {
  const entry: RememberedBody = { ...preview, sample: context.sample, workflowId: context.workflowId };
  if (body !== null && typeof body === 'object') bodiesByValue.set(body, entry);
  else lastTextBody = { ...entry, value: body };
}

/** Up to these many values and characters, a body is previewed at once even with `largeBodyLater`. */
const SMALL_BODY_VALUES = 5_000;
const SMALL_BODY_CHARACTERS = 200_000;

/** Whether `value` is more than a small body; looks at no more than a small body's worth of it. */
function isLargeBody(value: JsonValue): boolean {
  let values = 0;
  let characters = 0;
  const pending: JsonValue[] = [value];
  while (pending.length > 0) {
    // Not `!`: that would take null out of the type as well as undefined.
    const item = pending.pop() as JsonValue;
    values++;
    if (typeof item === 'string') characters += item.length;
    else if (item !== null && typeof item === 'object') {
      const children = Array.isArray(item) ? item : Object.values(item);
      if (values + pending.length + children.length > SMALL_BODY_VALUES) return true;
      for (const child of children) pending.push(child);
    }
    if (characters > SMALL_BODY_CHARACTERS) return true;
  }
  return false;
}

/**
 * The request `step` (an `https_request` step) would send with `context.sample`, as far
 * as it can be known before sending: the idempotency key and the signature are made
 * per run and shown by name only. Never throws on a config that does not validate: what
 * cannot be resolved shows as written.
 */
export function previewHttpsRequest(
  step: ActionStep,
  context: PreviewContext,
  options: PreviewOptions = {},
): RequestPreview {
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
  const templates: TemplateContext = {
    ...templateContextOf(context.sample, context.workflowId),
    secrets,
    run: { id: RUN_ID_STAND_IN },
  };
  const unresolved: string[] = [];
  const mask = (text: string): string => {
    let masked = text.includes(RUN_ID_STAND_IN) ? text.split(RUN_ID_STAND_IN).join(RUN_ID_SHOWN) : text;
    if (standIns.size === 0 || !masked.includes('wfesecretstandin')) return masked;
    for (const standIn of standIns.keys()) masked = masked.split(standIn).join(SECRET_MASK);
    return masked;
  };
  const resolve = (value: JsonValue, target?: 'url', into: string[] = unresolved): JsonValue => {
    const result = resolveTemplate(value, templates, target ? { target } : {});
    if (result.ok) return result.value;
    for (const reference of result.unresolved) if (!into.includes(reference.text)) into.push(reference.text);
    return value;
  };
  const asText = (value: JsonValue): string => (typeof value === 'string' ? value : JSON.stringify(value));

  const method = typeof config.method === 'string' ? config.method : 'GET';
  let url = typeof config.url === 'string' ? asText(resolve(config.url, 'url')) : '';
  const query = pairsOf(config.query).map(
    ({ key, value }) => `${encodeURIComponent(key)}=${encodeURIComponent(asText(resolve(value)))}`,
  );
  if (query.length > 0) url += `${url.includes('?') ? '&' : '?'}${query.join('&')}`;

  const headers: PreviewHeader[] = pairsOf(config.headers).map(({ key, value }) => ({
    name: key,
    value: mask(asText(resolve(value))),
    source: 'config',
  }));
  const named = new Set(headers.map((header) => header.name.toLowerCase()));
  let body: string | undefined;
  let bodyPending = false;
  if (config.body !== undefined && METHODS_WITH_BODY.includes(method as never)) {
    let bodyPreview = rememberedBody(config.body, context);
    if (bodyPreview === undefined && !(options.largeBodyLater === true && isLargeBody(config.body))) {
      const bodyUnresolved: string[] = [];
      bodyPreview = {
        text: mask(JSON.stringify(resolve(config.body, undefined, bodyUnresolved), null, 2)),
        unresolved: bodyUnresolved,
      };
      rememberBody(config.body, context, bodyPreview);
    }
    if (bodyPreview === undefined) bodyPending = true;
    else {
      body = bodyPreview.text;
      for (const text of bodyPreview.unresolved) if (!unresolved.includes(text)) unresolved.push(text);
    }
    if (!named.has('content-type'))
      headers.push({ name: 'Content-Type', value: 'application/json', source: 'contentType' });
  }
  if ((method === 'POST' || method === 'PATCH') && !named.has('idempotency-key')) {
    headers.push({ name: 'Idempotency-Key', value: '', source: 'idempotencyKey' });
  }
  const signing =
    config.signing !== null && typeof config.signing === 'object'
      ? (config.signing as { header?: unknown })
      : undefined;
  if (signing) {
    const header =
      typeof signing.header === 'string' && signing.header !== '' ? signing.header : DEFAULT_SIGNATURE_HEADER;
    headers.push({ name: header, value: `t=…,v1=${SECRET_MASK}`, source: 'signature' });
  }
  const preview: RequestPreview = {
    method,
    url: mask(url),
    headers,
    unresolved,
    secretNames,
    signed: signing !== undefined,
  };
  if (body !== undefined) preview.body = body;
  if (bodyPending) preview.bodyPending = true;
  return preview;
}
