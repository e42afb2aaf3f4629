import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import {
  createActionCatalog,
  type ActionCatalog,
  type ActionStep,
  type JsonObject,
  type Workflow,
} from '../src/definition';
import {
  StepConfigPanel,
  TriggerPanel,
  WorkflowEditorProvider,
  type SampleData,
  type TestStepHandler,
  type TestStepResult,
} from '../src/editor';
import { Toolbar } from '../src/editor/toolbar/Toolbar';
import { runStep } from '../src/executor';
import { postToSlackAction } from './fixtures/catalogs';
import { fetchWithStandIn } from './fixtures/loopback-server';
import { hostSecrets } from './fixtures/workflows';
import { EditorBodyFrame } from './story-frames';

/**
 * "Test step" in the HTTPS step's panel. The story plays the host: its `onTestStep` is
 * what a host's server does with the reference executor (`runStep` with the real secret
 * values), here answering from a real HTTP server on 127.0.0.1 in place of
 * `crm.example.com` (in a static build, which has no server, the page answers the same
 * routes itself). The page only ever sees secret names: every play scans the whole
 * document for the secret value the host used.
 */
const meta = {
  title: 'Editor/Test step',
  component: StepConfigPanel,
  args: { stepId: 'notify_crm' },
  parameters: { layout: 'fullscreen' },
} satisfies Meta<typeof StepConfigPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The secret values the story's host holds. They must never reach the page. */
const CRM_API_KEY_VALUE = 'sk_live_4f9Qz7TestStepSecret';
const SIGNING_SECRET_VALUE = 'whsec_8Hk2TestStepSigning';

const CRM_ORIGIN = 'https://crm.example.com';

/** The host's stand-in for crm.example.com: the loopback server (in a static build, the page). */
const toLoopback = fetchWithStandIn(CRM_ORIGIN);

/**
 * What a host's server does for "Test step": run the step with the reference executor
 * and the real secrets, and hand back the step's result (the executor redacts secret
 * values from it).
 */
const hostTestStep: TestStepHandler = async (step, context): Promise<TestStepResult> => {
  const started = performance.now();
  // The executor's events say what each attempt sent, secret values already redacted.
  let sent: TestStepResult['request'];
  const result = await runStep(
    { schemaVersion: 1, kind: 'step', ...step },
    {
      trigger: context.trigger,
      steps: context.steps,
      secrets: { crm_api_key: CRM_API_KEY_VALUE, crm_signing_secret: SIGNING_SECRET_VALUE },
      signal: context.signal,
      runId: context.runId,
      fetch: toLoopback,
      onEvent: (event) => {
        if (event.type === 'attempt_started') sent = { method: event.method, url: event.url, headers: event.headers };
      },
    },
  );
  const stepResult = result.steps[step.id];
  if (!stepResult) throw new Error((result.problems ?? []).map((problem) => problem.message).join('; '));
  return { ...stepResult, durationMs: performance.now() - started, ...(sent ? { request: sent } : {}) };
};

const SAMPLE: SampleData = { trigger: { inquiryId: 'inq_7Rk2', email: 'ada@example.com', country: 'DE' } };

function workflowWith(config: JsonObject, action = 'https_request'): Workflow {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    id: 'approve_inquiry',
    name: 'Approve completed inquiries',
    trigger: {
      event: 'inquiry.completed',
      payloadSchema: {
        type: 'object',
        properties: {
          inquiryId: { type: 'string' },
          email: { type: 'string', format: 'email' },
          country: { type: 'string' },
        },
      },
    },
    steps: [{ id: 'notify_crm', type: 'action', action, name: 'Notify CRM', config } satisfies ActionStep],
  };
}

/** POST with a secret header, a body from the trigger, and signing: answered by /echo. */
const echoConfig: JsonObject = {
  url: `${CRM_ORIGIN}/echo`,
  method: 'POST',
  headers: [{ key: 'X-Api-Key', value: '{{ secrets.crm_api_key }}' }],
  query: [{ key: 'source', value: 'workflow' }],
  body: { inquiryId: '{{ trigger.inquiryId }}', email: '{{ trigger.email }}', status: 'approved' },
  signing: { secret: '{{ secrets.crm_signing_secret }}' },
};

