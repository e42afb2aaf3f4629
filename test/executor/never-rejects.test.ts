// The executor's whole entry under a fuzz corpus: 20,000 documents (valid workflows from
// the shared arbitraries, mutated with values that are not JSON, wrong types, unknown
// and Object.prototype keys), run and run-as-a-step with options that are sometimes
// hostile too. Requests go to a real server on 127.0.0.1 or to destinations that fail
// fast (refused connections, blocked addresses), never to the internet. Counted: runs
// that reject, and results or events that cannot be serialised. Both must be 0.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/definition';
import {
  ActionError,
  runStep,
  runWorkflow,
  type ActionHandler,
  type RunEvent,
  type RunOptions,
  type RunResult,
} from '../../src/executor';
import { workflowArbitrary } from '../fixtures/arbitraries';
import {
  cycle,
  hostileMaker,
  mutate,
  mutationArbitrary,
  throwingProxy,
  type HostileMaker,
} from '../fixtures/hostile-arbitraries';
import { json, startServer, type TestServer } from './servers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, response, index) => {
    if (index % 7 === 3) {
      json(response, 503, { busy: true });
    } else if (index % 11 === 5) {
      // Deeper than a response body may nest.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('['.repeat(1500) + ']'.repeat(1500));
    } else {
      json(response, 200, { id: `id-${index}`, url: request.url, echo: request.body.toString().slice(0, 200) });
    }
  });
});
afterAll(() => server.close());

/**
 * Where a run's requests go, by `seed % 4`: 0 the loopback server (the document's URLs
 * are rewritten to it), 1 every name resolving to a private address (refused by the
 * policy before connecting), 2 names that do not resolve, 3 every name resolving to
 * 127.0.0.1, where https on port 443 is refused at once. Nothing reaches the internet.
 */
function networks(): RunOptions['network'][] {
  return [
    { allowHttp: true, allowPrivateNetwork: true },
    { lookup: async () => [{ address: '10.1.2.3', family: 4 }] },
    {
      lookup: async (hostname) => {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      },
    },
    { allowPrivateNetwork: true, lookup: async () => [{ address: '127.0.0.1', family: 4 }] },
  ];
}

/** Points the document's example URLs at the loopback server (a string replace through its JSON places). */
function routed(document: unknown, origin: string): unknown {
  const text = JSON.stringify(document).replaceAll('https://api.example.com', origin);
  return JSON.parse(text) as unknown;
}

const hostActions = ['approve_inquiry', 'decline_inquiry', 'mark_for_review', 'create_case', 'send_email'];

/** Handlers for the built-in host actions: outputs of every kind, throws of every kind. */
function handlers(variant: number, hostile: HostileMaker): Record<string, ActionHandler> {
  const behaviours: ActionHandler[] = [
    () => ({ ok: true }),
    () => undefined,
    () => hostile.make() as never,
    () => {
      throw new ActionError('http_status', 'no', { status: 409 });
    },
    () => {
      throw hostile.make();
    },
    async () => Promise.reject(hostile.make()),
    () => cycle() as never,
  ];
  return Object.fromEntries(hostActions.map((id, index) => [id, behaviours[(variant + index) % behaviours.length]!]));
}

/** Options for one run: ordinary ones mostly, a hostile one now and then. */
function optionsFor(seed: number, hostile: HostileMaker, origin: string, events: RunEvent[]): RunOptions {
  const secretsChoices: RunOptions['secrets'][] = [
    { api_key: "k'ey with spaces/and+signs", signing_key: 's1gn' },
    async (name) => (name === 'api_key' ? 'K3Y' : name === 'signing_key' ? '' : undefined),
    () => {
      throw new Error('resolver');
    },
    hostile.make() as RunOptions['secrets'],
    undefined,
  ];
  const base: RunOptions = {
    network: networks()[seed % 4],
    secrets: secretsChoices[seed % secretsChoices.length],
    handlers: handlers(seed, hostile),
    trigger:
      seed % 13 === 0
        ? (hostile.make() as never)
        : {
            inquiryId: 'inq_1',
            userId: 'u/1',
            baseUrl: seed % 4 === 0 ? origin : 'https://api.example.com',
            fields: { 'content-type': ['a'] },
          },
    sleep: async () => undefined,
    now: () => 1_767_268_800_000,
    onEvent: (event) => {
      events.push(event);
      if (seed % 17 === 0) throw new Error('listener');
    },
    // The host's fetch checks only literal hosts: used only where every URL is the loopback server's.
    ...(seed % 4 === 0 && seed % 5 === 0 ? { fetch: globalThis.fetch } : {}),
  };
  switch (seed % 19) {
    case 1:
      return { ...base, steps: hostile.make() as never };
    case 2:
      return { ...base, handlers: throwingProxy() as never };
    case 3:
      // Options whose trigger getter throws (the sleep stays, so wait steps do not wait).
      return Object.defineProperty({ ...base }, 'trigger', {
        enumerable: true,
        get: () => {
          throw new Error('trigger getter');
        },
      });
    case 4:
      return { ...base, maxResponseBytes: hostile.make() as never };
    case 5:
      return { ...base, network: { ...base.network, lookup: () => hostile.make() as never } };
    default:
      return base;
  }
}

