// ---------------------------------------------------------------------------
// The page bench/panel.bench.mjs builds (vite, production) and drives in Chromium: a
// whole WorkflowEditor on a workflow the bench chooses, and `window.wfePanelBench` to
// time opening a step's panel and typing into its fields, each until the frame that
// shows the result has been painted. A page of its own rather than a story, so the
// figures carry no Storybook or development-build overhead.
// ---------------------------------------------------------------------------

import '@xyflow/react/dist/base.css';
import '../../src/editor/style.css';
import { EditorView } from '@codemirror/view';
import { useState, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { WorkflowEditor, preloadConfigForm, preloadConfigPanels, type Step, type Workflow } from '../../src/editor';
import { allSteps, generateWorkflow } from '../workflow-generator';

/** What the page puts on `window` for the bench script. */
export interface PanelBenchApi {
  /**
   * Mounts a fresh editor: `kind` "big-body" (one HTTPS POST step whose body is about
   * `bodyBytes` of JSON), "steps" (`count` steps) or "generated" (the `count` steps the
   * peers benchmark draws, bench/workflow-generator.ts).
   */
  mount(kind: 'big-body' | 'steps' | 'generated', size: number): Promise<void>;
  /** The id of the first HTTPS step of the mounted workflow (the step the peers benchmark opens). */
  firstHttpsStep(): string;
  /** Clicks step `stepId`'s card; ms until its panel's `fieldName` field is in the DOM, and until that frame is painted. */
  openPanel(stepId: string, fieldName: string): Promise<{ toDom: number; toPaint: number }>;
  /** Closes the panel through its "Close" button and waits for the frame. */
  closePanel(): Promise<void>;
  /** Puts the caret in field `fieldName` of the open panel at `offset` (negative: from the end). */
  focusField(fieldName: string, offset: number): void;
  /** The text of field `fieldName` of the open panel (an input, or a JSON field's code editor). */
  fieldText(fieldName: string): string;
  /** Starts watching for the next key: its keydown, its input event, and the frame painted after that. */
  armKey(): void;
  /** Ms from the key watched for (see `armKey`) until the frame after its input event was painted. */
  keyToPaint(): Promise<number>;
  /** Settles: waits `ms`, then two frames. */
  settle(ms: number): Promise<void>;
}

declare global {
  interface Window {
    wfePanelBench?: PanelBenchApi;
  }
}

/**
 * Resolves after the next frame has been painted: a message posted from an animation
 * frame callback is handled once that frame's rendering (style, layout, paint) is done.
 */
function afterNextPaint(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    });
  });
}

