// @vitest-environment jsdom
// The Test step panel: what a success keeps in the sample data (and a failure does not),
// cancelling (the signal aborts, a late answer is not shown), a rejecting host in words.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Workflow } from '../../src/definition';
import { TestStepPanel } from '../../src/editor/panel/test-step/TestStepPanel';
import type { TestStepContext, TestStepHandler, TestStepResult } from '../../src/editor/panel/test-step/types';
import type { SampleData } from '../../src/editor/sample-data';
import { WorkflowEditorProvider } from '../../src/editor/WorkflowEditorProvider';

afterEach(cleanup);

const workflow: Workflow = {
  schemaVersion: 1,
  kind: 'workflow',
  id: 'approve',
  name: 'Approve',
  trigger: { event: 'inquiry.completed' },
  steps: [
    {
      id: 'notify_crm',
      type: 'action',
      action: 'https_request',
      name: 'Notify CRM',
      config: {
        url: 'https://crm.example.com/{{ trigger.inquiryId }}',
        method: 'GET',
        headers: [{ key: 'K', value: '{{ secrets.crm_api_key }}' }],
      },
    },
  ],
};

/** A host callback whose answers the test gives by hand. */
function heldHost() {
  const calls: { context: TestStepContext; answer: (result: TestStepResult) => void; fail: (error: Error) => void }[] =
    [];
  const handler: TestStepHandler = (_step, context) =>
    new Promise((resolve, reject) => {
      calls.push({ context, answer: resolve, fail: reject });
    });
  return { handler, calls };
}

function renderPanel(handler: TestStepHandler | undefined, onSampleDataChange = vi.fn(), onChange = vi.fn()) {
  render(
    <WorkflowEditorProvider
      defaultDefinition={workflow}
      onChange={onChange}
      secrets={['crm_api_key']}
      sampleData={{ trigger: { inquiryId: 'inq_1' } }}
      onSampleDataChange={onSampleDataChange}
      onTestStep={handler}
    >
      <TestStepPanel stepId="notify_crm" />
    </WorkflowEditorProvider>,
  );
  return { onSampleDataChange, onChange };
}

const success: TestStepResult = {
  status: 'succeeded',
  attempts: 1,
  durationMs: 42,
  output: { status: 200, headers: { 'content-type': 'application/json' }, body: { id: 'c1' } },
};

describe('TestStepPanel', () => {
  it('keeps a success in the sample data under the step id, without what only a test shows', async () => {
    const host = heldHost();
    const { onSampleDataChange, onChange } = renderPanel(host.handler);
    expect(screen.getByText('https://crm.example.com/inq_1')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Test step' }));
    expect(screen.getByRole('button', { name: 'Testing…' }).hasAttribute('disabled')).toBe(true);
    expect(host.calls[0]!.context).toMatchObject({
      trigger: { inquiryId: 'inq_1' },
      workflowId: 'approve',
      secretNames: ['crm_api_key'],
    });
    await act(async () => host.calls[0]!.answer(success));
    expect(screen.getByRole('status').textContent).toBe('Test succeeded');
    expect(screen.getByText('Succeeded · HTTP 200 · 1 attempt · 42 ms')).toBeTruthy();
    const kept = onSampleDataChange.mock.lastCall![0] as SampleData;
    expect(kept).toEqual({
      trigger: { inquiryId: 'inq_1' },
      steps: { notify_crm: { status: 'succeeded', attempts: 1, output: success.output } },
    });
    expect(onChange).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Use as response schema' }));
    const definition = onChange.mock.lastCall![0] as Workflow;
    const step = definition.steps[0]!;
    expect(step.type === 'action' && step.config.responseSchema).toEqual({
      type: 'object',
      properties: { id: { type: 'string' } },
    });
  });

  it('does not keep a failure, and says its error type in words', async () => {
    const host = heldHost();
    const { onSampleDataChange } = renderPanel(host.handler);
    fireEvent.click(screen.getByRole('button', { name: 'Test step' }));
    await act(async () =>
      host.calls[0]!.answer({
        status: 'failed',
        attempts: 3,
        error: { type: 'http_status', status: 503, message: 'The server answered 503.', attempts: 3 },
      }),
    );
    expect(screen.getByText('The server answered with an error status')).toBeTruthy();
    expect(screen.getByText('The server answered 503.')).toBeTruthy();
    expect(screen.getByText(/^Failed · HTTP 503 · 3 attempts/)).toBeTruthy();
    expect(onSampleDataChange).not.toHaveBeenCalled();
  });

  it('"Cancel test" aborts the signal, says so, and a late answer is not shown', async () => {
    const host = heldHost();
    const { onSampleDataChange } = renderPanel(host.handler);
    fireEvent.click(screen.getByRole('button', { name: 'Test step' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel test' }));
    expect(host.calls[0]!.context.signal.aborted).toBe(true);
    expect(screen.getByText('Test cancelled.')).toBeTruthy();
    await act(async () => host.calls[0]!.answer(success));
    expect(screen.queryByText(/Succeeded/)).toBeNull();
    expect(onSampleDataChange).not.toHaveBeenCalled();
  });

  it("shows a rejecting host's message", async () => {
    const host = heldHost();
    renderPanel(host.handler);
    fireEvent.click(screen.getByRole('button', { name: 'Test step' }));
    await act(async () => host.calls[0]!.fail(new Error('test endpoint answered 502')));
    expect(screen.getByRole('alert').textContent).toBe('The app could not run the test: test endpoint answered 502');
  });

  it('without onTestStep, a step with secrets offers no run and says the app must provide it', () => {
    renderPanel(undefined);
    expect(screen.queryByRole('button', { name: 'Test step' })).toBeNull();
    expect(screen.getByText(/only the app can test it/)).toBeTruthy();
    expect(screen.getByText('••••')).toBeTruthy();
  });

  it('names hidden characters of the request by their code points, the URL read left to right', () => {
    const step = workflow.steps[0]!;
    const withHiddenCharacters: Workflow = {
      ...workflow,
      steps: [
        {
          ...step,
          config: {
            url: 'https://crm.example.com/\u202Etxt.tropxe',
            method: 'GET',
            headers: [{ key: 'X-Tra\u200Bce', value: '{{ trigger.inquiryId }}' }],
          },
        } as typeof step,
      ],
    };
    render(
      <WorkflowEditorProvider
        defaultDefinition={withHiddenCharacters}
        sampleData={{ trigger: { inquiryId: 'inq\u202E1' } }}
      >
        <TestStepPanel stepId="notify_crm" />
      </WorkflowEditorProvider>,
    );
    const marks = screen.getAllByText(/^U\+[0-9A-F]{4}$/);
    expect(marks.map((mark) => [mark.tagName, mark.textContent])).toEqual([
      ['MARK', 'U+202E'],
      ['MARK', 'U+200B'],
      ['MARK', 'U+202E'],
    ]);
    const url = marks[0]!.closest('dd')!;
    expect(url.getAttribute('dir')).toBe('ltr');
    expect(url.textContent).toBe('https://crm.example.com/U+202Etxt.tropxe');
  });
});
