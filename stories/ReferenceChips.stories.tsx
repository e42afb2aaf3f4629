import { EditorView } from '@codemirror/view';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useId, useState, type ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { availableReferences, type JsonValue, type Workflow } from '../src/definition';
import { preloadConfigForm } from '../src/editor/panel/form/LazyConfigForm';
import { StepConfigPanel } from '../src/editor/panel/StepConfigPanel';
import { LazyTemplateInput, preloadTemplateInput } from '../src/editor/references/template-input/LazyTemplateInput';
import type { SampleData } from '../src/editor/sample-data';
import { useWorkflowEditorStore, WorkflowEditorProvider } from '../src/editor/WorkflowEditorProvider';
import { codeText } from './fixtures/code-field';
import { hostSecrets } from './fixtures/workflows';
import { EditorBodyFrame } from './story-frames';

/**
 * A trigger with a payload schema (with examples), "Score risk" (an HTTPS request whose
 * response schema gives a score, a case id and reasons), "Notify CRM" (whose fields the
 * stories show) and "Approve inquiry" after it.
 */
const workflow: Workflow = {
  schemaVersion: 1,
  kind: 'workflow',
  id: 'score_and_notify',
  name: 'Score and notify',
  trigger: {
    event: 'inquiry.completed',
    payloadSchema: {
      type: 'object',
      properties: {
        inquiryId: { type: 'string', examples: ['inq_8Jx2'] },
        email: { type: 'string', examples: ['ada@example.com'] },
        country: { type: 'string', examples: ['DE'] },
      },
    },
  },
  steps: [
    {
      id: 'score_risk',
      type: 'action',
      action: 'https_request',
      name: 'Score risk',
      config: {
        url: 'https://risk.example.com/score',
        method: 'POST',
        body: { inquiryId: '{{ trigger.inquiryId }}' },
        responseSchema: {
          type: 'object',
          properties: {
            score: { type: 'number', examples: [42] },
            caseId: { type: 'string', examples: ['case_1029'] },
            reasons: { type: 'array', items: { type: 'string' }, examples: [['new device', 'address mismatch']] },
          },
        },
      },
    },
    {
      id: 'notify_crm',
      type: 'action',
      action: 'https_request',
      name: 'Notify CRM',
      config: { url: 'https://crm.example.com/hooks/inquiries', method: 'POST' },
    },
    {
      id: 'approve',
      type: 'action',
      action: 'approve_inquiry',
      name: 'Approve inquiry',
      config: { inquiryId: '{{ trigger.inquiryId }}' },
    },
  ],
};

/** What a test of "Score risk" returned, and the trigger's sample: the previews show these. */
const sampleData: SampleData = {
  trigger: { inquiryId: 'inq_5Tq9', email: 'grace@example.com', country: 'US' },
  steps: {
    score_risk: {
      status: 'succeeded',
      attempts: 1,
      output: {
        status: 200,
        headers: {},
        body: { score: 87, caseId: 'case_20481', reasons: ['velocity', 'document expired', 'proxy network detected'] },
      },
    },
  },
};

const CHIPS_URL =
  'https://crm.example.com/cases/{{ steps.score_risk.output.body.caseId }}?score={{ steps.score_risk.output.body.score }}';
const CHIPS_HEADER = 'Bearer {{ secrets.risk_api_token }}';
const BROKEN_CONDITION = '{{ steps.approve.output.status }} / {{ steps.deleted_step.output }}';

interface FieldSpec {
  label: string;
  initial: string;
  multiline?: boolean;
  placeholder?: string;
}

