// ---------------------------------------------------------------------------
// <ReactFlow> alone, used as well as it allows, on the same workflows and the same
// positions as our editor (the definition layer's `layout`, the editor's first
// viewport): memoised custom nodes, every node's width, height and handles declared
// (nothing waits for measuring), `onlyRenderVisibleElements`, "+" as an edge label
// whose click inserts a step, and node and edge objects kept for what did not move.
// What a host would write on React Flow, without our editor's features.
// ---------------------------------------------------------------------------

import '@xyflow/react/dist/style.css';
import './reactflow.css';
import {
  Handle,
  Position,
  ReactFlow,
  type Edge,
  type EdgeMouseHandler,
  type Node,
  type NodeProps,
  type ReactFlowInstance,
} from '@xyflow/react';
import { memo, useMemo, useRef, useState, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { layout, type LayoutNode } from '../../src/definition/layout';
import { insertStep } from '../../src/definition/operations';
import type { InsertionPoint, Step, Workflow } from '../../src/definition/types';
import { fitViewportToBounds } from '../../src/editor/canvas/viewport';
import { allSteps, generateWorkflow, seededRandom } from '../workflow-generator';
import {
  afterNextPaint,
  benchContainer,
  dragCanvas,
  settle,
  watchDrawing,
  whenInDom,
  type PeerBenchApi,
} from './measure';

type CardData = { title: string; subtitle: string; kind: LayoutNode['kind']; step?: Step };
type CardNode = Node<CardData>;
type PlusEdge = Edge<{ point?: InsertionPoint }>;

const CardView = memo(function CardView({ data }: NodeProps<CardNode>): ReactElement {
  return (
    <div className={`peer-node peer-node--${data.kind}`}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      {data.title && <div className="peer-node-title">{data.title}</div>}
      {data.subtitle && <div className="peer-node-subtitle">{data.subtitle}</div>}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});
const nodeTypes = { card: CardView };

function handlesOf(width: number, height: number): Node['handles'] {
  return [
    { type: 'target', position: Position.Top, x: width / 2 - 0.5, y: 0, width: 1, height: 1 },
    { type: 'source', position: Position.Bottom, x: width / 2 - 0.5, y: height - 1, width: 1, height: 1 },
  ];
}

function cardData(item: LayoutNode): CardData {
  switch (item.kind) {
    case 'trigger':
      return { kind: 'trigger', title: 'When', subtitle: 'inquiry.completed' };
    case 'step':
      return {
        kind: 'step',
        step: item.step,
        title: item.step.name,
        subtitle: item.step.type === 'branch' ? 'Branch' : item.step.action.replace(/_/g, ' '),
      };
    case 'branchHeader':
      return { kind: 'branchHeader', title: item.branch.name, subtitle: '' };
    case 'end':
      return { kind: 'end', title: 'End', subtitle: '' };
    default:
      return { kind: item.kind, title: '', subtitle: '' };
  }
}

/** React Flow's nodes and edges for `workflow`, reusing the objects of `previous` that did not change. */
function flowElements(
  workflow: Workflow,
  previous: { nodes: Map<string, CardNode>; edges: Map<string, PlusEdge> },
): { nodes: CardNode[]; edges: PlusEdge[]; nodeById: Map<string, CardNode>; edgeById: Map<string, PlusEdge> } {
  const placed = layout(workflow);
  const nodes: CardNode[] = [];
  const nodeById = new Map<string, CardNode>();
  const points = new Map<string, { point: InsertionPoint; from?: string; to?: string }>();
  for (const item of placed.nodes) {
    if (item.kind === 'insertionPoint') {
      points.set(item.id, { point: item.point });
      continue;
    }
    const old = previous.nodes.get(item.id);
    const step = item.kind === 'step' ? item.step : undefined;
    const node: CardNode =
      old && old.position.x === item.x && old.position.y === item.y && old.data.step === step
        ? old
        : {
            id: item.id,
            type: 'card',
            position: { x: item.x, y: item.y },
            width: item.width,
            height: item.height,
            handles: handlesOf(item.width, item.height),
            data: cardData(item),
            draggable: false,
            selectable: item.kind === 'step',
          };
    nodes.push(node);
    nodeById.set(node.id, node);
  }
  const edges: PlusEdge[] = [];
  const edgeById = new Map<string, PlusEdge>();
  const add = (id: string, source: string, target: string, point?: InsertionPoint): void => {
    const old = previous.edges.get(id);
    const edge: PlusEdge =
      old && old.source === source && old.target === target && old.data?.point === point
        ? old
        : {
            id,
            source,
            target,
            type: 'smoothstep',
            label: point ? '+' : undefined,
            labelBgPadding: [6, 2],
            data: { point },
            focusable: false,
          };
    edges.push(edge);
    edgeById.set(id, edge);
  };
  for (const edge of placed.edges) {
    const fromPoint = points.get(edge.source);
    const toPoint = points.get(edge.target);
    if (toPoint) toPoint.from = edge.source;
    else if (fromPoint) fromPoint.to = edge.target;
    else add(`${edge.source}->${edge.target}`, edge.source, edge.target);
  }
  // Each "+" sits on the connector through it: one edge labelled "+" instead of a node.
  for (const [id, { point, from, to }] of points) if (from && to) add(`plus:${id}`, from, to, point);
  return { nodes, edges, nodeById, edgeById };
}

let instance: ReactFlowInstance<CardNode, PlusEdge> | null = null;
let currentWorkflow: Workflow | null = null;
let setWorkflowFromOutside: (workflow: Workflow) => void = () => undefined;
let lastInsertedId = '';
let insertCount = 0;

function App({ initial }: { initial: Workflow }): ReactElement {
  const [workflow, setWorkflow] = useState(initial);
  currentWorkflow = workflow;
  setWorkflowFromOutside = setWorkflow;
  const previous = useRef({ nodes: new Map<string, CardNode>(), edges: new Map<string, PlusEdge>() });
  const elements = useMemo(() => {
    const next = flowElements(workflow, previous.current);
    previous.current = { nodes: next.nodeById, edges: next.edgeById };
    return next;
  }, [workflow]);
  const [defaultViewport] = useState(() =>
    fitViewportToBounds(layout(initial).bounds, window.innerWidth, window.innerHeight),
  );
  const onEdgeClick: EdgeMouseHandler<PlusEdge> = (_event, edge) => {
    const point = edge.data?.point;
    if (!point) return;
    const id = `added_${++insertCount}`;
    lastInsertedId = id;
    const step: Step = {
      id,
      type: 'action',
      action: 'https_request',
      name: 'HTTPS request',
      config: { url: 'https://', method: 'GET' },
    };
    setWorkflow((current) => insertStep(current, point, step));
  };
  return (
    <ReactFlow<CardNode, PlusEdge>
      nodes={elements.nodes}
      edges={elements.edges}
      nodeTypes={nodeTypes}
      onlyRenderVisibleElements
      defaultViewport={defaultViewport}
      minZoom={0.1}
      maxZoom={1.5}
      nodesConnectable={false}
      onEdgeClick={onEdgeClick}
      onInit={(flow) => {
        instance = flow;
      }}
      proOptions={{ hideAttribution: true }}
    />
  );
}

const container = benchContainer();
let root: Root | null = null;
const drawn = (target: globalThis.Node): boolean =>
  target instanceof Element && target.closest('.react-flow__viewport') !== null;
const hasNodes = (): boolean => container.querySelector('.react-flow__node') !== null;

const api: PeerBenchApi = {
  renderer: 'reactflow',
  async mount(steps) {
    const workflow = generateWorkflow(steps);
    const watch = watchDrawing(container, drawn, hasNodes);
    const start = performance.now();
    root = createRoot(container);
    root.render(<App initial={workflow} />);
    const { paintedAt, firstNodeAt } = await watch.done();
    return {
      toPaint: paintedAt - start,
      toFirstNode: firstNodeAt - start,
      drawnNodes: container.querySelectorAll('.react-flow__node').length,
    };
  },
  async unmount() {
    root?.unmount();
    root = null;
    instance = null;
    await afterNextPaint();
  },
  async insert(seed) {
    const workflow = currentWorkflow;
    if (!workflow || !instance) throw new Error('mount first');
    const random = seededRandom(seed);
    // After an action step (in a branch or not), as on the editor's page.
    const steps = allSteps(workflow).filter((step) => step.type === 'action');
    const after = steps[Math.floor(random() * steps.length)]!;
    // Scroll the step to the middle of the pane, as a person would before clicking its "+".
    const node = layout(workflow).nodeById.get(`step:${after.id}`)!;
    const { x, zoom } = instance.getViewport();
    await instance.setViewport({ x, zoom, y: window.innerHeight / 2 - (node.y + node.height / 2) * zoom });
    await settle(150);
    const edgeId = `plus:insert:after:${after.id}`;
    const labelOf = (): Element | null =>
      container.querySelector(`.react-flow__edge[data-id="${CSS.escape(edgeId)}"] .react-flow__edge-textwrapper`);
    await whenInDom(() => labelOf() !== null, `the "+" label of ${edgeId}`);
    lastInsertedId = '';
    const start = performance.now();
    labelOf()!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
    const id = lastInsertedId;
    if (!id) throw new Error('the "+" inserted nothing');
    const committed = await whenInDom(
      () => container.querySelector(`.react-flow__node[data-id="step:${id}"]`) !== null,
      `the new node ${id}`,
    );
    const painted = await afterNextPaint();
    setWorkflowFromOutside(workflow);
    await settle(100);
    return { toCommit: committed - start, toPaint: painted - start };
  },
  async pan(frames) {
    const pane = container.querySelector('.react-flow__pane');
    if (!pane) throw new Error('no pane');
    const rect = pane.getBoundingClientRect();
    return dragCanvas(pane, rect.left + 120, rect.top + rect.height * 0.8, frames);
  },
};

window.wfePeer = api;