const onChangeSpy = fn<(definition: Workflow) => void>();

interface FrameProps {
  config: JsonObject;
  onTestStep?: TestStepHandler;
  theme?: 'dark';
  /** Show the trigger's panel (with its Sample data) instead of the step's. */
  triggerPanel?: boolean;
  /** The host's sample data at first. @default SAMPLE */
  sample?: SampleData;
  /** The step's action and the catalog it comes from. @default https_request, the built-in catalog */
  action?: string;
  catalog?: ActionCatalog;
}

/** The step's panel beside the canvas; the host keeps the sample data (controlled). */
function Frame(props: FrameProps): ReactElement {
  const [sampleData, setSampleData] = useState<SampleData>(props.sample ?? SAMPLE);
  const [definition] = useState(() => workflowWith(props.config, props.action));
  return (
    <WorkflowEditorProvider
      defaultDefinition={definition}
      onChange={onChangeSpy}
      secrets={hostSecrets}
      sampleData={sampleData}
      onSampleDataChange={setSampleData}
      onTestStep={props.onTestStep}
      catalog={props.catalog}
    >
      <EditorBodyFrame
        theme={props.theme}
        top={<Toolbar />}
        beside={props.triggerPanel ? <TriggerPanel /> : <StepConfigPanel stepId="notify_crm" />}
      />
    </WorkflowEditorProvider>
  );
}

// ---- Helpers of the plays ----------------------------------------------------------

function panel(canvasElement: HTMLElement) {
  return within(within(canvasElement).getByRole('region', { name: 'Step configuration' }));
}

/** The secret values appear nowhere in the document: its markup, any attribute, any field's value. */
async function expectNoSecretsInDocument(): Promise<void> {
  const texts = [document.documentElement.outerHTML, document.documentElement.textContent];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) texts.push(attribute.value);
    if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) texts.push(element.value);
  }
  const everything = texts.join('\n');
  await expect(everything.length).toBeGreaterThan(1000);
  for (const secret of [CRM_API_KEY_VALUE, SIGNING_SECRET_VALUE]) await expect(everything).not.toContain(secret);
}

/** Presses "Test step" and waits for the test to end (its status line says how). */
async function runTheTest(canvasElement: HTMLElement): Promise<HTMLElement> {
  const p = panel(canvasElement);
  await userEvent.click(await p.findByRole('button', { name: 'Test step' }));
  const status = await p.findByText(/^Test (succeeded|failed)$/, {}, { timeout: 20_000 });
  return status;
}

// ---- Stories --------------------------------------------------------------------------

/**
 * A POST with a secret header, a body from the sample trigger and a signature: the
 * preview shows what will be sent (secrets as ••••), the host runs it, the result shows
 * the echoed request; "Use as response schema" describes the response for later steps.
 */
