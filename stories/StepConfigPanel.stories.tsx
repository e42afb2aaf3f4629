import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, type ReactElement, type ReactNode } from 'react';
import { expect, fireEvent, fn, userEvent, waitFor, within } from 'storybook/test';
import type { ActionCatalog, ActionStep, BranchStep, JsonObject, Workflow } from '../src/definition';
import { BranchPanel } from '../src/editor/panel/BranchPanel';
import { ConnectedConfigPanel } from '../src/editor/panel/ConnectedConfigPanel';
import { StepConfigPanel } from '../src/editor/panel/StepConfigPanel';
import { TriggerPanel } from '../src/editor/panel/TriggerPanel';
import { ProblemsList } from '../src/editor/toolbar/ProblemsList';
import { Toolbar } from '../src/editor/toolbar/Toolbar';
import { WorkflowEditorProvider, useWorkflowEditorStore } from '../src/editor/WorkflowEditorProvider';
import { hostCatalog } from './fixtures/catalogs';
import { codeText, placeCaret, selectAllCode } from './fixtures/code-field';
import { approveInquiryWorkflow, branchingWorkflow, hostSecrets } from './fixtures/workflows';
import { EditorBodyFrame } from './story-frames';

type OnChange = ReturnType<typeof fn<(definition: Workflow) => void>>;

/** The definition the panel last emitted. */
function lastDefinition(onChange: OnChange): Workflow {
  const call = onChange.mock.lastCall;
  if (!call) throw new Error('onChange was never called');
  return call[0];
}

function lastConfig(onChange: OnChange, stepId: string): JsonObject {
  const find = (steps: Workflow['steps']): ActionStep | undefined => {
    for (const step of steps) {
      if (step.type === 'action' && step.id === stepId) return step;
      if (step.type === 'branch') {
        for (const branch of step.branches) {
          const found = find(branch.steps);
          if (found) return found;
        }
      }
    }
    return undefined;
  };
  const step = find(lastDefinition(onChange).steps);
  if (!step) throw new Error(`no step ${stepId}`);
  return step.config;
}

/** Stands in for the toolbar's "Undo" where two panels leave no room for the editor's layout. */
function UndoButton(): ReactElement {
  const store = useWorkflowEditorStore();
  return (
    <button type="button" onClick={() => store.getState().undo()}>
      Undo
    </button>
  );
}

/**
 * The panel where a person meets it: beside the workflow's canvas, under the toolbar (whose
 * "Undo" the stories use to count undo steps). `sideBySide` shows several panels next to
 * each other instead, with only an "Undo" button.
 */
function Frame(props: {
  definition: Workflow;
  onChange: (definition: Workflow) => void;
  catalog?: ActionCatalog;
  theme?: 'dark';
  /** Over the canvas, as the editor shows its problems list. */
  overCanvas?: ReactNode;
  sideBySide?: boolean;
  children: ReactNode;
}): ReactElement {
  return (
    <WorkflowEditorProvider
      defaultDefinition={props.definition}
      onChange={props.onChange}
      secrets={hostSecrets}
      catalog={props.catalog}
    >
      {props.sideBySide ? (
        <div className="wfe-root" data-theme={props.theme} style={{ height: '100vh' }}>
          <div
            style={{
              display: 'flex',
              justifyContent: 'flex-end',
              padding: 8,
              borderBottom: '1px solid var(--wfe-color-border)',
            }}
          >
            <UndoButton />
          </div>
          {/* Panels keep their width: side by side where they fit, one under the other where
              they do not, the page scrolling to the second. */}
          <div
            style={{
              display: 'flex',
              flexWrap: 'wrap',
              justifyContent: 'center',
              flex: '1 1 auto',
              minHeight: 0,
              overflowY: 'auto',
            }}
          >
            {props.children}
          </div>
        </div>
      ) : (
        <EditorBodyFrame theme={props.theme} top={<Toolbar />} beside={props.children} overCanvas={props.overCanvas} />
      )}
    </WorkflowEditorProvider>
  );
}

interface StoryArgs {
  onChange: OnChange;
}

const meta = {
  title: 'Components/StepConfigPanel',
  component: StepConfigPanel,
  tags: ['autodocs'],
  args: { stepId: 'notify_crm' },
  parameters: { layout: 'fullscreen' },
} satisfies Meta<typeof StepConfigPanel>;

export default meta;
type Story = StoryObj<typeof meta> & { args?: Partial<StoryArgs> };

const withOnChange = { onChange: fn<(definition: Workflow) => void>() } as unknown as Story['args'];

function onChangeOf(args: unknown): OnChange {
  return (args as StoryArgs).onChange;
}

/** The panel of `args.stepId` in the approve-inquiry workflow: what most stories show. */
function renderApproveInquiryPanel(args: Story['args']): ReactElement {
  return (
    <Frame definition={approveInquiryWorkflow} onChange={onChangeOf(args)}>
      <StepConfigPanel stepId={args?.stepId ?? 'notify_crm'} />
    </Frame>
  );
}

function panel(canvasElement: HTMLElement) {
  return within(within(canvasElement).getByRole('region', { name: 'Step configuration' }));
}

// ---- The HTTPS step --------------------------------------------------------------

