// ---------------------------------------------------------------------------
// "Import from cURL": a pasted curl command read into the HTTPS step's URL, Request
// Type, Query Parameters, Request Headers and Body. Pure (no React), and loaded only
// when the dialog opens, so the shell tokenizer is not in the editor's initial code.
//
// Words are split, unquoted and unescaped by shell-quote, as a POSIX shell would. Before
// that, one pass over the text does what shell-quote does not: it joins continued lines
// (`\` or Windows `^` before a line end), reports a quote that is never closed (shell-quote
// would drop it silently), and treats `#` the way a shell does (a comment only at the start
// of a word, which shell-quote also takes inside a URL such as `…/page#top`).
//
// Nothing is dropped silently: every option that does not become part of the step is in
// `unmapped` with the reason. Credentials never reach the config: each one found (`-u`,
// `Authorization`, API key headers, token-like values, key-named query parameters and body
// fields, webhook URLs) is replaced by a placeholder that `applyCurlImport` turns into
// `{{ secrets.<name> }}` with the name the person chose. The credential's text is not kept
// anywhere in the result, and text shown back (unmapped values) is redacted.
// ---------------------------------------------------------------------------

// With its extension: strict ESM resolvers (Node, webpack in a "type": "module" package) add none.
import parseShellWords from 'shell-quote/parse.js';
import {
  HTTP_METHODS,
  METHODS_WITH_BODY,
  WorkflowEditorError,
  type HttpMethod,
  type JsonObject,
  type JsonValue,
  type KeyValuePair,
} from '../../definition';
import { readJsonText } from '../panel/form/json-text';

/** Where a credential was found, which decides how its secret is written back. */
export type CredentialKind = 'basic' | 'header' | 'cookie' | 'query' | 'body' | 'url';

/** A credential the command holds; its text is not kept, only where it goes. */
export interface DetectedCredential {
  /** Position in {@link ParsedCurlCommand.credentials}; `secretNames[id]` names its secret. */
  id: number;
  kind: CredentialKind;
  /**
   * What it belongs to: the header name (`Authorization`), the query parameter or the
   * body field (`api_key`, `card.number`); empty for `basic` and `url`.
   */
  name: string;
  /** The scheme kept in front of the secret, e.g. `Bearer` or `Basic`; empty when none. */
  scheme: string;
  /** The shell variable the command took it from (`STRIPE_API_KEY`), when it did. */
  variable?: string;
  /** A secret name to offer, derived from the variable or the host (`stripe_api_key`). */
  suggestedName: string;
}

/** Why an option is not in the step. Codes are stable, for hosts that word them their own way. */
export type UnmappedCode =
  | 'form_body'
  | 'body_not_json'
  | 'body_invalid_json'
  | 'body_from_file'
  | 'body_from_stdin'
  | 'body_not_allowed'
  | 'multipart_form'
  | 'upload_file'
  | 'method_unsupported'
  | 'insecure'
  | 'redirects'
  | 'timeout'
  | 'retries'
  | 'output_only'
  | 'decompression'
  | 'http_version'
  | 'header_from_file'
  | 'header_removal'
  | 'header_invalid'
  | 'header_managed'
  | 'cookie_file'
  | 'credentials_file'
  | 'user_overridden'
  | 'shell_variable'
  | 'shell_syntax'
  | 'comment'
  | 'extra_url'
  | 'second_command'
  | 'url_fragment'
  | 'url_scheme_added'
  | 'unknown_option'
  | 'unsupported_option';

/** An option (or part of the command) that is not in the step, and why. */
export interface UnmappedOption {
  /** The option as written (`-k`, `--form`, `|`), or what it was about (`URL`). */
  option: string;
  /** Its value, with credentials masked, shortened; absent for flags. */
  value?: string;
  code: UnmappedCode;
  /** Why, in a sentence a person understands. */
  reason: string;
  /**
   * `not_imported`: the step will not do what the command did (a form body, a file, -k).
   * `not_needed`: nothing is lost (-s, -v, --compressed).
   */
  severity: 'not_imported' | 'not_needed';
}

/** Why a command could not be read at all. */
export type CurlProblemCode =
  | 'empty'
  | 'not_curl'
  | 'unclosed_quote'
  | 'windows_cmd_quotes'
  | 'unreadable'
  | 'no_url'
  | 'invalid_characters'
  | 'too_many_fields';

/**
 * The most headers, and the most query parameters, an import takes. Real requests set a
 * few dozen at most; a command with thousands is no request a person meant, and the
 * step's form would draw a row for each.
 */
export const MAX_IMPORTED_PAIRS = 100;

/** Why the command cannot be imported, with where, when known. */
export interface CurlProblem {
  code: CurlProblemCode;
  message: string;
  line?: number;
  column?: number;
}

/** What the command sets: the HTTPS step's request fields, with credential placeholders. */
export interface CurlRequestConfig {
  url: string;
  method: HttpMethod;
  query: KeyValuePair[];
  headers: KeyValuePair[];
  /** Absent: no body. */
  body?: JsonValue;
}

/** The outcome of {@link parseCurl}. `config` is undefined exactly when there are problems. */
export interface ParsedCurlCommand {
  config: CurlRequestConfig | undefined;
  credentials: DetectedCredential[];
  unmapped: UnmappedOption[];
  problems: CurlProblem[];
}

/** A secret name a reference accepts: `{{ secrets.<name> }}`. */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `name` can be used in `{{ secrets.<name> }}`. */
export function isValidSecretName(name: string): boolean {
  return SECRET_NAME_PATTERN.test(name);
}

// ---- Placeholders -----------------------------------------------------------
// A credential's place in the config holds `\u0000<id>\u0000` until applyCurlImport; an
// environment variable inside a word holds `\u0001<name>\u0002` until the word is read.
// The input may contain neither character (it is refused if it does).

const placeholder = (id: number): string => `\u0000${id}\u0000`;
// Control characters are the point: they mark placeholders no pasted text can contain.
/* eslint-disable no-control-regex */
const PLACEHOLDER_PATTERN = /\u0000(\d+)\u0000/g;
const VARIABLE_PATTERN = /\u0001([^\u0002]*)\u0002/g;
const RESERVED_CHARACTERS = /[\u0000\u0001\u0002]/;
/* eslint-enable no-control-regex */

/** `${NAME}` for every variable placeholder: how the value is shown and kept. */
function showVariables(text: string): string {
  return text.replace(VARIABLE_PATTERN, (_match, name: string) => `\${${name}}`);
}

