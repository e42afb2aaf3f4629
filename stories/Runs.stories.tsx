import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState, type ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import type { ActionStep, Step, Workflow } from '../src/definition';
import { WorkflowEditor, useRunView, type RunResult, type RunSnapshot, type SampleData } from '../src/editor';
import { runWorkflow, type FetchFunction, type NetworkPolicy } from '../src/executor';
import {
  fetchWithStandIn,
  loopbackOrigin,
  resetLoopbackServer,
  standInForGlobalFetch,
} from './fixtures/loopback-server';
import { branchingWorkflow, hostSecrets } from './fixtures/workflows';
import { openToolbarAction, type Canvas } from './story-helpers';

/**
 * Runs drawn on the canvas: each card shows its step's state, attempts and duration, the
 * branch taken stands out and the others fade; a selected step's panel shows its run
 * details (status, attempts, duration, input with secrets redacted, output, error). The
 * editor draws what the host hands its `run` prop (a finished result, or a live snapshot
 * that `useRunView` folds from the executor's events), or the run its own "Test workflow"
 * starts.
 *
 * The live stories send real requests to the stories' HTTP server on 127.0.0.1 (started
 * when Storybook or the story tests serve); in a static build, which has none, the page
 * answers the same routes itself.
 */
const meta = {
  title: 'Editor/Runs',
  component: WorkflowEditor,
  args: { secrets: hostSecrets, style: { height: '100vh' } },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

// ---- Fixtures --------------------------------------------------------------------------

/** The branching workflow, with "Notify CRM" retried once and continuing on error, and a last step after it. */
const runWorkflowFixture: Workflow = {
  ...branchingWorkflow,
  steps: [
    ...branchingWorkflow.steps.map((step) =>
      step.id === 'notify_crm' && step.type === 'action'
        ? { ...step, config: { ...step.config, retryIntervals: [1], continueOnError: true } }
        : step,
    ),
    {
      id: 'close_inquiry',
      type: 'action',
      action: 'approve_inquiry',
      name: 'Close inquiry',
      config: { inquiryId: '{{ trigger.inquiryId }}' },
    },
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
    notify_crm: {
      status: 'failed',
      attempts: 2,
      error: { type: 'http_status', message: 'The server answered 503.', status: 503, attempts: 2 },
    },
    close_inquiry: { status: 'succeeded', attempts: 1, output: null },
  },
};

/** An HTTPS step calling `url`. */
function call(id: string, name: string, url: string, config: Partial<ActionStep['config']> = {}): ActionStep {
  return { id, type: 'action', action: 'https_request', name, config: { url, method: 'POST', ...config } };
}

/**
 * Score → branch → notify, then a CRM call that fails and continues on error, then a last
 * step: every step an HTTPS request the stories' server answers, at `origin(service)`.
 */
function httpRunWorkflow(
  origin: (service: string) => string,
  options: { scoreDelayMs: number; crmSecretHeader: boolean },
): Workflow {
  const answer = (status: number, delayMs: number, body: string) => [
    { key: 'status', value: String(status) },
    { key: 'delayMs', value: String(delayMs) },
    { key: 'body', value: body },
  ];
  const notifyTeam = call('notify_team', 'Notify team', `${origin('team')}/echo`, {
    body: { text: 'High-risk inquiry {{ trigger.inquiryId }}', score: '{{ steps.score_risk.output.body.score }}' },
  });
  const approve = call('approve_low', 'Approve inquiry', `${origin('inquiries')}/echo`, {
    body: { inquiryId: '{{ trigger.inquiryId }}' },
  });
  const steps: Step[] = [
    call('score_risk', 'Score risk', `${origin('risk')}/respond`, {
      query: answer(200, options.scoreDelayMs, '{"score":85}'),
      body: { inquiryId: '{{ trigger.inquiryId }}' },
      responseSchema: { type: 'object', properties: { score: { type: 'number' } } },
    }),
    {
      id: 'route',
      type: 'branch',
      name: 'Route by risk',
      branches: [
        {
          id: 'high_risk',
          name: 'High risk',
          when: { all: [{ left: '{{ steps.score_risk.output.body.score }}', op: 'gte', right: 70 }] },
          steps: [notifyTeam],
        },
        {
          id: 'low_risk',
          name: 'Low risk',
          when: { all: [{ left: '{{ steps.score_risk.output.body.score }}', op: 'lt', right: 30 }] },
          steps: [approve],
        },
        { id: 'medium_risk', name: 'Otherwise', steps: [] },
      ],
    },
    call('notify_crm', 'Notify CRM', `${origin('crm')}/respond`, {
      query: answer(503, 200, '{"error":"unavailable"}'),
      ...(options.crmSecretHeader
        ? { headers: [{ key: 'Authorization', value: 'Bearer {{ secrets.crm_api_key }}' }] }
        : {}),
      body: { inquiryId: '{{ trigger.inquiryId }}', score: '{{ steps.score_risk.output.body.score }}' },
      retryIntervals: [0],
      continueOnError: true,
    }),
    call('close_inquiry', 'Close inquiry', `${origin('inquiries')}/echo`, {
      body: { inquiryId: '{{ trigger.inquiryId }}', state: 'closed' },
    }),
  ];
  return { ...branchingWorkflow, id: 'route_by_risk_live', name: 'Route inquiries by risk (live)', steps };
}

/** The trigger payload the live runs use. */
const sampleTrigger = { inquiryId: 'inq_123', country: 'US', email: 'ada@example.com' };

/** The workflow as a host would publish it: https URLs at example.com services. */
const liveRunWorkflow = httpRunWorkflow((service) => `https://${service}.example.com`, {
  scoreDelayMs: 400,
  crmSecretHeader: true,
});

/** The services the live workflows call: `https://<service>.example.com`. */
const EXAMPLE_SERVICES = /^https:\/\/[a-z]+\.example\.com/;

/**
 * The host's fetch in these stories: every `https://<service>.example.com` request goes to
 * the loopback server (in a static build, to the page's stand-in of it).
 */
const toLoopback: FetchFunction = fetchWithStandIn(EXAMPLE_SERVICES);

// ---- Helpers ---------------------------------------------------------------------------

/** The run-state words on a step's card. */
function runStateOf(canvas: Canvas, stepName: string): string {
  const card = canvas.getByRole('button', { name: stepName });
  return card.querySelector('.wfe-card-run')?.textContent ?? '';
}

/**
 * Records the order in which the named steps' cards first show a finished state
 * (Succeeded or Failed) while `during` runs. Cards the canvas has not drawn are not seen.
 */
async function finishOrder(
  root: HTMLElement,
  names: readonly string[],
  during: () => Promise<void>,
): Promise<string[]> {
  const order: string[] = [];
  const record = (): void => {
    for (const name of names) {
      const words = root.querySelector(`[aria-label="${name}"] .wfe-card-run`)?.textContent ?? '';
      if (/^(Succeeded|Failed)/.test(words) && !order.includes(name)) order.push(name);
    }
  };
  const watcher = new MutationObserver(record);
  watcher.observe(root, { subtree: true, childList: true, characterData: true });
  try {
    await during();
  } finally {
    watcher.disconnect();
  }
  record();
  return order;
}

/** The "Run" section of the open step panel. */
async function runDetails(canvas: Canvas): Promise<HTMLElement> {
  const panel = await canvas.findByRole('region', { name: 'Step configuration' });
  return within(panel).findByRole('region', { name: 'Run' });
}

/** The order the live workflow's steps finish in, and the branch it takes. */
const LIVE_ORDER = ['Score risk', 'Route by risk', 'Notify team', 'Notify CRM', 'Close inquiry'];

/** What every finished live run of {@link httpRunWorkflow} shows on its cards. */
async function expectFinishedLiveRun(canvasElement: HTMLElement, order: string[]): Promise<void> {
  const canvas = within(canvasElement);
  // The cards the canvas drew finished in workflow order: the last two may be below the
  // fold (a frame 700 px high draws the first three).
  await expect(order.length).toBeGreaterThanOrEqual(3);
  await expect(order).toEqual(LIVE_ORDER.slice(0, order.length));
  await expect(runStateOf(canvas, 'Score risk')).toMatch(/^Succeeded/);
  await expect(runStateOf(canvas, 'Approve inquiry')).toBe('Skipped');
  const headers = Array.from(canvasElement.querySelectorAll<HTMLElement>('.wfe-branch-header'));
  await expect(
    headers.filter((header) => header.dataset.runBranch === 'taken').map((header) => header.textContent),
  ).toEqual(['High risk']);
  await expect(
    headers.filter((header) => header.dataset.runBranch === 'not-taken').map((header) => header.textContent),
  ).toEqual(['Low risk', 'Otherwise']);
  // The CRM call failed after its retry, and the run went on past it: End pans to the last step.
  await expect(runStateOf(canvas, 'Notify CRM')).toMatch(/^Failed \(http status\) · 2 attempts/);
  canvas.getByRole('button', { name: 'Notify CRM' }).focus();
  await userEvent.keyboard('{End}');
  await waitFor(() => expect(runStateOf(canvas, 'Close inquiry')).toMatch(/^Succeeded/));
}

// ---- FinishedRunResult -------------------------------------------------------------------

/** A finished run: states on every card, the high-risk branch taken, the others faded. */
export const FinishedRunResult: Story = {
  args: { defaultDefinition: runWorkflowFixture, run: finishedRun },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Score risk' });
    await waitFor(() => expect(runStateOf(canvas, 'Score risk')).toBe('Succeeded'));
    await expect(canvas.getByRole('button', { name: 'Score risk' })).toHaveAccessibleDescription(/Succeeded/);
    await expect(runStateOf(canvas, 'Notify CRM')).toBe('Failed (http status) · 2 attempts');
    await expect(runStateOf(canvas, 'Close inquiry')).toBe('Succeeded');
    await expect(runStateOf(canvas, 'Mark for review')).toBe('Skipped');
    const headers = Array.from(canvasElement.querySelectorAll<HTMLElement>('.wfe-branch-header'));
    const taken = headers.filter((header) => header.dataset.runBranch === 'taken').map((header) => header.textContent);
    await expect(taken).toEqual(['High risk', 'Outside EU']);
    await expect(
      headers.filter((header) => header.dataset.runBranch === 'not-taken').map((header) => header.textContent),
    ).toEqual(expect.arrayContaining(['Low risk', 'Otherwise']));
  },
};