/** The HTTPS step as a person sees it: every field of the spec, Advanced Configuration collapsed. */
export const HttpsRequest: Story = {
  args: withOnChange,
  render: renderApproveInquiryPanel,
  play: async ({ canvasElement, args }) => {
    const onChange = onChangeOf(args);
    const p = panel(canvasElement);
    await expect(p.getByRole('heading', { name: 'Make HTTPS Request' })).toBeVisible();
    await expect(p.getByRole('textbox', { name: 'Step name' })).toHaveValue('Notify CRM');
    await expect(p.getByRole('textbox', { name: 'URL' })).toHaveValue('https://crm.example.com/hooks/inquiries');
    await expect(p.getByRole('combobox', { name: 'Request Type' })).toHaveDisplayValue('POST');
    await expect(p.getByRole('textbox', { name: 'Body' })).toBeVisible();
    await expect(p.getByRole('group', { name: 'Request Headers' })).toBeVisible();
    await expect(p.getByRole('button', { name: 'Add header' })).toBeVisible();
    await expect(p.getByRole('group', { name: 'Query Parameters' })).toBeVisible();
    await expect(p.getByRole('button', { name: 'Add query parameter' })).toBeVisible();
    await expect(p.getByRole('textbox', { name: 'Response Schema' })).toBeVisible();
    await expect(p.getByRole('button', { name: 'Close' })).toBeVisible();
    await expect(p.getByRole('button', { name: 'Export step JSON' })).toBeVisible();
    // Help texts, not raw field ids.
    await expect(p.getByText(/Where the request goes/)).toBeVisible();
    await expect(canvasElement.textContent).not.toMatch(/root_|timeoutSeconds|retryIntervals/);

    // Advanced Configuration starts collapsed.
    const advanced = p.getByRole('button', { name: 'Advanced Configuration' });
    await expect(advanced).toHaveAttribute('aria-expanded', 'false');
    await expect(p.queryByRole('combobox', { name: 'Signing Secret' })).toBeNull();
    await userEvent.click(advanced);
    await expect(advanced).toHaveAttribute('aria-expanded', 'true');

    // Signing Secret: a choice among the host's secrets, stored as a reference.
    await userEvent.selectOptions(p.getByRole('combobox', { name: 'Signing Secret' }), 'crm_signing_secret');
    await waitFor(() =>
      expect(lastConfig(onChange, 'notify_crm').signing).toEqual({ secret: '{{ secrets.crm_signing_secret }}' }),
    );
    await expect(p.getByRole('textbox', { name: 'Signature Header' })).toHaveAttribute(
      'placeholder',
      'Persona-Signature',
    );

    // Request Timeout: a number of seconds; the default is never written.
    const timeout = p.getByRole('spinbutton', { name: 'Request Timeout' });
    await expect(timeout).toHaveAttribute('placeholder', '30');
    await userEvent.type(timeout, '45');
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm').timeoutSeconds).toBe(45));
    await userEvent.clear(timeout);
    await userEvent.type(timeout, '30');
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm')).not.toHaveProperty('timeoutSeconds'));

    // Retry Intervals: add and remove rows of seconds.
    await userEvent.click(p.getByRole('button', { name: 'Add retry interval' }));
    await userEvent.type(p.getByRole('spinbutton', { name: 'Retry 1' }), '5');
    await userEvent.click(p.getByRole('button', { name: 'Add retry interval' }));
    await userEvent.type(p.getByRole('spinbutton', { name: 'Retry 2' }), '30');
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm').retryIntervals).toEqual([5, 30]));
    await userEvent.click(p.getByRole('button', { name: 'Remove retry interval 1' }));
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm').retryIntervals).toEqual([30]));

    // Continue on error.
    await userEvent.click(p.getByRole('checkbox', { name: 'Continue on error' }));
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm').continueOnError).toBe(true));

    // A burst of typing in one field is one undo step.
    const url = p.getByRole('textbox', { name: 'URL' });
    await userEvent.type(url, '/v2');
    await userEvent.tab();
    await waitFor(() =>
      expect(lastConfig(onChange, 'notify_crm').url).toBe('https://crm.example.com/hooks/inquiries/v2'),
    );
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Undo' }));
    await expect(url).toHaveValue('https://crm.example.com/hooks/inquiries');
    await expect(lastConfig(onChange, 'notify_crm').continueOnError).toBe(true);

    // Step name goes through the store.
    const name = p.getByRole('textbox', { name: 'Step name' });
    await userEvent.clear(name);
    await expect(p.getByText('Enter a name.')).toBeVisible();
    await userEvent.type(name, 'Tell the CRM');
    await waitFor(() => expect(lastDefinition(onChange).steps[0]!.name).toBe('Tell the CRM'));
  },
};

/** The same panel in the dark theme (tokens only; no component code differs). */
export const HttpsRequestDark: Story = {
  args: withOnChange,
  render: (args) => (
    <Frame definition={brokenWorkflow} onChange={onChangeOf(args)} theme="dark">
      <StepConfigPanel stepId={args.stepId} showAllErrors />
    </Frame>
  ),
  play: async ({ canvasElement }) => {
    const region = within(canvasElement).getByRole('region', { name: 'Step configuration' });
    await expect(getComputedStyle(region).backgroundColor).not.toBe('rgb(255, 255, 255)');
  },
};

/** Body shows only for PATCH/POST/PUT; leaving POST removes it, coming back brings it back as typed. */
export const BodyByMethod: Story = {
  args: withOnChange,
  render: renderApproveInquiryPanel,
  play: async ({ canvasElement, args }) => {
    const onChange = onChangeOf(args);
    const p = panel(canvasElement);
    const original = (approveInquiryWorkflow.steps[0] as ActionStep).config.body;
    const method = p.getByRole('combobox', { name: 'Request Type' });
    for (const withBody of ['PATCH', 'PUT', 'POST']) {
      await userEvent.selectOptions(method, withBody);
      await expect(p.getByRole('textbox', { name: 'Body' })).toBeVisible();
    }
    await userEvent.selectOptions(method, 'GET');
    await expect(p.queryByRole('textbox', { name: 'Body' })).toBeNull();
    const afterGet = lastConfig(onChange, 'notify_crm');
    await expect(afterGet.method).toBe('GET');
    await expect(afterGet).not.toHaveProperty('body');
    // One change: method and body went together.
    const calls = onChange.mock.calls.length;
    await userEvent.selectOptions(method, 'DELETE');
    await expect(p.queryByRole('textbox', { name: 'Body' })).toBeNull();
    await expect(onChange.mock.calls.length).toBe(calls + 1);

    // Undo twice: DELETE → GET → POST with its body, one step each.
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
    await expect(lastConfig(onChange, 'notify_crm').method).toBe('GET');
    await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
    await expect(lastConfig(onChange, 'notify_crm')).toMatchObject({ method: 'POST', body: original });
    await expect(p.getByRole('combobox', { name: 'Request Type' })).toHaveDisplayValue('POST');
    await expect(JSON.parse(codeText(p.getByRole('textbox', { name: 'Body' })))).toEqual(original);
    await userEvent.selectOptions(method, 'GET');

    // Back to POST: the body returns by itself, in the same change as the method.
    await userEvent.selectOptions(method, 'POST');
    const body = (): HTMLElement => p.getByRole('textbox', { name: 'Body' });
    await expect(JSON.parse(codeText(body()))).toEqual(original);
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm')).toMatchObject({ method: 'POST', body: original }));
    await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
    await expect(lastConfig(onChange, 'notify_crm').method).toBe('GET');
    await expect(lastConfig(onChange, 'notify_crm')).not.toHaveProperty('body');
    await userEvent.selectOptions(method, 'POST');
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm')).toMatchObject({ method: 'POST', body: original }));

    // As typed: the person's own layout comes back unchanged...
    const typed = '{"status": "approved",   "count": 2}';
    selectAllCode(body());
    await userEvent.paste(typed);
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm').body).toEqual({ status: 'approved', count: 2 }));
    await userEvent.selectOptions(method, 'GET');
    await userEvent.selectOptions(method, 'POST');
    await expect(codeText(body())).toBe(typed);

    // ...and so does text that is not valid JSON yet, with its error; the definition has no body meanwhile.
    selectAllCode(body());
    await userEvent.paste('{"status": ');
    await userEvent.selectOptions(method, 'GET');
    await expect(lastConfig(onChange, 'notify_crm')).not.toHaveProperty('body');
    await userEvent.selectOptions(method, 'POST');
    await expect(codeText(body())).toBe('{"status": ');
    await expect(body()).toHaveAttribute('aria-invalid', 'true');
    await expect(p.getByText(/Line 1, column 12: a value is expected/)).toBeVisible();
    await expect(lastConfig(onChange, 'notify_crm')).not.toHaveProperty('body');

    // Finished, it goes into the definition: the story ends with POST and a body.
    placeCaret(body(), -1);
    await userEvent.keyboard('"approved"}');
    await waitFor(() =>
      expect(lastConfig(onChange, 'notify_crm')).toMatchObject({ method: 'POST', body: { status: 'approved' } }),
    );
    await expect(p.queryByText(/Line \d+, column \d+/)).toBeNull();
  },
};

