import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  changeStepId,
  checkStepId,
  findReferences,
  rewriteStepReferences,
  scanReferences,
  validateWorkflow,
  walkSteps,
  type JsonObject,
  type Problem,
  type Step,
  type StepIdChange,
  type Workflow,
} from '../../src/definition';
import { ARBITRARY_SECRETS, workflowArbitrary } from '../fixtures/arbitraries';
import { actionStep, branch, branchStep, deepFreeze, workflowOf } from '../fixtures/workflow-builders';

/** The workflow of a change that must have been accepted. */
function changed(result: StepIdChange): Workflow {
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.workflow;
}

/** Every template the format has: action configs and branch conditions, with their pointers. */
function templates(workflow: Workflow): { value: unknown; pointer: string }[] {
  const found: { value: unknown; pointer: string }[] = [];
  walkSteps(workflow.steps, ({ step, pointer }) => {
    if (step.type === 'action') found.push({ value: step.config, pointer: `${pointer}/config` });
    else
      step.branches.forEach((item, index) =>
        found.push({ value: item.when, pointer: `${pointer}/branches/${index}/when` }),
      );
  });
  return found;
}

/** How many references name step `stepId` anywhere in the workflow. */
function referencesTo(workflow: Workflow, stepId: string): number {
  let count = 0;
  for (const template of templates(workflow)) {
    for (const { reference } of scanReferences(template.value, template.pointer).references) {
      if (reference.root === 'steps' && reference.path[1] === stepId) count++;
    }
  }
  return count;
}

/** Every string, number, boolean and null in a value, by JSON Pointer (keys included as leaves). */
function leaves(value: unknown, pointer = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (value === null || typeof value !== 'object') {
    into.set(pointer, value);
    return into;
  }
  into.set(`${pointer}#keys`, Object.keys(value).join('\u0000'));
  for (const key of Object.keys(value)) leaves((value as Record<string, unknown>)[key], `${pointer}/${key}`, into);
  return into;
}

/**
 * Problems as comparable text, with id `from` read as `to` wherever it appears (for
 * comparing across a change; `from` must not occur in the messages otherwise).
 */
function problemKeys(problems: readonly Problem[], from: string, to: string): string[] {
  const swap = (text: string | undefined): string => (text ?? '').split(from).join(to);
  return problems
    .map((problem) =>
      [problem.path, problem.code, problem.stepId === from ? to : (problem.stepId ?? ''), swap(problem.message)].join(
        ' | ',
      ),
    )
    .sort();
}

function problemsOf(workflow: Workflow): readonly Problem[] {
  const result = validateWorkflow(workflow, { secrets: ARBITRARY_SECRETS });
  return result.ok ? [] : result.problems;
}

/** fetch_user, then a Conditional whose condition and inner step use it, then a last step using it. */
function referencingWorkflow(): Workflow {
  return workflowOf([
    actionStep('fetch_user', { name: 'Fetch user', config: { url: 'https://api.example.com/users', method: 'GET' } }),
    actionStep('fetch_user_2', {
      name: 'Fetch user again',
      config: { url: 'https://api.example.com/users/{{ steps.fetch_user.output.body.id }}', method: 'GET' },
    }),
    branchStep('route', [
      branch(
        'is_admin',
        [
          actionStep('notify', {
            name: 'Notify',
            config: {
              url: 'https://api.example.com/notify',
              method: 'POST',
              body: { user: '{{ steps.fetch_user.output.body }}', other: '{{ steps.fetch_user_2.output.body }}' },
            },
          }),
        ],
        {
          when: {
            all: [
              { left: '{{ steps.fetch_user.output.body.role }}', op: 'eq', right: 'admin' },
              { any: [{ left: '{{steps.fetch_user.error}}', op: 'exists' }] },
            ],
          },
        },
      ),
      branch('otherwise', [], { when: null }),
    ]),
    actionStep('finish', {
      name: 'Finish',
      config: {
        url: 'https://api.example.com/done',
        method: 'POST',
        headers: [
          {
            key: 'X-User',
            value: 'id={{ steps.fetch_user.output.body.id }}&again={{ steps.fetch_user.output.status }}',
          },
        ],
      },
    }),
  ]);
}

