// @vitest-environment jsdom
// "Test step" with a large request body: the preview of a body is remembered by body
// object (a key typed into the URL does not resolve and write 2 MB again), it is
// resolved anew when the sample data changes, and a large body not previewed before is
// shown once the panel has been painted rather than holding up its first frame.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionStep, JsonObject, Workflow } from '../../src/definition';
import { previewHttpsRequest, secretNamesInConfig } from '../../src/editor/panel/test-step/request-preview';
import { TestStepPanel } from '../../src/editor/panel/test-step/TestStepPanel';
import type { SampleData } from '../../src/editor/sample-data';
import { WorkflowEditorProvider } from '../../src/editor/WorkflowEditorProvider';

afterEach(cleanup);

function httpsStep(config: JsonObject): ActionStep {
  return { id: 'send', type: 'action', action: 'https_request', name: 'Send', config };
}

/** A body of `count` records, with a reference to the trigger in the first one. */
function bodyOf(count: number): JsonObject {
  const records = Array.from({ length: count }, (_, index) => ({
    id: `rec_${index}`,
    amount: index,
    tags: ['a', 'b'],
  }));
  return { note: '{{ trigger.note }}', records };
}

describe('previewHttpsRequest with a large body', () => {
  it('leaves a large body for later when asked to, and previews a small one at once', () => {
    const sample: SampleData = { trigger: { note: 'hello' } };
    const large = previewHttpsRequest(
      httpsStep({ url: 'https://a.example', method: 'POST', body: bodyOf(3000) }),
      { sample },
      { largeBodyLater: true },
    );
    expect(large.bodyPending).toBe(true);
    expect(large.body).toBeUndefined();
    // The Content-Type still says what the body will be.
    expect(large.headers.map((header) => header.name)).toContain('Content-Type');
    const small = previewHttpsRequest(
      httpsStep({ url: 'https://a.example', method: 'POST', body: bodyOf(3) }),
      { sample },
      { largeBodyLater: true },
    );
    expect(small.bodyPending).toBeUndefined();
    expect(JSON.parse(small.body!).note).toBe('hello');
  });

  it('gives a body previewed before at once, with its unresolved references, whatever the URL says', () => {
    const sample: SampleData = { trigger: { note: 'n' } };
    const body = { ...bodyOf(3000), key: '{{ secrets.api_key }}', missing: '{{ steps.nowhere.output }}' };
    const first = previewHttpsRequest(httpsStep({ url: 'https://a.example/{{ trigger.id }}', method: 'POST', body }), {
      sample,
    });
    expect(first.unresolved).toEqual(['{{ trigger.id }}', '{{ steps.nowhere.output }}']);
    const typed = previewHttpsRequest(
      httpsStep({ url: 'https://a.example/{{ secrets.tenant }}/{{ trigger.id }}x', method: 'POST', body }),
      { sample },
      { largeBodyLater: true },
    );
    expect(typed.bodyPending).toBeUndefined();
    expect(typed.body).toBe(first.body);
    // Unresolved references leave the body as written (as a run would not send it).
    expect(JSON.parse(typed.body!).key).toBe('{{ secrets.api_key }}');
    expect(typed.unresolved).toEqual(['{{ trigger.id }}', '{{ steps.nowhere.output }}']);
    expect(typed.secretNames).toEqual(['tenant', 'api_key']);
  });

  it('masks the secrets of a remembered body when the URL brings in other secrets', () => {
    const body = { ...bodyOf(3000), key: '{{ secrets.api_key }}' };
    const sample: SampleData = { trigger: { note: 'n' } };
    expect(
      JSON.parse(previewHttpsRequest(httpsStep({ url: 'https://a.example', method: 'POST', body }), { sample }).body!)
        .key,
    ).toBe('••••');
    const typed = previewHttpsRequest(
      httpsStep({ url: 'https://a.example/{{ secrets.tenant }}', method: 'POST', body }),
      { sample },
      { largeBodyLater: true },
    );
    expect(JSON.parse(typed.body!).key).toBe('••••');
    expect(typed.url).toBe('https://a.example/••••');
  });

  it('resolves a remembered body again against other sample data or another workflow id', () => {
    const body = bodyOf(3000);
    const step = httpsStep({ url: 'https://a.example', method: 'POST', body });
    expect(JSON.parse(previewHttpsRequest(step, { sample: { trigger: { note: 'one' } } }).body!).note).toBe('one');
    const changed = previewHttpsRequest(step, { sample: { trigger: { note: 'two' } } }, { largeBodyLater: true });
    expect(changed.bodyPending).toBe(true);
    expect(JSON.parse(previewHttpsRequest(step, { sample: { trigger: { note: 'two' } } }).body!).note).toBe('two');
    const text = { ...step, config: { ...step.config, body: 'id {{ workflow.id }}' } };
    expect(previewHttpsRequest(text, { sample: {}, workflowId: 'a' }).body).toBe('"id a"');
    expect(previewHttpsRequest(text, { sample: {}, workflowId: 'b' }).body).toBe('"id b"');
  });

  it('finds the secrets of a body it walked before, in order, once each', () => {
    const body = { deep: { token: '{{ secrets.b }}' }, other: '{{ secrets.a }}' };
    expect(secretNamesInConfig({ url: '{{ secrets.a }}', body })).toEqual(['a', 'b']);
    expect(secretNamesInConfig({ url: '{{ secrets.c }}', body })).toEqual(['c', 'b', 'a']);
  });
});