/** Ctrl+Z in a field is the editor's undo: one history for every field, a burst per field, the body's own layout back. */
export const UndoInFields: Story = {
  args: withOnChange,
  render: renderApproveInquiryPanel,
  play: async ({ canvasElement, args }) => {
    const onChange = onChangeOf(args);
    const p = panel(canvasElement);
    const body = (): HTMLElement => p.getByRole('textbox', { name: 'Body' });
    const url = p.getByRole('textbox', { name: 'URL' });
    const name = p.getByRole('textbox', { name: 'Step name' });
    const original = codeText(body());

    selectAllCode(body());
    await userEvent.paste('{"k": "v"}');
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm').body).toEqual({ k: 'v' }));
    await userEvent.tab();
    selectAllCode(body());
    await userEvent.paste('{"k":   "w"}');
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm').body).toEqual({ k: 'w' }));

    await userEvent.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(codeText(body())).toBe('{"k": "v"}'));
    await expect(lastConfig(onChange, 'notify_crm').body).toEqual({ k: 'v' });
    await userEvent.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    await waitFor(() => expect(codeText(body())).toBe('{"k":   "w"}'));

    // A burst of typing in URL, then Ctrl+Z from another field: URL goes back, nothing else moves.
    await userEvent.type(url, '/extra');
    await userEvent.click(name);
    const calls = onChange.mock.calls.length;
    await userEvent.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(url).toHaveValue('https://crm.example.com/hooks/inquiries'));
    await expect(name).toHaveValue('Notify CRM');
    // The undo is one change, not a new entry the next undo would take back.
    await expect(onChange.mock.calls.length).toBe(calls + 1);
    await userEvent.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(codeText(body())).toBe('{"k": "v"}'));
    await userEvent.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(codeText(body())).toBe(original));
    await expect(lastConfig(onChange, 'notify_crm').body).toEqual(JSON.parse(original));

    // An undo that takes away the field it was pressed in (back to GET: no Body) leaves
    // focus on the control before it, so the next Ctrl+Z is the editor's again.
    const method = p.getByRole('combobox', { name: 'Request Type' });
    await userEvent.selectOptions(method, 'GET');
    await userEvent.selectOptions(method, 'POST');
    await userEvent.click(body());
    await userEvent.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(p.queryByRole('textbox', { name: 'Body' })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(method));
    await userEvent.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm')).toMatchObject({ method: 'POST' }));
    await expect(codeText(body())).toBe(original);

    // The browser's own undo of a field (focus on the page, the Edit menu) comes as a
    // historyUndo input on the field last typed in, as Chromium sends it: the editor's undo.
    const browserUndo = new InputEvent('beforeinput', { inputType: 'historyUndo', bubbles: true, cancelable: true });
    await expect(url.dispatchEvent(browserUndo)).toBe(false);
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm').method).toBe('GET'));
    const browserRedo = new InputEvent('beforeinput', { inputType: 'historyRedo', bubbles: true, cancelable: true });
    await expect(url.dispatchEvent(browserRedo)).toBe(false);
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm').method).toBe('POST'));
    await expect(codeText(body())).toBe(original);
  },
};

/**
 * Ctrl+Z leaves text the history does not hold to the field's own undo: invalid JSON being
 * typed, the "from sample" box. It reaches the history from a button, from any keyboard
 * layout, and never in the middle of a composition (IME).
 */
export const UndoKeysRespectOwnText: Story = {
  args: withOnChange,
  render: renderApproveInquiryPanel,
  play: async ({ canvasElement, args }) => {
    const onChange = onChangeOf(args);
    const p = panel(canvasElement);
    const url = p.getByRole('textbox', { name: 'URL' });
    await userEvent.type(url, '/x');
    await userEvent.tab();
    const afterUrl = onChange.mock.calls.length;

    // Invalid JSON in Body: not the history's yet, so the history is left alone.
    const body = p.getByRole('textbox', { name: 'Body' });
    await userEvent.type(body, ',');
    await expect(body).toHaveAttribute('aria-invalid', 'true');
    await userEvent.keyboard('{Control>}z{/Control}');
    await expect(onChange.mock.calls.length).toBe(afterUrl);
    await expect(url).toHaveValue('https://crm.example.com/hooks/inquiries/x');
    await userEvent.type(body, '{Backspace}');

    // The "from sample" box is scratch text.
    await userEvent.click(p.getByRole('button', { name: 'from sample' }));
    const sample = await p.findByRole('textbox', { name: 'Sample JSON' });
    await userEvent.type(sample, '{{"a": 1}');
    const beforeSample = onChange.mock.calls.length;
    await userEvent.keyboard('{Control>}z{/Control}');
    await expect(onChange.mock.calls.length).toBe(beforeSample);

    // During a composition the keys belong to the input method.
    await fireEvent.keyDown(url, { key: 'Process', code: 'KeyZ', ctrlKey: true, isComposing: true, keyCode: 229 });
    await expect(url).toHaveValue('https://crm.example.com/hooks/inquiries/x');

    // A Russian layout reports "я" for the Z key: still the editor's undo.
    await fireEvent.keyDown(url, { key: 'я', code: 'KeyZ', ctrlKey: true });
    await waitFor(() => expect(url).toHaveValue('https://crm.example.com/hooks/inquiries'));
    // And from a button in the panel, the redo.
    await fireEvent.keyDown(p.getByRole('button', { name: 'Add header' }), {
      key: 'z',
      code: 'KeyZ',
      ctrlKey: true,
      shiftKey: true,
    });
    await waitFor(() => expect(url).toHaveValue('https://crm.example.com/hooks/inquiries/x'));
  },
};

/** Body text nested deeper than a document may be: a message with its place, nothing thrown, nothing saved. */
export const DeeplyNestedBody: Story = {
  args: withOnChange,
  render: renderApproveInquiryPanel,
  play: async ({ canvasElement, args }) => {
    const onChange = onChangeOf(args);
    const p = panel(canvasElement);
    const body = (): HTMLElement => p.getByRole('textbox', { name: 'Body' });
    selectAllCode(body());
    await userEvent.paste(`${'['.repeat(3_000)}${']'.repeat(3_000)}`);
    await expect(p.getByText(/Line 1, column 257: it is nested too deeply \(at most 256 levels\)/)).toBeVisible();
    await expect(body()).toHaveAttribute('aria-invalid', 'true');
    await expect(onChange).not.toHaveBeenCalled();
  },
};