/** The "Notify CRM" step's fields, with each field's stored text shown under it. */
function Fields(props: { fields: readonly FieldSpec[] }): ReactElement {
  const store = useWorkflowEditorStore();
  // The fields are "Notify CRM"'s: select it, as the editor does when its panel is open.
  useEffect(() => store.getState().select({ kind: 'step', stepId: 'notify_crm' }), [store]);
  const references = (): ReturnType<typeof availableReferences> =>
    availableReferences(store.getState().definition, 'notify_crm', {
      secrets: store.getState().secrets,
      catalog: store.getState().catalog,
    });
  return (
    <section className="wfe-panel" aria-label="Step configuration" style={{ width: 460 }}>
      <header className="wfe-panel-header">
        <div className="wfe-panel-heading">
          <h2 className="wfe-panel-title">Notify CRM</h2>
        </div>
      </header>
      <div className="wfe-panel-body">
        {props.fields.map((field) => (
          <Field key={field.label} spec={field} references={references} />
        ))}
      </div>
    </section>
  );
}

function Field(props: { spec: FieldSpec; references: () => ReturnType<typeof availableReferences> }): ReactElement {
  const { spec } = props;
  const [value, setValue] = useState(spec.initial);
  const id = useId();
  return (
    <div className="wfe-field">
      <label className="wfe-label" htmlFor={id}>
        {spec.label}
      </label>
      <LazyTemplateInput
        id={id}
        value={value}
        onChange={setValue}
        references={props.references}
        multiline={spec.multiline}
        placeholder={spec.placeholder}
        describedBy={`${id}-stored`}
      />
      <p className="wfe-field-help" id={`${id}-stored`}>
        Stored: <output data-testid={`stored-${spec.label}`}>{value}</output>
      </p>
    </div>
  );
}

/** A name field for "Score risk", as its own panel has: renaming it relabels the chips. */
function ScoreRiskName(): ReactElement {
  const store = useWorkflowEditorStore();
  const [name, setName] = useState('Score risk');
  return (
    <div className="wfe-field" style={{ padding: 12, width: 460 }}>
      <label className="wfe-label" htmlFor="score-risk-name">
        Name of the step “Score risk”
      </label>
      <input
        id="score-risk-name"
        className="wfe-input"
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          store.getState().renameStep('score_risk', event.target.value);
        }}
      />
    </div>
  );
}

/** The Body "Notify CRM" sends: the case id of "Score risk", and the status of "Approve inquiry", which runs later (broken). */
const BODY_WITH_REFERENCES = {
  caseId: '{{ steps.score_risk.output.body.caseId }}',
  approval: '{{ steps.approve.output.status }}',
};

/** The workflow with "Notify CRM" sending {@link BODY_WITH_REFERENCES}. */
const bodyWorkflow: Workflow = {
  ...workflow,
  steps: workflow.steps.map((step) =>
    step.id === 'notify_crm' && step.type === 'action'
      ? { ...step, config: { ...step.config, body: BODY_WITH_REFERENCES } }
      : step,
  ),
};

/** "Notify CRM"'s own configuration panel, its step selected as when the person opened it. */
function NotifyCrmPanel(): ReactElement {
  const store = useWorkflowEditorStore();
  useEffect(() => store.getState().select({ kind: 'step', stepId: 'notify_crm' }), [store]);
  return <StepConfigPanel stepId="notify_crm" />;
}

function Frame(props: {
  fields: readonly FieldSpec[];
  theme?: 'dark';
  sampleData?: SampleData;
  withRename?: boolean;
  /** Show "Notify CRM"'s panel (its Body with references) instead of the fields. */
  bodyPanel?: boolean;
  /** The editor changed the definition. */
  onChange?: (definition: Workflow) => void;
}): ReactElement {
  return (
    <WorkflowEditorProvider
      defaultDefinition={props.bodyPanel ? bodyWorkflow : workflow}
      secrets={hostSecrets}
      sampleData={props.sampleData}
      onChange={props.onChange}
    >
      <EditorBodyFrame
        theme={props.theme}
        beside={
          props.bodyPanel ? (
            <NotifyCrmPanel />
          ) : (
            <div style={{ display: 'flex', flexDirection: 'column' }}>
              {props.withRename && <ScoreRiskName />}
              <Fields fields={props.fields} />
            </div>
          )
        }
      />
    </WorkflowEditorProvider>
  );
}

