// ---------------------------------------------------------------------------
// Layout ids: every node and connector of a layout has one, unique within the layout
// and stable across edits that leave the thing it names in place (it is also the React
// Flow id). They are built here and read back only through `parseLayoutId`, so no other
// code depends on their spelling.
// ---------------------------------------------------------------------------

/** Layout id of the trigger. */
export const TRIGGER_NODE_ID = 'trigger';
/** Layout id of the end marker. */
export const END_NODE_ID = 'end';

/** Layout id of a step card. */
export function stepNodeId(stepId: string): string {
  return `step:${stepId}`;
}

/** Layout id of a branch header. */
export function branchHeaderNodeId(branchId: string): string {
  return `branch:${branchId}`;
}

/** Layout id of a branch step's join dot. */
export function joinNodeId(branchStepId: string): string {
  return `join:${branchStepId}`;
}

/**
 * Layout id of an insertion point. Ids are anchored to the step before the point (or
 * the start of the list) rather than to an index, so an insert elsewhere leaves the
 * ids of every other point unchanged.
 */
export function insertionPointNodeId(anchor: { afterStepId: string } | { startOf: string | null }): string {
  if ('afterStepId' in anchor) return insertionPointAfterId(anchor.afterStepId);
  return insertionPointStartId(anchor.startOf);
}

/** `insertionPointNodeId({ startOf })` without the anchor object (`null`: the root list). */
export function insertionPointStartId(branchId: string | null): string {
  return branchId === null ? 'insert:root' : `insert:start:${branchId}`;
}

/** `insertionPointNodeId({ afterStepId })` without the anchor object: layout writes one per step. */
export function insertionPointAfterId(afterStepId: string): string {
  return `insert:after:${afterStepId}`;
}

/** Layout id of the connector from node `source` to node `target`. */
export function connectorId(source: string, target: string): string {
  return `edge:${source}->${target}`;
}

/**
 * What a layout id names, read back from the id: `kind` is the `kind` of the node with
 * that id (`'connector'` for a connector), with the ids the node was named after. An
 * insertion point's result is also a valid argument of {@link insertionPointNodeId}.
 */
export type ParsedLayoutId =
  | { kind: 'trigger' }
  | { kind: 'end' }
  | { kind: 'step'; stepId: string }
  | { kind: 'branchHeader'; branchId: string }
  | { kind: 'join'; ownerStepId: string }
  | { kind: 'insertionPoint'; afterStepId: string }
  | { kind: 'insertionPoint'; startOf: string | null }
  | { kind: 'connector'; source: string; target: string };

/** Node ids only: a connector's ends are nodes. */
function parseNodeId(id: string): Exclude<ParsedLayoutId, { kind: 'connector' }> | undefined {
  if (id === TRIGGER_NODE_ID || id === END_NODE_ID) return { kind: id };
  if (id === 'insert:root') return { kind: 'insertionPoint', startOf: null };
  const rest = (prefix: string): string | undefined =>
    id.length > prefix.length && id.startsWith(prefix) ? id.slice(prefix.length) : undefined;
  let named: string | undefined;
  if ((named = rest('step:')) !== undefined) return { kind: 'step', stepId: named };
  if ((named = rest('insert:after:')) !== undefined) return { kind: 'insertionPoint', afterStepId: named };
  if ((named = rest('insert:start:')) !== undefined) return { kind: 'insertionPoint', startOf: named };
  if ((named = rest('branch:')) !== undefined) return { kind: 'branchHeader', branchId: named };
  if ((named = rest('join:')) !== undefined) return { kind: 'join', ownerStepId: named };
  return undefined;
}

/**
 * What layout id `id` names (see {@link ParsedLayoutId}), or `undefined` when it is not
 * one a layout gives. The one place ids are read back, so no caller needs to know their
 * prefixes: `parseLayoutId(id)?.kind === 'step'` rather than `id.startsWith('step:')`.
 */
export function parseLayoutId(id: string): ParsedLayoutId | undefined {
  if (!id.startsWith('edge:')) return parseNodeId(id);
  // Ids of a valid workflow never hold "->"; for any others the first split whose two
  // sides are both node ids wins.
  const body = id.slice('edge:'.length);
  for (let at = body.indexOf('->'); at !== -1; at = body.indexOf('->', at + 1)) {
    const source = body.slice(0, at);
    const target = body.slice(at + 2);
    if (parseNodeId(source) && parseNodeId(target)) return { kind: 'connector', source, target };
  }
  return undefined;
}