function variablesIn(text: string): string[] {
  return [...text.matchAll(VARIABLE_PATTERN)].map((match) => match[1] ?? '');
}

// ---- Credentials: what looks like one ----------------------------------------

/** Token formats of well-known APIs; a value holding one is a credential wherever it is. */
const TOKEN_PATTERNS: readonly RegExp[] = [
  /\b[rs]k_(?:test|live)_[A-Za-z0-9]{8,}/, // Stripe secret and restricted keys
  /\bsk-[A-Za-z0-9_-]{20,}/, // OpenAI, Anthropic
  /\bgh[pousr]_[A-Za-z0-9]{20,}/, // GitHub
  /\bgithub_pat_[A-Za-z0-9_]{20,}/,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/, // Slack
  /\bSG\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, // SendGrid
  /\bAKIA[0-9A-Z]{16}\b/, // AWS access key id
  /\blin_api_[A-Za-z0-9]{20,}/, // Linear
  /\bshp(?:at|ss|ca|pa)_[A-Fa-f0-9]{20,}/, // Shopify
  /\bglpat-[A-Za-z0-9_-]{20,}/, // GitLab
  /\bnpm_[A-Za-z0-9]{20,}/,
  /\bAIza[0-9A-Za-z_-]{30,}/, // Google
  /\bpersona_(?:sandbox|production)_[A-Za-z0-9_-]{8,}/,
  /\bpat-(?:na|eu)\d-[a-f0-9-]{20,}/, // HubSpot private apps
  /\bkey-[a-f0-9]{32}\b/, // Mailgun
  /\b[a-f0-9]{32}-us\d{1,2}\b/, // Mailchimp
  /\bHRKU-[A-Za-z0-9_-]{20,}/, // Heroku
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, // a JWT
];

/** Header names whose value is a credential. */
const CREDENTIAL_HEADER =
  /^(?:proxy-)?authorization$|api[-_]?key|apikey|access[-_]?key|auth[-_]?key|app(?:lication)?[-_]?key|subscription[-_]?key|secret|password|token/i;

/** Query parameter names whose value is a credential. */
const CREDENTIAL_QUERY =
  /^(?:x[-_])?(?:api[-_]?key|apikey|key|token|access[-_]?token|auth[-_]?token|auth|secret|client[-_]?secret|password|passwd|pwd|sig|signature|private[-_]?token|app[-_]?key)$/i;

/** Body field names whose string value is a credential. */
const CREDENTIAL_FIELD =
  /^(?:x[-_])?(?:api[-_]?key|apikey|access[-_]?token|refresh[-_]?token|auth[-_]?token|id[-_]?token|secret|client[-_]?secret|secret[-_]?key|password|passwd|private[-_]?key|private[-_]?token|app[-_]?key|application[-_]?key|access[-_]?key|routing[-_]?key|integration[-_]?key)$/i;

/** Webhook URLs whose path is the credential: the whole URL goes into a secret. */
const WEBHOOK_URL =
  /^https?:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)\/|(?:[a-z]+\.)?discord(?:app)?\.com\/api\/webhooks\/|[a-z0-9-]+\.webhook\.office\.com\/|hooks\.zapier\.com\/hooks\/)/i;

function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERNS.some((pattern) => pattern.test(value));
}

/** Text shown back to the person (unmapped values): token-like values and key=value credentials masked. */
export function redactCredentials(text: string): string {
  // user:password@ in a URL (a proxy's, a second URL's).
  let result = text.replace(/(\/\/[^/@\s:]*):[^/@\s]*@/g, '$1:•••@');
  for (const pattern of TOKEN_PATTERNS) result = result.replace(new RegExp(pattern.source, 'g'), '•••');
  result = result.replace(/([A-Za-z0-9_.\-[\]]+)=([^&\s]*)/g, (match, name: string, value: string) => {
    const last =
      name
        .split(/[.[\]]/)
        .filter(Boolean)
        .pop() ?? name;
    return value !== '' && (CREDENTIAL_QUERY.test(last) || CREDENTIAL_FIELD.test(last)) ? `${name}=•••` : match;
  });
  result = result.replace(
    /"([^"\\]+)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g,
    (match, name: string, colon: string, value: string) =>
      value !== '' && CREDENTIAL_FIELD.test(name) ? `"${name}"${colon}"•••"` : match,
  );
  return showVariables(result);
}

const MAX_SHOWN_VALUE = 120;

function shownValue(value: string): string {
  const redacted = redactCredentials(value);
  return redacted.length > MAX_SHOWN_VALUE ? `${redacted.slice(0, MAX_SHOWN_VALUE - 1)}…` : redacted;
}

// ---- Secret names ------------------------------------------------------------

const SECOND_LEVEL_LABELS = new Set(['co', 'com', 'org', 'net', 'gov', 'ac', 'edu']);
/** Domains named differently from the product people know them by. */
const HOST_ALIASES: Readonly<Record<string, string>> = {
  myshopify: 'shopify',
  withpersona: 'persona',
  datadoghq: 'datadog',
  hubapi: 'hubspot',
  googleapis: 'google',
};

/** `api.stripe.com` → `stripe`; `api.example.co.uk` → `example`; `api` when there is no host. */
function hostBaseName(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#:]+)/i.exec(url);
  const host = match?.[1]?.toLowerCase() ?? '';
  if (host === '' || host.includes('{') || /^[\d.]+$/.test(host) || host.includes('\u0001')) return 'api';
  const labels = host.split('.').filter(Boolean);
  if (labels.length > 1) labels.pop();
  if (labels.length > 1 && SECOND_LEVEL_LABELS.has(labels[labels.length - 1]!)) labels.pop();
  const label = labels[labels.length - 1] ?? 'api';
  return snakeName(Object.hasOwn(HOST_ALIASES, label) ? HOST_ALIASES[label]! : label) || 'api';
}

function snakeName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** A valid secret name from `text`, or '' when nothing usable is left. */
function secretNameFrom(text: string): string {
  const snake = snakeName(text);
  if (snake === '') return '';
  return /^[a-z_]/.test(snake) ? snake : `_${snake}`;
}

// ---- Reading the text before tokenizing ----------------------------------------

type Prepared = { ok: true; text: string; comments: string[] } | { ok: false; problem: CurlProblem };

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Joins continued lines, takes out comments, escapes a `#` inside a word so the tokenizer
 * keeps it, and finds a quote that is never closed. Quotes are only tracked here, not
 * removed: shell-quote does the unquoting.
 */
