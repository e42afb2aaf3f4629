// "Test step": the request preview (resolved with the executor's resolver, secrets
// masked, nothing the page cannot know), where a test may run, and running one on the
// host's callback or in the page.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { builtInCatalog, createActionCatalog, type ActionStep, type JsonObject } from '../../src/definition';
import {
  previewHttpsRequest,
  SECRET_MASK,
  secretNamesInConfig,
} from '../../src/editor/panel/test-step/request-preview';
import { planTestRun, runTest, TestNotRunnableError } from '../../src/editor/panel/test-step/run-test';
import type { TestStepContext } from '../../src/editor/panel/test-step/types';
import type { SampleData } from '../../src/editor/sample-data';

function httpsStep(config: JsonObject): ActionStep {
  return { id: 'notify_crm', type: 'action', action: 'https_request', name: 'Notify CRM', config };
}

const sample: SampleData = {
  trigger: { inquiryId: 'inq 7/R', count: 3, tags: ['a', 'b'] },
  steps: { score: { status: 'succeeded', attempts: 1, output: { status: 200, headers: {}, body: { risk: 0.9 } } } },
};

describe('previewHttpsRequest', () => {
  it('resolves references against the sample data as a run does: URL parts encoded, query appended, types kept in the body', () => {
    const preview = previewHttpsRequest(
      httpsStep({
        url: 'https://crm.example.com/inquiries/{{ trigger.inquiryId }}',
        method: 'POST',
        query: [{ key: 'risk level', value: '{{ steps.score.output.body.risk }}' }],
        body: {
          id: '{{ trigger.inquiryId }}',
          count: '{{ trigger.count }}',
          tags: '{{ trigger.tags }}',
          note: 'n={{ trigger.count }}',
        },
      }),
      { sample, workflowId: 'approve' },
    );
    expect(preview.method).toBe('POST');
    expect(preview.url).toBe('https://crm.example.com/inquiries/inq%207%2FR?risk%20level=0.9');
    expect(JSON.parse(preview.body!)).toEqual({ id: 'inq 7/R', count: 3, tags: ['a', 'b'], note: 'n=3' });
    expect(preview.headers).toEqual([
      { name: 'Content-Type', value: 'application/json', source: 'contentType' },
      { name: 'Idempotency-Key', value: '', source: 'idempotencyKey' },
    ]);
    expect(preview.unresolved).toEqual([]);
  });

  it('shows every secret as •••• wherever it is used and lists the names, never a value', () => {
    const preview = previewHttpsRequest(
      httpsStep({
        url: 'https://crm.example.com/{{ secrets.tenant }}/hooks?key={{ secrets.crm_api_key }}',
        method: 'PUT',
        headers: [
          { key: 'Authorization', value: 'Bearer {{ secrets.crm_api_key }}' },
          { key: 'Content-Type', value: 'application/json' },
        ],
        body: { token: '{{ secrets.crm_api_key }}', inquiry: '{{ trigger.inquiryId }}' },
        signing: { secret: '{{ secrets.signing }}', header: 'X-Signature' },
      }),
      { sample },
    );
    expect(preview.url).toBe(`https://crm.example.com/${SECRET_MASK}/hooks?key=${SECRET_MASK}`);
    expect(preview.headers).toEqual([
      { name: 'Authorization', value: `Bearer ${SECRET_MASK}`, source: 'config' },
      { name: 'Content-Type', value: 'application/json', source: 'config' },
      { name: 'X-Signature', value: `t=…,v1=${SECRET_MASK}`, source: 'signature' },
    ]);
    expect(JSON.parse(preview.body!)).toEqual({ token: SECRET_MASK, inquiry: 'inq 7/R' });
    expect(preview.secretNames).toEqual(['tenant', 'crm_api_key', 'signing']);
    expect(preview.signed).toBe(true);
    // The stand-ins used while resolving never leave the preview.
    expect(JSON.stringify(preview)).not.toMatch(/standin/i);
  });

  it('lists references the sample has no value for and shows their fields as written', () => {
    const preview = previewHttpsRequest(
      httpsStep({
        url: 'https://crm.example.com/users/{{ trigger.userId }}',
        method: 'GET',
        headers: [{ key: 'X-Case', value: '{{ steps.open_case.output.body.id }}' }],
      }),
      { sample: {} },
    );
    expect(preview.url).toBe('https://crm.example.com/users/{{ trigger.userId }}');
    expect(preview.headers[0]!.value).toBe('{{ steps.open_case.output.body.id }}');
    expect(preview.unresolved).toEqual(['{{ trigger.userId }}', '{{ steps.open_case.output.body.id }}']);
    expect(preview.body).toBeUndefined();
  });

  it('leaves out a body the method cannot carry, and copes with a config that does not validate', () => {
    expect(
      previewHttpsRequest(httpsStep({ url: 'https://a.example', method: 'GET', body: { a: 1 } }), { sample: {} }).body,
    ).toBeUndefined();
    const broken = previewHttpsRequest(httpsStep({ url: 42, headers: 'no', query: [null, { key: 'k' }] }), {
      sample: {},
    });
    expect(broken).toMatchObject({ method: 'GET', url: '?k=', headers: [] });
  });
});