// ---- LiveRun -------------------------------------------------------------------------------

/**
 * A host page: "Run workflow" runs the reference executor in the page (with the host's
 * secrets and a fetch that sends the example.com services to the loopback server) and
 * draws the run live through `useRunView`.
 */
function LiveRunHost(): ReactElement {
  const view = useRunView(liveRunWorkflow);
  const [result, setResult] = useState<RunResult | null>(null);
  const start = () => {
    setResult(null);
    void resetLoopbackServer().then(() =>
      runWorkflow(liveRunWorkflow, {
        trigger: sampleTrigger,
        secrets: Object.fromEntries(hostSecrets.map((name) => [name, `value-of-${name}`])),
        fetch: toLoopback,
        reportStepInput: true,
        onEvent: view.onEvent,
      }).then(setResult),
    );
  };
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100vh' }}>
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', padding: 8 }}>
        <button type="button" onClick={start}>
          Run workflow
        </button>
        <output aria-label="Run status">{result ? `Run ${result.status}` : view.run ? 'Running…' : ''}</output>
      </div>
      <WorkflowEditor
        defaultDefinition={liveRunWorkflow}
        secrets={hostSecrets}
        run={view.run}
        onTestWorkflow={null}
        style={{ flex: 1 }}
      />
    </div>
  );
}