const chipFields: FieldSpec[] = [
  { label: 'URL', initial: CHIPS_URL },
  { label: 'Authorization header', initial: CHIPS_HEADER },
  { label: 'Condition value', initial: BROKEN_CONDITION },
];
const autocompleteFields: FieldSpec[] = [
  { label: 'URL', initial: 'https://crm.example.com/hooks/inquiries' },
  { label: 'Body', initial: '', multiline: true, placeholder: 'Type {{ to insert a reference' },
];
const previewFields: FieldSpec[] = [
  { label: 'URL', initial: CHIPS_URL },
  {
    label: 'Body',
    initial: 'Inquiry {{ trigger.inquiryId }} from {{ trigger.email }}: {{ steps.score_risk.output.body.reasons }}',
    multiline: true,
  },
];

const meta = {
  title: 'Editor/Reference chips',
  component: Frame,
  args: { fields: chipFields },
  // The template input loads lazily; the stories start with it loaded, as an editor that has been on screen a moment has it.
  loaders: [
    async () => {
      await preloadTemplateInput();
      return {};
    },
  ],
} satisfies Meta<typeof Frame>;

export default meta;
type Story = StoryObj<typeof meta>;

// ---- Helpers ---------------------------------------------------------------

function viewOf(element: HTMLElement): EditorView {
  const view = EditorView.findFromDOM(element);
  if (!view) throw new Error(`${element.id} is not a template input`);
  return view;
}

/** The template input named `name` (its editable element), once CodeMirror drew it. */
async function templateInput(canvasElement: HTMLElement, name: string): Promise<HTMLElement> {
  return waitFor(() => {
    const element = within(canvasElement).getByRole('textbox', { name });
    if (!element.classList.contains('wfe-template-input-content')) throw new Error('still the stand-in');
    return element;
  });
}

function storedText(canvasElement: HTMLElement, label: string): string {
  return within(canvasElement).getByTestId(`stored-${label}`).textContent;
}

function caretOf(element: HTMLElement): number {
  return viewOf(element).state.selection.main.head;
}

/** Focuses the field with the caret at `offset` (negative: from the end). */
function placeCaret(element: HTMLElement, offset: number): void {
  const view = viewOf(element);
  const at = offset < 0 ? view.state.doc.length + offset + 1 : offset;
  view.focus();
  view.dispatch({ selection: { anchor: at } });
}

/**
 * Types `text` key by key, letting the editor take in each key before the next: the
 * simulated keys of user-event edit the DOM directly, and a key arriving while CodeMirror
 * redraws the line (a chip appears, the suggestions open) would land in a node it replaces.
 */
async function typeKeys(text: string): Promise<void> {
  for (const char of text) {
    await userEvent.keyboard(char === '{' || char === '[' ? char + char : char);
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  }
}

// ---- Stories ---------------------------------------------------------------

/**
 * References as chips: the step's icon and name with the field path, a secret, and two
 * broken references in red (a step that runs later, a step that is gone) with the reason
 * on hover. The play works them with the keyboard only: Tab in, ArrowLeft steps over a
 * chip, Backspace removes one whole, `{{` puts it back; the stored text stays exact.
 */
