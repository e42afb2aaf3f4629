// @vitest-environment jsdom
// "Import JSON" takes back a draft (problems the person fixes in the editor) as one undo
// step, and refuses, listing every problem, only text the editor cannot hold.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createActionCatalog,
  createStep,
  insertStep,
  serializeWorkflow,
  type ActionDefinition,
  type Workflow,
} from '../../../src/definition';
import { ImportDialog } from '../../../src/editor/dialogs/ImportDialog';
import type { EditorStore } from '../../../src/editor/store';
import { WorkflowEditorProvider, useWorkflowEditorStore } from '../../../src/editor/WorkflowEditorProvider';
import { actionStep, workflowOf } from '../../fixtures/workflow-builders';

afterEach(cleanup);

beforeAll(() => {
  // jsdom has no modal <dialog>.
  const dialog = HTMLDialogElement.prototype;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed as always there; jsdom has none
  dialog.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed as always there; jsdom has none
  dialog.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});

/** A host action with a required secret, as in the report: "Bot token is required". */
const POST_MESSAGE_ACTION: ActionDefinition = {
  id: 'post_message',
  label: 'Post message',
  category: 'Communication',
  description: 'Posts a message to a chat channel.',
  keywords: [],
  icon: 'mail',
  configSchema: {
    type: 'object',
    properties: { botToken: { type: 'string', title: 'Bot token', minLength: 1 } },
    required: ['botToken'],
    additionalProperties: false,
  },
  defaultConfig: { botToken: '' },
};
const catalog = createActionCatalog([POST_MESSAGE_ACTION]);

const opening = workflowOf([actionStep('notify_crm', { name: 'Notify CRM' })]);

/** The opening workflow with one more step, made as the editor makes it (its default config). */
function withNewStep(actionId: string): Workflow {
  return insertStep(opening, { branchId: null, index: 1 }, createStep(opening, actionId, catalog));
}

function renderImport() {
  let store: EditorStore | undefined;
  function StoreOut() {
    store = useWorkflowEditorStore();
    return null;
  }
  const onChange = vi.fn();
  const onClose = vi.fn();
  const onImported = vi.fn();
  render(
    <WorkflowEditorProvider defaultDefinition={opening} onChange={onChange} catalog={catalog}>
      <StoreOut />
      <ImportDialog onClose={onClose} onImported={onImported} />
    </WorkflowEditorProvider>,
  );
  const importText = (text: string) => {
    fireEvent.change(screen.getByRole('textbox', { name: 'Workflow JSON' }), { target: { value: text } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
  };
  return { store: store!, onChange, onClose, onImported, importText };
}

describe('ImportDialog', () => {
  it.each([
    ['an HTTPS step whose URL is still empty', 'https_request', '/steps/1/config/url'],
    ['a host action whose required secret is empty', 'post_message', '/steps/1/config/botToken'],
  ])('takes back the editor’s own export of a draft: %s', (_what, actionId, problemPath) => {
    const draft = withNewStep(actionId);
    const { store, onChange, onClose, onImported, importText } = renderImport();
    importText(serializeWorkflow(draft, { catalog }));

    expect(screen.queryByRole('alert')).toBeNull();
    expect(store.getState().definition).toEqual(draft);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onImported).toHaveBeenCalledWith(draft, {});
    expect(onClose).toHaveBeenCalled();
    // Its problems show where every problem shows, and one undo takes the import back.
    expect(store.getState().problems.map((problem) => problem.path)).toContain(problemPath);
    expect(store.getState().announcement?.edit).toEqual({ kind: 'imported', workflowName: draft.name });
    store.getState().undo();
    expect(store.getState().definition).toBe(opening);
  });

  it('takes back a step saved with a config field its action no longer has', () => {
    const stale = workflowOf([
      ...opening.steps,
      { id: 'post', type: 'action', action: 'post_message', name: 'Post', config: { botToken: 'x', threadId: 'T1' } },
    ]);
    const { store, importText } = renderImport();
    importText(serializeWorkflow(stale, { catalog }));
    expect(store.getState().definition).toEqual(stale);
    expect(store.getState().problems).toContainEqual(
      expect.objectContaining({ path: '/steps/1/config/threadId', code: 'schema_additional_property' }),
    );
  });

  it('changes nothing for text the editor cannot hold and lists each problem; once that is fixed, takes the draft', () => {
    // A step id used twice (the editor never makes one), beside an empty URL it could hold.
    const withSecondId = (id: string) =>
      workflowOf([
        actionStep('notify_crm', { name: 'Notify CRM' }),
        actionStep(id, { name: 'Notify again', config: { url: '', method: 'GET' } }),
      ]);
    const { store, onChange, onClose, importText } = renderImport();
    importText(serializeWorkflow(withSecondId('notify_crm')));

    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The JSON has 2 problems');
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((item) => item.title),
    ).toEqual(['/steps/1/id', '/steps/1/config/url']);
    expect(store.getState().definition).toBe(opening);
    expect(onChange).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();

    // The id fixed in the text, the empty URL left for the editor.
    importText(serializeWorkflow(withSecondId('notify_again')));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(store.getState().definition.steps.map((step) => step.id)).toEqual(['notify_crm', 'notify_again']);
    expect(store.getState().problems.map((problem) => problem.path)).toEqual(['/steps/1/config/url']);
    expect(onClose).toHaveBeenCalled();
  });
});
