import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import type { Problem, ProblemParams, Workflow } from '../src/definition';
import type { EditorLabels } from '../src/editor/labels';
import { TriggerPanel } from '../src/editor/panel/TriggerPanel';
import { ProblemsList, type ProblemsListProps } from '../src/editor/toolbar/ProblemsList';
import { Toolbar } from '../src/editor/toolbar/Toolbar';
import { WorkflowEditor } from '../src/editor/WorkflowEditor';
import { WorkflowEditorProvider } from '../src/editor/WorkflowEditorProvider';
import { workflowWithProblems } from './fixtures/problem-workflows';
import { EditorBodyFrame } from './story-frames';

// ---- A host's German, as a host would write it ----------------------------------

/** The field names the built-in and host actions use, in German. */
const GERMAN_FIELDS: Record<string, string> = {
  'Trigger event': 'Auslöser-Ereignis',
  URL: 'URL',
  'Inquiry ID': 'Anfrage-ID',
  'Request Timeout': 'Zeitlimit',
  'Request Type': 'Anfragetyp',
};

function field(params: ProblemParams): string {
  const name = String(params.field ?? '');
  // Rows of a list are labelled "Retry 2": the name, then the row's number.
  const row = /^(.*) (\d+)$/.exec(name);
  if (row && row[1] === 'Retry') return `Wiederholung ${row[2]}`;
  return GERMAN_FIELDS[name] ?? name;
}

/**
 * Problems in German, from their code and params. A code the host has no words for yet
 * returns `undefined`, and the editor shows its English message.
 */
function germanProblem(problem: Problem): string | undefined {
  const params = problem.params ?? {};
  switch (problem.code) {
    case 'schema_required':
      return `${field(params)} fehlt`;
    case 'schema_length':
      return params.rule === 'minLength' && params.limit === 1 ? `${field(params)} darf nicht leer sein` : undefined;
    case 'schema_range':
      if (params.rule === 'maximum') return `${field(params)} darf höchstens ${String(params.limit)} sein`;
      if (params.rule === 'minimum') return `${field(params)} muss mindestens ${String(params.limit)} sein`;
      return undefined;
    case 'url_not_https':
      return `${field(params)} muss eine vollständige https://-Adresse sein, z. B. https://api.example.com/pfad`;
    case 'reference_unknown_step':
      return `${field(params)} verwendet ${String(params.reference)}, aber einen Schritt „${String(params.step)}“ gibt es nicht`;
    default:
      return undefined;
  }
}

/** The labels a German host passes (the rest stay English until it translates them). */
const germanLabels: Partial<EditorLabels> = {
  problemMessage: germanProblem,
  problems: 'Probleme',
  noProblems: 'Keine Probleme',
  workflowProblems: 'Workflow',
  trigger: 'Auslöser',
  triggerNoEvent: 'Ereignis wählen',
  event: 'Ereignis',
  eventHelp: 'Das Ereignis, das diesen Workflow startet, zum Beispiel inquiry.approved.',
  payloadSchema: 'Nutzdaten-Schema',
  payloadFieldsHelp: 'Die Felder, die das Ereignis mitbringt. Jedes wird in jedem Schritt als Referenz angeboten.',
  payloadField: (position) => `Feld ${position}`,
  payloadFieldName: 'Feldname',
  payloadFieldType: 'Typ',
  payloadFieldTypeName: (type) =>
    ({ string: 'Text', number: 'Zahl', integer: 'Ganzzahl', boolean: 'Ja/Nein', object: 'Objekt', array: 'Liste' })[
      type
    ] ?? type,
  payloadFieldRequired: 'Pflichtfeld',
  addPayloadField: 'Feld hinzufügen',
  removePayloadField: 'Feld entfernen',
  editAsJsonSchema: 'Als JSON Schema bearbeiten',
  fromSample: 'aus Beispiel',
  stepConfiguration: 'Schritt-Einstellungen',
  close: 'Schließen',
  undo: 'Rückgängig',
  redo: 'Wiederholen',
  save: 'Speichern',
  publish: 'Veröffentlichen',
  exportJson: 'JSON exportieren',
  importJson: 'JSON importieren',
  statusDraft: 'Entwurf',
  workflowName: 'Workflow-Name',
};