function whenInDom(present: () => boolean): Promise<number> {
  return new Promise((resolve) => {
    if (present()) {
      resolve(performance.now());
      return;
    }
    const observer = new MutationObserver(() => {
      if (present()) {
        observer.disconnect();
        resolve(performance.now());
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  });
}

/** A JSON object of about `bytes` bytes (compact text): records with text, numbers and nesting. */
function bigBody(bytes: number): Step & { type: 'action' } {
  const records = [];
  let size = 0;
  for (let index = 0; size < bytes; index++) {
    const record = {
      id: `rec_${index}`,
      title: `Record number ${index}`,
      amount: index * 3.25,
      active: index % 2 === 0,
      tags: ['alpha', 'beta', `t${index % 17}`],
      address: { street: `${index} Long Street`, city: 'Springfield', zip: String(10000 + (index % 89999)) },
    };
    size += JSON.stringify(record).length + 1;
    records.push(record);
  }
  return {
    id: 'big',
    type: 'action',
    action: 'https_request',
    name: 'Send big body',
    config: { url: 'https://api.example.com/import', method: 'POST', body: { note: 'start here', records } },
  };
}

function bigBodyWorkflow(bytes: number): Workflow {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    id: 'big_body',
    name: 'Big body',
    trigger: { event: 'inquiry.completed' },
    steps: [bigBody(bytes)],
  };
}

/** The 1,000-step workflow of the canvas benchmark: HTTPS, email and wait steps in turn. */
function manySteps(count: number): Workflow {
  const steps: Step[] = [];
  for (let i = 1; i <= count; i++) {
    const id = `step_${i}`;
    const name = `Step ${i}`;
    if (i % 3 === 1)
      steps.push({
        id,
        type: 'action',
        action: 'https_request',
        name,
        config: { url: `https://api.example.com/items/${i}`, method: 'GET' },
      });
    else if (i % 3 === 2)
      steps.push({
        id,
        type: 'action',
        action: 'send_email',
        name,
        config: { to: 'ops@example.com', subject: `Item ${i}`, text: 'Processed.' },
      });
    else steps.push({ id, type: 'action', action: 'wait', name, config: { seconds: 5 } });
  }
  return {
    schemaVersion: 1,
    kind: 'workflow',
    id: `large_${count}`,
    name: `Large workflow (${count} steps)`,
    trigger: { event: 'inquiry.completed' },
    steps,
  };
}

/**
 * Field `name` of the open panel: an input or textarea its <label> points at, or the
 * editable element of a JSON field's code editor, which its label names (aria-labelledby).
 */
function fieldOf(name: string): HTMLInputElement | HTMLTextAreaElement | HTMLElement | null {
  const panel = document.querySelector('.wfe-panel') ?? document;
  for (const label of panel.querySelectorAll('label')) {
    // A required field's label ends in " *".
    if (label.textContent.replace(/\s*\*$/, '').trim() !== name) continue;
    if (label.htmlFor) {
      const field = document.getElementById(label.htmlFor);
      if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) return field;
    }
    if (label.id) {
      const editor = panel.querySelector<HTMLElement>(`[contenteditable][aria-labelledby~="${CSS.escape(label.id)}"]`);
      if (editor) return editor;
    }
  }
  return null;
}

function codeEditorOf(field: HTMLElement): EditorView | null {
  return field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement
    ? null
    : EditorView.findFromDOM(field);
}

let mounted: Workflow | null = null;
let keyToPaint: Promise<number> = Promise.resolve(Number.NaN);
let show: (workflow: { key: number; definition: Workflow } | null) => void = () => undefined;

function Harness(): ReactElement | null {
  const [workflow, setWorkflow] = useState<{ key: number; definition: Workflow } | null>(null);
  show = setWorkflow;
  if (!workflow) return null;
  return <WorkflowEditor key={workflow.key} defaultDefinition={workflow.definition} style={{ height: '100vh' }} />;
}

window.wfePanelBench = {
  async mount(kind, size) {
    await Promise.all([preloadConfigPanels(), preloadConfigForm()]);
    flushSync(() => show(null));
    const definition =
      kind === 'big-body' ? bigBodyWorkflow(size) : kind === 'generated' ? generateWorkflow(size) : manySteps(size);
    mounted = definition;
    flushSync(() => show({ key: Math.random(), definition }));
    await whenInDom(() => document.querySelector('[data-wfe-item^="step:"]') !== null);
    await afterNextPaint();
  },
  firstHttpsStep() {
    const https =
      mounted && allSteps(mounted).find((step) => step.type === 'action' && step.action === 'https_request');
    if (!https) throw new Error('no HTTPS step');
    return https.id;
  },
  async openPanel(stepId, fieldName) {
    const card = document.querySelector<HTMLElement>(`[data-wfe-item="step:${stepId}"]`);
    if (!card) throw new Error(`no card for ${stepId}`);
    const start = performance.now();
    card.click();
    const inDom = await whenInDom(() => fieldOf(fieldName) !== null);
    const painted = await afterNextPaint();
    return { toDom: inDom - start, toPaint: painted - start };
  },
  async closePanel() {
    const close = document.querySelector<HTMLButtonElement>('.wfe-panel .wfe-panel-close');
    close?.click();
    await afterNextPaint();
  },
  focusField(fieldName, offset) {
    const field = fieldOf(fieldName);
    if (!field) throw new Error(`no field ${fieldName}`);
    const editor = codeEditorOf(field);
    if (editor) {
      const at = offset < 0 ? editor.state.doc.length + offset + 1 : offset;
      editor.focus();
      editor.dispatch({ selection: { anchor: at }, scrollIntoView: true });
      return;
    }
    const input = field as HTMLInputElement | HTMLTextAreaElement;
    input.focus();
    const at = offset < 0 ? input.value.length + offset + 1 : offset;
    input.setSelectionRange(at, at);
  },
  fieldText(fieldName) {
    const field = fieldOf(fieldName);
    if (!field) throw new Error(`no field ${fieldName}`);
    const editor = codeEditorOf(field);
    return editor ? editor.state.doc.toString() : (field as HTMLInputElement | HTMLTextAreaElement).value;
  },
  armKey() {
    keyToPaint = new Promise((resolve) => {
      let downAt = 0;
      const onKeyDown = (event: KeyboardEvent): void => {
        downAt = event.timeStamp;
        document.removeEventListener('keydown', onKeyDown, true);
      };
      const onInput = (): void => {
        document.removeEventListener('input', onInput, true);
        void afterNextPaint().then((painted) => resolve(painted - downAt));
      };
      document.addEventListener('keydown', onKeyDown, true);
      document.addEventListener('input', onInput, true);
    });
  },
  keyToPaint() {
    return keyToPaint;
  },
  async settle(ms) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await afterNextPaint();
    await afterNextPaint();
  },
};

createRoot(document.getElementById('root')!).render(<Harness />);