export const Success: Story = {
  render: () => <Frame config={echoConfig} onTestStep={hostTestStep} />,
  play: async ({ canvasElement }) => {
    const p = panel(canvasElement);
    // The preview: method, URL with the query, the sample's values, secrets masked.
    const section = within(await p.findByRole('region', { name: 'Test step' }));
    await expect(section.getByText(`${CRM_ORIGIN}/echo?source=workflow`)).toBeVisible();
    await expect(section.getAllByText('••••').length).toBeGreaterThan(0);
    await expect(section.getByText(/"inquiryId": "inq_7Rk2"/)).toBeVisible();
    await expectNoSecretsInDocument();

    await runTheTest(canvasElement);
    await expect(section.getByText(/^Succeeded · HTTP 200 · 1 attempt/)).toBeVisible();
    const body = section.getByRole('group', { name: 'Response body' });
    await expect(within(body).getByText('"POST"')).toBeVisible();
    // Nested levels open and close on their summaries (Enter or Space with the keyboard).
    const echoedBody = [...body.querySelectorAll('summary')].find((summary) =>
      summary.textContent.startsWith('"body"'),
    );
    if (!echoedBody) throw new Error('the echoed body has no summary');
    await userEvent.click(echoedBody);
    await expect(await within(body).findByText('"inq_7Rk2"')).toBeVisible();
    // The echoed X-Api-Key came back redacted by the executor; the value is nowhere.
    await expectNoSecretsInDocument();
    // What the host reports it sent, redacted by the executor's events.
    await userEvent.click(section.getByText('Request sent'));
    await expect(section.getAllByText('[redacted]').length).toBeGreaterThan(0);
    // This host reports the method, URL and headers it sent, not the body.
    await expect(section.getByText('Not reported by the host')).toBeVisible();

    await userEvent.click(section.getByRole('button', { name: 'Use as response schema' }));
    await expect(section.getByText(/The Response Schema now describes this response/)).toBeVisible();
    const last = onChangeSpy.mock.lastCall?.[0];
    const step = last?.steps[0];
    await expect(step?.type === 'action' ? step.config.responseSchema : undefined).toMatchObject({ type: 'object' });
    // Sample data never lands in the definition.
    await expect(JSON.stringify(last)).not.toContain('inq_7Rk2');
  },
};

/** The same in the dark theme. */
export const SuccessDark: Story = {
  render: () => <Frame config={echoConfig} onTestStep={hostTestStep} theme="dark" />,
  play: async ({ canvasElement }) => {
    await runTheTest(canvasElement);
    await expect(panel(canvasElement).getByText(/^Succeeded · HTTP 200/)).toBeVisible();
    await expectNoSecretsInDocument();
  },
};

/** The server fails once (500) and answers on the retry: two attempts, then success. */
export const RetriedAfterServerError: Story = {
  render: () => (
    <Frame
      // A key of its own per render, so every showing starts from the first attempt.
      config={{
        url: `${CRM_ORIGIN}/flaky/test-step-${Math.random().toString(36).slice(2, 10)}?fail=1`,
        method: 'GET',
        retryIntervals: [0],
      }}
      onTestStep={hostTestStep}
    />
  ),
  play: async ({ canvasElement }) => {
    await runTheTest(canvasElement);
    const section = within(panel(canvasElement).getByRole('region', { name: 'Test step' }));
    await expect(section.getByText(/^Succeeded · HTTP 200 · 2 attempts/)).toBeVisible();
    await expect(within(section.getByRole('group', { name: 'Response body' })).getByText('2')).toBeVisible();
  },
};

/** The server answers 404: the step fails with http_status, said in words. */
export const Failure: Story = {
  render: () => (
    <Frame
      config={{
        url: `${CRM_ORIGIN}/respond?status=404&body=${encodeURIComponent('{"error":"no such inquiry"}')}`,
        method: 'GET',
      }}
      onTestStep={hostTestStep}
    />
  ),
  play: async ({ canvasElement }) => {
    await runTheTest(canvasElement);
    const section = within(panel(canvasElement).getByRole('region', { name: 'Test step' }));
    await expect(section.getByText(/^Failed · HTTP 404 · 1 attempt/)).toBeVisible();
    await expect(section.getByText('The server answered with an error status')).toBeVisible();
    await expect(section.getByText('http_status')).toBeVisible();
    // A failure is not kept as a sample for later steps; nothing offers its body as a schema.
    await expect(section.queryByRole('button', { name: 'Use as response schema' })).toBeNull();
  },
};

/** The server takes 5 s, the step allows 1 s: a timeout error, in words. */
export const Timeout: Story = {
  render: () => (
    <Frame
      config={{ url: `${CRM_ORIGIN}/respond?status=200&delayMs=5000`, method: 'GET', timeoutSeconds: 1 }}
      onTestStep={hostTestStep}
    />
  ),
  play: async ({ canvasElement }) => {
    await runTheTest(canvasElement);
    const section = within(panel(canvasElement).getByRole('region', { name: 'Test step' }));
    await expect(section.getByText('The request took longer than its Request Timeout')).toBeVisible();
    await expect(section.getByText('timeout')).toBeVisible();
    await expect(section.getByText(/^Failed · 1 attempt/)).toBeVisible();
  },
};