describe('changeStepId', () => {
  it('renames the step and rewrites every reference to it: configs at any depth, conditions at any depth', () => {
    const before = deepFreeze(referencingWorkflow());
    const result = changeStepId(before, 'fetch_user', 'user');
    expect(result.ok && result.references).toBe(6);
    const after = changed(result);
    expect(after.steps[0]!.id).toBe('user');
    expect(after.steps[0]!.name).toBe('Fetch user');
    expect(JSON.stringify(after)).not.toMatch(/steps\.fetch_user\./);
    const route = after.steps[2] as Extract<Step, { type: 'branch' }>;
    expect(route.branches[0]!.when).toEqual({
      all: [
        { left: '{{ steps.user.output.body.role }}', op: 'eq', right: 'admin' },
        { any: [{ left: '{{steps.user.error}}', op: 'exists' }] },
      ],
    });
    expect((route.branches[0]!.steps[0] as Extract<Step, { type: 'action' }>).config.body).toEqual({
      user: '{{ steps.user.output.body }}',
      other: '{{ steps.fetch_user_2.output.body }}',
    });
    expect((after.steps[3] as Extract<Step, { type: 'action' }>).config.headers).toEqual([
      { key: 'X-User', value: 'id={{ steps.user.output.body.id }}&again={{ steps.user.output.status }}' },
    ]);
    expect(problemsOf(after)).toEqual([]);
  });

  it('keeps the input unchanged and shares every part it did not touch', () => {
    const before = deepFreeze(
      workflowOf([
        actionStep('first'),
        actionStep('second', { config: { url: 'https://a.example/{{ steps.first.output.body }}', method: 'GET' } }),
        actionStep('third'),
      ]),
    );
    const after = changed(changeStepId(before, 'first', 'start'));
    expect(after.steps[2]).toBe(before.steps[2]);
    expect(after.trigger).toBe(before.trigger);
    expect(after.steps[1]).not.toBe(before.steps[1]);
    expect(before.steps[0]!.id).toBe('first');
  });

  it('keeps the rest of each string byte for byte: spaces and tabs inside the braces, bracket keys, escapes', () => {
    const cases: [string, string][] = [
      ['{{steps.ab.output}}', '{{steps.cd.output}}'],
      ['{{  steps .  ab . output . body }}', '{{  steps .  cd . output . body }}'],
      ['{{\tsteps.\tab\t.error\t}}', '{{\tsteps.\tcd\t.error\t}}'],
      ['{{ steps["ab"].output["content-type"][0] }}', '{{ steps["cd"].output["content-type"][0] }}'],
      ['{{ steps[ "ab" ]["output"] }}', '{{ steps[ "cd" ]["output"] }}'],
      ['{{ steps["\\u0061b"].output }}', '{{ steps["cd"].output }}'],
      [
        'a {{ steps.ab.output }} b {{ trigger.x }} c {{ steps.ab.error.message }}',
        'a {{ steps.cd.output }} b {{ trigger.x }} c {{ steps.cd.error.message }}',
      ],
      ['\\{{ steps.ab.output }} then {{ steps.ab.output }}', '\\{{ steps.ab.output }} then {{ steps.cd.output }}'],
    ];
    for (const [text, expected] of cases) expect(rewriteStepReferences(text, 'ab', 'cd').text, text).toBe(expected);
  });

  it('leaves text that only looks like a reference to the step', () => {
    const untouched = [
      '{{ steps.abc.output }}',
      '{{ steps.ab_2.output }}',
      '{{ steps.xab.output }}',
      '{{ trigger.ab }}',
      '{{ trigger.steps.ab.output }}',
      '{{ secrets.ab }}',
      'steps.ab.output',
      '\\{{ steps.ab.output }}',
      '{{ steps.ab }}',
      '{{ steps.ab.outputs }}',
      '{ steps.ab.output }',
      '{{ steps.AB.output }}',
      '{{ steps.ab.output ',
    ];
    for (const text of untouched) expect(rewriteStepReferences(text, 'ab', 'cd'), text).toEqual({ text, count: 0 });
  });

  it('rewrites in no name and no object key, only in templates', () => {
    const before = workflowOf([
      actionStep('ab', { name: 'Uses {{ steps.ab.output }}' }),
      actionStep('next', {
        name: '{{ steps.ab.output }}',
        config: {
          url: 'https://a.example',
          method: 'POST',
          body: { '{{ steps.ab.output }}': '{{ steps.ab.output }}' },
        },
      }),
    ]);
    const after = changed(changeStepId(before, 'ab', 'cd'));
    expect(after.steps[0]!.name).toBe('Uses {{ steps.ab.output }}');
    expect(after.steps[1]!.name).toBe('{{ steps.ab.output }}');
    expect((after.steps[1] as Extract<Step, { type: 'action' }>).config.body).toEqual({
      '{{ steps.ab.output }}': '{{ steps.cd.output }}',
    });
  });

  it('rewrites references validation reports as well (to a later step, to itself): they name the same step', () => {
    const before = workflowOf([
      actionStep('early', { config: { url: 'https://a.example/{{ steps.lookup.output.body }}', method: 'GET' } }),
      actionStep('lookup', {
        name: 'Look up the user',
        config: { url: 'https://a.example/{{ steps.lookup.output.body }}', method: 'GET' },
      }),
    ]);
    const after = changed(changeStepId(before, 'lookup', 'find_user'));
    expect(referencesTo(after, 'lookup')).toBe(0);
    expect(referencesTo(after, 'find_user')).toBe(2);
    const problems = problemsOf(before);
    expect(problems.map((problem) => problem.code)).toEqual(['reference_out_of_scope', 'reference_out_of_scope']);
    expect(problemKeys(problemsOf(after), 'find_user', 'lookup')).toEqual(problemKeys(problems, 'lookup', 'lookup'));
  });

  it('keeps a "__proto__" key of a body an own field while rewriting inside it', () => {
    const body = JSON.parse('{"__proto__": {"x": "{{ steps.ab.output }}"}, "y": 1}') as JsonObject;
    const before = workflowOf([
      actionStep('ab'),
      actionStep('next', { config: { url: 'https://a.example', method: 'POST', body } }),
    ]);
    const after = changed(changeStepId(before, 'ab', 'cd'));
    const afterBody = (after.steps[1] as Extract<Step, { type: 'action' }>).config.body as JsonObject;
    expect(Object.getPrototypeOf(afterBody)).toBe(Object.prototype);
    expect(Object.keys(afterBody)).toEqual(['__proto__', 'y']);
    expect(JSON.stringify(afterBody)).toBe('{"__proto__":{"x":"{{ steps.cd.output }}"},"y":1}');
  });

  it('renames a Conditional step, and accepts ids named like Object.prototype members', () => {
    const before = referencingWorkflow();
    expect(changed(changeStepId(before, 'route', 'constructor')).steps[2]!.id).toBe('constructor');
    const after = changed(changeStepId(before, 'fetch_user', 'tostring'));
    expect(referencesTo(after, 'tostring')).toBe(6);
  });

  it('changes nothing for the current id', () => {
    const before = referencingWorkflow();
    expect(changeStepId(before, 'fetch_user', 'fetch_user')).toEqual({ ok: true, workflow: before, references: 0 });
  });

  it('refuses ids that do not fit the format, in words a person understands', () => {
    const before = deepFreeze(referencingWorkflow());
    const refused: [unknown, string, RegExp][] = [
      ['', 'step_id_empty', /^Enter a step ID\.$/],
      [undefined, 'step_id_empty', /Enter a step ID/],
      [null, 'step_id_empty', /Enter a step ID/],
      [42, 'step_id_empty', /Enter a step ID/],
      [
        'Fetch_user',
        'step_id_invalid',
        /^Step ID must start with a letter and use only lowercase letters, digits and _\.$/,
      ],
      ['1user', 'step_id_invalid', /start with a letter/],
      ['_user', 'step_id_invalid', /start with a letter/],
      ['user-id', 'step_id_invalid', /lowercase letters, digits and _/],
      ['user id', 'step_id_invalid', /lowercase letters, digits and _/],
      [' user', 'step_id_invalid', /lowercase letters, digits and _/],
      ['user\n', 'step_id_invalid', /lowercase letters, digits and _/],
      ['usér', 'step_id_invalid', /lowercase letters, digits and _/],
      ['__proto__', 'step_id_invalid', /start with a letter/],
      ['hasOwnProperty', 'step_id_invalid', /lowercase/],
      ['a.b', 'step_id_invalid', /lowercase/],
      ['a'.repeat(64), 'step_id_too_long', /^Step ID can be at most 63 characters\.$/],
      ['fetch_user_2', 'step_id_taken', /^Another step already uses the ID "fetch_user_2"\.$/],
      ['notify', 'step_id_taken', /Another step already uses the ID "notify"/],
      ['is_admin', 'step_id_taken', /^A branch already uses the ID "is_admin"\.$/],
    ];
    for (const [id, code, message] of refused) {
      const result = changeStepId(before, 'fetch_user', id as string);
      expect(result.ok, String(id)).toBe(false);
      if (result.ok) continue;
      expect(result.error.code, String(id)).toBe(code);
      expect(result.error.message, String(id)).toMatch(message);
      expect(checkStepId(before, 'fetch_user', id), String(id)).toEqual(result.error);
    }
    expect(changeStepId(before, 'fetch_user', 'a'.repeat(63)).ok).toBe(true);
    const taken = changeStepId(before, 'fetch_user', 'is_admin');
    expect(!taken.ok && taken.error.params).toEqual({ id: 'is_admin', usedBy: 'branch' });
  });

  it('refuses to change the id of a step the workflow does not have (a branch id is not a step)', () => {
    const before = referencingWorkflow();
    for (const id of ['missing', 'is_admin', '__proto__', 'constructor']) {
      const result = changeStepId(before, id, 'fresh');
      expect(!result.ok && result.error.code, id).toBe('unknown_step');
    }
  });
});

