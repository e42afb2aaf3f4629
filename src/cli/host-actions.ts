// ---------------------------------------------------------------------------
// A host's own actions for the CLI: `--actions <module>` names an ES module that exports
// `catalog` (an ActionCatalog from createActionCatalog) and optionally `handlers`.
// `validate`, `export`, `run` and `worker` all load it here, so a host action is checked
// the same way everywhere: by its config schema and its own validateConfig rules, not
// by the permissive entry the executor makes for a handler without a catalog.
// The module is the host's code and runs in this process; every way it can be unusable
// is a usage error (exit 2) with one line that names the option and the file.
// ---------------------------------------------------------------------------

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ActionCatalog } from '../definition';
import { isRecord } from '../definition/own';
import { EXECUTOR_ACTIONS, type ActionHandler } from '../executor';
import { UsageError } from './command';
import { readFailure, shown } from './read-document';

/** A host's actions as `--actions` gives them: the catalog to validate with, and the handlers that run its actions. */
export interface HostActions {
  catalog: ActionCatalog;
  /** By action id; every id is an action of `catalog` that the executor does not run itself. */
  handlers: Readonly<Record<string, ActionHandler>>;
}

/** The `--actions` option in parseArgs' shape, for every command's options. */
export const ACTIONS_OPTION = { actions: { type: 'string' } } as const;

/**
 * The help lines of `--actions`, the same for every command: `use` (a line of at most
 * 50 characters) says what the command does with the actions; descriptions start at
 * `column`, as the command's other options do.
 */
export function actionsOptionHelp(use: string, column = 28): string {
  const lines = [
    'ES module of host actions (.mjs, or .js in a',
    '"type": "module" package; a path from the current',
    'folder or a file: URL) that exports "catalog"',
    '(made with createActionCatalog) and optionally',
    '"handlers" by action id. TypeScript: compile it',
    'to .mjs first (Node does not load .ts by itself).',
    use,
  ];
  const indent = ' '.repeat(column);
  return `${'  --actions <module>'.padEnd(column)}${lines.join(`\n${indent}`)}`;
}

/** Files Node cannot import without a TypeScript loader (Node 20 has none of its own). */
const TYPESCRIPT_FILE = /\.(?:[cm]?ts|tsx)$/i;
/** Files Node imports as JavaScript modules (.cjs too: its exports are read the same way). */
const JAVASCRIPT_FILE = /\.(?:[cm]?js)$/i;

/** `value` in a few words, for messages: never its content. */
function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** What a module threw while it loaded, in one line: the error's name and its message's first line. */
function describeLoadError(error: unknown): string {
  try {
    if (error instanceof Error) {
      const { name, message }: { name: unknown; message: unknown } = error;
      const firstLine = String(message).split('\n', 1)[0] ?? '';
      return shown(firstLine === '' ? String(name) : `${String(name)}: ${firstLine}`);
    }
    return `it threw ${describeKind(error)}`;
  } catch {
    return 'it threw an error that could not be read';
  }
}