/** Retry rows out of range or left empty: each row says what is wrong in its own words. */
export const RetryRowsFlagged: Story = {
  args: withOnChange,
  render: renderApproveInquiryPanel,
  play: async ({ canvasElement, args }) => {
    const onChange = onChangeOf(args);
    const p = panel(canvasElement);
    await userEvent.click(p.getByRole('button', { name: 'Advanced Configuration' }));
    await userEvent.click(p.getByRole('button', { name: 'Add retry interval' }));
    const first = p.getByRole('spinbutton', { name: 'Retry 1' });
    await userEvent.type(first, '99999');
    await userEvent.click(p.getByRole('button', { name: 'Add retry interval' }));
    const second = p.getByRole('spinbutton', { name: 'Retry 2' });
    await userEvent.click(second);
    await userEvent.tab();
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm').retryIntervals).toEqual([99999, null]));
    await expect(first).toHaveAccessibleDescription(/Retry 1 must be at most 3600/);
    await expect(second).toHaveAccessibleDescription(/Retry 2 must be a number/);
    await expect(first).toHaveAttribute('aria-invalid', 'true');
    await expect(second).toHaveAttribute('aria-invalid', 'true');
    await expect(canvasElement.textContent).not.toMatch(/retryIntervals|Seconds \d|Entry \d/);
  },
};

/** Invalid JSON in Body: the text stays, line and column show, the definition keeps the last valid body. */
export const InvalidJsonBody: Story = {
  args: withOnChange,
  render: renderApproveInquiryPanel,
  play: async ({ canvasElement, args }) => {
    const onChange = onChangeOf(args);
    const p = panel(canvasElement);
    const body = (): HTMLElement => p.getByRole('textbox', { name: 'Body' });
    selectAllCode(body());
    await userEvent.paste('{ "status": "approved" }');
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm').body).toEqual({ status: 'approved' }));

    // Replace the whole text in one go (clearing first would be a valid "no body").
    selectAllCode(body());
    await userEvent.paste('{\n  "status": "approved",\n  "count": \n}');
    await expect(codeText(body())).toBe('{\n  "status": "approved",\n  "count": \n}');
    await expect(p.getByText(/Line 4, column 1: a value is expected/)).toBeVisible();
    await expect(body()).toHaveAttribute('aria-invalid', 'true');
    await expect(lastConfig(onChange, 'notify_crm').body).toEqual({ status: 'approved' });

    placeCaret(body(), -1);
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}2');
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm').body).toEqual({ status: 'approved', count: 2 }));
    await expect(p.queryByText(/Line \d+, column \d+/)).toBeNull();
  },
};

/** Keyboard alone: a new row's first field takes focus; removing a row leaves focus on the row now in its place. */
export const RowsByKeyboard: Story = {
  args: withOnChange,
  render: renderApproveInquiryPanel,
  play: async ({ canvasElement, args }) => {
    const onChange = onChangeOf(args);
    const p = panel(canvasElement);
    const headers = within(p.getByRole('group', { name: 'Request Headers' }));
    headers.getByRole('button', { name: 'Add header' }).focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(headers.getAllByRole('textbox', { name: 'Key' })[0]).toHaveFocus());
    await userEvent.keyboard('X-One');
    await userEvent.tab();
    await userEvent.keyboard('1');
    headers.getByRole('button', { name: 'Add header' }).focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(headers.getAllByRole('textbox', { name: 'Key' })[1]).toHaveFocus());
    await userEvent.keyboard('X-Two');
    await waitFor(() =>
      expect(lastConfig(onChange, 'notify_crm').headers).toEqual([{ key: 'X-One', value: '1' }, { key: 'X-Two' }]),
    );

    headers.getByRole('button', { name: 'Remove header 1' }).focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm').headers).toEqual([{ key: 'X-Two' }]));
    await waitFor(() => expect(headers.getByRole('button', { name: 'Remove header 1' })).toHaveFocus());
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(headers.getByRole('button', { name: 'Add header' })).toHaveFocus());
    await expect(headers.queryAllByRole('textbox', { name: 'Key' })).toHaveLength(0);
  },
};

/** Request Headers and Query Parameters: rows of Key and Value, added and removed. */
export const HeaderRows: Story = {
  args: withOnChange,
  render: renderApproveInquiryPanel,
  play: async ({ canvasElement, args }) => {
    const onChange = onChangeOf(args);
    const p = panel(canvasElement);
    const headers = within(p.getByRole('group', { name: 'Request Headers' }));
    await userEvent.click(headers.getByRole('button', { name: 'Add header' }));
    await userEvent.type(headers.getAllByRole('textbox', { name: 'Key' })[0]!, 'X-Api-Key');
    await userEvent.type(headers.getAllByRole('textbox', { name: 'Value' })[0]!, 'abc');
    await userEvent.click(headers.getByRole('button', { name: 'Add header' }));
    await userEvent.type(headers.getAllByRole('textbox', { name: 'Key' })[1]!, 'Accept');
    await userEvent.type(headers.getAllByRole('textbox', { name: 'Value' })[1]!, 'application/json');
    await waitFor(() =>
      expect(lastConfig(onChange, 'notify_crm').headers).toEqual([
        { key: 'X-Api-Key', value: 'abc' },
        { key: 'Accept', value: 'application/json' },
      ]),
    );
    await userEvent.click(headers.getByRole('button', { name: 'Remove header 1' }));
    await waitFor(() =>
      expect(lastConfig(onChange, 'notify_crm').headers).toEqual([{ key: 'Accept', value: 'application/json' }]),
    );
    await expect(headers.getAllByRole('textbox', { name: 'Key' })).toHaveLength(1);

    const query = within(p.getByRole('group', { name: 'Query Parameters' }));
    await userEvent.click(query.getByRole('button', { name: 'Add query parameter' }));
    await userEvent.type(query.getByRole('textbox', { name: 'Key' }), 'source');
    await userEvent.type(query.getByRole('textbox', { name: 'Value' }), 'workflow');
    await waitFor(() =>
      expect(lastConfig(onChange, 'notify_crm').query).toEqual([{ key: 'source', value: 'workflow' }]),
    );
    await userEvent.click(query.getByRole('button', { name: 'Remove query parameter 1' }));
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm')).not.toHaveProperty('query'));

    // A header name with a space is flagged beside the field once it was left.
    await userEvent.click(headers.getByRole('button', { name: 'Add header' }));
    const key = headers.getAllByRole('textbox', { name: 'Key' })[1]!;
    await userEvent.type(key, 'Bad Header');
    await userEvent.tab();
    await waitFor(() => expect(key).toHaveAttribute('aria-invalid', 'true'));
    await expect(key.closest('.wfe-field')!.querySelector('.wfe-field-error')).not.toBeNull();
  },
};