/**
 * A live run against a real HTTP server on 127.0.0.1: the cards follow the executor's
 * events as they come, running, then succeeded or failed, in workflow order; the
 * high-risk branch is taken; "Notify CRM" fails after two attempts (503) and, as it
 * continues on error, "Close inquiry" still runs. Its panel says both.
 */
export const LiveRun: Story = {
  render: () => <LiveRunHost />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Score risk' });
    const order = await finishOrder(canvasElement, LIVE_ORDER, async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Run workflow' }));
      await waitFor(() => expect(runStateOf(canvas, 'Score risk')).toBe('Running'));
      await expect(runStateOf(canvas, 'Notify CRM')).toBe('Waiting');
      await waitFor(
        () => expect(canvas.getByRole('status', { name: 'Run status' })).toHaveTextContent('Run succeeded'),
        { timeout: 15_000 },
      );
    });
    await expectFinishedLiveRun(canvasElement, order);

    await userEvent.click(canvas.getByRole('button', { name: 'Notify CRM' }));
    const details = within(await runDetails(canvas));
    await expect(details.getByText('Failed')).toBeVisible();
    await expect(details.getByText('The server answered with an error status (HTTP 503)')).toBeVisible();
    await expect(details.getByText('The workflow went on (Continue on error).')).toBeVisible();
    await userEvent.click(details.getByText('Input'));
    const input = details.getByRole('region', { name: 'Input JSON' });
    await expect(input).toHaveTextContent('"value": "Bearer [redacted]"');
    await expect(input).not.toHaveTextContent('value-of-crm_api_key');
    await expect(input).toHaveTextContent('"inquiryId": "inq_123"');
  },
};