/** A test can be stopped: "Cancel test" ends it at once and says so. */
export const Cancelled: Story = {
  render: () => (
    <Frame
      config={{ url: `${CRM_ORIGIN}/respond?status=200&delayMs=10000`, method: 'GET' }}
      onTestStep={hostTestStep}
    />
  ),
  play: async ({ canvasElement }) => {
    const p = panel(canvasElement);
    await userEvent.click(p.getByRole('button', { name: 'Test step' }));
    await expect(p.getByRole('button', { name: 'Testing…' })).toBeDisabled();
    await userEvent.click(p.getByRole('button', { name: 'Cancel test' }));
    await expect(p.getByText('Test cancelled.')).toBeVisible();
    await waitFor(() => expect(p.getByRole('button', { name: 'Test step' })).toBeEnabled());
  },
};

/**
 * The step uses secrets and the host gave no `onTestStep`: the page cannot send it (it
 * has secret names, not values), so the panel says the app must provide it.
 */
export const NeedsHostCallback: Story = {
  render: () => <Frame config={echoConfig} />,
  play: async ({ canvasElement }) => {
    const section = within(await panel(canvasElement).findByRole('region', { name: 'Test step' }));
    await expect(section.getByText(/only the app can test it/)).toBeVisible();
    await expect(section.queryByRole('button', { name: 'Test step' })).toBeNull();
    await expectNoSecretsInDocument();
  },
};

/**
 * No `onTestStep`, and the step needs no secret: it can be sent from the page with the
 * reference executor (the browser applies CORS).
 */
export const RunsInPage: Story = {
  render: () => <Frame config={{ url: 'https://api.example.com/inquiries/{{ trigger.inquiryId }}', method: 'GET' }} />,
  play: async ({ canvasElement }) => {
    const section = within(await panel(canvasElement).findByRole('region', { name: 'Test step' }));
    await expect(section.getByRole('button', { name: 'Test step' })).toBeEnabled();
    await expect(section.getByText(/Sent from this browser/)).toBeVisible();
    await expect(section.getByText('https://api.example.com/inquiries/inq_7Rk2')).toBeVisible();
  },
};

/** The trigger's Sample data: generated from the payload schema, or pasted as JSON. */
export const SampleTriggerData: Story = {
  render: () => <Frame config={echoConfig} triggerPanel />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const text = await canvas.findByRole('textbox', { name: 'Sample trigger data' });
    await expect((text as HTMLTextAreaElement).value).toContain('inq_7Rk2');
    // Text that is not JSON: where and why, in sentences; the sample keeps its last JSON.
    await userEvent.clear(text);
    await userEvent.type(text, '{{ "a": }');
    await waitFor(() =>
      expect(text).toHaveAccessibleDescription(
        /^Line 1, column 8: a value is expected\. The sample keeps its last valid JSON until you fix the text\.$/,
      ),
    );
    await userEvent.click(canvas.getByRole('button', { name: 'Generate from payload schema' }));
    await waitFor(() => expect((text as HTMLTextAreaElement).value).toContain('person@example.com'));
    await expect(JSON.parse((text as HTMLTextAreaElement).value)).toEqual({
      inquiryId: 'sample inquiryId',
      email: 'person@example.com',
      country: 'sample country',
    });
  },
};

/** A response the host kept from an earlier test: the panel shows it when it opens. */
const earlierResult: SampleData = {
  ...SAMPLE,
  steps: {
    notify_crm: {
      status: 'succeeded',
      attempts: 1,
      output: {
        status: 201,
        headers: { 'content-type': 'application/json', 'x-request-id': 'req_81f2' },
        body: {
          caseId: 'case_19',
          inquiry: { id: 'inq_7Rk2', country: 'DE' },
          tags: ['new', 'priority'],
          approved: true,
          score: 0.82,
          note: null,
        },
      },
    },
  },
};