export const ReferenceChips: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const url = await templateInput(canvasElement, 'URL');
    await expect(url).toHaveAttribute('aria-multiline', 'false');
    const caseChip = canvas.getByRole('img', { name: 'Reference: Score risk › body › caseId' });
    await expect(caseChip).toBeVisible();
    await expect(canvas.getByRole('img', { name: 'Reference: Score risk › body › score' })).toBeVisible();
    await expect(canvas.getByRole('img', { name: 'Reference: Secret › risk_api_token' })).toBeVisible();
    // The chips are a view: the text is the template.
    await expect(storedText(canvasElement, 'URL')).toBe(CHIPS_URL);
    await expect(url.textContent).not.toContain('{{');
    // It reads like an <input>: value and selection are the template text's.
    await expect(url).toHaveValue(CHIPS_URL);

    // Broken references: red, with the reason in the name and on hover.
    const later = canvas.getByRole('img', { name: /^Reference: Approve inquiry › status, broken: / });
    await expect(later).toHaveClass('wfe-chip--broken');
    await expect(later).toHaveAttribute('title', expect.stringContaining('"Approve inquiry" runs after this step'));
    const gone = canvas.getByRole('img', {
      name: 'Reference: deleted_step, broken: there is no step "deleted_step" any more',
    });
    await expect(gone).toHaveClass('wfe-chip--broken');
    await expect(getComputedStyle(gone).color).not.toBe(getComputedStyle(caseChip).color);

    // Keyboard only: Tab reaches the header field; End, then ArrowLeft steps over the whole chip.
    url.focus();
    await userEvent.tab();
    const header = await templateInput(canvasElement, 'Authorization header');
    await expect(header).toHaveFocus();
    placeCaret(header, -1);
    await userEvent.keyboard('{ArrowLeft}');
    await expect(caretOf(header)).toBe('Bearer '.length);
    await userEvent.keyboard('{ArrowRight}');
    await expect(caretOf(header)).toBe(CHIPS_HEADER.length);

    // Backspace after a chip removes the whole `{{ ... }}`.
    await userEvent.keyboard('{Backspace}');
    await waitFor(() => expect(storedText(canvasElement, 'Authorization header')).toBe('Bearer '));
    await expect(canvas.queryByRole('img', { name: 'Reference: Secret › risk_api_token' })).toBeNull();

    // `{{` and a few letters find it again; Enter puts the chip back.
    await typeKeys('{{risk_api');
    const list = await canvas.findByRole('listbox', { name: 'Reference suggestions' });
    await expect(within(list).getAllByRole('option')).toHaveLength(1);
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(storedText(canvasElement, 'Authorization header')).toBe(CHIPS_HEADER));
    await expect(canvas.getByRole('img', { name: 'Reference: Secret › risk_api_token' })).toBeVisible();
    await expect(canvas.queryByRole('listbox')).toBeNull();

    // Enter adds no line to a single-line field.
    await userEvent.keyboard('{Enter}');
    await expect(storedText(canvasElement, 'Authorization header')).toBe(CHIPS_HEADER);

    // Copied as its `{{ ... }}` text; pasted text with a reference becomes a chip.
    const headerView = viewOf(header);
    headerView.dispatch({ selection: { anchor: 0, head: headerView.state.doc.length } });
    const copied = await userEvent.copy();
    await expect(copied?.getData('text/plain')).toBe(CHIPS_HEADER);
    placeCaret(header, -1);
    await userEvent.paste(' for {{ trigger.email }}');
    await waitFor(() =>
      expect(storedText(canvasElement, 'Authorization header')).toBe(`${CHIPS_HEADER} for {{ trigger.email }}`),
    );
    await expect(canvas.getByRole('img', { name: 'Reference: Trigger › email' })).toBeVisible();
    await userEvent.keyboard('{Backspace}');
    await userEvent.keyboard('{Backspace}{Backspace}{Backspace}{Backspace}{Backspace}');
    await waitFor(() => expect(storedText(canvasElement, 'Authorization header')).toBe(CHIPS_HEADER));

    // Tab leaves the field.
    await userEvent.tab();
    await expect(header).not.toHaveFocus();
  },
};

/** {@link ReferenceChips} in the dark theme. */
export const ReferenceChipsDark: Story = {
  args: { theme: 'dark' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await templateInput(canvasElement, 'URL');
    await expect(canvas.getByRole('img', { name: 'Reference: Score risk › body › caseId' })).toBeVisible();
    await expect(canvas.getByRole('img', { name: /^Reference: Approve inquiry › status, broken: / })).toHaveClass(
      'wfe-chip--broken',
    );
  },
};