function prepare(input: string): Prepared {
  const text = input.replace(/\r\n?/g, '\n');
  let out = '';
  let quote: "'" | '"' | "$'" | null = null;
  let quoteStart = 0;
  const comments: string[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    const next = text[index + 1];
    if (quote === "'") {
      if (char === "'") quote = null;
      out += char;
    } else if (quote === "$'") {
      if (char === '\\' && next !== undefined) {
        out += char + next;
        index++;
      } else {
        if (char === "'") quote = null;
        out += char;
      }
    } else if (quote === '"') {
      if (char === '\\' && next === '\n') {
        index++;
      } else if (char === '\\' && next !== undefined) {
        out += char + next;
        index++;
      } else {
        if (char === '"') quote = null;
        out += char;
      }
    } else if (char === '\\' && /^[ \t]*\n/.test(text.slice(index + 1, index + 42))) {
      // A continuation; spaces left after the backslash (a common copy mistake) are forgiven.
      index = text.indexOf('\n', index);
    } else if (char === '\\') {
      // A lone backslash at the very end escapes nothing.
      if (next !== undefined) out += char + next;
      index++;
    } else if (char === '^' && (next === '\n' || (next === ' ' && /^ *\n/.test(text.slice(index + 1))))) {
      // Windows cmd continues a line with ^ at its end.
      out += ' ';
      index = text.indexOf('\n', index);
    } else if (char === "'" || char === '"') {
      quote = char;
      quoteStart = index;
      out += char;
    } else if (char === '$' && next === "'") {
      quote = "$'";
      quoteStart = index;
      out += "$'";
      index++;
    } else if (char === '#') {
      const previous = out[out.length - 1];
      if (previous === undefined || /\s/.test(previous)) {
        const end = text.indexOf('\n', index);
        comments.push(text.slice(index + 1, end === -1 ? text.length : end).trim());
        index = end === -1 ? text.length : end - 1;
      } else {
        out += '\\#';
      }
    } else {
      out += char;
    }
  }
  if (quote !== null) {
    const mark = quote === "$'" ? "'" : quote;
    const name = mark === '"' ? 'double quote (")' : "single quote (')";
    return {
      ok: false,
      problem: {
        code: 'unclosed_quote',
        message: `The ${name} opened at line ${position(text, quoteStart).line}, column ${position(text, quoteStart).column} is never closed. Check the quotes around that value.`,
        ...position(text, quoteStart),
      },
    };
  }
  return { ok: true, text: out, comments };
}

// ---- curl's options -------------------------------------------------------------

/** curl's short options, by their long name. */
const SHORT_OPTIONS: Readonly<Record<string, string>> = {
  A: 'user-agent',
  b: 'cookie',
  c: 'cookie-jar',
  C: 'continue-at',
  d: 'data',
  D: 'dump-header',
  e: 'referer',
  E: 'cert',
  F: 'form',
  H: 'header',
  K: 'config',
  m: 'max-time',
  o: 'output',
  P: 'ftp-port',
  Q: 'quote',
  r: 'range',
  t: 'telnet-option',
  T: 'upload-file',
  u: 'user',
  U: 'proxy-user',
  w: 'write-out',
  x: 'proxy',
  X: 'request',
  y: 'speed-time',
  Y: 'speed-limit',
  z: 'time-cond',
  G: 'get',
  I: 'head',
  i: 'include',
  k: 'insecure',
  L: 'location',
  s: 'silent',
  S: 'show-error',
  v: 'verbose',
  f: 'fail',
  '0': 'http1.0',
  '1': 'tlsv1',
  '2': 'sslv2',
  '3': 'sslv3',
  '4': 'ipv4',
  '6': 'ipv6',
  a: 'append',
  B: 'use-ascii',
  g: 'globoff',
  j: 'junk-session-cookies',
  J: 'remote-header-name',
  l: 'list-only',
  M: 'manual',
  n: 'netrc',
  N: 'no-buffer',
  O: 'remote-name',
  p: 'proxytunnel',
  q: 'disable',
  R: 'remote-time',
  V: 'version',
  Z: 'parallel',
  '#': 'progress-bar',
  h: 'help',
};

/** curl's long options that take a value (the others are switches). */
const OPTIONS_WITH_VALUE = new Set(
  (
    'abstract-unix-socket alt-svc aws-sigv4 cacert capath cert cert-type ciphers config connect-timeout connect-to ' +
    'continue-at cookie cookie-jar create-file-mode crlfile curves data data-ascii data-binary data-raw data-urlencode ' +
    'delegation dns-interface dns-ipv4-addr dns-ipv6-addr dns-servers doh-url dump-header ech egd-file engine ' +
    'etag-compare etag-save expect100-timeout form form-string ftp-account ftp-alternative-to-user ftp-method ' +
    'ftp-port ftp-ssl-ccc-mode happy-eyeballs-timeout-ms header hostpubmd5 hostpubsha256 hsts interface ip-tos ' +
    'ipfs-gateway json keepalive-cnt keepalive-time key key-type krb libcurl limit-rate local-port login-options ' +
    'mail-auth mail-from mail-rcpt max-filesize max-redirs max-time netrc-file noproxy oauth2-bearer output ' +
    'output-dir parallel-max pass pinnedpubkey preproxy proto proto-default proto-redir proxy proxy-cacert ' +
    'proxy-capath proxy-cert proxy-cert-type proxy-ciphers proxy-crlfile proxy-header proxy-key proxy-key-type ' +
    'proxy-pass proxy-pinnedpubkey proxy-service-name proxy-tls13-ciphers proxy-tlsauthtype proxy-tlspassword ' +
    'proxy-tlsuser proxy-user proxy1.0 pubkey quote random-file range rate referer request request-target resolve ' +
    'retry retry-delay retry-max-time sasl-authzid service-name socks4 socks4a socks5 socks5-gssapi-service ' +
    'socks5-hostname speed-limit speed-time stderr telnet-option tftp-blksize time-cond tls-max tls13-ciphers ' +
    'tlsauthtype tlspassword tlsuser trace trace-ascii trace-config unix-socket upload-file url url-query user ' +
    'user-agent variable write-out'
  ).split(' '),
);