/** "Insert reference" beside URL: trigger fields, earlier outputs, secrets; inserted at the caret. */
export const InsertReference: Story = {
  args: { ...withOnChange, stepId: 'approve' },
  render: (args) => (
    <Frame
      definition={{
        ...approveInquiryWorkflow,
        steps: [
          {
            ...(approveInquiryWorkflow.steps[0] as ActionStep),
            config: {
              url: 'https://crm.example.com/hooks/inquiries',
              method: 'POST',
              responseSchema: { type: 'object', properties: { crmId: { type: 'string' } } },
            },
          },
          {
            id: 'fetch_user',
            type: 'action',
            action: 'https_request',
            name: 'Fetch user',
            config: { url: 'https://api.example.com/users/', method: 'GET' },
          },
        ],
      }}
      onChange={onChangeOf(args)}
    >
      <StepConfigPanel stepId="fetch_user" />
    </Frame>
  ),
  play: async ({ canvasElement, args }) => {
    const onChange = onChangeOf(args);
    const canvas = within(canvasElement);
    const p = panel(canvasElement);
    const url = p.getByRole<HTMLInputElement>('textbox', { name: 'URL' });
    await userEvent.click(url);
    url.setSelectionRange(url.value.length, url.value.length);
    const urlField = within(url.closest('.wfe-field') as HTMLElement);
    await userEvent.click(urlField.getByRole('button', { name: 'Insert reference' }));
    const picker = await canvas.findByRole('dialog', { name: 'Insert reference' });
    await expect(within(picker).getByRole('group', { name: 'Trigger' })).toBeVisible();
    await expect(within(picker).getByRole('group', { name: 'Notify CRM' })).toBeVisible();
    await expect(within(picker).getByRole('group', { name: 'Secrets' })).toBeVisible();
    // The earlier HTTPS step's response fields come from its Response Schema.
    await expect(within(picker).getByRole('option', { name: /crmId/ })).toBeVisible();
    await userEvent.type(within(picker).getByRole('combobox', { name: 'Search references' }), 'inquiryId');
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Insert reference' })).toBeNull());
    await expect(url).toHaveValue('https://api.example.com/users/{{ trigger.inquiryId }}');
    await expect(url).toHaveFocus();
    await waitFor(() =>
      expect(lastConfig(onChange, 'fetch_user').url).toBe('https://api.example.com/users/{{ trigger.inquiryId }}'),
    );

    // In the middle of the text too.
    url.setSelectionRange(8, 8);
    await userEvent.click(urlField.getByRole('button', { name: 'Insert reference' }));
    const again = await canvas.findByRole('dialog', { name: 'Insert reference' });
    await userEvent.click(within(again).getByRole('option', { name: /crm_api_key/ }));
    await expect(url).toHaveValue('https://{{ secrets.crm_api_key }}api.example.com/users/{{ trigger.inquiryId }}');

    // Escape closes the list without inserting.
    await userEvent.click(urlField.getByRole('button', { name: 'Insert reference' }));
    await canvas.findByRole('dialog', { name: 'Insert reference' });
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Insert reference' })).toBeNull());
    await expect(url).toHaveFocus();
  },
};

/**
 * The Body takes references too: "Insert reference" beside it puts the chosen one where
 * the caret was, as a JSON string of its own between values and as it is inside a string.
 */
export const InsertReferenceInBody: Story = {
  args: withOnChange,
  render: renderApproveInquiryPanel,
  play: async ({ canvasElement, args }) => {
    const onChange = onChangeOf(args);
    const canvas = within(canvasElement);
    const p = panel(canvasElement);
    const body = (): HTMLElement => p.getByRole('textbox', { name: 'Body' });
    const insertInBody = (): HTMLElement =>
      within(body().closest('.wfe-reference-input') as HTMLElement).getByRole('button', { name: 'Insert reference' });

    selectAllCode(body());
    await userEvent.paste('{"id": , "note": "for "}');
    placeCaret(body(), '{"id": '.length);
    await userEvent.click(insertInBody());
    const picker = await canvas.findByRole('dialog', { name: 'Insert reference' });
    await userEvent.type(within(picker).getByRole('combobox', { name: 'Search references' }), 'inquiryId');
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Insert reference' })).toBeNull());
    await expect(codeText(body())).toBe('{"id": "{{ trigger.inquiryId }}", "note": "for "}');
    await expect(body()).toHaveFocus();

    // Inside a string, the reference goes in as it is.
    placeCaret(body(), codeText(body()).length - 2);
    await userEvent.click(insertInBody());
    const again = await canvas.findByRole('dialog', { name: 'Insert reference' });
    await userEvent.type(within(again).getByRole('combobox', { name: 'Search references' }), 'inquiryId');
    await userEvent.keyboard('{Enter}');
    const written = '{"id": "{{ trigger.inquiryId }}", "note": "for {{ trigger.inquiryId }}"}';
    await waitFor(() => expect(codeText(body())).toBe(written));
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm').body).toEqual(JSON.parse(written)));

    // Escape closes the list without inserting, focus back in the Body.
    await userEvent.click(insertInBody());
    await canvas.findByRole('dialog', { name: 'Insert reference' });
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Insert reference' })).toBeNull());
    await expect(body()).toHaveFocus();
    await expect(codeText(body())).toBe(written);
  },
};

const brokenWorkflow: Workflow = {
  ...approveInquiryWorkflow,
  steps: [
    {
      id: 'notify_crm',
      type: 'action',
      action: 'https_request',
      name: 'Notify CRM',
      config: {
        url: 'http://crm.example.com/users/{{ steps.approve.output.body.id }}',
        method: 'POST',
        headers: [{ key: 'X Api Key', value: '{{ secrets.crm_api_key }}' }],
        retryIntervals: [5, 4000],
        timeoutSeconds: 900,
      },
    },
    approveInquiryWorkflow.steps[1]!,
  ],
};

/** After "Publish": every problem beside its field, in plain words, Advanced opened where it has problems. */
export const HttpsRequestWithErrors: Story = {
  args: withOnChange,
  render: (args) => (
    <Frame definition={brokenWorkflow} onChange={onChangeOf(args)}>
      <StepConfigPanel stepId={args.stepId} showAllErrors />
    </Frame>
  ),
  play: async ({ canvasElement }) => {
    const p = panel(canvasElement);
    const errorOf = (element: HTMLElement): string =>
      (element.closest('.wfe-field') as HTMLElement).querySelector('.wfe-field-errors')?.textContent ?? '';
    const url = p.getByRole('textbox', { name: 'URL' });
    await expect(url).toHaveAttribute('aria-invalid', 'true');
    await expect(errorOf(url)).toMatch(/https/i);
    // The reference to a later step is flagged on the field.
    await expect(errorOf(url)).toMatch(/approve/);
    const key = p.getByRole('textbox', { name: 'Key' });
    await expect(key).toHaveAttribute('aria-invalid', 'true');
    await expect(p.getByRole('button', { name: 'Advanced Configuration' })).toHaveAttribute('aria-expanded', 'true');
    const timeout = p.getByRole('spinbutton', { name: 'Request Timeout' });
    await expect(errorOf(timeout)).toMatch(/1 to 300|at most 300/);
    await expect(errorOf(p.getByRole('spinbutton', { name: 'Retry 2' }))).toMatch(/3600/);
    // Messages are sentences, not schema keywords or pointers.
    await expect(canvasElement.textContent).not.toMatch(/\/steps\/0|must match pattern|root_/);
  },
};

