import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type ReactElement } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { Workflow } from '../src/definition';
import { WorkflowEditor, useRunView, type RunResult } from '../src/editor';
import { runWorkflow, type FetchFunction } from '../src/executor';
import { branchingWorkflow, hostSecrets } from './fixtures/workflows';

/**
 * Runs drawn on the canvas: each card shows its step's state, attempts and duration, the
 * branch taken stands out and the others fade. The editor draws what the host hands its
 * `run` prop: a finished result, or a live snapshot that `useRunView` folds from the
 * executor's events.
 */
const meta = {
  title: 'Editor/Runs',
  component: WorkflowEditor,
  args: { secrets: hostSecrets, style: { height: '100vh' } },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The branching workflow, with "Notify CRM" retried once and continuing on error, and a last step after it. */
const runWorkflowFixture: Workflow = {
  ...branchingWorkflow,
  steps: [
    ...branchingWorkflow.steps.map((step) =>
      step.id === 'notify_crm' && step.type === 'action'
        ? { ...step, config: { ...step.config, retryIntervals: [1], continueOnError: true } }
        : step,
    ),
    { id: 'close_inquiry', type: 'action', action: 'approve_inquiry', name: 'Close inquiry', config: { inquiryId: '{{ trigger.inquiryId }}' } },
  ],
};

const finishedRun: RunResult = {
  status: 'succeeded',
  runId: 'run_7f3a',
  steps: {
    score_risk: { status: 'succeeded', attempts: 1, output: { status: 200, headers: {}, body: { score: 85 } } },
    route: { status: 'succeeded', attempts: 1, output: { branchId: 'high_risk' } },
    open_case: { status: 'succeeded', attempts: 1, output: { caseId: 'case_19' } },
    check_country: { status: 'succeeded', attempts: 1, output: { branchId: 'outside_eu' } },
    ask_documents: { status: 'succeeded', attempts: 1, output: null },
    approve_low: { status: 'skipped', attempts: 0 },
    review: { status: 'skipped', attempts: 0 },
    notify_crm: { status: 'failed', attempts: 2, error: { type: 'http_status', message: 'The server answered 503.', status: 503, attempts: 2 } },
    close_inquiry: { status: 'succeeded', attempts: 1, output: null },
  },
};

type Canvas = ReturnType<typeof within>;

/** The run-state words on a step's card. */
function runStateOf(canvas: Canvas, stepName: string): string {
  const card = canvas.getByRole('button', { name: stepName });
  return card.querySelector('.wfe-card-run')?.textContent ?? '';
}

/** A finished run: states on every card, the high-risk branch taken, the others faded. */
export const FinishedRunResult: Story = {
  args: { defaultDefinition: runWorkflowFixture, run: finishedRun },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Score risk' });
    await waitFor(() => expect(runStateOf(canvas, 'Score risk')).toBe('Succeeded'));
    expect(canvas.getByRole('button', { name: 'Score risk' })).toHaveAccessibleDescription(/Succeeded/);
    expect(runStateOf(canvas, 'Notify CRM')).toBe('Failed (http status) · 2 attempts');
    expect(runStateOf(canvas, 'Close inquiry')).toBe('Succeeded');
    expect(runStateOf(canvas, 'Mark for review')).toBe('Skipped');
    const headers = Array.from(canvasElement.querySelectorAll<HTMLElement>('.wfe-branch-header'));
    const taken = headers.filter((header) => header.dataset.runBranch === 'taken').map((header) => header.textContent);
    expect(taken).toEqual(['High risk', 'Outside EU']);
    expect(headers.filter((header) => header.dataset.runBranch === 'not-taken').map((header) => header.textContent)).toEqual(
      expect.arrayContaining(['Low risk', 'Otherwise']),
    );
  },
};