// ---- RunResultReadOnly -----------------------------------------------------------------------

/** A finished run of the live workflow as a server would report it: inputs (redacted), outputs, an error. */
const finishedSnapshot: RunSnapshot = {
  status: 'succeeded',
  runId: 'run_5c21',
  steps: {
    score_risk: {
      status: 'succeeded',
      attempts: 1,
      startedAt: 1_767_268_800_000,
      durationMs: 412,
      input: {
        url: 'https://risk.example.com/respond',
        method: 'POST',
        query: [
          { key: 'status', value: '200' },
          { key: 'delayMs', value: '400' },
          { key: 'body', value: '{"score":85}' },
        ],
        body: { inquiryId: 'inq_123' },
      },
      output: { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: { score: 85 } },
    },
    route: {
      status: 'succeeded',
      attempts: 1,
      startedAt: 1_767_268_800_412,
      durationMs: 1,
      branchId: 'high_risk',
      output: { branchId: 'high_risk' },
    },
    notify_team: {
      status: 'succeeded',
      attempts: 1,
      startedAt: 1_767_268_800_413,
      durationMs: 38,
      input: {
        url: 'https://team.example.com/echo',
        method: 'POST',
        body: { text: 'High-risk inquiry inq_123', score: 85 },
      },
      output: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: { method: 'POST', path: '/echo', body: { text: 'High-risk inquiry inq_123', score: 85 } },
      },
    },
    approve_low: { status: 'skipped', attempts: 0 },
    notify_crm: {
      status: 'failed',
      attempts: 2,
      startedAt: 1_767_268_800_451,
      durationMs: 431,
      input: {
        url: 'https://crm.example.com/respond',
        method: 'POST',
        headers: [{ key: 'Authorization', value: 'Bearer [redacted]' }],
        body: { inquiryId: 'inq_123', score: 85 },
        retryIntervals: [0],
        continueOnError: true,
      },
      error: { type: 'http_status', message: 'The server answered 503 Service Unavailable.', status: 503, attempts: 2 },
    },
    close_inquiry: {
      status: 'succeeded',
      attempts: 1,
      startedAt: 1_767_268_800_882,
      durationMs: 27,
      input: {
        url: 'https://inquiries.example.com/echo',
        method: 'POST',
        body: { inquiryId: 'inq_123', state: 'closed' },
      },
      output: {
        status: 200,
        headers: {},
        body: { method: 'POST', path: '/echo', body: { inquiryId: 'inq_123', state: 'closed' } },
      },
    },
  },
};