/**
 * Typing `{{` opens the reference suggestions at the caret, grouped by step, each field
 * with its type; typing filters, Enter inserts a chip. The play inserts a score into the
 * body and ends with the list open again after `{{ trigger`.
 */
export const ReferenceAutocomplete: Story = {
  args: { fields: autocompleteFields },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const body = await templateInput(canvasElement, 'Body');
    await expect(body).toHaveAttribute('aria-multiline', 'true');
    placeCaret(body, 0);
    await typeKeys('Score: {{');
    const list = await canvas.findByRole('listbox', { name: 'Reference suggestions' });
    await expect(body).toHaveAttribute('aria-controls', list.id);
    await expect(within(list).getByRole('group', { name: 'Trigger' })).toBeVisible();
    await expect(within(list).getByRole('group', { name: 'Score risk' })).toBeVisible();
    // "Approve inquiry" runs after "Notify CRM": not offered.
    await expect(within(list).queryByRole('group', { name: 'Approve inquiry' })).toBeNull();
    // Types from the response schema.
    const score = within(list).getByRole('option', { name: /^score number/ });
    await expect(score).toBeVisible();

    await typeKeys(' body score');
    // Every field under body of "Score risk" matches; the one named "score" is highlighted for Enter.
    const chosen = await waitFor(() => within(list).getByRole('option', { selected: true }));
    await expect(chosen).toHaveAccessibleName(/^score number/);
    await expect(body).toHaveAttribute('aria-activedescendant', chosen.id);
    await expect(within(list).queryByRole('option', { name: /^inquiryId/ })).toBeNull();
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(storedText(canvasElement, 'Body')).toBe('Score: {{ steps.score_risk.output.body.score }}'),
    );
    await expect(canvas.getByRole('img', { name: 'Reference: Score risk › body › score' })).toBeVisible();

    // Escape closes the list and leaves the typed braces; arrow keys move through the list.
    await userEvent.keyboard('{Enter}');
    await typeKeys('{{');
    await canvas.findByRole('listbox', { name: 'Reference suggestions' });
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('listbox')).toBeNull());
    await expect(storedText(canvasElement, 'Body')).toBe('Score: {{ steps.score_risk.output.body.score }}\n{{');
    await userEvent.keyboard('{Backspace}{Backspace}');
    await typeKeys('{{ trigger');
    const again = await canvas.findByRole('listbox', { name: 'Reference suggestions' });
    await userEvent.keyboard('{ArrowDown}');
    await waitFor(() => expect(within(again).getAllByRole('option')[1]).toHaveAttribute('aria-selected', 'true'));
  },
};

/** {@link ReferenceAutocomplete} in the dark theme, the list open. */
export const ReferenceAutocompleteDark: Story = {
  args: { fields: autocompleteFields, theme: 'dark' },
  play: async ({ canvasElement }) => {
    const body = await templateInput(canvasElement, 'Body');
    placeCaret(body, 0);
    await typeKeys('{{');
    await within(canvasElement).findByRole('listbox', { name: 'Reference suggestions' });
  },
};

/**
 * With sample data (the trigger's sample, a test result of "Score risk"), each chip shows
 * the value it resolves to, cut short, the whole value on hover. Without sample data a
 * field falls back to the schema's examples (see the Example chips in the second field's
 * hover text after the play removes the sample).
 */
export const ReferencePreview: Story = {
  args: { fields: previewFields, sampleData },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await templateInput(canvasElement, 'Body');
    const score = canvas.getByRole('img', { name: 'Reference: Score risk › body › score' });
    await expect(score).toHaveTextContent('87');
    await expect(score).toHaveAttribute('title', 'Value: 87');
    const reasons = canvas.getByRole('img', { name: 'Reference: Score risk › body › reasons' });
    // Cut short on the chip, whole on hover.
    await expect(reasons.querySelector('.wfe-chip-preview')?.textContent).toMatch(/…$/);
    await expect(reasons).toHaveAttribute('title', 'Value: ["velocity","document expired","proxy network detected"]');
    await expect(canvas.getByRole('img', { name: 'Reference: Trigger › email' })).toHaveTextContent(
      'grace@example.com',
    );
  },
};