/** Answers the workflow's two HTTPS steps: a score of 85, and a CRM that fails twice. */
const cannedFetch: FetchFunction = async (input) => {
  await new Promise((resolve) => setTimeout(resolve, 250));
  if (input.includes('risk.example.com')) {
    return new Response(JSON.stringify({ score: 85 }), { status: 200, headers: { 'content-type': 'application/json' } });
  }
  return new Response('{"error":"unavailable"}', { status: 503, headers: { 'content-type': 'application/json' } });
};

/** A host action that takes a moment and answers `output`. */
const slowly = (output: Record<string, string> | null) => () => new Promise<typeof output>((resolve) => setTimeout(() => resolve(output), 250));

/** A host page: a "Run workflow" button runs the reference executor in the page and draws the run live. */
function LiveRunHost(): ReactElement {
  const view = useRunView(runWorkflowFixture);
  const [result, setResult] = useState<RunResult | null>(null);
  const start = () => {
    setResult(null);
    void runWorkflow(runWorkflowFixture, {
      trigger: { inquiryId: 'inq_123', country: 'US', email: 'ada@example.com' },
      secrets: Object.fromEntries(hostSecrets.map((name) => [name, `value-of-${name}`])),
      fetch: cannedFetch,
      handlers: {
        create_case: slowly({ caseId: 'case_19' }),
        send_email: slowly(null),
        approve_inquiry: slowly(null),
        mark_for_review: slowly(null),
      },
      // The retry interval is a second in the definition; here the run waits a fifth of it.
      sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds / 5)),
      onEvent: view.onEvent,
    }).then(setResult);
  };
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100vh' }}>
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', padding: 8 }}>
        <button type="button" onClick={start}>
          Run workflow
        </button>
        <output aria-label="Run status">{result ? `Run ${result.status}` : view.run ? 'Running…' : ''}</output>
      </div>
      <WorkflowEditor defaultDefinition={runWorkflowFixture} secrets={hostSecrets} run={view.run} style={{ flex: 1 }} />
    </div>
  );
}

/**
 * A live run: "Run workflow" runs the reference executor in the page and the cards follow
 * its events as they come: running, then succeeded or failed, in workflow order; the
 * branch taken stands out; "Notify CRM" fails after two attempts and the run goes on.
 */
export const LiveRun: Story = {
  render: () => <LiveRunHost />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Score risk' });
    const order: string[] = [];
    const names = ['Score risk', 'Route by risk', 'Open review case', 'Check country', 'Ask for documents', 'Notify CRM', 'Close inquiry'];
    const watcher = new MutationObserver(() => {
      for (const name of names) {
        const words = canvasElement.querySelector(`[aria-label="${name}"] .wfe-card-run`)?.textContent ?? '';
        if (/^(Succeeded|Failed)/.test(words) && !order.includes(name)) order.push(name);
      }
    });
    watcher.observe(canvasElement, { subtree: true, childList: true, characterData: true });
    try {
      await userEvent.click(canvas.getByRole('button', { name: 'Run workflow' }));
      await waitFor(() => expect(runStateOf(canvas, 'Score risk')).toBe('Running'));
      expect(runStateOf(canvas, 'Notify CRM')).toBe('Waiting');
      await waitFor(() => expect(canvas.getByRole('status', { name: 'Run status' })).toHaveTextContent('Run succeeded'), { timeout: 10_000 });
    } finally {
      watcher.disconnect();
    }
    // Cards the canvas has not drawn (below the fold) are not watched; those it drew
    // finished in workflow order.
    expect(order.length).toBeGreaterThanOrEqual(6);
    expect(order).toEqual(names.filter((name) => order.includes(name)));
    expect(runStateOf(canvas, 'Notify CRM')).toMatch(/^Failed \(http status\) · 2 attempts/);
    expect(runStateOf(canvas, 'Approve inquiry')).toBe('Skipped');
    expect(canvasElement.querySelector('[data-run-branch="taken"]')).toHaveTextContent('High risk');
  },
};