describe('secretNamesInConfig', () => {
  it('finds secrets in every string of the config, deeply nested ones included, once each', () => {
    let deep: JsonObject = { value: '{{ secrets.deep }}' };
    for (let level = 0; level < 2000; level++) deep = { next: deep };
    expect(secretNamesInConfig({ url: '{{ secrets.a }}/{{ secrets.a }}', body: deep })).toEqual(['a', 'deep']);
    expect(secretNamesInConfig({ url: 'https://x.example/{{ trigger.secrets }}' })).toEqual([]);
  });
});

describe('planTestRun', () => {
  const https = builtInCatalog.get('https_request');
  const hostAction = {
    id: 'open_case',
    label: 'Approve',
    category: 'Inquiry',
    description: '',
    keywords: [],
    icon: 'check',
    configSchema: { type: 'object' },
    defaultConfig: {},
  };
  const catalog = createActionCatalog([
    { ...hostAction, testable: true },
    { ...hostAction, id: 'archive', testable: false },
  ]);

  it('runs on the host when it handles tests, whatever the step uses', () => {
    expect(
      planTestRun(
        httpsStep({ url: 'https://a.example', method: 'GET', headers: [{ key: 'K', value: '{{ secrets.k }}' }] }),
        https,
        true,
      ),
    ).toEqual({ kind: 'host' });
  });

  it('runs a secret-free HTTPS step in the page without a host callback', () => {
    expect(planTestRun(httpsStep({ url: 'https://a.example/{{ trigger.id }}', method: 'GET' }), https, false)).toEqual({
      kind: 'page',
    });
  });

  it('needs the host for a step with secrets or signing', () => {
    expect(
      planTestRun(
        httpsStep({ url: 'https://a.example', method: 'GET', headers: [{ key: 'K', value: '{{ secrets.k }}' }] }),
        https,
        false,
      ),
    ).toEqual({
      kind: 'needsHost',
      secretNames: ['k'],
      signed: false,
    });
    expect(
      planTestRun(
        httpsStep({ url: 'https://a.example', method: 'POST', signing: { secret: '{{ secrets.s }}' } }),
        https,
        false,
      ),
    ).toMatchObject({
      kind: 'needsHost',
      signed: true,
    });
  });

  it('host actions: only by the host, and only when their catalog entry says testable', () => {
    const step: ActionStep = { id: 'a', type: 'action', action: 'open_case', name: 'A', config: {} };
    expect(planTestRun(step, catalog.get('open_case'), false)).toEqual({ kind: 'hostAction' });
    expect(planTestRun(step, catalog.get('open_case'), true)).toEqual({ kind: 'host' });
    expect(planTestRun({ ...step, action: 'archive' }, catalog.get('archive'), true)).toEqual({ kind: 'notTestable' });
    expect(planTestRun(step, undefined, true)).toEqual({ kind: 'notTestable' });
  });
});

/** A page run's options with no host callback (sample data added per test). */
const pageRun = {
  plan: { kind: 'page' } as const,
  handler: null,
  workflowId: 'w',
  signal: new AbortController().signal,
};

