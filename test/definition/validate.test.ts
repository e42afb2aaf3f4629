import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PROBLEM_CODES,
  createActionCatalog,
  omitDefaults,
  upstreamSteps,
  validateConfig,
  validateStepDocument,
  validateWorkflow,
  walkSteps,
  type ActionCatalog,
  type ActionDefinition,
  type JsonObject,
  type Problem,
  type Workflow,
} from '../../src/definition';
import { ARBITRARY_SECRETS, workflowArbitrary } from '../fixtures/arbitraries';
import { configWithRecursiveOneOf, nestedNext } from '../fixtures/costly-schemas';
import { INVALID_FIXTURES, fixtureOptions } from '../fixtures/invalid/expected';

const fixtures = path.resolve(__dirname, '../fixtures');
const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(fixtures, file), 'utf8'));

function workflowWith(steps: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    id: 'test_workflow',
    name: 'Test',
    trigger: { event: 'inquiry.approved' },
    steps,
    ...extra,
  };
}

function https(id: string, config: JsonObject = {}): JsonObject {
  return {
    id,
    type: 'action',
    action: 'https_request',
    name: id,
    config: { url: 'https://example.com', method: 'GET', ...config },
  };
}

const summary = (problems: readonly Problem[]) => problems.map(({ path: at, code }) => ({ path: at, code }));

