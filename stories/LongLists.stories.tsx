import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import type { ActionStep, JsonObject, Workflow } from '../src/definition';
import { WorkflowEditor } from '../src/editor';
import { approveInquiryWorkflow, hostSecrets } from './fixtures/workflows';
import { openToolbarAction, type Canvas } from './story-helpers';

/**
 * Lists with thousands of rows: "Make HTTPS Request" steps whose headers came in with an
 * imported workflow (Import JSON keeps every row; only Import from cURL stops at 100).
 * The panel shows a list 50 rows at a time. Where rows are hidden, the list says how many,
 * and how many of those have problems, and shows more on request; a problem chosen brings
 * its row into view. Nothing hidden is lost: export, undo and validation see every row.
 * Speed itself is measured by a benchmark, not here.
 */
const meta = {
  title: 'Editor/Long lists',
  component: WorkflowEditor,
  args: {
    onChange: fn(),
    secrets: hostSecrets,
    style: { height: '100vh' },
  },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

type OnChange = ReturnType<typeof fn<(definition: Workflow) => void>>;

const ROWS = 10_000;

/** Header `index` (from 1): every tenth holds a reference, drawn as a chip. */
function header(index: number): JsonObject {
  return { key: `X-Header-${index}`, value: index % 10 === 1 ? '{{ trigger.inquiryId }}' : `value ${index}` };
}

const tenThousandHeaders: JsonObject[] = Array.from({ length: ROWS }, (_, index) => header(index + 1));

/** The inquiry workflow with one HTTPS step named `name` sending `headers`. */
function workflowWithHeaders(name: string, headers: JsonObject[]): Workflow {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    id: 'many_headers',
    name: 'Many headers',
    trigger: approveInquiryWorkflow.trigger,
    steps: [
      {
        id: 'send_headers',
        type: 'action',
        action: 'https_request',
        name,
        config: { url: 'https://api.example.com/inquiries', method: 'GET', headers },
      },
    ],
  };
}

/** The headers of the step in the last definition the editor emitted. */
function lastHeaders(onChange: OnChange): unknown {
  const step = onChange.mock.lastCall?.[0].steps[0] as ActionStep | undefined;
  return step?.config.headers;
}

/** Clicks the card named `name`; returns its panel's "Request Headers" once its first rows show. */
async function openHeaders(canvasElement: HTMLElement, name: string): Promise<Canvas> {
  const canvas = within(canvasElement);
  await userEvent.click(await canvas.findByRole('button', { name }));
  const panel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
  const headers = within(await panel.findByRole('group', { name: 'Request Headers' }));
  await waitFor(() => expect(headers.getAllByRole('textbox', { name: 'Key' })).toHaveLength(50), { timeout: 10_000 });
  return headers;
}

/**
 * 10,000 request headers: the panel opens with the first 50 and says how many more there
 * are. "Show 50 more" works from the keyboard and keeps focus for the next page; a row
 * removed and the removal undone, and a row added at the end (which shows and takes
 * focus), change the whole list; the exported workflow holds every row. "Test step"'s
 * request shows the headers 50 at a time too.
 */
export const TenThousandHeaders: Story = {
  args: { defaultDefinition: workflowWithHeaders('Send with 10,000 headers', tenThousandHeaders) },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const onChange = args.onChange as OnChange;
    const headers = await openHeaders(canvasElement, 'Send with 10,000 headers');
    const more = headers.getByRole('button', { name: 'Show 50 more request headers (9,950 hidden)' });

    // From the last row shown, Tab reaches "Show 50 more"; Enter shows the next 50 and the
    // button keeps focus, saying what is left.
    headers.getByRole('button', { name: 'Remove header 50' }).focus();
    await userEvent.tab();
    await expect(more).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(headers.getAllByRole('textbox', { name: 'Key' })).toHaveLength(100));
    await expect(more).toHaveFocus();
    await expect(more).toHaveAccessibleName('Show 50 more request headers (9,900 hidden)');
    await expect(headers.getByRole('status')).toHaveTextContent('100 of 10,000 request headers shown');
    await expect(headers.getAllByRole('textbox', { name: 'Key' })[99]).toHaveValue('X-Header-100');

    // Removing the first row takes it out of all 10,000; "Undo" puts it back.
    await userEvent.click(headers.getByRole('button', { name: 'Remove header 1' }));
    await waitFor(() => expect(lastHeaders(onChange)).toHaveLength(ROWS - 1));
    await expect(lastHeaders(onChange)).toEqual(tenThousandHeaders.slice(1));
    await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(lastHeaders(onChange)).toEqual(tenThousandHeaders));

    // "Add header" adds row 10,001 at the end, shows it and focuses its Key.
    await userEvent.click(headers.getByRole('button', { name: 'Add header' }));
    await waitFor(() => expect(document.activeElement?.id).toMatch(/_headers_10000_key$/));
    await userEvent.keyboard('X-Added');
    await waitFor(() => expect(lastHeaders(onChange)).toEqual([...tenThousandHeaders, { key: 'X-Added' }]));
    await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(lastHeaders(onChange)).toEqual(tenThousandHeaders));

    // What is exported holds every row, shown or not.
    await openToolbarAction(canvasElement, 'Export JSON');
    // Writing out 10,000 rows takes a moment before the dialog opens.
    const dialog = within(await canvas.findByRole('dialog', { name: 'Export JSON' }, { timeout: 10_000 }));
    const text = dialog.getByRole<HTMLTextAreaElement>('textbox', { name: 'Workflow JSON' });
    const exported = JSON.parse(text.value) as Workflow;
    await expect((exported.steps[0] as ActionStep).config.headers).toEqual(tenThousandHeaders);
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Export JSON' })).toBeNull());

    // "Test step"'s request lists the headers in pages too, not 10,000 rows at once.
    const panel = within(canvas.getByRole('region', { name: 'Step configuration' }));
    const testMore = await panel.findByRole(
      'button',
      { name: 'Show 50 more headers (9,950 hidden)' },
      { timeout: 10_000 },
    );
    const request = testMore.closest('details')!;
    await expect(request.querySelectorAll('.wfe-test-step-headers dt')).toHaveLength(50);
    await userEvent.click(testMore);
    await waitFor(() => expect(request.querySelectorAll('.wfe-test-step-headers dt')).toHaveLength(100));
    await expect(testMore).toHaveAccessibleName('Show 50 more headers (9,900 hidden)');
  },
};