interface RecordingServer {
  origin: string;
  port: number;
  requests: { url: string | undefined; method: string | undefined; body: string }[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that records every request it gets. */
async function startServer(
  answer: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<RecordingServer> {
  const requests: RecordingServer['requests'] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      requests.push({ url: request.url, method: request.method, body });
      answer(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('runTest', () => {
  it('hands the host the step, the sample data, the secret names, a run id and the signal, and measures the duration', async () => {
    const controller = new AbortController();
    const seen: TestStepContext[] = [];
    const step = httpsStep({
      url: 'https://a.example',
      method: 'GET',
      headers: [{ key: 'K', value: '{{ secrets.k }}' }],
    });
    const result = await runTest(step, {
      plan: { kind: 'host' },
      handler: async (given, context) => {
        expect(given).toBe(step);
        seen.push(context);
        return { status: 'succeeded', attempts: 1, output: { status: 204, headers: {}, body: '' } };
      },
      sample,
      workflowId: 'approve',
      signal: controller.signal,
      runId: 'test_1',
    });
    expect(seen[0]).toEqual({
      trigger: sample.trigger,
      steps: sample.steps,
      workflowId: 'approve',
      runId: 'test_1',
      secretNames: ['k'],
      signal: controller.signal,
    });
    expect(result).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("keeps the host's own duration and lets its rejection through", async () => {
    const options = {
      plan: { kind: 'host' } as const,
      sample: {},
      workflowId: 'w',
      signal: new AbortController().signal,
    };
    const step = httpsStep({ url: 'https://a.example', method: 'GET' });
    await expect(
      runTest(step, { ...options, handler: async () => ({ status: 'succeeded', attempts: 1, durationMs: 1234 }) }),
    ).resolves.toMatchObject({ durationMs: 1234 });
    await expect(
      runTest(step, { ...options, handler: async () => Promise.reject(new Error('server down')) }),
    ).rejects.toThrow('server down');
  });

  it('runs a secret-free step in the page with the reference executor on the page fetch', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true, id: 'case_1' }));
    });
    try {
      const result = await runTest(
        httpsStep({ url: `${server.origin}/cases`, method: 'POST', body: { inquiry: '{{ trigger.inquiryId }}' } }),
        // A plain-HTTP server on loopback: the page run is told to allow both.
        { ...pageRun, sample, pageNetwork: { allowHttp: true, allowPrivateNetwork: true } },
      );
      expect(server.requests).toEqual([{ url: '/cases', method: 'POST', body: '{"inquiry":"inq 7/R"}' }]);
      expect(result).toMatchObject({
        status: 'succeeded',
        attempts: 1,
        output: { status: 201, body: { ok: true, id: 'case_1' } },
      });
    } finally {
      await server.close();
    }
  });

  it('a page run keeps the secure destination rules: a private address fails with blocked_destination, nothing sent', async () => {
    const server = await startServer((_request, response) => response.end('{}'));
    try {
      const result = await runTest(httpsStep({ url: `https://127.0.0.1:${server.port}/admin`, method: 'GET' }), {
        ...pageRun,
        sample: {},
      });
      expect(result).toMatchObject({ status: 'failed', error: { type: 'blocked_destination' } });
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('a step that does not validate fails as invalid_config with the problems in words', async () => {
    const result = await runTest(httpsStep({ url: 'ftp://files.example', method: 'GET' }), {
      plan: { kind: 'page' },
      handler: null,
      sample: {},
      workflowId: 'w',
      signal: new AbortController().signal,
    });
    expect(result).toMatchObject({ status: 'failed', attempts: 0, error: { type: 'invalid_config' } });
    expect(result.error?.message).toMatch(/https:\/\//);
  });

  it('refuses to run what needs the host', async () => {
    const plan = { kind: 'needsHost', secretNames: ['k'], signed: false } as const;
    await expect(
      runTest(httpsStep({ url: 'https://a.example', method: 'GET' }), {
        plan,
        handler: null,
        sample: {},
        workflowId: 'w',
        signal: new AbortController().signal,
      }),
    ).rejects.toBeInstanceOf(TestNotRunnableError);
  });
});

describe('previewHttpsRequest and the run id', () => {
  it('shows {{ run.id }} as made when sent, in the URL, the query and the body', () => {
    const preview = previewHttpsRequest(
      httpsStep({
        url: 'https://a.example/runs/{{ run.id }}',
        method: 'POST',
        query: [{ key: 'run', value: '{{ run.id }}' }],
        body: { run: '{{ run.id }}' },
      }),
      { sample: {} },
    );
    expect(preview.url).toBe('https://a.example/runs/test_…?run=test_…');
    expect(JSON.parse(preview.body!)).toEqual({ run: 'test_…' });
    expect(preview.unresolved).toEqual([]);
  });
});