/** {@link ReferencePreview} in the dark theme. */
export const ReferencePreviewDark: Story = {
  args: { fields: previewFields, sampleData, theme: 'dark' },
  play: async ({ canvasElement }) => {
    await templateInput(canvasElement, 'Body');
    await expect(
      within(canvasElement).getByRole('img', { name: 'Reference: Score risk › body › score' }),
    ).toHaveTextContent('87');
  },
};

/** No sample data yet: the chips show the schemas' examples. */
export const ReferencePreviewFromExamples: Story = {
  args: { fields: previewFields },
  play: async ({ canvasElement }) => {
    await templateInput(canvasElement, 'Body');
    const score = within(canvasElement).getByRole('img', { name: 'Reference: Score risk › body › score' });
    await expect(score).toHaveTextContent('42');
    await expect(score).toHaveAttribute('title', 'Example: 42');
  },
};

/** Renaming a step relabels its chips; the stored text keeps the step's id. */
export const RenameFollows: Story = {
  args: { withRename: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await templateInput(canvasElement, 'URL');
    const name = canvas.getByRole('textbox', { name: 'Name of the step “Score risk”' });
    await userEvent.clear(name);
    await userEvent.type(name, 'Assess risk');
    await expect(await canvas.findByRole('img', { name: 'Reference: Assess risk › body › score' })).toBeVisible();
    await expect(canvas.queryByRole('img', { name: 'Reference: Score risk › body › score' })).toBeNull();
    await expect(storedText(canvasElement, 'URL')).toBe(CHIPS_URL);
  },
};

// ---- The Body (JSON) field -------------------------------------------------

type OnChange = ReturnType<typeof fn<(definition: Workflow) => void>>;

/** The Body "Notify CRM" holds in the definition the editor last emitted. */
function lastBody(onChange: unknown): JsonValue | undefined {
  const call = (onChange as OnChange).mock.lastCall;
  if (!call) throw new Error('onChange was never called');
  const step = call[0].steps.find((candidate) => candidate.id === 'notify_crm');
  return step?.type === 'action' ? step.config.body : undefined;
}

/** The Body field's code editor (its editable element), once CodeMirror drew it. */
async function bodyEditor(canvasElement: HTMLElement): Promise<HTMLElement> {
  const panel = await within(canvasElement).findByRole('region', { name: 'Step configuration' });
  return waitFor(
    () => {
      const element = within(panel).getByRole('textbox', { name: 'Body' });
      if (!element.classList.contains('wfe-code-editor-content')) throw new Error('still the stand-in');
      return element;
    },
    { timeout: 5_000 },
  );
}

const CASE_ID_CHIP = 'Reference: Score risk › body › caseId';
const LATER_STEP_CHIP = /^Reference: Approve inquiry › status, broken: /;

/** The Body's text starts like this: the chips' positions in it. */
const BODY_TEXT = JSON.stringify(BODY_WITH_REFERENCES, null, 2);

/**
 * The request Body of an HTTPS step is JSON whose strings hold references: they show as
 * chips there too, a broken one red with the reason on hover. The play works them with
 * the keyboard only: Tab into the Body, the arrow keys step over a chip, Shift+ArrowLeft
 * selects it whole (copied as its `{{ ... }}` text), Backspace removes it whole, `{{`
 * opens the suggestions and Enter puts a chip back; the definition holds exactly the
 * `{{ ... }}` text each time. It ends with both chips in the Body.
 */