/**
 * 60 query parameters: the first 50 show, and "Show 10 more query parameters" shows the
 * last ten; with nothing left to show, the button goes and focus moves to the first row it
 * showed.
 */
export const SixtyQueryParameters: Story = {
  args: {
    defaultDefinition: {
      ...workflowWithHeaders('Send with 60 query parameters', []),
      steps: [
        {
          id: 'send_query',
          type: 'action',
          action: 'https_request',
          name: 'Send with 60 query parameters',
          config: {
            url: 'https://api.example.com/search',
            method: 'GET',
            query: Array.from({ length: 60 }, (_, index) => ({ key: `field${index + 1}`, value: `${index + 1}` })),
          },
        },
      ],
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Send with 60 query parameters' }));
    const panel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
    const query = within(await panel.findByRole('group', { name: 'Query Parameters' }));
    await waitFor(() => expect(query.getAllByRole('textbox', { name: 'Key' })).toHaveLength(50), { timeout: 10_000 });
    const more = query.getByRole('button', { name: 'Show 10 more query parameters (10 hidden)' });
    more.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(query.getAllByRole('textbox', { name: 'Key' })).toHaveLength(60));
    await expect(more).not.toBeInTheDocument();
    const keys = query.getAllByRole('textbox', { name: 'Key' });
    await waitFor(() => expect(keys[50]).toHaveFocus());
    await expect(keys[50]).toHaveValue('field51');
    await expect(query.getByRole('status')).toHaveTextContent('60 of 60 query parameters shown');
  },
};

const PROBLEM_ROW = 7_000;

/** 10,000 headers, the 7,000th named with a space (a header name is one word). */
const headersWithProblem: JsonObject[] = tenThousandHeaders.map((row, index) =>
  index === PROBLEM_ROW - 1 ? { ...row, key: 'Bad Header' } : row,
);

/**
 * 10,000 headers with a problem in header 7,000, which the first page does not show: the
 * hidden rows say one of them has a problem, and "Show row 7,000" brings it into view
 * between the rest, focused. Choosing the problem from the problems list does the same.
 */
export const ProblemInHeaderSevenThousand: Story = {
  args: { defaultDefinition: workflowWithHeaders('Send with a bad header', headersWithProblem) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);

    // From the problems list: the panel opens on the row, focused.
    // The problems toggle below the canvas, not the step's own badge of the same name.
    const badges = await canvas.findAllByRole('button', { name: '1 problem' });
    const canvasRegion = canvas.getByRole('region', { name: 'Workflow canvas' });
    await userEvent.click(badges.find((badge) => !canvasRegion.contains(badge))!);
    const problems = within(await canvas.findByRole('region', { name: 'Problems' }));
    await userEvent.click(problems.getByRole('button', { name: /must be a single word/ }));
    const panel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
    await waitFor(() => expect(document.activeElement?.id).toMatch(/_headers_6999_key$/), { timeout: 10_000 });
    await expect(document.activeElement).toHaveValue('Bad Header');
    await userEvent.click(panel.getByRole('button', { name: 'Close' }));

    // Opened again, the row is hidden, and the list says so where it is.
    const headers = await openHeaders(canvasElement, 'Send with a bad header');
    await expect(headers.getByText('1 hidden row has a problem.')).toBeVisible();
    const showRow = headers.getByRole('button', { name: 'Show row 7,000' });
    showRow.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(document.activeElement?.id).toMatch(/_headers_6999_key$/));
    await expect(document.activeElement).toHaveValue('Bad Header');
    // The row shows in its place: what is hidden before and after it is said apart.
    await expect(headers.getAllByRole('textbox', { name: 'Key' })).toHaveLength(51);
    await expect(
      headers.getByRole('button', { name: 'Show 50 more request headers (6,949 hidden)' }),
    ).toBeInTheDocument();
    await expect(
      headers.getByRole('button', { name: 'Show 50 more request headers (3,000 hidden)' }),
    ).toBeInTheDocument();
    await expect(headers.queryByText('1 hidden row has a problem.')).toBeNull();
  },
};