/** Without "Publish", a field's problems appear once the person has left it. */
export const ErrorsAfterTouch: Story = {
  args: withOnChange,
  render: (args) => (
    <Frame definition={brokenWorkflow} onChange={onChangeOf(args)}>
      <StepConfigPanel stepId={args.stepId} />
    </Frame>
  ),
  play: async ({ canvasElement }) => {
    const p = panel(canvasElement);
    const url = p.getByRole('textbox', { name: 'URL' });
    // Out-of-scope references are flagged at once; other problems wait for a touch.
    await expect(url).toHaveAttribute('aria-invalid', 'true');
    const key = p.getByRole('textbox', { name: 'Key' });
    await expect(key).not.toHaveAttribute('aria-invalid');
    await userEvent.click(key);
    await userEvent.tab();
    await waitFor(() => expect(key).toHaveAttribute('aria-invalid', 'true'));
    await userEvent.clear(url);
    await userEvent.tab();
    await waitFor(() => expect(p.getByText(/URL is required/)).toBeVisible());
  },
};

/** "Export step JSON": the step as a standalone document, read-only, with Copy and Download. */
export const ExportStepJson: Story = {
  args: withOnChange,
  render: renderApproveInquiryPanel,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const button = panel(canvasElement).getByRole('button', { name: 'Export step JSON' });
    await userEvent.click(button);
    const dialog = await canvas.findByRole('dialog', { name: 'Export step JSON' });
    const text = within(dialog).getByRole<HTMLTextAreaElement>('textbox', { name: 'Step JSON' });
    await expect(text).toHaveAttribute('readonly');
    const document = JSON.parse(text.value) as Record<string, unknown>;
    await expect(document).toMatchObject({ schemaVersion: 1, kind: 'step', id: 'notify_crm', action: 'https_request' });
    await expect(within(dialog).getByRole('button', { name: 'Copy' })).toBeVisible();
    await expect(within(dialog).getByRole('button', { name: 'Download' })).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Export step JSON' })).toBeNull());
    await expect(button).toHaveFocus();
  },
};

// ---- Other panels ----------------------------------------------------------------

const slackWorkflow: Workflow = {
  ...approveInquiryWorkflow,
  steps: [
    ...approveInquiryWorkflow.steps,
    {
      id: 'post_to_slack',
      type: 'action',
      action: 'post_to_slack',
      name: 'Tell the team',
      config: { channel: '#inquiries', message: 'Approved {{ trigger.inquiryId }}' },
    },
  ],
};

/** A host action's panel, generated from its own schemas with no further code. */
export const HostAction: Story = {
  args: { ...withOnChange, stepId: 'post_to_slack' },
  render: (args) => (
    <Frame definition={slackWorkflow} onChange={onChangeOf(args)} catalog={hostCatalog}>
      <StepConfigPanel stepId={args.stepId} />
    </Frame>
  ),
  play: async ({ canvasElement, args }) => {
    const onChange = onChangeOf(args);
    const p = panel(canvasElement);
    await expect(p.getByRole('heading', { name: 'Post to Slack' })).toBeVisible();
    await expect(p.getByRole('textbox', { name: 'Channel' })).toHaveValue('#inquiries');
    const message = p.getByRole('textbox', { name: 'Message' });
    await expect(message).toHaveValue('Approved {{ trigger.inquiryId }}');
    await userEvent.selectOptions(p.getByRole('combobox', { name: 'Priority' }), 'urgent');
    await waitFor(() => expect(lastConfig(onChange, 'post_to_slack').priority).toBe('urgent'));
    await userEvent.selectOptions(p.getByRole('combobox', { name: 'Priority' }), 'normal');
    await waitFor(() => expect(lastConfig(onChange, 'post_to_slack')).not.toHaveProperty('priority'));
    const channel = p.getByRole('textbox', { name: 'Channel' });
    await userEvent.clear(channel);
    await userEvent.type(channel, 'general');
    await userEvent.tab();
    await waitFor(() => expect(channel).toHaveAttribute('aria-invalid', 'true'));
    await userEvent.click(p.getByRole('button', { name: 'Advanced Configuration' }));
    // Defaults show although the definition leaves them out.
    await expect(p.getByRole('combobox', { name: 'Priority' })).toHaveDisplayValue('normal');
    const previews = p.getByRole('checkbox', { name: 'Show link previews' });
    await expect(previews).toBeChecked();
    await userEvent.click(previews);
    await waitFor(() => expect(lastConfig(onChange, 'post_to_slack').unfurlLinks).toBe(false));
    await userEvent.click(previews);
    await waitFor(() => expect(lastConfig(onChange, 'post_to_slack')).not.toHaveProperty('unfurlLinks'));
    await expect(previews).toBeChecked();
  },
};

/** The trigger: Event and Payload Schema "from sample", whose fields become references in the steps. */
export const Trigger: Story = {
  args: withOnChange,
  render: (args) => (
    <Frame
      definition={{ ...approveInquiryWorkflow, trigger: { event: 'inquiry.completed' } }}
      onChange={onChangeOf(args)}
      sideBySide
    >
      <TriggerPanel />
      <StepConfigPanel stepId="notify_crm" />
    </Frame>
  ),
  play: async ({ canvasElement, args }) => {
    const onChange = onChangeOf(args);
    const canvas = within(canvasElement);
    const [triggerRegion, stepRegion] = canvas.getAllByRole('region', { name: 'Step configuration' });
    const trigger = within(triggerRegion!);
    await expect(trigger.getByRole('heading', { name: 'Trigger' })).toBeVisible();
    const event = trigger.getByRole('textbox', { name: 'Event' });
    await userEvent.clear(event);
    await userEvent.type(event, 'inquiry.approved');
    await waitFor(() => expect(lastDefinition(onChange).trigger.event).toBe('inquiry.approved'));

    // The payload schema builder is its own lazily loaded part: on a busy machine it may
    // still be on its way when Event has been typed.
    await userEvent.click(await trigger.findByRole('button', { name: 'from sample' }, { timeout: 5000 }));
    const sample = trigger.getByRole('textbox', { name: 'Sample JSON' });
    await expect(sample).toHaveFocus();
    await userEvent.paste('{ "inquiryId": "inq_123", "accountId": "act_9", "score": 0.4 }');
    await userEvent.click(trigger.getByRole('button', { name: 'Create schema' }));
    await waitFor(() =>
      expect(lastDefinition(onChange).trigger.payloadSchema).toEqual({
        type: 'object',
        properties: { inquiryId: { type: 'string' }, accountId: { type: 'string' }, score: { type: 'number' } },
      }),
    );
    // The schema shows as its list of fields, one row each with name and type.
    const fields = within(await trigger.findByRole('group', { name: 'Payload Schema' }));
    const names = fields
      .getAllByRole('textbox', { name: 'Field name' })
      .map((field) => (field as HTMLInputElement).value);
    await expect(names).toEqual(['inquiryId', 'accountId', 'score']);
    const types = fields.getAllByRole('combobox', { name: 'Type' }).map((field) => (field as HTMLSelectElement).value);
    await expect(types).toEqual(['string', 'string', 'number']);

    // The new payload fields are offered in the step's "Insert reference".
    const step = within(stepRegion!);
    const url = step.getByRole('textbox', { name: 'URL' });
    await userEvent.click(
      within(url.closest('.wfe-field') as HTMLElement).getByRole('button', { name: 'Insert reference' }),
    );
    const picker = await canvas.findByRole('dialog', { name: 'Insert reference' });
    await userEvent.click(
      within(within(picker).getByRole('group', { name: 'Trigger' })).getByRole('option', { name: /accountId/ }),
    );
    await waitFor(() => expect(lastConfig(onChange, 'notify_crm').url).toMatch(/\{\{ trigger\.accountId \}\}$/));
    // Where the panels sit one under the other, the story ends as it opened: on the trigger.
    triggerRegion!.scrollIntoView({ block: 'start' });
  },
};