export const BodyChips: Story = {
  args: { bodyPanel: true, onChange: fn<(definition: Workflow) => void>() },
  loaders: [
    async () => {
      await preloadConfigForm();
      return {};
    },
  ],
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const body = await bodyEditor(canvasElement);
    const caseChip = await canvas.findByRole('img', { name: CASE_ID_CHIP });
    await expect(caseChip).toBeVisible();
    await expect(body.textContent).not.toContain('steps.score_risk');
    const later = canvas.getByRole('img', { name: LATER_STEP_CHIP });
    await expect(later).toHaveClass('wfe-chip--broken');
    await expect(later).toHaveAttribute('title', expect.stringContaining('"Approve inquiry" runs after this step'));
    await expect(getComputedStyle(later).color).not.toBe(getComputedStyle(caseChip).color);
    // The chips are a view: the text is the JSON, as stored.
    await expect(codeText(body)).toBe(BODY_TEXT);

    // Keyboard only: from Request Type, Tab reaches the Body.
    canvas.getByRole('combobox', { name: 'Request Type' }).focus();
    await userEvent.tab();
    await expect(body).toHaveFocus();
    // Line 2 is `  "caseId": "{{ ... }}",`: End, then ArrowLeft past `,` and `"`, then over the chip at once.
    const chipStart = BODY_TEXT.indexOf('{{ steps.score_risk');
    const chipEnd = BODY_TEXT.indexOf('}}', chipStart) + 2;
    await userEvent.keyboard('{ArrowDown}{End}{ArrowLeft}{ArrowLeft}');
    await expect(caretOf(body)).toBe(chipEnd);
    await userEvent.keyboard('{ArrowLeft}');
    await expect(caretOf(body)).toBe(chipStart);
    await userEvent.keyboard('{ArrowRight}');
    await expect(caretOf(body)).toBe(chipEnd);

    // Shift+ArrowLeft selects the chip whole: copied, it is its `{{ ... }}` text.
    await userEvent.keyboard('{Shift>}{ArrowLeft}{/Shift}');
    const copied = await userEvent.copy();
    await expect(copied?.getData('text/plain')).toBe(BODY_WITH_REFERENCES.caseId);
    await userEvent.keyboard('{ArrowRight}');

    // Backspace after the chip removes the whole reference.
    await userEvent.keyboard('{Backspace}');
    await waitFor(() => expect(lastBody(args.onChange)).toEqual({ ...BODY_WITH_REFERENCES, caseId: '' }));
    await expect(canvas.queryByRole('img', { name: CASE_ID_CHIP })).toBeNull();
    await expect(caretOf(body)).toBe(chipStart);

    // `{{` opens the suggestions, grouped by step; a few letters find the case id; Enter puts the chip back.
    await typeKeys('{{caseId');
    const list = await canvas.findByRole('listbox', { name: 'Reference suggestions' });
    await expect(within(list).getByRole('group', { name: 'Score risk' })).toBeVisible();
    await expect(within(list).queryByRole('group', { name: 'Approve inquiry' })).toBeNull();
    const chosen = await waitFor(() => within(list).getByRole('option', { selected: true }));
    await expect(chosen).toHaveAccessibleName(/^caseId string/);
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(lastBody(args.onChange)).toEqual(BODY_WITH_REFERENCES));
    await expect(codeText(body)).toBe(BODY_TEXT);
    await expect(canvas.queryByRole('listbox')).toBeNull();
    await expect(await canvas.findByRole('img', { name: CASE_ID_CHIP })).toBeVisible();

    // Tab leaves the field; both chips stay.
    await userEvent.tab();
    await expect(body).not.toHaveFocus();
    await expect(canvas.getByRole('img', { name: LATER_STEP_CHIP })).toBeVisible();
  },
};

/** {@link BodyChips} in the dark theme. */
export const BodyChipsDark: Story = {
  args: { bodyPanel: true, theme: 'dark' },
  loaders: BodyChips.loaders,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await bodyEditor(canvasElement);
    await expect(await canvas.findByRole('img', { name: CASE_ID_CHIP })).toBeVisible();
    await expect(canvas.getByRole('img', { name: LATER_STEP_CHIP })).toHaveClass('wfe-chip--broken');
  },
};
