// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState, type ReactElement } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createActionCatalog, type ActionDefinition, type Workflow } from '../../src/definition';
import { JsonExportDialog } from '../../src/editor/dialogs/JsonExportDialog';
import { ErrorAlert, ErrorBoundary, type EditorErrorDetails } from '../../src/editor/ErrorBoundary';
import { defaultLabels } from '../../src/editor/labels';
import { preloadConfigForm } from '../../src/editor/panel/form/LazyConfigForm';
import { preloadConfigPanels } from '../../src/editor/panel/LazyPanels';
import { StepConfigPanel } from '../../src/editor/panel/StepConfigPanel';
import type { EditorStore } from '../../src/editor/store';
import { WorkflowEditor } from '../../src/editor/WorkflowEditor';
import { WorkflowEditorProvider, useWorkflowEditorStore } from '../../src/editor/WorkflowEditorProvider';

afterEach(cleanup);

beforeAll(async () => {
  // The panels and the form (and @rjsf/utils with it) load lazily; loaded once here, a cold
  // import under a loaded machine does not eat the waits below.
  await Promise.all([preloadConfigPanels(), preloadConfigForm()]);
  // jsdom lacks what React Flow measures with and what a modal <dialog> opens with.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed as always there; jsdom has none
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
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

/** React logs every error a boundary catches; the assertions are on what the boundary shows and reports. */
function quietConsole() {
  return vi.spyOn(console, 'error').mockImplementation(() => {});
}

function Thrower(props: { when: boolean; message?: string }): ReactElement {
  if (props.when) throw new Error(props.message ?? 'widget exploded');
  return <p>content works</p>;
}

function boundary(props: {
  fail: boolean;
  onError: (error: Error, details: EditorErrorDetails) => void;
  resetKeys?: unknown[];
}) {
  return (
    <ErrorBoundary
      area="panel"
      stepId="notify"
      onError={props.onError}
      resetKeys={props.resetKeys}
      fallback={({ error, reset }) => (
        <ErrorAlert message={defaultLabels.panelFailed} error={error} onRetry={reset} labels={defaultLabels} />
      )}
    >
      <Thrower when={props.fail} />
    </ErrorBoundary>
  );
}

describe('ErrorBoundary', () => {
  it('shows what failed, Try again and the error message instead of children that throw, and reports once', () => {
    const console = quietConsole();
    const onError = vi.fn();
    try {
      render(boundary({ fail: true, onError }));
      const alert = screen.getByRole('alert');
      expect(alert.textContent).toContain("This step's settings could not be shown.");
      expect(alert.textContent).toContain('Your changes are kept, and the rest of the editor still works.');
      expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
      const details = alert.querySelector('details');
      expect(details).not.toBeNull();
      expect(details!.querySelector('summary')?.textContent).toContain('Details');
      expect(details?.textContent).toContain('widget exploded');
      // The message only: no stack frames in the page.
      expect(alert.textContent).not.toMatch(/\bat \S+ \(|ErrorBoundary\.test|\.tsx:\d+/);
      expect(onError).toHaveBeenCalledTimes(1);
      expect(onError.mock.calls[0]![0]).toBeInstanceOf(Error);
      expect((onError.mock.calls[0]![0] as Error).message).toBe('widget exploded');
      expect(onError.mock.calls[0]![1]).toEqual({ area: 'panel', stepId: 'notify' });
    } finally {
      console.mockRestore();
    }
  });

  it('"Try again" renders the children again', () => {
    const console = quietConsole();
    try {
      let fail = true;
      function Flaky(): ReactElement {
        return <Thrower when={fail} />;
      }
      render(
        <ErrorBoundary
          area="canvas"
          onError={() => {}}
          fallback={({ error, reset }) => (
            <ErrorAlert message={defaultLabels.canvasFailed} error={error} onRetry={reset} labels={defaultLabels} />
          )}
        >
          <Flaky />
        </ErrorBoundary>,
      );
      expect(screen.getByRole('alert').textContent).toContain('The workflow diagram could not be shown.');
      fail = false;
      fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
      expect(screen.queryByRole('alert')).toBeNull();
      expect(screen.getByText('content works')).toBeTruthy();
    } finally {
      console.mockRestore();
    }
  });

  it('resets when a reset key changes, and reports again if the children fail again', () => {
    const console = quietConsole();
    const onError = vi.fn();
    try {
      const view = render(boundary({ fail: true, onError, resetKeys: ['a'] }));
      expect(screen.getByRole('alert')).toBeTruthy();
      // Same keys: still failed, nothing re-rendered or re-reported.
      view.rerender(boundary({ fail: false, onError, resetKeys: ['a'] }));
      expect(screen.getByRole('alert')).toBeTruthy();
      expect(onError).toHaveBeenCalledTimes(1);
      view.rerender(boundary({ fail: false, onError, resetKeys: ['b'] }));
      expect(screen.queryByRole('alert')).toBeNull();
      expect(screen.getByText('content works')).toBeTruthy();
      view.rerender(boundary({ fail: true, onError, resetKeys: ['b'] }));
      expect(screen.getByRole('alert')).toBeTruthy();
      expect(onError).toHaveBeenCalledTimes(2);
    } finally {
      console.mockRestore();
    }
  });

  it('shows a thrown non-Error as text, and survives an onError that throws', () => {
    const console = quietConsole();
    try {
      function ThrowsString(): ReactElement {
        throw 'schema is not an object';
      }
      render(
        <ErrorBoundary
          area="dialog"
          onError={() => {
            throw new Error('reporter down');
          }}
          fallback={({ error, reset }) => (
            <ErrorAlert message={defaultLabels.dialogFailed} error={error} onRetry={reset} labels={defaultLabels} />
          )}
        >
          <ThrowsString />
        </ErrorBoundary>,
      );
      expect(screen.getByRole('alert').textContent).toContain('This dialog could not be shown.');
      expect(screen.getByRole('alert').querySelector('details')?.textContent).toContain('schema is not an object');
    } finally {
      console.mockRestore();
    }
  });
});

// ---- In the editor ------------------------------------------------------------------------

/** A host action whose uiSchema asks for a widget the editor does not have: rjsf throws while rendering. */
const brokenHostAction: ActionDefinition = {
  id: 'send_sms',
  label: 'Send SMS',
  category: 'Communication',
  description: 'Text the customer.',
  keywords: ['sms'],
  icon: 'mail',
  stepType: 'action',
  configSchema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: { phone: { type: 'string', title: 'Phone number' } },
    additionalProperties: false,
  },
  uiSchema: { phone: { 'ui:widget': 'phoneNumber' } },
  defaultConfig: {},
};
const catalog = createActionCatalog([brokenHostAction]);

function workflow(): Workflow {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    id: 'sms',
    name: 'Text customers',
    trigger: { event: 'inquiry.completed' },
    steps: [
      {
        id: 'notify_crm',
        type: 'action',
        action: 'https_request',
        name: 'Notify CRM',
        config: { url: 'https://crm.example.com/hooks', method: 'GET' },
      },
      {
        id: 'text_customer',
        type: 'action',
        action: 'send_sms',
        name: 'Text the customer',
        config: { phone: '+15550100' },
      },
    ],
  };
}

function StoreProbe(props: { onStore: (store: EditorStore) => void }): null {
  const store = useWorkflowEditorStore();
  props.onStore(store);
  return null;
}

describe('failures inside the editor stay contained', () => {
  it("keeps the step panel's frame and the definition; undo still works", async () => {
    const console = quietConsole();
    const onError = vi.fn();
    const onChange = vi.fn();
    let store: EditorStore | null = null;
    try {
      render(
        <WorkflowEditorProvider defaultDefinition={workflow()} catalog={catalog} onError={onError} onChange={onChange}>
          <StoreProbe onStore={(s) => (store = s)} />
          <StepConfigPanel stepId="text_customer" />
        </WorkflowEditorProvider>,
      );
      const panel = screen.getByRole('region', { name: 'Step configuration' });
      // The form's code loads lazily: the failure shows once it has.
      const alert = await within(panel).findByRole('alert');
      expect(alert.textContent).toContain("This step's settings could not be shown.");
      expect(alert.querySelector('details')?.textContent).toContain("No widget 'phoneNumber'");
      // The frame around the form survives: heading, name, Close, Export step JSON.
      expect(within(panel).getByRole('heading', { name: 'Send SMS' })).toBeTruthy();
      expect(within(panel).getByRole<HTMLInputElement>('textbox', { name: 'Step name' }).value).toBe(
        'Text the customer',
      );
      expect(within(panel).getByRole('button', { name: 'Export step JSON' })).toBeTruthy();
      expect(onError).toHaveBeenCalledTimes(1);
      expect(onError.mock.calls[0]![1]).toEqual({ area: 'panel', stepId: 'text_customer' });
      // Nothing was written for the broken step.
      expect(onChange).not.toHaveBeenCalled();
      expect(store!.getState().definition).toEqual(workflow());

      fireEvent.change(within(panel).getByRole('textbox', { name: 'Step name' }), { target: { value: 'Text them' } });
      expect(store!.getState().definition.steps[1]!.name).toBe('Text them');
      act(() => store!.getState().undo());
      expect(store!.getState().definition).toEqual(workflow());
    } finally {
      console.mockRestore();
    }
  });

  it('WorkflowEditor: the failed panel resets when another step is selected; the default handler logs once', async () => {
    const log = quietConsole();
    try {
      function Host(): ReactElement {
        const [definition, setDefinition] = useState(workflow);
        return <WorkflowEditor definition={definition} onChange={setDefinition} catalog={catalog} />;
      }
      render(<Host />);
      fireEvent.click(await screen.findByRole('button', { name: 'Text the customer' }));
      const panel = screen.getByRole('region', { name: 'Step configuration' });
      expect((await within(panel).findByRole('alert')).textContent).toContain(
        "This step's settings could not be shown.",
      );
      const ours = log.mock.calls.filter((call) => String(call[0]).startsWith('workflow-editor:'));
      expect(ours).toHaveLength(1);
      expect(String(ours[0]![0])).toBe('workflow-editor: the panel failed to render');
      expect((ours[0]![1] as Error).message).toContain("No widget 'phoneNumber'");

      fireEvent.click(screen.getByRole('button', { name: 'Notify CRM' }));
      const next = screen.getByRole('region', { name: 'Step configuration' });
      expect(within(next).queryByRole('alert')).toBeNull();
      expect(within(next).getByRole<HTMLInputElement>('textbox', { name: 'URL' }).value).toBe(
        'https://crm.example.com/hooks',
      );
    } finally {
      log.mockRestore();
    }
  });

  it('WorkflowEditor: a canvas that throws shows a message in its place; the toolbar and Undo still work', () => {
    const log = quietConsole();
    const onError = vi.fn();
    const onChange = vi.fn();
    try {
      // A host translation handed over as an object instead of a string: React cannot render it.
      const labels = { end: { en: 'End' } as unknown as string };
      render(
        <WorkflowEditor
          defaultDefinition={workflow()}
          onChange={onChange}
          catalog={catalog}
          labels={labels}
          onError={onError}
        />,
      );
      const canvas = screen.getByRole('region', { name: 'Workflow canvas' });
      expect(within(canvas).getByRole('alert').textContent).toContain('The workflow diagram could not be shown.');
      expect(onError.mock.calls.map((call) => call[1])).toEqual([{ area: 'canvas' }]);
      expect(log.mock.calls.some((call) => String(call[0]).startsWith('workflow-editor:'))).toBe(false);

      const name = screen.getByRole<HTMLInputElement>('textbox', { name: 'Workflow name' });
      fireEvent.change(name, { target: { value: 'Text every customer' } });
      expect((onChange.mock.calls.at(-1)![0] as Workflow).name).toBe('Text every customer');
      fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
      expect(onChange.mock.calls.at(-1)![0]).toEqual(workflow());
    } finally {
      log.mockRestore();
    }
  });

  it('WorkflowEditor: an action picker that throws shows a message beside its "+" with Close', async () => {
    const log = quietConsole();
    const onError = vi.fn();
    const onChange = vi.fn();
    try {
      // A host action whose label is a translation object: the picker cannot render it.
      const badLabel: ActionDefinition = {
        ...brokenHostAction,
        id: 'send_fax',
        label: { en: 'Send fax' } as unknown as string,
      };
      const withBadLabel = createActionCatalog([brokenHostAction, badLabel]);
      render(
        <WorkflowEditor defaultDefinition={workflow()} onChange={onChange} catalog={withBadLabel} onError={onError} />,
      );
      const plus = (await screen.findAllByRole('button', { name: 'Add step' }))[0]!;
      fireEvent.click(plus);
      const failed = screen.getByRole('dialog', { name: 'Find action' });
      expect(within(failed).getByRole('alert').textContent).toContain('The list of actions could not be shown.');
      expect(onError.mock.calls.map((call) => call[1])).toEqual([{ area: 'picker' }]);
      fireEvent.click(within(failed).getByRole('button', { name: 'Close' }));
      expect(screen.queryByRole('dialog', { name: 'Find action' })).toBeNull();
      // The canvas is untouched and still selects steps.
      fireEvent.click(screen.getByRole('button', { name: 'Notify CRM' }));
      expect(
        await within(screen.getByRole('region', { name: 'Step configuration' })).findByRole('textbox', { name: 'URL' }),
      ).toBeTruthy();
      expect(onChange).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });

  it('WorkflowEditor: an import dialog that throws says so in a dialog with Close; the editor carries on', async () => {
    const log = quietConsole();
    const onError = vi.fn();
    try {
      const labels = { importFile: { en: 'Open file' } as unknown as string };
      render(<WorkflowEditor defaultDefinition={workflow()} catalog={catalog} labels={labels} onError={onError} />);
      fireEvent.click(screen.getByRole('button', { name: 'Import JSON' }));
      // The dialog's code loads the first time it opens: on a busy machine, more than the
      // default second.
      const failed = await screen.findByRole('dialog', { name: 'Import JSON' }, { timeout: 5000 });
      expect(within(failed).getByRole('alert').textContent).toContain('This dialog could not be shown.');
      expect(onError.mock.calls.map((call) => call[1])).toEqual([{ area: 'dialog' }]);
      fireEvent.click(within(failed).getAllByRole('button', { name: 'Close' })[0]!);
      expect(screen.queryByRole('dialog', { name: 'Import JSON' })).toBeNull();
      expect(screen.getByRole('region', { name: 'Workflow canvas' }).querySelector('[role="alert"]')).toBeNull();
    } finally {
      log.mockRestore();
    }
  });

  it('JsonExportDialog on its own: a failure keeps the title and closes through onClose', () => {
    const log = quietConsole();
    const onClose = vi.fn();
    try {
      render(
        <JsonExportDialog
          title="Export step JSON"
          textLabel="Step JSON"
          text="{}"
          filename="step.json"
          onClose={onClose}
          labels={{ download: { en: 'Download' } as unknown as string }}
        />,
      );
      const failed = screen.getByRole('dialog', { name: 'Export step JSON' });
      expect(within(failed).getByRole('alert').textContent).toContain('This dialog could not be shown.');
      // Outside a provider the default handler logs once.
      expect(log.mock.calls.filter((call) => call[0] === 'workflow-editor: the dialog failed to render')).toHaveLength(
        1,
      );
      fireEvent.keyDown(failed, { key: 'Escape' });
      expect(onClose).toHaveBeenCalledTimes(1);
    } finally {
      log.mockRestore();
    }
  });
});
