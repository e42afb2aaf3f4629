// ---------------------------------------------------------------------------
// Our <WorkflowEditor> with every feature on (toolbar with Save and Publish, minimap,
// secrets, the unsaved-changes guard, a host "+" handler), driven by
// bench/peers.bench.mjs through `window.wfePeer`.
// ---------------------------------------------------------------------------

import '@xyflow/react/dist/base.css';
import '../../src/editor/style.css';
import { createRoot, type Root } from 'react-dom/client';
import type { InsertionPoint, Workflow } from '../../src/definition/types';
import { WorkflowEditor, preloadConfigForm, preloadConfigPanels, type EditorStore } from '../../src/editor';
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

const container = benchContainer();
let root: Root | null = null;
let workflow: Workflow | null = null;
let store: EditorStore | null = null;
/** The id of the step the last "+" click inserted. */
let insertedId = '';

function onInsertRequest(point: InsertionPoint, editorStore: EditorStore): void {
  store = editorStore;
  insertedId = editorStore.getState().insertAction('https_request', point) ?? '';
}

const drawn = (target: Node): boolean => target instanceof Element && target.closest('.react-flow__viewport') !== null;
const hasNodes = (): boolean => container.querySelector('[data-wfe-item^="step:"]') !== null;

/** The editor's store: a "+" click hands it to the host; click one in view once and undo it. */
async function editorStore(): Promise<EditorStore> {
  if (store) return store;
  const plus = container.querySelector<HTMLElement>('[data-wfe-item^="insert:"]');
  if (!plus) throw new Error('no "+" in view');
  plus.click();
  await afterNextPaint();
  const found = store as EditorStore | null;
  if (!found) throw new Error('the "+" did not reach the host handler');
  found.getState().undo();
  found.getState().select(null);
  await settle(50);
  return found;
}

const api: PeerBenchApi = {
  renderer: 'editor',
  async mount(steps) {
    workflow = generateWorkflow(steps);
    store = null;
    const definition = workflow;
    const watch = watchDrawing(container, drawn, hasNodes);
    const start = performance.now();
    root = createRoot(container);
    root.render(
      <WorkflowEditor
        defaultDefinition={definition}
        secrets={['crm_api_key']}
        minimap
        warnOnUnsavedChanges
        onSave={() => undefined}
        onPublish={() => undefined}
        onInsertRequest={onInsertRequest}
        style={{ height: '100vh' }}
      />,
    );
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
    store = null;
    await afterNextPaint();
  },
  async insert(seed) {
    if (!workflow) throw new Error('mount first');
    const editor = await editorStore();
    const random = seededRandom(seed);
    // After an action step (in a branch or not): its "+" is right below its card, in view with it.
    const steps = allSteps(editor.getState().definition).filter((step) => step.type === 'action');
    const after = steps[Math.floor(random() * steps.length)]!;
    // Selecting a step pans it into view (what a person scrolling there would see).
    editor.getState().select({ kind: 'step', stepId: after.id }, { openPanel: false });
    await settle(150);
    editor.getState().select(null);
    await settle(50);
    const plusSelector = `[data-wfe-item="insert:after:${after.id}"]`;
    await whenInDom(() => container.querySelector(plusSelector) !== null, `the "+" after ${after.id}`);
    const plus = container.querySelector<HTMLElement>(plusSelector)!;
    insertedId = '';
    const start = performance.now();
    plus.click();
    const id = insertedId;
    if (!id) throw new Error('the "+" inserted nothing');
    const committed = await whenInDom(
      () => container.querySelector(`[data-wfe-item="step:${id}"]`) !== null,
      `the new step ${id}`,
    );
    const painted = await afterNextPaint();
    editor.getState().undo();
    editor.getState().closePanel();
    editor.getState().select(null);
    await settle(100);
    return { toCommit: committed - start, toPaint: painted - start };
  },
  async selectToPanel() {
    if (!workflow) throw new Error('mount first');
    await Promise.all([preloadConfigPanels(), preloadConfigForm()]);
    // The first HTTPS step on the canvas (it is in view after mounting).
    const https = allSteps(workflow).find((step) => step.type === 'action' && step.action === 'https_request')!;
    const card = container.querySelector<HTMLElement>(`[data-wfe-item="step:${https.id}"]`);
    if (!card) throw new Error(`no card for ${https.id}`);
    const urlField = (): boolean => {
      const panel = container.querySelector('.wfe-panel');
      if (!panel) return false;
      return [...panel.querySelectorAll('label')].some(
        (label) => label.textContent.replace(/\s*\*$/, '').trim() === 'URL',
      );
    };
    const start = performance.now();
    card.click();
    await whenInDom(urlField, 'the URL field');
    const painted = await afterNextPaint();
    container.querySelector<HTMLButtonElement>('.wfe-panel .wfe-panel-close')?.click();
    await settle(150);
    return painted - start;
  },
  async pan(frames) {
    const pane = container.querySelector('.react-flow__pane');
    if (!pane) throw new Error('no pane');
    const rect = pane.getBoundingClientRect();
    return dragCanvas(pane, rect.left + 120, rect.top + rect.height * 0.8, frames);
  },
};

window.wfePeer = api;