// ---- Stories ------------------------------------------------------------------------

interface TranslationStoryArgs extends ProblemsListProps {
  definition: Workflow;
  onChange: (definition: Workflow) => void;
}

/**
 * A host that speaks German: `labels.problemMessage` words each problem from its `code`
 * and `params`, so the Problems list and the messages beside fields read in German.
 */
const meta: Meta<TranslationStoryArgs> = {
  title: 'Components/Translation',
  component: ProblemsList,
  parameters: { layout: 'fullscreen' },
  args: { definition: workflowWithProblems, onChange: fn() },
  render: ({ definition, onChange, ...listProps }) => (
    <WorkflowEditorProvider defaultDefinition={definition} onChange={onChange} labels={germanLabels}>
      <EditorBodyFrame
        top={<Toolbar />}
        overCanvas={<ProblemsList className="wfe-problems-drawer" {...listProps} />}
        beside={<TriggerPanel showAllErrors />}
      />
    </WorkflowEditorProvider>
  ),
};
export default meta;

type Story = StoryObj<TranslationStoryArgs>;

/** The Problems list and the trigger's "Ereignis" field error, in German. */
export const GermanProblems: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const list = within(canvas.getByRole('region', { name: 'Probleme' }));
    await expect(list.getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent)).toEqual([
      'Auslöser',
      'Notify CRM',
      'Approve inquiry',
    ]);
    await expect(list.getByRole('button', { name: 'Auslöser-Ereignis darf nicht leer sein' })).toBeVisible();
    await expect(
      list.getByRole('button', { name: /^URL muss eine vollständige https:\/\/-Adresse sein/ }),
    ).toBeVisible();
    await expect(
      list.getByRole('button', {
        name: 'Anfrage-ID verwendet {{ steps.missing_step.output.id }}, aber einen Schritt „missing_step“ gibt es nicht',
      }),
    ).toBeVisible();

    // Beside the field, the same words.
    const panel = within(canvas.getByRole('region', { name: 'Schritt-Einstellungen' }));
    const event = await panel.findByRole('textbox', { name: /^Ereignis/ });
    await expect(event).toHaveAttribute('aria-invalid', 'true');
    await expect(panel.getByText('Auslöser-Ereignis darf nicht leer sein')).toBeVisible();
    await expect(panel.queryByText(/must not be empty|is required/)).toBeNull();
  },
};

/** Fixing the field in German takes its problem off the list, as in English. */
export const GermanProblemGoesWhenFixed: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const panel = within(canvas.getByRole('region', { name: 'Schritt-Einstellungen' }));
    await userEvent.type(await panel.findByRole('textbox', { name: /^Ereignis/ }), 'inquiry.approved');
    const list = within(canvas.getByRole('region', { name: 'Probleme' }));
    await waitFor(() =>
      expect(list.queryByRole('button', { name: 'Auslöser-Ereignis darf nicht leer sein' })).toBeNull(),
    );
    await expect(panel.queryByText('Auslöser-Ereignis darf nicht leer sein')).toBeNull();
    await expect(list.getAllByRole('button')).toHaveLength(2);
  },
};

/** In a step's panel too: the error beside "URL" is the host's German, not the English message. */
export const GermanErrorBesideStepField: Story = {
  render: ({ definition, onChange }) => (
    <WorkflowEditor
      defaultDefinition={definition}
      onChange={onChange}
      labels={germanLabels}
      style={{ height: '100vh' }}
    />
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Notify CRM' }));
    const panel = within(await canvas.findByRole('region', { name: 'Schritt-Einstellungen' }));
    const url = await panel.findByRole('textbox', { name: /^URL/ });
    // Errors show once a field has been visited.
    await userEvent.click(url);
    await userEvent.tab();
    await waitFor(() => expect(url).toHaveAttribute('aria-invalid', 'true'));
    await expect(url).toHaveAccessibleDescription(/URL muss eine vollständige https:\/\/-Adresse sein/);
    await expect(panel.queryByText(/must be a full https:\/\//)).toBeNull();
  },
};