const routeStep = branchingWorkflow.steps[1] as BranchStep;

/** The Conditional step: branches in order, condition rows, the default branch last. */
export const Conditional: Story = {
  args: { ...withOnChange, stepId: 'route' },
  render: (args) => (
    <Frame definition={branchingWorkflow} onChange={onChangeOf(args)}>
      <BranchPanel stepId={args.stepId} />
    </Frame>
  ),
  play: async ({ canvasElement, args }) => {
    const onChange = onChangeOf(args);
    const canvas = within(canvasElement);
    const p = panel(canvasElement);
    const route = (): BranchStep => lastDefinition(onChange).steps[1] as BranchStep;
    await expect(p.getByRole('heading', { name: 'Conditional' })).toBeVisible();
    const names = () =>
      p.getAllByRole('textbox', { name: 'Branch name' }).map((input) => (input as HTMLInputElement).value);
    await expect(names()).toEqual(routeStep.branches.map((branch) => branch.name));

    // First branch: one row, switch to "Any of" and add a second row with a reference.
    const high = within(p.getByRole('group', { name: 'High risk' }));
    await expect(high.getByRole('textbox', { name: 'Left value' })).toHaveValue(
      '{{ steps.score_risk.output.body.score }}',
    );
    await expect(high.getByRole('combobox', { name: 'Operator' })).toHaveDisplayValue('is at least');
    await expect(high.getByRole('textbox', { name: 'Right value' })).toHaveValue('70');
    await userEvent.click(high.getByRole('radio', { name: 'Any of' }));
    await userEvent.click(high.getByRole('button', { name: 'Add condition' }));
    const lefts = high.getAllByRole('textbox', { name: 'Left value' });
    await userEvent.click(
      within(lefts[1]!.closest('.wfe-reference-input') as HTMLElement).getByRole('button', {
        name: 'Insert reference',
      }),
    );
    const picker = await canvas.findByRole('dialog', { name: 'Insert reference' });
    await userEvent.click(within(picker).getByRole('option', { name: /country/ }));
    await userEvent.selectOptions(high.getAllByRole('combobox', { name: 'Operator' })[1]!, 'eq');
    await userEvent.type(high.getAllByRole('textbox', { name: 'Right value' })[1]!, 'US');
    await waitFor(() =>
      expect(route().branches[0]!.when).toEqual({
        any: [
          { left: '{{ steps.score_risk.output.body.score }}', op: 'gte', right: 70 },
          { left: '{{ trigger.country }}', op: 'eq', right: 'US' },
        ],
      }),
    );
    // "exists" takes no right value.
    await userEvent.selectOptions(high.getAllByRole('combobox', { name: 'Operator' })[1]!, 'exists');
    await expect(high.getAllByRole('textbox', { name: 'Right value' })).toHaveLength(1);
    await waitFor(() =>
      expect(route().branches[0]!.when).toMatchObject({ any: [{}, { left: '{{ trigger.country }}', op: 'exists' }] }),
    );
    await expect((route().branches[0]!.when as { any: object[] }).any[1]).not.toHaveProperty('right');
    await userEvent.click(high.getByRole('button', { name: 'Remove condition 2' }));
    await waitFor(() => expect((route().branches[0]!.when as { any: object[] }).any).toHaveLength(1));

    // Add a branch: it goes before the default branch, which stays last.
    await userEvent.click(p.getByRole('button', { name: 'Add branch' }));
    await waitFor(() => expect(route().branches).toHaveLength(4));
    await expect(route().branches[3]!.when).toBeUndefined();
    await expect(route().branches[3]!.name).toBe('Otherwise');

    // Rename it, move it up, and the default branch cannot move.
    const newName = p.getAllByRole('textbox', { name: 'Branch name' })[2]!;
    await userEvent.tripleClick(newName);
    await userEvent.keyboard('Very high risk');
    await waitFor(() => expect(route().branches[2]!.name).toBe('Very high risk'));
    const veryHigh = within(p.getByRole('group', { name: 'Very high risk' }));
    await expect(veryHigh.getByRole('button', { name: 'Move branch down' })).toBeDisabled();
    await userEvent.click(veryHigh.getByRole('button', { name: 'Move branch up' }));
    await waitFor(() =>
      expect(route().branches.map((branch) => branch.name)).toEqual([
        'High risk',
        'Very high risk',
        'Low risk',
        'Otherwise',
      ]),
    );
    const otherwise = within(p.getByRole('group', { name: 'Otherwise' }));
    await expect(otherwise.getByRole('button', { name: 'Move branch up' })).toBeDisabled();
    await expect(otherwise.getByText('Runs when no branch above matches.')).toBeVisible();

    // Remove it again.
    await userEvent.click(
      within(p.getByRole('group', { name: 'Very high risk' })).getByRole('button', { name: 'Remove branch' }),
    );
    await waitFor(() =>
      expect(route().branches.map((branch) => branch.name)).toEqual(['High risk', 'Low risk', 'Otherwise']),
    );
  },
};

// ---- Wired to the store's selection --------------------------------------------------

/** Selects "Notify CRM" with its panel open when the story starts, as after a click on its card. */
function SelectNotifyCrmAtStart(): null {
  const store = useWorkflowEditorStore();
  useEffect(() => {
    store.getState().select({ kind: 'step', stepId: 'notify_crm' }, { openPanel: true });
  }, [store]);
  return null;
}

/**
 * `ConnectedConfigPanel`: the panel of the canvas's selection, beside the canvas, with the
 * problems list over it; choosing a problem focuses its field. The play selects the trigger,
 * closes the panel and ends on "Notify CRM" again, as it began.
 */