/** Options that only change what curl prints, saves or shows: nothing is lost. */
const OUTPUT_OPTIONS = new Set(
  (
    'silent show-error verbose include progress-bar no-progress-meter fail fail-with-body fail-early output ' +
    'output-dir remote-name remote-name-all remote-header-name write-out dump-header trace trace-ascii trace-time ' +
    'trace-ids trace-config stderr no-buffer create-dirs styled-output no-styled-output libcurl manual help version ' +
    'disable remote-time globoff show-headers etag-save etag-compare'
  ).split(' '),
);
const HTTP_VERSION_OPTIONS = new Set('http1.0 http1.1 http2 http2-prior-knowledge http3 http3-only'.split(' '));
const TIMEOUT_OPTIONS = new Set('max-time connect-timeout'.split(' '));
const RETRY_OPTIONS = new Set('retry retry-delay retry-max-time retry-connrefused retry-all-errors'.split(' '));

/** Options whose value holds a password or key: listed without it. */
const CREDENTIAL_OPTIONS = new Set(
  'proxy-user pass proxy-pass tlspassword proxy-tlspassword tlsuser proxy-tlsuser cert proxy-cert key proxy-key sasl-authzid login-options'.split(
    ' ',
  ),
);

/** Headers the step sets itself; a value in the command is not used. */
const MANAGED_HEADERS = new Set([
  'host',
  'content-length',
  'connection',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'te',
  'expect',
]);

// ---- The parser --------------------------------------------------------------

type DataMode = 'data' | 'raw' | 'urlencode' | 'json';

interface DataPart {
  option: string;
  value: string;
  mode: DataMode;
}

interface ReadOption {
  /** As written: `-d`, `--data`. */
  written: string;
  /** curl's long name. */
  name: string;
  value?: string;
}

class CurlReader {
  readonly credentials: DetectedCredential[] = [];
  readonly unmapped: UnmappedOption[] = [];
  private readonly credentialIds = new Map<string, number>();
  private readonly usedNames = new Set<string>();
  base = 'api';

  skip(
    option: string,
    code: UnmappedCode,
    reason: string,
    value?: string,
    severity: UnmappedOption['severity'] = 'not_imported',
  ): void {
    const entry: UnmappedOption = { option, code, reason, severity };
    if (value !== undefined) entry.value = shownValue(value);
    this.unmapped.push(entry);
  }

  /**
   * The placeholder of a credential. The same text found twice is one credential (one
   * secret); its text is only used as the key of that map, never stored.
   */
  credential(
    text: string,
    details: Omit<DetectedCredential, 'id' | 'suggestedName' | 'variable'>,
    nameHint: string,
    variableText: string = text,
  ): string {
    const known = this.credentialIds.get(text);
    if (known !== undefined) return placeholder(known);
    const id = this.credentials.length;
    const variables = variablesIn(variableText);
    const variable =
      variables.length === 1 && showVariables(variableText).trim() === `\${${variables[0]}}` ? variables[0] : undefined;
    const fromVariable = variable !== undefined ? secretNameFrom(variable) : '';
    let suggested = fromVariable || secretNameFrom(nameHint) || `${this.base}_secret`;
    if (this.usedNames.has(suggested)) {
      let counter = 2;
      while (this.usedNames.has(`${suggested}_${counter}`)) counter++;
      suggested = `${suggested}_${counter}`;
    }
    this.usedNames.add(suggested);
    const credential: DetectedCredential = { id, ...details, suggestedName: suggested };
    if (variable !== undefined) credential.variable = variable;
    this.credentials.push(credential);
    this.credentialIds.set(text, id);
    return placeholder(id);
  }

  /** Notes every shell variable of a value that is kept as text. */
  noteVariables(text: string, where: string): void {
    for (const name of variablesIn(text)) {
      this.skip(
        `\${${name}}`,
        'shell_variable',
        `${where} uses the shell variable ${name}, whose value is not in the command. It is kept as \${${name}}: replace it with the value or a reference.`,
      );
    }
  }

  /** A header value: a credential (kept as scheme + secret) or text. */
  headerValue(name: string, value: string): string {
    if (value.includes('{{')) return showVariables(value);
    const lower = name.toLowerCase();
    const isCredentialName = CREDENTIAL_HEADER.test(name) || lower === 'cookie';
    if (value.trim() !== '' && (isCredentialName || looksLikeToken(value))) {
      const kind: CredentialKind = lower === 'cookie' ? 'cookie' : 'header';
      if (lower === 'authorization' || lower === 'proxy-authorization') {
        const match = /^(\S+)\s+(\S.*)$/.exec(value.trim());
        if (match) {
          const scheme = match[1]!;
          const hint = scheme.toLowerCase() === 'basic' ? `${this.base}_basic_auth` : `${this.base}_api_key`;
          return `${scheme} ${this.credential(match[2]!, { kind, name, scheme }, hint)}`;
        }
        return this.credential(value.trim(), { kind, name, scheme: '' }, `${this.base}_api_key`);
      }
      const hint = kind === 'cookie' ? `${this.base}_session_cookie` : headerSecretHint(this.base, name);
      return this.credential(value.trim(), { kind, name, scheme: '' }, hint);
    }
    this.noteVariables(value, `The header ${name}`);
    return showVariables(value);
  }

  queryPair(key: string, value: string): KeyValuePair {
    if (value !== '' && !value.includes('{{') && (CREDENTIAL_QUERY.test(key) || looksLikeToken(value))) {
      return {
        key: showVariables(key),
        value: this.credential(value, { kind: 'query', name: showVariables(key), scheme: '' }, `${this.base}_${key}`),
      };
    }
    this.noteVariables(`${key}${value}`, `The query parameter ${showVariables(key)}`);
    return { key: showVariables(key), value: showVariables(value) };
  }

  /** Replaces credential strings inside a JSON body; walks without recursion. */
  bodyCredentials(body: JsonValue): JsonValue {
    const root: { value: JsonValue } = { value: body };
    const stack: Array<{ holder: Record<string, JsonValue> | JsonValue[]; key: string | number; path: string }> = [
      { holder: root, key: 'value', path: '' },
    ];
    while (stack.length > 0) {
      const { holder, key, path } = stack.pop()!;
      const value = (holder as Record<string | number, JsonValue>)[key]!;
      if (typeof value === 'string') {
        const fieldName = typeof key === 'string' ? key : '';
        if (value !== '' && !value.includes('{{') && (CREDENTIAL_FIELD.test(fieldName) || looksLikeToken(value))) {
          (holder as Record<string | number, JsonValue>)[key] = this.credential(
            value,
            { kind: 'body', name: path, scheme: '' },
            `${this.base}_${fieldName || 'secret'}`,
          );
        } else if (variablesIn(value).length > 0) {
          this.noteVariables(value, path === '' ? 'The body' : `The body field ${path}`);
          (holder as Record<string | number, JsonValue>)[key] = showVariables(value);
        }
      } else if (Array.isArray(value)) {
        value.forEach((_item, index) => stack.push({ holder: value, key: index, path: `${path}[${index}]` }));
      } else if (typeof value === 'object') {
        for (const childKey of Object.keys(value)) {
          stack.push({ holder: value, key: childKey, path: path === '' ? childKey : `${path}.${childKey}` });
        }
      }
    }
    return root.value;
  }
}