describe('valid fixtures', () => {
  const files = readdirSync(path.join(fixtures, 'valid')).filter((file) => file.endsWith('.json'));

  it('exist, including nested branches and step documents', () => {
    expect(files).toEqual(
      expect.arrayContaining(['nested-branches.json', 'step-document.json', 'step-document-branch.json']),
    );
  });

  it.each(files)('%s validates', (file) => {
    const value = readJson(`valid/${file}`);
    const options = { secrets: ['crm_api_key', 'crm_signing_secret'] };
    const result = file.startsWith('step-document')
      ? validateStepDocument(value, options)
      : validateWorkflow(value, options);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe('invalid fixtures: one per rule', () => {
  it('cover every problem code', () => {
    // JSON text cannot hold a value that is not JSON: hostile-input.test.ts covers not_json.
    const covered = new Set([
      'not_json',
      ...INVALID_FIXTURES.flatMap((fixture) => fixture.expected.map((problem) => problem.code)),
    ]);
    expect([...PROBLEM_CODES].filter((code) => !covered.has(code))).toEqual([]);
  });

  it('have a file for every entry and an entry for every file', () => {
    const files = readdirSync(path.join(fixtures, 'invalid'))
      .filter((file) => file.endsWith('.json'))
      .sort();
    expect(INVALID_FIXTURES.map((fixture) => fixture.file).sort()).toEqual(files);
  });

  // json_syntax fixtures are text-level; json-text.test.ts reads every fixture as text.
  it.each(
    INVALID_FIXTURES.filter((fixture) => !fixture.file.startsWith('json-syntax')).map(
      (fixture) => [fixture.file, fixture] as const,
    ),
  )('%s reports exactly its problem', (_file, fixture) => {
    const value = readJson(`invalid/${fixture.file}`);
    const options = fixtureOptions(fixture);
    const result =
      fixture.document === 'step' ? validateStepDocument(value, options) : validateWorkflow(value, options);
    expect(result.ok).toBe(false);
    expect(
      result.problems.map(({ path: at, code, stepId }) => ({ path: at, code, ...(stepId ? { stepId } : {}) })),
    ).toEqual(
      fixture.expected.map(({ path: at, code, stepId }) => ({ path: at, code, ...(stepId ? { stepId } : {}) })),
    );
    for (const problem of result.problems) {
      expect(problem.message).toMatch(/^[A-Z"]/);
      expect(problem.message).not.toMatch(/must NOT|instancePath|schemaPath|#\/\$defs/);
    }
  });
});

describe('validateWorkflow', () => {
  it('reports a schemaVersion it does not read as the only problem', () => {
    const result = validateWorkflow({ schemaVersion: 2, kind: 'nonsense', steps: 4 });
    expect(summary(result.problems)).toEqual([{ path: '/schemaVersion', code: 'schema_version_unsupported' }]);
  });

  it('reports a non-object document at the root', () => {
    for (const input of [null, 3, 'text', [], undefined]) {
      const result = validateWorkflow(input);
      expect(result.ok).toBe(false);
      expect(result.problems[0]).toMatchObject({ path: '', code: 'schema_type' });
    }
  });

  it('says so when given a step document', () => {
    const result = validateWorkflow(readJson('valid/step-document.json'));
    expect(result.problems.find((problem) => problem.path === '/kind')?.message).toMatch(/step document/);
  });

  it('reports every problem at once, in document order, with the innermost step', () => {
    const input = workflowWith([
      https('first', { url: 'http://example.com', timeoutSeconds: 0, body: { a: 1 } }),
      {
        id: 'route',
        type: 'branch',
        name: 'Route',
        branches: [
          { id: 'fallback', name: 'Fallback', steps: [https('first')] },
          { id: 'last', name: 'Last', when: { left: '{{ steps.nope.output }}', op: 'exists' }, steps: [] },
        ],
      },
    ]);
    const result = validateWorkflow(input);
    expect(result.problems.map(({ path: at, code, stepId }) => [at, code, stepId])).toEqual([
      ['/steps/0/config/url', 'url_not_https', 'first'],
      ['/steps/0/config/timeoutSeconds', 'schema_range', 'first'],
      ['/steps/0/config/body', 'body_not_allowed', 'first'],
      ['/steps/1/branches/0', 'default_branch_not_last', 'route'],
      ['/steps/1/branches/0/steps/0/id', 'duplicate_id', 'first'],
      ['/steps/1/branches/1/when/left', 'reference_unknown_step', 'route'],
    ]);
  });

  it('puts the workflow id in its own namespace, step and branch ids in one', () => {
    const sameAsWorkflow = workflowWith([https('test_workflow')]);
    expect(validateWorkflow(sameAsWorkflow).problems).toEqual([]);
    const branchAndStep = workflowWith([
      { id: 'route', type: 'branch', name: 'R', branches: [{ id: 'later', name: 'L', steps: [] }] },
      https('later'),
    ]);
    expect(summary(validateWorkflow(branchAndStep).problems)).toEqual([{ path: '/steps/1/id', code: 'duplicate_id' }]);
  });

  it('checks scope: earlier steps and enclosing lists only', () => {
    const input = workflowWith([
      https('a'),
      {
        id: 'route',
        type: 'branch',
        name: 'R',
        branches: [
          {
            id: 'left',
            name: 'Left',
            when: { left: '{{ steps.a.output.status }}', op: 'eq', right: 200 },
            steps: [
              https('b', { url: 'https://x.example/{{ steps.a.output.body.id }}' }),
              https('c', { url: 'https://x.example/{{ steps.b.output.body.id }}' }),
            ],
          },
          { id: 'right', name: 'Right', steps: [https('d', { url: 'https://x.example/{{ steps.c.output.body }}' })] },
        ],
      },
      https('e', { url: 'https://x.example/{{ steps.route.output }}/{{ steps.b.output }}' }),
      https('f', { url: 'https://x.example/{{ steps.f.output }}/{{ steps.left.output }}' }),
    ]);
    const result = validateWorkflow(input);
    expect(summary(result.problems)).toEqual([
      { path: '/steps/1/branches/1/steps/0/config/url', code: 'reference_out_of_scope' },
      { path: '/steps/2/config/url', code: 'reference_out_of_scope' },
      { path: '/steps/3/config/url', code: 'reference_out_of_scope' },
      { path: '/steps/3/config/url', code: 'reference_unknown_step' },
    ]);
    expect(result.problems[2]!.message).toMatch(/own output/);
    expect(result.problems[3]!.message).toMatch(/is a branch, not a step/);
  });

  it('names a step out of scope as the canvas does, with the id the reference spells', () => {
    const input = workflowWith([
      https('a', { url: 'https://x.example/{{ steps.approve.output.body.id }}' }),
      { ...https('approve'), name: 'Approve inquiry' },
    ]);
    expect(validateWorkflow(input).problems[0]!.message).toBe(
      'URL uses {{ steps.approve.output.body.id }}, but step "Approve inquiry" (approve) does not always run before this one (it runs later, on another branch, or inside an earlier branch)',
    );
  });

  it('checks secrets only when the host lists them', () => {
    const input = workflowWith([https('a', { headers: [{ key: 'X-Key', value: '{{ secrets.other }}' }] })]);
    expect(validateWorkflow(input).ok).toBe(true);
    expect(summary(validateWorkflow(input, { secrets: ['api_key'] }).problems)).toEqual([
      { path: '/steps/0/config/headers/0/value', code: 'reference_unknown_secret' },
    ]);
    expect(validateWorkflow(input, { secrets: [] }).problems[0]?.message).toMatch(/no secrets are set up/);
  });

  it('checks trigger fields against the payload schema: properties, items, $ref, allOf and open objects', () => {
    const payloadSchema = {
      type: 'object',
      $defs: { user: { type: 'object', properties: { email: { type: 'string' } } } },
      properties: {
        user: { $ref: '#/$defs/user' },
        tags: { type: 'array', items: { type: 'string' } },
        free: { type: 'object' },
        map: { type: 'object', additionalProperties: { type: 'object', properties: { n: { type: 'number' } } } },
      },
      allOf: [{ properties: { extra: { type: 'string' } } }],
    };
    const url = (reference: string) => https('a', { url: `https://x.example/${reference}` });
    const good = [
      '{{ trigger }}',
      '{{ trigger.user.email }}',
      '{{ trigger.tags[3] }}',
      '{{ trigger.free.any.thing }}',
      '{{ trigger.map.k.n }}',
      '{{ trigger.extra }}',
    ];
    const bad = ['{{ trigger.usr }}', '{{ trigger.user.mail }}', '{{ trigger.map.k.m }}'];
    for (const reference of good) {
      const result = validateWorkflow(workflowWith([url(reference)], { trigger: { event: 'e', payloadSchema } }));
      expect(result.problems, reference).toEqual([]);
    }
    for (const reference of bad) {
      const result = validateWorkflow(workflowWith([url(reference)], { trigger: { event: 'e', payloadSchema } }));
      expect(summary(result.problems), reference).toEqual([
        { path: '/steps/0/config/url', code: 'reference_unknown_trigger_field' },
      ]);
    }
  });

  it('never runs a person-written patternProperties key: a catastrophic pattern leaves the field open', () => {
    // On a backtracking engine `^(a+)+$` against 40 a's and a "b" runs for hours.
    const payloadSchema = {
      type: 'object',
      properties: { id: { type: 'string' } },
      patternProperties: { '^(a+)+$': {} },
    };
    const reference = `{{ trigger.${'a'.repeat(40)}b }}`;
    const url = https('a', { url: `https://x.example/${reference}` });
    expect(validateWorkflow(workflowWith([url], { trigger: { event: 'e', payloadSchema } })).problems).toEqual([]);
    const closed = { type: 'object', properties: { id: { type: 'string' } }, additionalProperties: false };
    expect(
      summary(validateWorkflow(workflowWith([url], { trigger: { event: 'e', payloadSchema: closed } })).problems),
    ).toEqual([{ path: '/steps/0/config/url', code: 'reference_unknown_trigger_field' }]);
  });

  it('compiles a person-written schema whose definitions are referenced many times without copying them into each place', () => {
    // 400 properties each referring to a definition of 400 properties: copied into each
    // place, ajv compiled 160,000 checks (about 100 s); called, 800.
    const definition = {
      type: 'object',
      properties: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`f${i}`, { type: 'string' }])),
    };
    const payloadSchema = {
      type: 'object',
      $defs: { d: definition },
      properties: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`p${i}`, { $ref: '#/$defs/d' }])),
    };
    const url = https('a', { url: 'https://x.example/{{ trigger.p399.f399 }}' });
    expect(validateWorkflow(workflowWith([url], { trigger: { event: 'e', payloadSchema } })).problems).toEqual([]);
  });

  it('checks references in conditions and in every config, including host actions', () => {
    const host: ActionDefinition = {
      id: 'host_thing',
      label: 'Host thing',
      category: 'Host',
      description: 'Does a host thing.',
      keywords: [],
      icon: 'box',
      configSchema: { type: 'object' },
      defaultConfig: {},
    };
    const catalog = createActionCatalog([host]);
    const input = workflowWith([
      {
        id: 'a',
        type: 'action',
        action: 'host_thing',
        name: 'A',
        config: {
          deep: [{ x: '{{ steps.zz.output }}' }],
          'a/b': [1, { 'c~d': ['{{ steps.yy.output }}', 'plain', '{{ steps.xx.output }}'] }],
          last: '{{ steps.ww.output }}',
        },
      },
    ]);
    // In document order, each with the escaped pointer of its own string.
    expect(summary(validateWorkflow(input, { catalog }).problems)).toEqual([
      { path: '/steps/0/config/deep/0/x', code: 'reference_unknown_step' },
      { path: '/steps/0/config/a~1b/1/c~0d/0', code: 'reference_unknown_step' },
      { path: '/steps/0/config/a~1b/1/c~0d/2', code: 'reference_unknown_step' },
      { path: '/steps/0/config/last', code: 'reference_unknown_step' },
    ]);
    expect(summary(validateWorkflow(input).problems).slice(0, 2)).toEqual([
      { path: '/steps/0/action', code: 'unknown_action' },
      { path: '/steps/0/config/deep/0/x', code: 'reference_unknown_step' },
    ]);
  });

  it('reports a URL that does not start with a reference and is not absolute https', () => {
    const cases: [string, boolean][] = [
      ['https://api.example.com', true],
      ['HTTPS://api.example.com/a?b#c', true],
      ['https://api.example.com/{{ trigger.id }}', true],
      ['{{ trigger.base }}/items', true],
      ['http://api.example.com', false],
      ['ftp://api.example.com', false],
      ['api.example.com/path', false],
      ['https:///path', false],
      ['https:// space.example.com', false],
      ['/relative/{{ trigger.id }}', false],
      // The host and port must be ones a URL parser takes.
      ['https://api.example.com:8443/a', true],
      ['https://[::1]:8443/a', true],
      ['https://api.example.com:{{ trigger.port }}/a', true],
      ['https://api.example.com:65536/a', false],
      ['https://[::1]:70000/', false],
      ['https://:443/a', false],
      ['https://user@:443/a', false],
    ];
    for (const [url, ok] of cases) {
      const problems = validateWorkflow(workflowWith([https('a', { url })])).problems;
      expect(summary(problems), url).toEqual(ok ? [] : [{ path: '/steps/0/config/url', code: 'url_not_https' }]);
    }
  });

  it('reports a response or payload schema that follows the meta-schema but cannot be used', () => {
    const unusable = [{ $ref: '#/$defs/missing' }, { $ref: 'https://schemas.example.com/user.json' }];
    for (const schema of unusable) {
      expect(summary(validateWorkflow(workflowWith([https('a', { responseSchema: schema })])).problems)).toEqual([
        { path: '/steps/0/config/responseSchema', code: 'schema_invalid' },
      ]);
      expect(
        summary(validateWorkflow(workflowWith([], { trigger: { event: 'e', payloadSchema: schema } })).problems),
      ).toEqual([{ path: '/trigger/payloadSchema', code: 'schema_invalid' }]);
    }
    const usable = { type: 'object', properties: { id: { $ref: '#/$defs/id' } }, $defs: { id: { type: 'string' } } };
    expect(
      validateWorkflow(
        workflowWith([https('a', { responseSchema: usable })], { trigger: { event: 'e', payloadSchema: usable } }),
      ).ok,
    ).toBe(true);
  });

  it('requires the signing secret to be exactly one secret reference', () => {
    const cases: [string, boolean][] = [
      ['{{ secrets.key }}', true],
      ['{{secrets.key}}', true],
      [' {{ secrets.key }}', false],
      ['{{ trigger.key }}', false],
      ['{{ secrets.a }}{{ secrets.b }}', false],
      ['', false],
    ];
    for (const [secret, ok] of cases) {
      const problems = validateWorkflow(workflowWith([https('a', { signing: { secret } })])).problems;
      expect(summary(problems), secret).toEqual(
        ok ? [] : [{ path: '/steps/0/config/signing/secret', code: 'signing_secret_not_reference' }],
      );
    }
  });

  it('reports CR or LF in header names and values once, as header_crlf', () => {
    const input = workflowWith([
      https('a', {
        headers: [
          { key: 'X-A\n', value: 'ok' },
          { key: 'X-B', value: 'a\rb' },
        ],
      }),
    ]);
    expect(summary(validateWorkflow(input).problems)).toEqual([
      { path: '/steps/0/config/headers/0/key', code: 'header_crlf' },
      { path: '/steps/0/config/headers/1/value', code: 'header_crlf' },
    ]);
  });

  it('allows a body for PATCH, POST and PUT only', () => {
    for (const method of ['PATCH', 'POST', 'PUT']) {
      expect(validateWorkflow(workflowWith([https('a', { method, body: null })])).problems).toEqual([]);
    }
    for (const method of ['GET', 'DELETE']) {
      expect(summary(validateWorkflow(workflowWith([https('a', { method, body: null })])).problems)).toEqual([
        { path: '/steps/0/config/body', code: 'body_not_allowed' },
      ]);
    }
  });

  it('requires right for binary operators and forbids it for exists/not_exists', () => {
    const branchWith = (when: unknown) =>
      workflowWith([{ id: 'r', type: 'branch', name: 'R', branches: [{ id: 'b', name: 'B', when, steps: [] }] }]);
    expect(validateWorkflow(branchWith({ left: 1, op: 'eq', right: 1 })).problems).toEqual([]);
    expect(validateWorkflow(branchWith({ all: [{ any: [] }, { left: 'x', op: 'exists' }] })).problems).toEqual([]);
    expect(summary(validateWorkflow(branchWith({ left: 1, op: 'eq' })).problems)).toEqual([
      { path: '/steps/0/branches/0/when/right', code: 'schema_required' },
    ]);
    expect(summary(validateWorkflow(branchWith({ left: 1, op: 'exists', right: 2 })).problems)).toEqual([
      { path: '/steps/0/branches/0/when/right', code: 'schema_additional_property' },
    ]);
    expect(summary(validateWorkflow(branchWith({ left: 1, op: 'like', right: 2 })).problems)).toEqual([
      { path: '/steps/0/branches/0/when/op', code: 'schema_enum' },
    ]);
    expect(summary(validateWorkflow(branchWith({ all: [{ left: 1 }] })).problems)).toEqual([
      { path: '/steps/0/branches/0/when/all/0/op', code: 'schema_required' },
    ]);
  });

  it('accepts fields it does not know on format objects (the format may add optional fields)', () => {
    const input = workflowWith([{ ...https('a'), note: 'x' }], { labels: ['a'] });
    expect(validateWorkflow(input).problems).toEqual([]);
  });

  it('writes messages in plain words', () => {
    const input = workflowWith([https('a', { method: 'FETCH', url: 5, retryIntervals: 'soon' })]);
    const messages = validateWorkflow(input).problems.map((problem) => problem.message);
    expect(messages).toEqual([
      'URL must be text',
      'Request Type must be one of DELETE, GET, PATCH, POST, PUT',
      'Retry Intervals must be a list',
    ]);
  });

  it('names ten choices of a long enum and says how many there are', () => {
    const choices = Array.from({ length: 5000 }, (_, index) => `option_${String(index).padStart(4, '0')}`);
    const plan: ActionDefinition = {
      id: 'choose_plan',
      label: 'Choose plan',
      category: 'Host',
      description: 'Picks a plan.',
      keywords: [],
      icon: 'box',
      configSchema: { type: 'object', properties: { plan: { type: 'string', title: 'Plan', enum: choices } } },
      defaultConfig: {},
    };
    const catalog = createActionCatalog([plan]);
    const [problem] = validateConfig('choose_plan', { plan: 'gone' }, { catalog });
    expect(problem).toMatchObject({
      path: '/plan',
      message: `Plan must be one of 5,000 choices (${choices.slice(0, 10).join(', ')}, …)`,
      params: { allowed: choices.slice(0, 10).join(', '), count: 5000 },
    });
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true }),
        (input) => {
          const results = [
            validateWorkflow(input).problems,
            validateStepDocument(input).problems,
            validateConfig('https_request', input),
          ];
          for (const problem of results.flat()) expect(problem.message).not.toMatch(/could not be checked/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on near-valid workflows with random parts swapped in', () => {
    const base = readJson('valid/nested-branches.json');
    const pointers: string[][] = [];
    const collect = (node: unknown, at: string[]): void => {
      pointers.push(at);
      if (node !== null && typeof node === 'object') {
        for (const [key, child] of Object.entries(node)) collect(child, [...at, key]);
      }
    };
    collect(base, []);
    fc.assert(
      // `undefined` deletes the property, which leaves a hole in an array.
      fc.property(fc.constantFrom(...pointers), fc.oneof(fc.jsonValue(), fc.constant(undefined)), (at, replacement) => {
        const copy = structuredClone(base) as Record<string, unknown>;
        if (at.length === 0) return;
        let node: Record<string, unknown> = copy;
        for (const key of at.slice(0, -1)) node = node[key] as Record<string, unknown>;
        if (replacement === undefined) delete node[at[at.length - 1]!];
        else node[at[at.length - 1]!] = replacement;
        const result = validateWorkflow(copy);
        for (const problem of result.problems) {
          expect(PROBLEM_CODES).toContain(problem.code);
          expect(problem.path === '' || problem.path.startsWith('/')).toBe(true);
          // The last-resort catch is for cycles and throwing getters, never for plain data.
          expect(problem.message).not.toMatch(/could not be checked/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not throw on a cyclic object', () => {
    const input = workflowWith([]);
    (input.steps as unknown[]).push(input);
    expect(validateWorkflow(input).ok).toBe(false);
  });

  it('accepts every generated valid workflow, and scope agrees with upstreamSteps', () => {
    fc.assert(
      fc.property(workflowArbitrary, (workflow: Workflow) => {
        const result = validateWorkflow(workflow, { secrets: ARBITRARY_SECRETS });
        expect(result.problems).toEqual([]);
        // Every step reference the generator adds names a step upstreamSteps allows.
        walkSteps(workflow.steps, ({ step }) => {
          if (step.type !== 'action') return;
          const allowed = new Set(upstreamSteps(workflow, step.id).map((upstream) => upstream.id));
          for (const match of JSON.stringify(step.config).matchAll(/steps\.([a-z0-9_]+)\.output/g)) {
            expect(allowed.has(match[1]!)).toBe(true);
          }
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('validateStepDocument', () => {
  it('checks syntax of references, not their scope', () => {
    const document = {
      schemaVersion: 1,
      kind: 'step',
      ...https('a', { url: 'https://x.example/{{ steps.elsewhere.output.id }}' }),
    };
    expect(validateStepDocument(document).problems).toEqual([]);
    const broken = { ...document, config: { url: 'https://x.example/{{ steps.elsewhere }}', method: 'GET' } };
    expect(summary(validateStepDocument(broken).problems)).toEqual([
      { path: '/config/url', code: 'reference_malformed' },
    ]);
  });

  it('checks ids and branches inside a branch step document', () => {
    const document = {
      schemaVersion: 1,
      kind: 'step',
      id: 'route',
      type: 'branch',
      name: 'Route',
      branches: [
        { id: 'otherwise', name: 'Otherwise', steps: [https('route')] },
        { id: 'b', name: 'B', when: { left: 1, op: 'eq', right: 1 }, steps: [] },
      ],
    };
    expect(validateStepDocument(document).problems.map(({ path: at, code, stepId }) => [at, code, stepId])).toEqual([
      ['/branches/0', 'default_branch_not_last', 'route'],
      ['/branches/0/steps/0/id', 'duplicate_id', 'route'],
    ]);
  });

  it('requires kind "step" and the step fields', () => {
    expect(summary(validateStepDocument({ schemaVersion: 1, kind: 'workflow' }).problems)).toEqual([
      { path: '/kind', code: 'schema_const' },
      { path: '/id', code: 'schema_required' },
      { path: '/type', code: 'schema_required' },
      { path: '/name', code: 'schema_required' },
    ]);
  });
});

describe('validateConfig', () => {
  it('gives paths relative to the config and no stepId', () => {
    const problems = validateConfig('https_request', {
      url: 'http://x',
      method: 'GET',
      body: 1,
      headers: [{ key: 'X-A', value: '{{ nope }}' }],
    });
    expect(problems.map(({ path: at, code, stepId }) => [at, code, stepId])).toEqual([
      ['/url', 'url_not_https', undefined],
      ['/body', 'body_not_allowed', undefined],
      ['/headers/0/value', 'reference_unknown_root', undefined],
    ]);
  });

  it('checks secrets when given, and other actions by their schema', () => {
    expect(
      summary(
        validateConfig(
          'https_request',
          { url: 'https://x', method: 'GET', signing: { secret: '{{ secrets.k }}' } },
          { secrets: ['j'] },
        ),
      ),
    ).toEqual([{ path: '/signing/secret', code: 'reference_unknown_secret' }]);
    expect(summary(validateConfig('wait', { seconds: 0 }))).toEqual([{ path: '/seconds', code: 'schema_range' }]);
    expect(validateConfig('wait', { seconds: 5 })).toEqual([]);
  });

  it('reports an action the catalog does not have, or the branch entry', () => {
    expect(summary(validateConfig('nope', {}))).toEqual([{ path: '', code: 'unknown_action' }]);
    expect(summary(validateConfig('branch', {}))).toEqual([{ path: '', code: 'unknown_action' }]);
  });

  it('reports a host config schema that does not compile instead of throwing', () => {
    const broken: ActionDefinition = {
      id: 'broken',
      label: 'Broken',
      category: 'Host',
      description: 'Has a broken schema.',
      keywords: [],
      icon: 'box',
      configSchema: { type: 'no-such-type' },
      defaultConfig: {},
    };
    // createActionCatalog refuses it (actions.test.ts); a catalog put together by hand gets here.
    const catalog: ActionCatalog = {
      actions: [broken],
      categories: [{ name: 'Host', actions: [broken] }],
      get: (actionId) => (actionId === 'broken' ? broken : undefined),
    };
    const problems = validateConfig('broken', {}, { catalog });
    expect(summary(problems)).toEqual([{ path: '', code: 'schema_invalid' }]);
    expect(problems[0]!.message).toBe(
      'The config schema of "Broken" is not a valid JSON Schema ("type" must be one of string, number, integer, boolean, object, array, null, or a list of them at /type), so this config cannot be checked',
    );
  });

  it("says what a pattern expects in words: the field's description, or the header-name rule", () => {
    const slack: ActionDefinition = {
      id: 'post_to_slack',
      label: 'Post to Slack',
      category: 'Host',
      description: 'Posts a message.',
      keywords: [],
      icon: 'mail',
      configSchema: {
        type: 'object',
        properties: {
          channel: {
            type: 'string',
            title: 'Channel',
            description: 'The channel to post in, starting with #.',
            pattern: '^#[a-z]+$',
          },
          code: { type: 'string', title: 'Code', pattern: '^[A-Z]{3}$' },
        },
      },
      defaultConfig: {},
    };
    const catalog = createActionCatalog([slack]);
    expect(
      validateConfig('post_to_slack', { channel: 'general', code: 'x' }, { catalog }).map((problem) => problem.message),
    ).toEqual([
      'Channel is not in the expected form (the channel to post in, starting with #)',
      'Code is not in the expected form',
    ]);
    const [header] = validateConfig('https_request', {
      url: 'https://a.example',
      method: 'GET',
      headers: [{ key: 'X Api: Key', value: 'v' }],
    });
    expect(header).toMatchObject({
      path: '/headers/0/key',
      message: 'Key (entry 1) must be a single word: no spaces, quotes, brackets, colons, commas or slashes',
    });
  });

  it('says which entry of a list a field is in', () => {
    const invoice: ActionDefinition = {
      id: 'create_invoice',
      label: 'Create invoice',
      category: 'Host',
      description: 'Bills a customer.',
      keywords: [],
      icon: 'box',
      configSchema: {
        type: 'object',
        properties: {
          lineItems: {
            type: 'array',
            title: 'Line items',
            items: {
              type: 'object',
              title: 'Line item',
              properties: { quantity: { type: 'integer', title: 'Quantity', minimum: 1 } },
              required: ['quantity'],
              additionalProperties: false,
            },
          },
        },
      },
      defaultConfig: {},
    };
    const catalog = createActionCatalog([invoice]);
    const problems = validateConfig(
      'create_invoice',
      { lineItems: [{ quantity: 0 }, {}, { quantity: 2, qty: 2 }] },
      { catalog },
    );
    expect(problems.map(({ path, message }) => [path, message])).toEqual([
      ['/lineItems/0/quantity', 'Quantity (entry 1) must be at least 1'],
      ['/lineItems/1/quantity', 'Quantity (entry 2) is required'],
      ['/lineItems/2/qty', '"qty" is not a known field of Line item (entry 3)'],
    ]);
    expect(problems[1]!.params).toEqual({ field: 'Quantity', property: 'quantity', entry: 2 });
  });

  it('reports a config too costly to check against a host schema, instead of running for minutes', () => {
    const recursive: ActionDefinition = {
      id: 'recursive',
      label: 'Recursive',
      category: 'Host',
      description: 'Both oneOf options recurse at every level.',
      keywords: [],
      icon: 'box',
      configSchema: configWithRecursiveOneOf,
      defaultConfig: {},
    };
    const catalog = createActionCatalog([recursive]);
    const tree = nestedNext(30);
    const problems = validateConfig('recursive', { tree }, { catalog });
    expect(summary(problems)).toEqual([{ path: '', code: 'schema_invalid' }]);
    expect(problems[0]!.message).toContain('"Recursive" is too costly to check this config against');
    expect(validateConfig('recursive', { tree: { next: 1 } }, { catalog })).toEqual([]);
  });
});

describe('docs/definition.md', () => {
  const docs = readFileSync(path.resolve(__dirname, '../../docs/definition.md'), 'utf8');

  it('explains every problem code in its table', () => {
    const explained = new Set(
      [...docs.matchAll(/^\| `([a-z_]+)` \| (.+) \|$/gm)]
        .filter((match) => match[2]!.length > 10)
        .map((match) => match[1]),
    );
    expect(PROBLEM_CODES.filter((code) => !explained.has(code))).toEqual([]);
  });

  it('lists every built-in action', () => {
    for (const action of createActionCatalog().actions) {
      expect(docs).toContain(`| \`${action.id}\` | ${action.label} |`);
    }
  });
});

describe('omitDefaults', () => {
  const schema = {
    type: 'object',
    properties: {
      timeoutSeconds: { type: 'number', default: 30 },
      headers: { type: 'array', default: [] },
      body: {},
      signing: {
        type: 'object',
        properties: { secret: { type: 'string' }, header: { type: 'string', default: 'Persona-Signature' } },
      },
      responseSchema: { type: 'object' },
      mode: { type: 'string', default: 'a' },
    },
    required: ['mode'],
  };

  it('removes values equal to their default, recursively, keeping key order', () => {
    const value = {
      body: { timeoutSeconds: 30 },
      timeoutSeconds: 30,
      headers: [],
      signing: { header: 'Persona-Signature', secret: 's' },
      responseSchema: { default: 1, timeoutSeconds: 30 },
      mode: 'a',
      other: 1,
    };
    const result = omitDefaults(value, schema);
    expect(result).toEqual({
      body: { timeoutSeconds: 30 },
      signing: { secret: 's' },
      responseSchema: { default: 1, timeoutSeconds: 30 },
      mode: 'a',
      other: 1,
    });
    expect(Object.keys(result as object)).toEqual(['body', 'signing', 'responseSchema', 'mode', 'other']);
  });

  it('keeps values that differ from the default', () => {
    expect(omitDefaults({ timeoutSeconds: 31, headers: [{ key: 'a', value: 'b' }] }, schema)).toEqual({
      timeoutSeconds: 31,
      headers: [{ key: 'a', value: 'b' }],
    });
  });

  it('leaves non-objects alone', () => {
    expect(omitDefaults(3, schema)).toBe(3);
    expect(omitDefaults(null, schema)).toBe(null);
  });
});