/**
 * A read-only editor showing a finished run (as a run history page would): selecting a
 * step, by mouse or keyboard, opens its run details: status, attempts, duration, the
 * input it ran with (secret values redacted), its output, and for "Notify CRM" the error
 * in words.
 */
export const RunResultReadOnly: Story = {
  args: { defaultDefinition: liveRunWorkflow, run: finishedSnapshot, readOnly: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const crm = await canvas.findByRole('button', { name: 'Notify CRM' });
    await expect(runStateOf(canvas, 'Notify CRM')).toMatch(/^Failed \(http status\) · 2 attempts/);
    await expect(canvas.queryByRole('button', { name: 'Test workflow' })).toBeNull();
    // The host's run: without its onClearRun, only the host can take it away.
    await expect(canvas.queryByRole('button', { name: 'Clear run' })).toBeNull();
    // By keyboard: Enter on the card opens its panel, and the run details are reachable.
    crm.focus();
    await userEvent.keyboard('{Enter}');
    let details = within(await runDetails(canvas));
    await expect(details.getByText('Failed')).toBeVisible();
    await expect(details.getByText('431 ms')).toBeVisible();
    await expect(details.getByText('The server answered with an error status (HTTP 503)')).toBeVisible();
    await expect(details.getByText('The server answered 503 Service Unavailable.')).toBeVisible();
    // The summary is in the tab order (a native disclosure: Enter or Space opens it in a browser).
    const inputSummary = details.getByText('Input');
    inputSummary.focus();
    await expect(document.activeElement).toBe(inputSummary);
    await userEvent.click(inputSummary);
    const input = await details.findByRole('region', { name: 'Input JSON' });
    await expect(input).toBeVisible();
    await expect(input).toHaveTextContent('"value": "Bearer [redacted]"');
    await expect(input.tabIndex).toBe(0);

    // Another step: its output.
    await userEvent.click(canvas.getByRole('button', { name: 'Score risk' }));
    await waitFor(() =>
      expect(within(canvasElement).getByRole('textbox', { name: 'Step name' })).toHaveValue('Score risk'),
    );
    details = within(await runDetails(canvas));
    await expect(details.getByText('412 ms')).toBeVisible();
    await expect(details.getByRole('region', { name: 'Output JSON' })).toHaveTextContent('"score": 85');
  },
};

/** Samples taken from a run: a succeeded step's output becomes its sample result for later steps' tests and previews. */
export const RunOutputAsSampleResult: Story = {
  args: { defaultDefinition: liveRunWorkflow, run: finishedSnapshot, onSampleDataChange: fn() },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Score risk' }));
    const details = within(await runDetails(canvas));
    await userEvent.click(details.getByRole('button', { name: 'Use as sample result' }));
    await waitFor(() => expect(details.getByRole('status')).toHaveTextContent("Kept as this step's sample result"));
    await expect(args.onSampleDataChange).toHaveBeenLastCalledWith({
      steps: { score_risk: { status: 'succeeded', attempts: 1, output: finishedSnapshot.steps.score_risk?.output } },
    });
    // A failed step has no output to keep.
    await userEvent.click(canvas.getByRole('button', { name: 'Notify CRM' }));
    await waitFor(() =>
      expect(within(canvasElement).getByRole('textbox', { name: 'Step name' })).toHaveValue('Notify CRM'),
    );
    await expect(within(await runDetails(canvas)).queryByRole('button', { name: 'Use as sample result' })).toBeNull();
  },
};

// ---- TestWorkflow ------------------------------------------------------------------------------