describe('TestStepPanel with a large body', () => {
  function workflowWith(body: JsonObject): Workflow {
    return {
      schemaVersion: 1,
      kind: 'workflow',
      id: 'big',
      name: 'Big',
      trigger: { event: 'inquiry.completed' },
      steps: [httpsStep({ url: 'https://a.example/import', method: 'POST', body })],
    };
  }

  function renderPanel(workflow: Workflow) {
    render(
      <WorkflowEditorProvider defaultDefinition={workflow} sampleData={{ trigger: { note: 'from the sample' } }}>
        <TestStepPanel stepId="send" />
      </WorkflowEditorProvider>,
    );
  }

  const afterIdle = () => act(() => new Promise((resolve) => setTimeout(resolve, 100)));

  it('shows as loading until the secrets of a body not seen before are known, then the request and its body', async () => {
    renderPanel(workflowWith(bodyOf(3000)));
    expect(document.querySelector('.wfe-test-step[aria-busy="true"]')).toBeTruthy();
    expect(screen.queryByText('https://a.example/import')).toBeNull();
    await afterIdle();
    expect(document.querySelector('.wfe-test-step[aria-busy="true"]')).toBeNull();
    expect(screen.getByText('https://a.example/import')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Test step' })).toBeTruthy();
    expect(document.querySelector('.wfe-test-step-request pre')?.textContent).toContain('"note": "from the sample"');
  });

  it('shows the request at once when the body was walked before, and its body once painted', async () => {
    const workflow = workflowWith(bodyOf(3000));
    const step = workflow.steps[0] as ActionStep;
    secretNamesInConfig(step.config);
    renderPanel(workflow);
    expect(screen.getByText('https://a.example/import')).toBeTruthy();
    expect(document.querySelector('.wfe-test-step-request pre[aria-busy="true"]')?.textContent).toBe('…');
    await afterIdle();
    expect(document.querySelector('.wfe-test-step-request pre[aria-busy="true"]')).toBeNull();
    expect(document.querySelector('.wfe-test-step-request pre')?.textContent).toContain('"note": "from the sample"');
  });

  it('shows a small body at once', () => {
    renderPanel(workflowWith(bodyOf(3)));
    expect(document.querySelector('.wfe-test-step-request pre')?.textContent).toContain('"note": "from the sample"');
  });
});