/** The documents: mutated workflows, and the steps inside them as step documents. */
const corpusArbitrary = fc.record({
  workflow: workflowArbitrary,
  mutations: fc.array(mutationArbitrary, { maxLength: 4 }),
  hostile: hostileMaker,
  seed: fc.nat(),
});

interface Tally {
  runs: number;
  rejections: string[];
  unserialisable: string[];
  statuses: Record<string, number>;
}

type CorpusEntry = typeof corpusArbitrary extends fc.Arbitrary<infer T> ? T : never;

async function runOne(entry: CorpusEntry, tally: Tally): Promise<void> {
  const { workflow, mutations, hostile, seed } = entry;
  const events: RunEvent[] = [];
  const origin = server.origin;
  const route = (value: unknown): unknown => (seed % 4 === 0 ? routed(value, origin) : value);
  const document = mutate(route(workflow), mutations);
  const options = optionsFor(seed, hostile, origin, events);
  const asStep = seed % 3 === 0;
  let run: Promise<RunResult>;
  if (asStep) {
    const steps = workflow.steps as unknown as JsonObject[];
    const step = steps[seed % Math.max(1, steps.length)] ?? {};
    const stepDocument = mutate({ schemaVersion: 1, kind: 'step', ...(route(step) as JsonObject) }, mutations);
    run = runStep(stepDocument, options);
  } else {
    run = runWorkflow(document, options);
  }
  tally.runs += 1;
  let result: RunResult;
  try {
    result = await run;
  } catch (error) {
    tally.rejections.push(String(error instanceof Error ? error.stack : error).slice(0, 400));
    return;
  }
  try {
    JSON.stringify(result);
    JSON.stringify(events);
  } catch (error) {
    tally.unserialisable.push(String(error).slice(0, 200));
  }
  const key = result.problems ? 'problems' : result.status;
  tally.statuses[key] = (tally.statuses[key] ?? 0) + 1;
}

/** 20 batches of 1,000 documents, each batch from its own seed, 25 runs at a time. */
const BATCHES = 20;
const PER_BATCH = 1000;
const CONCURRENCY = 25;

describe('the executor entry under a fuzz corpus', () => {
  const tally: Tally = { runs: 0, rejections: [], unserialisable: [], statuses: {} };

  it.each(Array.from({ length: BATCHES }, (_, index) => index))(
    'batch %i: no run rejects, every result and event serialises',
    async (batch) => {
      const entries = fc.sample(corpusArbitrary, { numRuns: PER_BATCH, seed: 0x5eed + batch });
      for (let start = 0; start < entries.length; start += CONCURRENCY) {
        await Promise.all(entries.slice(start, start + CONCURRENCY).map((entry) => runOne(entry, tally)));
      }
      expect(tally.rejections).toEqual([]);
      expect(tally.unserialisable).toEqual([]);
    },
    60_000,
  );

  it('ran 20,000 documents, some to success, some to failed steps, some to problems', () => {
    expect(tally.runs).toBe(BATCHES * PER_BATCH);
    expect(tally.rejections).toHaveLength(0);
    expect(tally.unserialisable).toHaveLength(0);
    // The corpus reaches every outcome, so it exercises running, not only validation.
    expect(tally.statuses.succeeded ?? 0).toBeGreaterThan(100);
    expect(tally.statuses.failed ?? 0).toBeGreaterThan(100);
    expect(tally.statuses.problems ?? 0).toBeGreaterThan(100);
  });
});