/** The page run's destination rules in these stories: the loopback server, over http. */
const loopbackPolicy: NetworkPolicy = { allowHttp: true, allowPrivateNetwork: true };

/**
 * The live workflow a page run tests: calling the loopback server itself (http on
 * 127.0.0.1, which a published workflow may not: the badges say so), or in a static build,
 * which has no server, the example.com services, which the page answers itself.
 */
function testedWorkflow(scoreDelayMs: number): Workflow {
  const options = { scoreDelayMs, crmSecretHeader: false };
  return loopbackOrigin === null
    ? httpRunWorkflow((service) => `https://${service}.example.com`, options)
    : httpRunWorkflow(() => loopbackOrigin!, options);
}

/** An editor with sample trigger data, whose "Test workflow" runs in the page. */
function TestWorkflowHost(props: { scoreDelayMs: number }): ReactElement {
  const [definition] = useState(() => testedWorkflow(props.scoreDelayMs));
  const [sampleData, setSampleData] = useState<SampleData>({ trigger: sampleTrigger });
  // The default page run sends on the page's own fetch: without a server, the page answers.
  useEffect(() => (loopbackOrigin === null ? standInForGlobalFetch(EXAMPLE_SERVICES) : undefined), []);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100vh' }}>
      <WorkflowEditor
        defaultDefinition={definition}
        secrets={hostSecrets}
        sampleData={sampleData}
        onSampleDataChange={setSampleData}
        testNetworkPolicy={loopbackPolicy}
        style={{ flex: 1 }}
      />
    </div>
  );
}

/**
 * "Test workflow" in the toolbar runs the whole workflow with the sample trigger, in the
 * page (the reference executor, loaded on first use, allowed to reach the loopback server
 * by `testNetworkPolicy`), and the canvas draws it live; while it runs the button says
 * "Stop".
 */
export const TestWorkflow: Story = {
  render: () => <TestWorkflowHost scoreDelayMs={600} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Score risk' });
    await resetLoopbackServer();
    const order = await finishOrder(canvasElement, LIVE_ORDER, async () => {
      // The toolbar's button, or in an editor too narrow for it (800 px) "More actions".
      await openToolbarAction(canvasElement, 'Test workflow');
      // A wide toolbar's button says "Stop" while the run goes on.
      const stop = canvas.queryByRole('button', { name: 'Stop' });
      if (stop) await expect(stop).toHaveAttribute('aria-busy', 'true');
      await waitFor(() => expect(runStateOf(canvas, 'Score risk')).toBe('Running'));
      await waitFor(() => expect(canvas.getByText('Test run succeeded.')).toBeVisible(), { timeout: 15_000 });
    });
    await expectFinishedLiveRun(canvasElement, order);
    const testAgain = canvas.queryByRole('button', { name: 'Test workflow' });
    if (testAgain) await expect(testAgain).not.toHaveAttribute('aria-busy');
    // The sample trigger went into the requests.
    await userEvent.click(canvas.getByRole('button', { name: 'Score risk' }));
    const details = within(await runDetails(canvas));
    await userEvent.click(details.getByText('Input'));
    await expect(details.getByRole('region', { name: 'Input JSON' })).toHaveTextContent('"inquiryId": "inq_123"');
    await expect(details.getByRole('region', { name: 'Output JSON' })).toHaveTextContent('"score": 85');
  },
};

/**
 * "Stop" ends the test: the step in progress fails as cancelled and the rest is skipped;
 * "Clear run" then leaves run view, and focus stays on "Test workflow".
 */