function headerSecretHint(base: string, header: string): string {
  const name = snakeName(header).replace(/^x_/, '');
  return name.startsWith(`${base}_`)
    ? name
    : `${base}_${name.replace(new RegExp(`(^|_)${base}(_|$)`), '$1').replace(/^_+/, '')}`;
}

/** `a=1&b=two%20words` as ordered pairs, decoded as a form is (`+` is a space). */
function formPairs(text: string): Array<{ key: string; value: string }> {
  return text
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const equals = part.indexOf('=');
      const key = equals === -1 ? part : part.slice(0, equals);
      const value = equals === -1 ? '' : part.slice(equals + 1);
      return { key: decodeFormText(key), value: decodeFormText(value) };
    });
}

function decodeFormText(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Splits the option words of the command into options and URLs (after `curl`). */
function readOptions(words: readonly string[], reader: CurlReader): { options: ReadOption[]; urls: string[] } {
  const options: ReadOption[] = [];
  const urls: string[] = [];
  let onlyUrls = false;
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (onlyUrls || !word.startsWith('-') || word === '-') {
      urls.push(word);
    } else if (word === '--') {
      onlyUrls = true;
    } else if (word.startsWith('--')) {
      let name = word.slice(2);
      let value: string | undefined;
      const equals = name.indexOf('=');
      // curl itself has no --name=value form; taken anyway where the name is one of curl's.
      if (equals > 0 && OPTIONS_WITH_VALUE.has(name.slice(0, equals).replace(/^expand-/, ''))) {
        value = name.slice(equals + 1);
        name = name.slice(0, equals);
      }
      const canonical = name.replace(/^expand-/, '');
      if (value === undefined && OPTIONS_WITH_VALUE.has(canonical)) {
        value = words[index + 1] ?? '';
        index++;
      }
      options.push(
        value === undefined ? { written: word, name: canonical } : { written: `--${name}`, name: canonical, value },
      );
    } else {
      // A cluster of short options, `-sSL`; one that takes a value takes the rest or the next word.
      for (let letterIndex = 1; letterIndex < word.length; letterIndex++) {
        const letter = word[letterIndex]!;
        const name = Object.hasOwn(SHORT_OPTIONS, letter) ? SHORT_OPTIONS[letter] : undefined;
        if (name === undefined) {
          reader.skip(
            `-${letter}`,
            'unknown_option',
            `-${letter} is not a curl option this import knows; it was left out.`,
          );
          continue;
        }
        if (OPTIONS_WITH_VALUE.has(name)) {
          const rest = word.slice(letterIndex + 1);
          let value = rest;
          if (rest === '') {
            value = words[index + 1] ?? '';
            index++;
          }
          options.push({ written: `-${letter}`, name, value });
          break;
        }
        options.push({ written: `-${letter}`, name });
      }
    }
  }
  return { options, urls };
}

