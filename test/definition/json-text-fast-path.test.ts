// parseWorkflowJson reads valid text with one pass over its colons (members counted),
// takes the depth from JSON.parse's value and validates that value as it is. Text that
// pass could misjudge must still get the careful reading's answer: a key given twice
// anywhere (also "__proto__", also inside a free-form body), strings holding quotes,
// backslashes, brackets and colons, and nesting just at and past the limit.
import { describe, expect, it } from 'vitest';
import {
  MAX_DOCUMENT_DEPTH,
  parseStepDocumentJson,
  parseWorkflowJson,
  serializeWorkflow,
  type Workflow,
} from '../../src/definition';

function workflowWithBody(body: unknown): Workflow {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    id: 'fast_path',
    name: 'Fast path',
    trigger: { event: 'inquiry.completed' },
    steps: [
      {
        id: 'call',
        type: 'action',
        action: 'https_request',
        name: 'Call',
        config: { url: 'https://api.example.com/x', method: 'POST', body: body as never },
      },
    ],
  };
}

/** `levels` nested objects around `{}`, as text. */
function nestedText(levels: number): string {
  return `${'{"a":'.repeat(levels)}{}${'}'.repeat(levels)}`;
}

describe('parseWorkflowJson on text the one-pass reader sees first', () => {
  it('accepts valid text whose strings hold quotes, backslashes, brackets and colons', () => {
    const body = {
      'k:{': 'a\\"b: [x] {y}',
      'q\\': '\\\\',
      ':': '":"',
      '[': [':', '\\"', '"{"'],
      __proto__: { ':': 1 },
    };
    const workflow = workflowWithBody(JSON.parse(JSON.stringify(body)));
    const result = parseWorkflowJson(serializeWorkflow(workflow));
    expect(result.problems).toEqual([]);
    expect(result.ok && result.workflow.steps[0]).toMatchObject({ config: { body } });
  });

  it('reports a key given twice deep inside a body, and a "__proto__" given twice', () => {
    for (const key of ['id', '__proto__', 'a:b', 'x\\"y']) {
      const text = serializeWorkflow(workflowWithBody({ outer: { z: 1 } })).replace(
        '"z": 1',
        `"${key}": 1, "${key}": 2`,
      );
      const result = parseWorkflowJson(text);
      expect(result.ok).toBe(false);
      expect(result.problems.map((problem) => problem.code)).toEqual(['json_syntax']);
      expect(result.problems[0]!.message).toMatch(/appears more than once/);
      expect(result.problems[0]!.line).toBeGreaterThan(1);
    }
  });

  it('counts members however the text is spaced, whatever colons its strings hold or escape', () => {
    const body = { one: { a: 'x\\u003ay', b: ': starts with a colon', c: '  : after spaces', ':': '' } };
    const valid = serializeWorkflow(workflowWithBody(body))
      .replace('"one": ', '"one"  :  ')
      .replace('"a": ', '"a"\n :\t');
    expect(parseWorkflowJson(valid).problems).toEqual([]);
    // A key given twice beside strings that hold, escape or start with a colon: the counts must not even out.
    for (const value of ['"\\u003a\\""', '": x"', '"  :"']) {
      const twice = serializeWorkflow(workflowWithBody({ one: { a: 1 } })).replace('"a": 1', `"a" : 1 , "a": ${value}`);
      const result = parseWorkflowJson(twice);
      expect(result.ok).toBe(false);
      expect(result.problems[0]!.message).toMatch(/"a" appears more than once/);
    }
  });

  it('refuses a key given twice whose dropped value nests past the limit, as validation names nesting', () => {
    const deepTwice = (text: string): string =>
      text.replace('"a": 1', `"a": ${nestedText(MAX_DOCUMENT_DEPTH)}, "a": 1`);
    const text = deepTwice(serializeWorkflow(workflowWithBody({ one: { a: 1 } })));
    const result = parseWorkflowJson(text);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({
        code: 'nesting_too_deep',
        path: expect.stringMatching(/^\/steps\/0\/config\/body\/one\/a/),
        params: { limit: MAX_DOCUMENT_DEPTH },
        stepId: 'call',
      }),
    ]);
    expect(result.problems[0]!.line).toBeGreaterThan(1);
    // With a problem earlier in the text: in the order of the text.
    const withName = parseWorkflowJson(text.replace('"name": "Call"', '"name": 5'));
    expect(withName.problems.map((problem) => problem.code)).toEqual(['schema_type', 'nesting_too_deep']);
    const later = workflowWithBody({ one: { a: 1 } });
    later.steps.push({ id: 'later', type: 'action', action: 'wait', name: 5 as never, config: { seconds: 1 } });
    const withLater = parseWorkflowJson(deepTwice(serializeWorkflow(later)));
    expect(withLater.problems.map((problem) => [problem.code, problem.stepId])).toEqual([
      ['nesting_too_deep', 'call'],
      ['schema_type', 'later'],
    ]);
    // A step document's own id is the step of a problem in its config.
    const stepText = deepTwice(
      JSON.stringify({
        schemaVersion: 1,
        kind: 'step',
        ...workflowWithBody({ one: { a: 1 } }).steps[0],
      }).replace('"a":1', '"a": 1'),
    );
    expect(parseStepDocumentJson(stepText).problems).toEqual([
      expect.objectContaining({ code: 'nesting_too_deep', stepId: 'call' }),
    ]);
  });

  it('reports a key written twice in place of another key', () => {
    // The text has as many members as the valid one; the object holds one key fewer.
    const text = serializeWorkflow(workflowWithBody({ one: { a: 1, b: 2 } })).replace('"b": 2', '"a": 2');
    const result = parseWorkflowJson(text);
    expect(result.ok).toBe(false);
    expect(result.problems[0]!.message).toMatch(/"a" appears more than once/);
  });

  it('keeps the depth limit: the body at the last allowed level passes, one more is nesting_too_deep with its place', () => {
    // The body is at level 5 (document, steps, step, config, body).
    const allowed = MAX_DOCUMENT_DEPTH - 5;
    const build = (levels: number): string =>
      serializeWorkflow(workflowWithBody({})).replace('"body": {}', `"body": ${nestedText(levels)}`);
    expect(parseWorkflowJson(build(allowed)).problems).toEqual([]);
    const over = parseWorkflowJson(build(allowed + 1));
    expect(over.ok).toBe(false);
    expect(over.problems[0]).toMatchObject({ code: 'nesting_too_deep' });
    expect(over.problems[0]!.line).toBeGreaterThan(1);
  });

  it('gives syntax errors their place, as before', () => {
    const text = serializeWorkflow(workflowWithBody({ a: 1 })).replace('"a": 1', '"a": 1,');
    const result = parseWorkflowJson(text);
    expect(result.problems).toMatchObject([
      { code: 'json_syntax', message: 'Trailing commas are not allowed in JSON' },
    ]);
  });
});
