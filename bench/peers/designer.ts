// ---------------------------------------------------------------------------
// sequential-workflow-designer (npm), a library built for exactly this kind of
// workflow, on the same sequence: every step a task, every branch step a switch with
// its two named branches. Its toolbox, step editors, control bar, context menu and
// validator are on, as an application would use it.
// ---------------------------------------------------------------------------

import 'sequential-workflow-designer/css/designer.css';
import 'sequential-workflow-designer/css/designer-light.css';
import { Designer, type Definition, type DesignerConfiguration } from 'sequential-workflow-designer';
import { generateWorkflow, toDesignerDefinition } from '../workflow-generator';
import { afterNextPaint, benchContainer, dragCanvas, watchDrawing, type PeerBenchApi } from './measure';

const container = benchContainer();
let designer: Designer | null = null;
let placeholder: HTMLElement | null = null;

const configuration: DesignerConfiguration = {
  theme: 'light',
  undoStackSize: 10,
  steps: {},
  toolbox: {
    isCollapsed: false,
    groups: [
      {
        name: 'Actions',
        steps: [
          { componentType: 'task', type: 'https_request', name: 'HTTPS request', properties: {} },
          { componentType: 'task', type: 'send_email', name: 'Send email', properties: {} },
          {
            componentType: 'switch',
            type: 'branch',
            name: 'Branch',
            properties: {},
            branches: { Approved: [], Otherwise: [] },
          } as never,
        ],
      },
    ],
  },
  editors: {
    rootEditorProvider: () => {
      const editor = document.createElement('div');
      editor.textContent = 'Workflow';
      return editor;
    },
    stepEditorProvider: (step) => {
      const editor = document.createElement('div');
      editor.textContent = step.name;
      return editor;
    },
  },
  validator: { step: (step) => step.name.length > 0 },
  controlBar: true,
  contextMenu: true,
};

const drawn = (target: Node): boolean => target instanceof Element && target.closest('.sqd-workspace') !== null;
const hasNodes = (): boolean => container.querySelector('.sqd-step-task-rect') !== null;

const api: PeerBenchApi = {
  renderer: 'sequential_workflow_designer',
  async mount(steps) {
    const definition = toDesignerDefinition(generateWorkflow(steps)) as unknown as Definition;
    placeholder = document.createElement('div');
    placeholder.style.cssText = 'width: 100%; height: 100%;';
    const watch = watchDrawing(container, drawn, hasNodes);
    const start = performance.now();
    container.appendChild(placeholder);
    designer = Designer.create(placeholder, definition, configuration);
    const { paintedAt, firstNodeAt } = await watch.done();
    return {
      toPaint: paintedAt - start,
      toFirstNode: firstNodeAt - start,
      drawnNodes: container.querySelectorAll('.sqd-step-task-rect').length,
    };
  },
  async unmount() {
    designer?.destroy();
    designer = null;
    placeholder?.remove();
    placeholder = null;
    await afterNextPaint();
  },
  async pan(frames) {
    const canvas = container.querySelector('.sqd-workspace');
    if (!canvas) throw new Error('no workspace');
    const rect = canvas.getBoundingClientRect();
    return dragCanvas(canvas, rect.left + 120, rect.top + rect.height * 0.8, frames);
  },
};

window.wfePeer = api;