// ---- Properties over generated workflows ----------------------------------------

/**
 * A generated workflow with one step chosen, and extra references to it (and look-alikes)
 * written into the configs of HTTPS steps and the conditions of branches, in every
 * spelling the syntax allows.
 */
const chosenStep = fc
  .record({
    workflow: workflowArbitrary,
    pick: fc.nat(),
    spellings: fc.array(
      fc.constantFrom(
        (id: string) => `{{ steps.${id}.output.body }}`,
        (id: string) => `x{{steps.${id}.error}}y`,
        (id: string) => `{{\t steps . ${id} .output["a b"][0] }}`,
        (id: string) => `{{ steps["${id}"].output }}`,
        (id: string) => `\\{{ steps.${id}.output }}`,
        (id: string) => `{{ steps.${id}x.output }}`,
        (id: string) => `{{ steps.${id} }}`,
        (id: string) => `{{ trigger.${id} }} steps.${id}.output`,
      ),
      { maxLength: 4 },
    ),
    target: fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/).map((id) => `renamed_${id}`),
  })
  .filter(({ workflow }) => workflow.steps.length > 0)
  .map(({ workflow, pick, spellings, target }) => {
    const ids: string[] = [];
    walkSteps(workflow.steps, ({ step }) => {
      ids.push(step.id);
    });
    const fromId = ids[pick % ids.length]!;
    walkSteps(workflow.steps, ({ step }) => {
      if (step.type === 'branch') {
        for (const item of step.branches) {
          if (item.when !== undefined)
            item.when = {
              any: [item.when, ...spellings.map((spell) => ({ left: spell(fromId), op: 'exists' as const }))],
            };
        }
      }
      if (step.type !== 'action' || step.action !== 'https_request' || spellings.length === 0) return;
      const headers = Array.isArray(step.config.headers) ? step.config.headers : [];
      step.config.headers = [
        ...headers,
        ...spellings.map((spell, index) => ({ key: `X-Extra-${index}`, value: spell(fromId) })),
      ];
    });
    return { workflow: deepFreeze(workflow), fromId, toId: target };
  });