/** The code of a Node error (`ERR_MODULE_NOT_FOUND`, `ENOENT`, ...), if it carries one. */
function errorCode(error: unknown): string | undefined {
  try {
    const code = isRecord(error) ? error.code : undefined;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The URL to import for a module option's value: a `file:` URL as it is, anything else a
 * path resolved from the current folder (a Windows drive letter is a path, not a scheme).
 */
function moduleUrl(value: string, option: string): URL {
  if (/^file:/i.test(value)) {
    try {
      return new URL(value);
    } catch {
      throw new UsageError(`${option} takes a path or a file: URL; ${shown(value)} is not a valid file: URL.`);
    }
  }
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(value)?.[1];
  if (scheme !== undefined) {
    throw new UsageError(
      `${option} takes a path or a file: URL, not a ${shown(scheme)}: URL (${shown(value)}); the module must be a local file.`,
    );
  }
  return pathToFileURL(path.resolve(value));
}

/**
 * Imports the module a `--actions` or `--handlers` value names. A missing file, a folder,
 * a TypeScript file Node cannot load, and a module that throws or fails to parse are each
 * a usage error in words that name the option and the file.
 */
export async function importModuleOption(value: string, option: string): Promise<Record<string, unknown>> {
  const url = moduleUrl(value, option);
  const file = shown(value);
  // Checked before anything is imported: a loader may well import a .json file, whose data is no module of actions.
  if (!JAVASCRIPT_FILE.test(url.pathname) && !TYPESCRIPT_FILE.test(url.pathname)) {
    throw new UsageError(
      `The ${option} module ${file} is not a JavaScript module: give a .mjs file (or .js in a "type": "module" package).`,
    );
  }
  try {
    const info = await stat(fileURLToPath(url));
    if (info.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
  } catch (error) {
    throw new UsageError(`Cannot load the ${option} module ${file}: ${readFailure(error, Infinity)}.`);
  }
  try {
    return (await import(url.href)) as Record<string, unknown>;
  } catch (error) {
    const code = errorCode(error);
    if (TYPESCRIPT_FILE.test(url.pathname) && code === 'ERR_UNKNOWN_FILE_EXTENSION') {
      throw new UsageError(
        `The ${option} module ${file} is TypeScript, which Node does not load by itself: compile it to JavaScript (.mjs) and give that file, or run the CLI with a TypeScript loader (NODE_OPTIONS="--import tsx").`,
      );
    }
    // Node reads a .js file outside a "type": "module" package as CommonJS, where `export` is a syntax error.
    const hint =
      error instanceof SyntaxError && /\.js$/i.test(url.pathname)
        ? ' (a .js file is an ES module only inside a package whose package.json says "type": "module"; name it .mjs)'
        : '';
    throw new UsageError(`The ${option} module ${file} could not be loaded: ${describeLoadError(error)}${hint}.`);
  }
}

/** An export of the module: its own named export, or else the same name on its default export (CommonJS). */
function exported(module: Record<string, unknown>, name: string): unknown {
  const own = module[name];
  if (own !== undefined) return own;
  const fallback = module.default;
  return isRecord(fallback) ? fallback[name] : undefined;
}

/** Why a value is not an ActionCatalog, or undefined when it is one; reading it never throws out of here. */
function catalogFlaw(value: unknown): string | undefined {
  if (!isRecord(value)) return `it is ${describeKind(value)}`;
  try {
    const { get, actions, categories } = value;
    if (typeof get !== 'function') return 'it has no get(actionId) method';
    if (!Array.isArray(actions)) return 'it has no list of actions';
    if (!Array.isArray(categories)) return 'it has no list of categories';
    for (const action of actions as unknown[]) {
      if (!isRecord(action) || typeof action.id !== 'string') return 'an entry of its actions has no id';
      const found: unknown = (get as (actionId: string) => unknown).call(value, action.id);
      if (!isRecord(found) || found.id !== action.id)
        return `its get("${shown(action.id)}") does not answer that action`;
    }
    return undefined;
  } catch (error) {
    return `reading it threw (${describeLoadError(error)})`;
  }
}

/**
 * The handlers export: an object of functions by action id. `from` names where they
 * come from in messages ("the --actions module x.mjs").
 */
function handlersFrom(value: unknown, from: string): Record<string, ActionHandler> {
  if (!isRecord(value)) {
    throw new UsageError(
      `The "handlers" export of ${from} must be an object of functions by action id; it is ${describeKind(value)}.`,
    );
  }
  const handlers: Record<string, ActionHandler> = {};
  for (const [action, handler] of Object.entries(value)) {
    if (typeof handler !== 'function') {
      throw new UsageError(
        `The handler for ${shown(action)} in ${from} must be a function; it is ${describeKind(handler)}.`,
      );
    }
    Object.defineProperty(handlers, action, { value: handler, enumerable: true, configurable: true, writable: true });
  }
  return handlers;
}

/** Quoted action ids as a list for a message: "a", "b" and "c". */
function quotedList(ids: readonly string[]): string {
  const quoted = ids.map((id) => `"${shown(id)}"`);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)!}`;
}

/**
 * Loads `--actions <module>`: its `catalog` (required, an ActionCatalog) and `handlers`
 * (optional). A handler must run an action of the catalog that the executor does not
 * run itself: anything else would never be called, and is refused rather than ignored.
 *
 * @throws UsageError (exit 2) naming `--actions` and the file, for every way the module is unusable.
 */
export async function loadHostActions(value: string): Promise<HostActions> {
  const module = await importModuleOption(value, '--actions');
  const from = `the --actions module ${shown(value)}`;
  let catalog: unknown;
  let handlerExport: unknown;
  try {
    catalog = exported(module, 'catalog');
    handlerExport = exported(module, 'handlers');
  } catch (error) {
    throw new UsageError(`The exports of ${from} could not be read: ${describeLoadError(error)}.`);
  }
  if (catalog === undefined) {
    const handlersOnly = handlerExport !== undefined || module.default !== undefined;
    throw new UsageError(
      `The --actions module ${shown(value)} does not export "catalog": add export const catalog = createActionCatalog([...your actions]) (from workflow-editor/definition)${handlersOnly ? ' beside its handlers' : ''}.`,
    );
  }
  const flaw = catalogFlaw(catalog);
  if (flaw !== undefined) {
    throw new UsageError(
      `The "catalog" export of ${from} is not an action catalog (${flaw}): make it with createActionCatalog from workflow-editor/definition.`,
    );
  }
  const actionCatalog = catalog as ActionCatalog;
  const handlers = handlerExport === undefined ? {} : handlersFrom(handlerExport, from);
  const ids = Object.keys(handlers);
  const runByExecutor = ids.filter((id) => (EXECUTOR_ACTIONS as readonly string[]).includes(id));
  if (runByExecutor.length > 0) {
    throw new UsageError(
      `${capitalised(from)} has a handler for ${quotedList(runByExecutor)}, which the executor runs itself, so the handler would never be called: remove it.`,
    );
  }
  const missing = ids.filter((id) => actionCatalog.get(id) === undefined);
  if (missing.length > 0) {
    throw new UsageError(
      `${capitalised(from)} has a handler for ${quotedList(missing)}, which its catalog lacks: add the action to the catalog (createActionCatalog([...])) or remove the handler.`,
    );
  }
  return { catalog: actionCatalog, handlers };
}

/**
 * Loads `worker --handlers <module>` (kept for hosts that use it): an object of handlers
 * by action id as its default export or its `handlers` export. Without a catalog the
 * executor accepts any config for these actions.
 */
export async function loadHandlersModule(value: string): Promise<Record<string, ActionHandler>> {
  const module = await importModuleOption(value, '--handlers');
  const from = `the --handlers module ${shown(value)}`;
  let handlers: unknown;
  try {
    handlers = module.handlers ?? module.default;
  } catch (error) {
    throw new UsageError(`The exports of ${from} could not be read: ${describeLoadError(error)}.`);
  }
  if (handlers === undefined) {
    throw new UsageError(
      `The --handlers module ${shown(value)} must export an object of handlers by action id (as default or as "handlers").`,
    );
  }
  return handlersFrom(handlers, from);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