/** The result of an earlier test, kept in the host's sample data, shown when the panel opens. */
export const EarlierResult: Story = {
  render: () => <Frame config={echoConfig} sample={earlierResult} />,
  play: async ({ canvasElement }) => {
    const section = within(await panel(canvasElement).findByRole('region', { name: 'Test step' }));
    await expect(section.getByText(/From an earlier test/)).toBeVisible();
    await expect(section.getByText(/^Succeeded · HTTP 201 · 1 attempt$/)).toBeVisible();
    await expect(within(section.getByRole('group', { name: 'Response body' })).getByText('"case_19"')).toBeVisible();
  },
};

/** The same in the dark theme. */
export const EarlierResultDark: Story = {
  render: () => <Frame config={echoConfig} sample={earlierResult} theme="dark" />,
};

/** A 2 MB response body: the viewer shows the first hundred entries and long strings cut, at once. */
export const LargeResponse: Story = {
  render: () => {
    const rows = Array.from({ length: 20_000 }, (_, index) => ({
      id: index,
      name: `row ${index}`,
      text: 'x'.repeat(80),
    }));
    const sample: SampleData = {
      ...SAMPLE,
      steps: {
        notify_crm: {
          status: 'succeeded',
          attempts: 1,
          output: { status: 200, headers: {}, body: { rows, blob: 'y'.repeat(200_000) } },
        },
      },
    };
    return <Frame config={echoConfig} sample={sample} />;
  },
  play: async ({ canvasElement }) => {
    const section = within(await panel(canvasElement).findByRole('region', { name: 'Test step' }));
    const body = section.getByRole('group', { name: 'Response body' });
    await expect(within(body).getByText(/198,000 more characters/)).toBeVisible();
    const rows = [...body.querySelectorAll('summary')].find((summary) => summary.textContent.startsWith('"rows"'));
    if (!rows) throw new Error('no rows summary');
    await userEvent.click(rows);
    const showMore = await within(body).findByRole('button', { name: 'Show more (100 of 20,000)' });
    await expect(body.querySelectorAll('.wfe-json-children .wfe-json-children > details')).toHaveLength(100);
    await userEvent.click(showMore);
    await expect(within(body).getByRole('button', { name: 'Show more (200 of 20,000)' })).toBeVisible();
  },
};

/** A host action that opts in with `testable: true`: its tests always go to the host. */
const slackCatalog = createActionCatalog([{ ...postToSlackAction, testable: true }]);

const slackTestStep: TestStepHandler = (step, context) =>
  Promise.resolve({
    status: 'succeeded',
    attempts: 1,
    output: {
      channel: step.config.channel ?? null,
      ts: '1767225600.000200',
      text: `Inquiry ${String((context.trigger as { inquiryId?: string }).inquiryId)} approved`,
    },
  });

/** "Post to Slack", a host action marked testable, tested through the host's onTestStep. */
export const HostAction: Story = {
  render: () => (
    <Frame
      action="post_to_slack"
      catalog={slackCatalog}
      config={{ channel: '#sales', message: 'Inquiry {{ trigger.inquiryId }} approved' }}
      onTestStep={slackTestStep}
    />
  ),
  play: async ({ canvasElement }) => {
    await runTheTest(canvasElement);
    const section = within(panel(canvasElement).getByRole('region', { name: 'Test step' }));
    await expect(section.getByText(/^Succeeded · 1 attempt/)).toBeVisible();
    await expect(
      within(section.getByRole('group', { name: 'Output' })).getByText('"Inquiry inq_7Rk2 approved"'),
    ).toBeVisible();
    // Only the HTTPS step's response becomes a Response Schema.
    await expect(section.queryByRole('button', { name: 'Use as response schema' })).toBeNull();
  },
};