describe('changeStepId on generated workflows', () => {
  it('a→b→a gives back the original', () => {
    fc.assert(
      fc.property(chosenStep, ({ workflow, fromId, toId }) => {
        const there = changed(changeStepId(workflow, fromId, toId));
        const back = changed(changeStepId(there, toId, fromId));
        expect(back).toEqual(workflow);
        expect(JSON.stringify(back)).toBe(JSON.stringify(workflow));
      }),
      { numRuns: 150 },
    );
  });

  it('leaves no reference to the old id, and as many to the new one as there were to the old', () => {
    fc.assert(
      fc.property(chosenStep, ({ workflow, fromId, toId }) => {
        const result = changeStepId(workflow, fromId, toId);
        const after = changed(result);
        const count = referencesTo(workflow, fromId);
        expect(referencesTo(after, fromId)).toBe(0);
        expect(referencesTo(after, toId)).toBe(count);
        expect(result.ok && result.references).toBe(count);
      }),
      { numRuns: 150 },
    );
  });

  it('validation finds the same problems after as before (no new ones)', () => {
    fc.assert(
      fc.property(chosenStep, ({ workflow, fromId, toId }) => {
        const after = changed(changeStepId(workflow, fromId, toId));
        expect(problemKeys(problemsOf(after), toId, fromId)).toEqual(problemKeys(problemsOf(workflow), fromId, fromId));
      }),
      { numRuns: 100 },
    );
  });

  it('changes only the id and the strings that reference the step; every other value and key stays', () => {
    fc.assert(
      fc.property(chosenStep, ({ workflow, fromId, toId }) => {
        const after = changed(changeStepId(workflow, fromId, toId));
        const before = leaves(workflow);
        const now = leaves(after);
        expect([...now.keys()]).toEqual([...before.keys()]);
        for (const [pointer, value] of before) {
          const referencesOld =
            typeof value === 'string' &&
            findReferences(value).references.some(
              (reference) => reference.root === 'steps' && reference.path[1] === fromId,
            );
          const isId = value === fromId && pointer.endsWith('/id');
          if (!referencesOld && !isId) expect(now.get(pointer), pointer).toBe(value);
        }
      }),
      { numRuns: 150 },
    );
  });
});