/** Reads a curl command into the HTTPS step's request fields. Never throws. */
export function parseCurl(input: string): ParsedCurlCommand {
  const failed = (problem: CurlProblem): ParsedCurlCommand => ({
    config: undefined,
    credentials: [],
    unmapped: [],
    problems: [problem],
  });
  const text = input.replace(/^\uFEFF/, '');
  if (text.trim() === '')
    return failed({ code: 'empty', message: 'Paste a curl command, for example: curl https://api.example.com/users' });
  if (RESERVED_CHARACTERS.test(text)) {
    return failed({
      code: 'invalid_characters',
      message: 'The command holds control characters that a terminal would not accept. Copy it again as plain text.',
    });
  }
  if (/\^"/.test(text) && /^\s*curl(?:\.exe)?\s+\^"/.test(text)) {
    return failed({
      code: 'windows_cmd_quotes',
      message:
        'This command is quoted for Windows cmd (^"…^"). Copy it as cURL for bash (browsers call it "Copy as cURL (bash)") and paste that.',
    });
  }
  const prepared = prepare(text);
  if (!prepared.ok) return failed(prepared.problem);

  let entries: ShellEntry[];
  try {
    entries = parseShellWords(prepared.text, (name: string) => (name === '' ? undefined : `\u0001${name}\u0002`));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failed({ code: 'unreadable', message: `The command could not be read as shell words: ${reason}.` });
  }

  const reader = new CurlReader();
  const words: string[] = [];
  let stopped = false;
  for (let index = 0; index < entries.length && !stopped; index++) {
    const entry = entries[index]!;
    if (typeof entry === 'string') {
      words.push(entry);
    } else if ('comment' in entry) {
      // Comments are taken out before tokenizing; kept here in case one gets through.
      reader.skip('#', 'comment', 'A shell comment; it is not part of the request.', entry.comment, 'not_needed');
    } else if (entry.op === 'glob') {
      // An unquoted ? or * (a URL's query): a shell keeps it as written when no file matches.
      words.push(entry.pattern ?? '');
    } else {
      const rest = entries
        .slice(index + 1)
        .map((item) =>
          typeof item === 'string'
            ? item
            : 'comment' in item
              ? ''
              : item.op === 'glob'
                ? (item.pattern ?? '')
                : item.op,
        )
        .join(' ');
      if (entry.op === '|') {
        reader.skip(
          '|',
          'shell_syntax',
          'Passes the answer to another program; the step keeps the answer as its output instead.',
          rest,
          'not_needed',
        );
      } else {
        const reason =
          entry.op === '&'
            ? 'A shell reads an unquoted & as the end of the command, so curl would not get what follows. If it belongs to the URL, put the URL in quotes and paste it again.'
            : `The command ends at ${entry.op}: what follows is shell syntax for another command or a redirect, which the step does not run.`;
        reader.skip(entry.op, 'shell_syntax', reason, rest);
      }
      stopped = true;
    }
  }
  for (const comment of prepared.comments) {
    if (comment !== '')
      reader.skip('#', 'comment', 'A shell comment; it is not part of the request.', comment, 'not_needed');
  }

  // The command: optional prompt sign, then curl (curl.exe, /usr/bin/curl).
  let start = 0;
  if (words[0] === '$' || words[0] === '%' || words[0] === '>') start = 1;
  const program = words[start] ?? '';
  if (!/(?:^|[/\\])curl(?:\.exe)?$/i.test(program)) {
    return failed({
      code: 'not_curl',
      message: 'This is not a curl command: it should start with curl, for example curl https://api.example.com/users',
    });
  }
  let argumentWords = words.slice(start + 1);
  const secondCommand = argumentWords.findIndex((word) => /^(?:[/\\\w.-]*[/\\])?curl(?:\.exe)?$/i.test(word));
  if (secondCommand >= 0) {
    reader.skip(
      'curl',
      'second_command',
      'A second curl command starts here; import one command at a time.',
      argumentWords.slice(secondCommand + 1).join(' '),
    );
    argumentWords = argumentWords.slice(0, secondCommand);
  }

  const { options, urls } = readOptions(argumentWords, reader);
  const allUrls = [...options.filter((option) => option.name === 'url').map((option) => option.value ?? ''), ...urls];
  const rawUrl = allUrls[0];
  if (rawUrl === undefined || rawUrl.trim() === '') {
    return {
      config: undefined,
      credentials: [],
      unmapped: reader.unmapped,
      problems: [
        {
          code: 'no_url',
          message: 'The command has no URL. Add the address to call, for example curl https://api.example.com/users',
        },
      ],
    };
  }
  for (const extra of allUrls.slice(1)) {
    reader.skip(
      'URL',
      'extra_url',
      'curl would call this URL as well; the step calls one URL. Import it into a step of its own.',
      extra,
    );
  }

  // ---- URL: scheme, user and password, query, fragment ----
  let url = rawUrl.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('\u0001') && !url.startsWith('{{')) {
    reader.skip(
      'URL',
      'url_scheme_added',
      'The URL has no scheme; https:// was put in front of it (curl would guess http://).',
      undefined,
      'not_needed',
    );
    url = `https://${url}`;
  }
  reader.base = hostBaseName(url);
  const hashAt = url.indexOf('#');
  if (hashAt >= 0) {
    const fragment = url.slice(hashAt);
    url = url.slice(0, hashAt);
    reader.skip(
      'URL',
      'url_fragment',
      'The part after # is never sent to the server (curl leaves it out too).',
      fragment,
      'not_needed',
    );
  }
  let urlQuery = '';
  const questionAt = url.indexOf('?');
  if (questionAt >= 0) {
    urlQuery = url.slice(questionAt + 1);
    url = url.slice(0, questionAt);
  }
  let userFromUrl: string | undefined;
  const userInfo = /^([a-z][a-z0-9+.-]*:\/\/)([^@/]*)@/i.exec(url);
  if (userInfo) {
    userFromUrl = decodeFormText(userInfo[2]!);
    url = userInfo[1]! + url.slice(userInfo[0].length);
  }

  // ---- Options ----
  let explicitMethod: string | undefined;
  let methodOption = '';
  let forceGet = false;
  let head = false;
  let upload = false;
  let form = false;
  let json = false;
  let user: { value: string; option: string } | undefined =
    userFromUrl !== undefined ? { value: userFromUrl, option: 'URL' } : undefined;
  let bearer: string | undefined;
  const headerLines: Array<{ option: string; line: string }> = [];
  const data: DataPart[] = [];
  const urlQueryOptions: Array<{ option: string; value: string }> = [];

  for (const option of options) {
    const value = option.value ?? '';
    switch (option.name) {
      case 'url':
        break;
      case 'request':
        explicitMethod = value;
        methodOption = option.written;
        break;
      case 'header':
        headerLines.push({ option: option.written, line: value });
        break;
      case 'data':
      case 'data-ascii':
      case 'data-binary':
        data.push({ option: option.written, value, mode: 'data' });
        break;
      case 'data-raw':
        data.push({ option: option.written, value, mode: 'raw' });
        break;
      case 'data-urlencode':
        data.push({ option: option.written, value, mode: 'urlencode' });
        break;
      case 'json':
        json = true;
        data.push({ option: option.written, value, mode: 'json' });
        break;
      case 'get':
        forceGet = true;
        break;
      case 'head':
        head = true;
        break;
      case 'user':
        user = { value, option: option.written };
        break;
      case 'oauth2-bearer':
        bearer = value;
        break;
      case 'user-agent':
        headerLines.push({ option: option.written, line: `User-Agent: ${value}` });
        break;
      case 'referer':
        headerLines.push({ option: option.written, line: `Referer: ${value.replace(/;auto$/, '')}` });
        break;
      case 'cookie':
        if (value.includes('=')) headerLines.push({ option: option.written, line: `Cookie: ${value}` });
        else
          reader.skip(
            option.written,
            'cookie_file',
            'Reads cookies from a file, which the import cannot open. Add a Cookie header with a secret if the API needs one.',
            value,
          );
        break;
      case 'url-query':
        urlQueryOptions.push({ option: option.written, value });
        break;
      case 'form':
      case 'form-string':
        form = true;
        reader.skip(
          option.written,
          'multipart_form',
          'A multipart form (fields or files): the step sends JSON bodies only.',
          value,
        );
        break;
      case 'upload-file':
        upload = true;
        reader.skip(
          option.written,
          'upload_file',
          'Uploads a file, which the step cannot send: it sends JSON bodies only.',
          value,
        );
        break;
      case 'insecure':
        reader.skip(
          option.written,
          'insecure',
          'Turns off certificate checks. The step always checks the server certificate, so a server without a valid one fails.',
        );
        break;
      case 'location':
      case 'location-trusted':
        reader.skip(
          option.written,
          'redirects',
          'Follows redirects. The step does not: a redirect answer fails the step, so use the final URL.',
        );
        break;
      case 'netrc':
      case 'netrc-optional':
      case 'netrc-file':
        reader.skip(
          option.written,
          'credentials_file',
          'Reads the user and password from a .netrc file, which the import cannot open. Add an Authorization header with a secret instead.',
          option.value,
        );
        break;
      case 'compressed':
        reader.skip(
          option.written,
          'decompression',
          'Asks for a compressed answer; the step decompresses answers by itself.',
          undefined,
          'not_needed',
        );
        break;
      default:
        if (OUTPUT_OPTIONS.has(option.name)) {
          reader.skip(
            option.written,
            'output_only',
            'Only changes what curl prints or saves; the step keeps the answer as its output.',
            option.value,
            'not_needed',
          );
        } else if (HTTP_VERSION_OPTIONS.has(option.name)) {
          reader.skip(
            option.written,
            'http_version',
            'Chooses the HTTP version; the step lets the connection choose.',
            undefined,
            'not_needed',
          );
        } else if (TIMEOUT_OPTIONS.has(option.name)) {
          reader.skip(
            option.written,
            'timeout',
            'A time limit: set Request Timeout under Advanced Configuration instead.',
            option.value,
          );
        } else if (RETRY_OPTIONS.has(option.name)) {
          reader.skip(
            option.written,
            'retries',
            'Retries: set Retry Intervals under Advanced Configuration instead.',
            option.value,
          );
        } else if (OPTIONS_WITH_VALUE.has(option.name) || SHORT_OPTION_NAMES.has(option.name)) {
          // Passwords of proxies, client certificates and TLS are not shown back.
          reader.skip(
            option.written,
            'unsupported_option',
            'The step has no setting for this curl option.',
            CREDENTIAL_OPTIONS.has(option.name) ? '•••' : option.value,
          );
        } else {
          reader.skip(
            option.written,
            'unknown_option',
            `${option.written} is not a curl option this import knows; it was left out.`,
            option.value,
          );
        }
    }
  }

  // ---- Method ----
  let method: HttpMethod;
  const inferred: HttpMethod = forceGet ? 'GET' : data.length > 0 || form ? 'POST' : upload ? 'PUT' : 'GET';
  if (explicitMethod !== undefined) {
    const upper = explicitMethod.toUpperCase();
    if ((HTTP_METHODS as readonly string[]).includes(upper)) {
      method = upper as HttpMethod;
    } else {
      method = inferred;
      reader.skip(
        methodOption,
        'method_unsupported',
        `${explicitMethod} is not a request type of this step (DELETE, GET, PATCH, POST, PUT); ${inferred} was chosen.`,
        explicitMethod,
      );
    }
  } else {
    method = inferred;
  }
  if (head && explicitMethod === undefined) {
    reader.skip(
      '-I',
      'method_unsupported',
      `HEAD is not a request type of this step (DELETE, GET, PATCH, POST, PUT); ${inferred} was chosen.`,
    );
  }

  // ---- Query: the URL's own, then -G data, then --url-query ----
  const query: KeyValuePair[] = formPairs(urlQuery).map((pair) => reader.queryPair(pair.key, pair.value));

  // ---- Data: query (with -G) or body ----
  let body: JsonValue | undefined;
  const usable: DataPart[] = [];
  for (const part of data) {
    if ((part.mode === 'data' || part.mode === 'json') && part.value.startsWith('@')) {
      const file = part.value.slice(1);
      if (file === '-') {
        reader.skip(
          part.option,
          'body_from_stdin',
          'Reads the body from standard input, which is not part of the command. Paste the JSON into Body after importing.',
          part.value,
        );
      } else {
        reader.skip(
          part.option,
          'body_from_file',
          `Reads the body from the file ${file}, which the import cannot open. Paste its JSON into Body after importing.`,
          part.value,
        );
      }
    } else if (part.mode === 'urlencode' && /^[^=]*@/.test(part.value)) {
      reader.skip(
        part.option,
        'body_from_file',
        'Reads a value from a file, which the import cannot open.',
        part.value,
      );
    } else {
      usable.push(part);
    }
  }
  if (forceGet) {
    for (const part of usable) {
      for (const pair of dataQueryPairs(part)) query.push(reader.queryPair(pair.key, pair.value));
    }
  } else if (usable.length > 0) {
    body = readBody(usable, reader, method);
  }
  for (const item of urlQueryOptions) {
    // curl: a leading "+" means the text is encoded already, pairs joined by "&".
    const pairs = item.value.startsWith('+')
      ? formPairs(item.value.slice(1))
      : dataQueryPairs({ option: item.option, mode: 'urlencode', value: item.value });
    for (const pair of pairs) {
      query.push(reader.queryPair(pair.key, pair.value));
    }
  }

  // ---- Headers: user and bearer first (as curl adds them), then -H in order ----
  const headers: KeyValuePair[] = [];
  const named = (name: string): boolean =>
    headerLines.some((line) => line.line.split(':')[0]!.trim().toLowerCase() === name);
  if (user !== undefined) {
    if (named('authorization')) {
      reader.skip(
        user.option,
        'user_overridden',
        'The command also sets an Authorization header, which wins over the user and password.',
      );
    } else {
      const colon = user.value.indexOf(':');
      const password = colon === -1 ? '' : user.value.slice(colon + 1);
      const hint = password === '' ? `${reader.base}_api_key` : `${reader.base}_basic_auth`;
      // -u $STRIPE_API_KEY: names its secret after the variable.
      const variableText = password === '' && colon !== -1 ? user.value.slice(0, colon) : user.value;
      const secret = reader.credential(
        `basic:${user.value}`,
        { kind: 'basic', name: '', scheme: 'Basic' },
        hint,
        variableText,
      );
      headers.push({ key: 'Authorization', value: `Basic ${secret}` });
    }
  }
  if (bearer !== undefined && !named('authorization')) {
    headers.push({
      key: 'Authorization',
      value: `Bearer ${reader.credential(bearer, { kind: 'header', name: 'Authorization', scheme: 'Bearer' }, `${reader.base}_api_key`)}`,
    });
  }
  for (const { option, line } of headerLines) {
    if (line.startsWith('@')) {
      reader.skip(option, 'header_from_file', 'Reads headers from a file, which the import cannot open.', line);
      continue;
    }
    const colon = line.indexOf(':');
    const semicolon = line.indexOf(';');
    if (colon <= 0 && !(semicolon > 0 && semicolon === line.length - 1)) {
      const shown =
        CREDENTIAL_HEADER.test(line) || line.toLowerCase().startsWith('cookie')
          ? `${line.split(/[\s=]/)[0]} •••`
          : line;
      reader.skip(option, 'header_invalid', 'Not a header: a header is written Name: value.', shown);
      continue;
    }
    const name = (colon > 0 ? line.slice(0, colon) : line.slice(0, -1)).trim();
    const value = colon > 0 ? line.slice(colon + 1).trim() : '';
    if (colon > 0 && value === '') {
      reader.skip(
        option,
        'header_removal',
        `Stops curl from sending its own ${name} header; the step does not send one either.`,
        line,
        'not_needed',
      );
      continue;
    }
    if (MANAGED_HEADERS.has(name.toLowerCase())) {
      reader.skip(option, 'header_managed', `The step sets ${name} itself.`, line, 'not_needed');
      continue;
    }
    headers.push({ key: showVariables(name), value: reader.headerValue(name, value) });
  }
  if (json && !headers.some((header) => header.key.toLowerCase() === 'accept')) {
    // What --json sends besides the body; Content-Type: application/json is the step's default.
    headers.push({ key: 'Accept', value: 'application/json' });
  }

  // ---- The URL itself: a webhook URL is a credential as a whole ----
  let finalUrl: string;
  if (WEBHOOK_URL.test(url) && !url.includes('\u0001')) {
    finalUrl = reader.credential(url, { kind: 'url', name: '', scheme: '' }, `${reader.base}_webhook_url`);
  } else {
    reader.noteVariables(url, 'The URL');
    finalUrl = showVariables(url);
  }

  for (const [pairs, what] of [
    [headers, 'headers'],
    [query, 'query parameters'],
  ] as const) {
    if (pairs.length > MAX_IMPORTED_PAIRS)
      return failed({
        code: 'too_many_fields',
        message: `The command sets ${pairs.length.toLocaleString('en-US')} ${what}; an import takes at most ${MAX_IMPORTED_PAIRS}. Keep the ones the request needs and paste it again.`,
      });
  }

  const config: CurlRequestConfig = { url: finalUrl, method, query, headers };
  if (body !== undefined) config.body = body;
  return { config, credentials: reader.credentials, unmapped: reader.unmapped, problems: [] };
}