export const Connected: Story = {
  args: withOnChange,
  render: (args) => (
    <Frame
      definition={brokenWorkflow}
      onChange={onChangeOf(args)}
      overCanvas={<ProblemsList className="wfe-problems-drawer" />}
    >
      <ConnectedConfigPanel />
      <SelectNotifyCrmAtStart />
    </Frame>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const notifyCrm = await canvas.findByRole('button', { name: 'Notify CRM' });
    await expect(panel(canvasElement).getByRole('heading', { name: 'Make HTTPS Request' })).toBeVisible();
    await expect(notifyCrm).toHaveAttribute('aria-pressed', 'true');

    const problems = within(canvas.getByRole('region', { name: /Problems/ }));
    await userEvent.click(problems.getByRole('button', { name: /Request Timeout|timeout/i }));
    const timeout = await panel(canvasElement).findByRole('spinbutton', { name: 'Request Timeout' });
    await waitFor(() => expect(timeout).toHaveFocus());
    await expect(panel(canvasElement).getByRole('button', { name: 'Advanced Configuration' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );

    await userEvent.click(canvas.getByRole('button', { name: 'Trigger' }));
    await waitFor(() => expect(panel(canvasElement).getByRole('heading', { name: 'Trigger' })).toBeVisible());
    await userEvent.click(panel(canvasElement).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(canvas.queryByRole('region', { name: 'Step configuration' })).toBeNull());

    await userEvent.click(await canvas.findByRole('button', { name: 'Notify CRM' }));
    await waitFor(() =>
      expect(panel(canvasElement).getByRole('heading', { name: 'Make HTTPS Request' })).toBeVisible(),
    );
  },
};

// ---- Step ID ---------------------------------------------------------------------------

/**
 * The branching workflow with "Notify CRM" sending the risk score of "Score risk" in a
 * header, so a later step (and the branch conditions) reference `score_risk`.
 */
const referencedStepWorkflow: Workflow = {
  ...branchingWorkflow,
  steps: branchingWorkflow.steps.map((step) =>
    step.id === 'notify_crm' && step.type === 'action'
      ? {
          ...step,
          config: {
            ...step.config,
            headers: [{ key: 'X-Risk-Score', value: 'score={{ steps.score_risk.output.body.score }}' }],
          },
        }
      : step,
  ),
};

/** The header value and the first branch condition of the last definition emitted. */
function referencesIn(onChange: OnChange): { header: unknown; condition: unknown } {
  const definition = lastDefinition(onChange);
  const route = definition.steps.find((step): step is BranchStep => step.type === 'branch');
  const notify = lastConfig(onChange, 'notify_crm');
  return {
    header: (notify.headers as { value: string }[])[0]!.value,
    condition: route?.branches[0]?.when,
  };
}

/**
 * "Step ID" under "Step name": an id a person types applies when they leave the field,
 * and rewrites every reference to the step (a later step's header, the branch
 * conditions) as one undo step; chips keep showing the step's name. An id that cannot be
 * used stays typed with the reason beside it, and changes nothing. The play ends with the
 * id changed (redone after its undo, then changed again with Enter), "Score risk" open.
 */
export const ChangeStepId: Story = {
  args: withOnChange,
  render: (args) => (
    <Frame definition={referencedStepWorkflow} onChange={onChangeOf(args)}>
      <ConnectedConfigPanel />
    </Frame>
  ),
  play: async ({ canvasElement, args }) => {
    const onChange = onChangeOf(args);
    const canvas = within(canvasElement);
    const stepIdField = () => panel(canvasElement).getByRole('textbox', { name: 'Step ID' });

    await userEvent.click(await canvas.findByRole('button', { name: 'Score risk' }));
    await waitFor(() => expect(stepIdField()).toHaveValue('score_risk'));
    await expect(stepIdField()).toHaveAccessibleDescription(
      'Used in references like {{ steps.<id>.output }}. Changing it updates every reference.',
    );

    // An id that cannot be used: the reason shows as it is typed, the draft stays after
    // leaving the field, nothing changes; Escape brings the id back.
    await userEvent.clear(stepIdField());
    await userEvent.type(stepIdField(), 'Risk score');
    const reason = 'Step ID must start with a letter and use only lowercase letters, digits and _.';
    await expect(stepIdField()).toHaveAttribute('aria-invalid', 'true');
    await expect(stepIdField()).toHaveAccessibleDescription(expect.stringContaining(reason));
    await userEvent.tab();
    await expect(stepIdField()).toHaveValue('Risk score');
    await expect(panel(canvasElement).getByText(reason)).toBeVisible();
    await expect(onChange).not.toHaveBeenCalled();
    await userEvent.clear(stepIdField());
    await userEvent.type(stepIdField(), 'notify_crm');
    await expect(panel(canvasElement).getByText('Another step already uses the ID "notify_crm".')).toBeVisible();
    await userEvent.keyboard('{Enter}');
    await expect(stepIdField()).toHaveValue('notify_crm');
    await expect(stepIdField()).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    await expect(stepIdField()).toHaveValue('score_risk');
    await expect(stepIdField()).not.toHaveAttribute('aria-invalid');
    await expect(onChange).not.toHaveBeenCalled();

    // A good id, applied by leaving the field: every reference follows, in one change.
    await userEvent.clear(stepIdField());
    await userEvent.type(stepIdField(), 'risk_score');
    await expect(onChange).not.toHaveBeenCalled();
    await userEvent.tab();
    await waitFor(() => expect(onChange).toHaveBeenCalledTimes(1));
    await expect(lastDefinition(onChange).steps[0]!.id).toBe('risk_score');
    await expect(referencesIn(onChange)).toEqual({
      header: 'score={{ steps.risk_score.output.body.score }}',
      condition: { all: [{ left: '{{ steps.risk_score.output.body.score }}', op: 'gte', right: 70 }] },
    });
    await waitFor(() => expect(stepIdField()).toHaveValue('risk_score'));
    await expect(panel(canvasElement).getByRole('textbox', { name: 'Step name' })).toHaveValue('Score risk');
    // Focus stays in the panel (drawn anew for the new id), not on the page.
    await waitFor(() =>
      expect(canvas.getByRole('region', { name: 'Step configuration' }).contains(document.activeElement)).toBe(true),
    );

    // The later step's chip still reads the step's name.
    await userEvent.click(canvas.getByRole('button', { name: 'Notify CRM' }));
    await expect(
      await panel(canvasElement).findByRole('img', { name: 'Reference: Score risk › body › score' }),
    ).toBeVisible();

    // One undo restores the id and every reference.
    await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
    await expect(onChange).toHaveBeenCalledTimes(2);
    await expect(lastDefinition(onChange).steps[0]!.id).toBe('score_risk');
    await expect(referencesIn(onChange)).toEqual({
      header: 'score={{ steps.score_risk.output.body.score }}',
      condition: { all: [{ left: '{{ steps.score_risk.output.body.score }}', op: 'gte', right: 70 }] },
    });
    await expect(
      await panel(canvasElement).findByRole('img', { name: 'Reference: Score risk › body › score' }),
    ).toBeVisible();
    // Nothing left to undo: disabled, keeping the focus its press left there.
    await expect(canvas.getByRole('button', { name: 'Undo' })).toHaveAttribute('aria-disabled', 'true');

    // Redone, so the story ends with the changed id, "Score risk" open; Enter applies too.
    await userEvent.click(canvas.getByRole('button', { name: 'Redo' }));
    await expect(lastDefinition(onChange).steps[0]!.id).toBe('risk_score');
    await userEvent.click(canvas.getByRole('button', { name: 'Score risk' }));
    await waitFor(() => expect(stepIdField()).toHaveValue('risk_score'));
    await userEvent.type(stepIdField(), '_v2{Enter}');
    await waitFor(() => expect(onChange).toHaveBeenCalledTimes(4));
    await expect(referencesIn(onChange).header).toBe('score={{ steps.risk_score_v2.output.body.score }}');
    await waitFor(() => expect(stepIdField()).toHaveValue('risk_score_v2'));
    await waitFor(() => expect(stepIdField()).toHaveFocus());
  },
};
