import type { Meta, StoryObj } from '@storybook/react-vite';
import { EditorView } from '@codemirror/view';
import { useEffect, useId, useState, type ReactElement } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { availableReferences, type Workflow } from '../src/definition';
import type { SampleData } from '../src/editor/sample-data';
import { LazyTemplateInput, preloadTemplateInput } from '../src/editor/references/template-input/LazyTemplateInput';
import { useWorkflowEditorStore, WorkflowEditorProvider } from '../src/editor/WorkflowEditorProvider';
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

const CHIPS_URL = 'https://crm.example.com/cases/{{ steps.score_risk.output.body.caseId }}?score={{ steps.score_risk.output.body.score }}';
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
    availableReferences(store.getState().definition, 'notify_crm', { secrets: store.getState().secrets, catalog: store.getState().catalog });
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

function Frame(props: { fields: readonly FieldSpec[]; theme?: 'dark'; sampleData?: SampleData; withRename?: boolean }): ReactElement {
  return (
    <WorkflowEditorProvider defaultDefinition={workflow} secrets={hostSecrets} sampleData={props.sampleData}>
      <EditorBodyFrame
        theme={props.theme}
        beside={
          <div style={{ display: 'flex', flexDirection: 'column' }}>
            {props.withRename && <ScoreRiskName />}
            <Fields fields={props.fields} />
          </div>
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
  { label: 'Body', initial: 'Inquiry {{ trigger.inquiryId }} from {{ trigger.email }}: {{ steps.score_risk.output.body.reasons }}', multiline: true },
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
  return within(canvasElement).getByTestId(`stored-${label}`).textContent ?? '';
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
    const gone = canvas.getByRole('img', { name: 'Reference: deleted_step, broken: there is no step "deleted_step" any more' });
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
    await waitFor(() => expect(storedText(canvasElement, 'Authorization header')).toBe(`${CHIPS_HEADER} for {{ trigger.email }}`));
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
    await expect(canvas.getByRole('img', { name: /^Reference: Approve inquiry › status, broken: / })).toHaveClass('wfe-chip--broken');
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
    await waitFor(() => expect(storedText(canvasElement, 'Body')).toBe('Score: {{ steps.score_risk.output.body.score }}'));
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
    await expect(canvas.getByRole('img', { name: 'Reference: Trigger › email' })).toHaveTextContent('grace@example.com');
  },
};

/** {@link ReferencePreview} in the dark theme. */
export const ReferencePreviewDark: Story = {
  args: { fields: previewFields, sampleData, theme: 'dark' },
  play: async ({ canvasElement }) => {
    await templateInput(canvasElement, 'Body');
    await expect(within(canvasElement).getByRole('img', { name: 'Reference: Score risk › body › score' })).toHaveTextContent('87');
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