export const StopAndClearTestRun: Story = {
  render: () => <TestWorkflowHost scoreDelayMs={30_000} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Score risk' });
    // Each through the toolbar's button, or in an editor too narrow for it, "More actions".
    await openToolbarAction(canvasElement, 'Test workflow');
    await waitFor(() => expect(runStateOf(canvas, 'Score risk')).toBe('Running'));
    await openToolbarAction(canvasElement, 'Stop');
    await waitFor(() => expect(canvas.getByText('Test run stopped.')).toBeVisible());
    await expect(runStateOf(canvas, 'Score risk')).toMatch(/^Failed \(cancelled\)/);
    await expect(runStateOf(canvas, 'Close inquiry')).toBe('Skipped');
    const clearedFrom = await openToolbarAction(canvasElement, 'Clear run');
    await expect(canvasElement.querySelector('.wfe-card-run')).toBeNull();
    await expect(canvas.queryByRole('button', { name: 'Clear run' })).toBeNull();
    // Focus stays in the toolbar: on "Test workflow", or on "More actions" it was chosen from.
    const testAgain = canvas.queryByRole('button', { name: 'Test workflow' });
    await expect(document.activeElement).toBe(testAgain ?? clearedFrom);
  },
};

/** A workflow with a problem is not tested: "Test workflow" lists the problems instead, and nothing is sent. */
export const TestWorkflowListsProblems: Story = {
  args: {
    defaultDefinition: {
      ...liveRunWorkflow,
      steps: liveRunWorkflow.steps.map((step) =>
        step.id === 'close_inquiry' && step.type === 'action' ? { ...step, config: { ...step.config, url: '' } } : step,
      ),
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Score risk' });
    const opener = await openToolbarAction(canvasElement, 'Test workflow');
    await expect(await canvas.findByText(/^Fix \d+ problems? before testing\.$/)).toBeVisible();
    await expect(await canvas.findByRole('region', { name: 'Problems' })).toBeVisible();
    await expect(opener).not.toHaveAttribute('aria-busy');
    await expect(canvasElement.querySelector('.wfe-card-run')).toBeNull();
  },
};

/**
 * An editor 800 px wide: "Test workflow" is in the toolbar's "More actions" menu (here the
 * workflow has a problem, so choosing it lists the problem instead of running).
 */
export const TestWorkflowInNarrowEditor: Story = {
  args: {
    ...TestWorkflowListsProblems.args,
    style: { height: '100vh', width: 800 },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Score risk' });
    await expect(canvas.queryByRole('button', { name: 'Test workflow' })).toBeNull();
    await expect(await openToolbarAction(canvasElement, 'Test workflow')).toBe(
      canvas.getByRole('button', { name: 'More actions' }),
    );
    await expect(await canvas.findByRole('region', { name: 'Problems' })).toBeVisible();
    await expect(canvasElement.querySelector('.wfe-card-run')).toBeNull();
  },
};

/** A run whose "Score risk" answered about 300,000 characters of JSON. */
const bigOutputRun: RunSnapshot = {
  ...finishedSnapshot,
  steps: {
    ...finishedSnapshot.steps,
    score_risk: {
      ...finishedSnapshot.steps.score_risk!,
      output: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: {
          score: 85,
          history: Array.from({ length: 3000 }, (_, index) => ({
            inquiryId: `inq_${index}`,
            score: index % 100,
            note: 'An earlier inquiry',
          })),
        },
      },
    },
  },
};

/**
 * A big output (about 300,000 characters) shows its first 20,000 at once, so the panel
 * stays quick; "Show all" shows the rest.
 */
export const BigOutput: Story = {
  args: { defaultDefinition: liveRunWorkflow, run: bigOutputRun, readOnly: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Score risk' }));
    const details = within(await runDetails(canvas));
    const output = details.getByRole('region', { name: 'Output JSON' });
    await expect(output.textContent).toHaveLength(20_000);
    await expect(details.getByText(/^Showing the first 20,000 of [\d,]+ characters\.$/)).toBeVisible();
    await userEvent.click(details.getByRole('button', { name: 'Show all' }));
    await expect(output.textContent.length).toBeGreaterThan(200_000);
    await expect(output).toHaveTextContent('"inquiryId": "inq_2999"');
    await expect(details.queryByRole('button', { name: 'Show all' })).toBeNull();
  },
};