/** A word, an operator, a glob or a comment, as shell-quote returns them. */
type ShellEntry = string | { op: string; pattern?: string } | { comment: string };

const SHORT_OPTION_NAMES = new Set(Object.values(SHORT_OPTIONS));

/** What one data option adds to the query with -G. */
function dataQueryPairs(part: DataPart): Array<{ key: string; value: string }> {
  if (part.mode !== 'urlencode') return formPairs(part.value);
  // --data-urlencode name=content: content as written (the step encodes it); =content or content: no name.
  const equals = part.value.indexOf('=');
  if (equals > 0) return [{ key: part.value.slice(0, equals), value: part.value.slice(equals + 1) }];
  return [{ key: equals === 0 ? part.value.slice(1) : part.value, value: '' }];
}

/** The body from the data options: JSON, or listed as not imported with the reason. */
function readBody(parts: readonly DataPart[], reader: CurlReader, method: HttpMethod): JsonValue | undefined {
  const listAll = (code: UnmappedCode, reason: string): undefined => {
    for (const part of parts) reader.skip(part.option, code, reason, part.value);
    return undefined;
  };
  if (parts.some((part) => part.mode === 'urlencode')) {
    listAll(
      'form_body',
      'A form-encoded body (name=value&…): the step sends JSON bodies only. If the API accepts JSON too, write these fields in Body.',
    );
    return;
  }
  // curl joins several data options with &.
  const text = parts.map((part) => part.value).join('&');
  // -d '' sends an empty body: nothing to import, nothing lost.
  if (text.trim() === '') return undefined;
  const read = readJsonText(text);
  if (!read.ok || read.value === undefined) {
    const trimmed = text.trim();
    if (/^[[{]/.test(trimmed) && !read.ok) {
      listAll(
        'body_invalid_json',
        `The body looks like JSON but is not valid: line ${read.line}, column ${read.column}: ${read.message}.`,
      );
      return;
    }
    if (/^[^\s={}[\]"]+=/.test(trimmed)) {
      listAll(
        'form_body',
        'A form-encoded body (name=value&…): the step sends JSON bodies only. If the API accepts JSON too, write these fields in Body.',
      );
      return;
    }
    listAll('body_not_json', 'The body is not JSON: the step sends JSON bodies only.');
    return;
  }
  if (!METHODS_WITH_BODY.includes(method)) {
    listAll('body_not_allowed', `The step sends a body only with PATCH, POST or PUT, not with ${method}.`);
    return;
  }
  return reader.bodyCredentials(read.value);
}

// ---- Applying ------------------------------------------------------------------

/** The request fields an import replaces; every other setting of the step is kept. */
export const IMPORTED_FIELDS = ['url', 'method', 'query', 'headers', 'body'] as const;

/** `{{ secrets.<name> }}` for each credential; a name left blank or invalid falls back to the suggestion. */
function secretNameOf(parsed: ParsedCurlCommand, secretNames: readonly (string | undefined)[], id: number): string {
  const chosen = secretNames[id]?.trim() ?? '';
  if (isValidSecretName(chosen)) return chosen;
  return parsed.credentials[id]?.suggestedName ?? 'secret';
}

function withSecrets(text: string, parsed: ParsedCurlCommand, secretNames: readonly (string | undefined)[]): string {
  return text.replace(
    PLACEHOLDER_PATTERN,
    (_match, id: string) => `{{ secrets.${secretNameOf(parsed, secretNames, Number(id))} }}`,
  );
}

function valueWithSecrets(
  value: JsonValue,
  parsed: ParsedCurlCommand,
  secretNames: readonly (string | undefined)[],
): JsonValue {
  if (typeof value === 'string') return withSecrets(value, parsed, secretNames);
  if (Array.isArray(value)) return value.map((item) => valueWithSecrets(item, parsed, secretNames));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) result[key] = valueWithSecrets(item, parsed, secretNames);
    return result;
  }
  return value;
}

/**
 * The step's config after the import: `url`, `method`, `query`, `headers` and `body`
 * from the command (empty lists and no body left out), everything else (name is not in
 * the config; Response Schema, signing, retries, timeout, continue on error) as it was.
 * `secretNames[i]` names the secret of `parsed.credentials[i]`. Requires `parsed.config`.
 */
export function applyCurlImport(
  config: JsonObject,
  parsed: ParsedCurlCommand,
  secretNames: readonly (string | undefined)[],
): JsonObject {
  const imported = parsed.config;
  if (imported === undefined)
    throw new WorkflowEditorError('invalid_value', 'applyCurlImport: the command has problems; nothing to import');
  const next: JsonObject = {};
  for (const [key, value] of Object.entries(config)) {
    if (!(IMPORTED_FIELDS as readonly string[]).includes(key)) next[key] = value;
  }
  next.url = withSecrets(imported.url, parsed, secretNames);
  next.method = imported.method;
  if (imported.headers.length > 0) {
    next.headers = imported.headers.map((pair) => ({
      key: pair.key,
      value: withSecrets(pair.value, parsed, secretNames),
    }));
  }
  if (imported.query.length > 0) {
    next.query = imported.query.map((pair) => ({ key: pair.key, value: withSecrets(pair.value, parsed, secretNames) }));
  }
  if (imported.body !== undefined) next.body = valueWithSecrets(imported.body, parsed, secretNames);
  return next;
}
