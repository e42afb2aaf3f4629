// Messages beside fields can be worded by the host, from the same code and params the
// definition layer's problems carry.
import { describe, expect, it } from 'vitest';
import { httpsRequestAction, validateConfig, type JsonObject, type Problem } from '../../../src/definition';
import { defaultLabels, mergeLabels, problemText } from '../../../src/editor/labels';
import { problemMessages, schemaErrorMessages } from '../../../src/editor/panel/form/messages';
import { configValidator } from '../../../src/editor/panel/form/validator';

const schema = httpsRequestAction.configSchema;

/** German for the two codes this test needs; anything else keeps the English message. */
const german = mergeLabels({
  problemMessage: (problem: Problem) => {
    const params = problem.params ?? {};
    if (problem.code === 'schema_range' && params.rule === 'maximum')
      return `${String(params.field)} darf höchstens ${String(params.limit)} sein`;
    if (problem.code === 'schema_range' && typeof params.minimum === 'number') {
      return `Geben Sie eine Zahl von ${params.minimum} bis ${String(params.maximum)} ein.`;
    }
    return undefined;
  },
});

function formErrors(config: JsonObject) {
  return configValidator().validateFormData(config, schema).errors;
}

describe('problemText', () => {
  it('is the English message by default, and the host wording when it has one', () => {
    const [problem] = validateConfig('https_request', {
      url: 'https://a.example',
      method: 'GET',
      retryIntervals: [3601],
    });
    expect(problemText(defaultLabels, problem!)).toBe('Retry 1 must be at most 3600');
    expect(problemText(german, problem!)).toBe('Retry 1 darf höchstens 3600 sein');
    const [unknown] = validateConfig('https_request', { url: 'https://a.example', method: 'GET', extra: 1 });
    expect(problemText(german, unknown!)).toBe(unknown!.message);
  });
});

describe('field messages in the host wording', () => {
  it("words the definition layer's problems beside their field", () => {
    const problems = validateConfig('https_request', {
      url: 'https://a.example',
      method: 'GET',
      timeoutSeconds: 301,
    }).map((problem) => ({
      ...problem,
      path: `/steps/0/config${problem.path}`,
    }));
    expect(problemMessages(problems, '/steps/0/config', 'p', german).get('p_timeoutSeconds')).toEqual([
      { message: 'Request Timeout darf höchstens 300 sein', always: false },
    ]);
    expect(problemMessages(problems, '/steps/0/config', 'p').get('p_timeoutSeconds')?.[0]?.message).toBe(
      'Request Timeout must be at most 300',
    );
  });

  it("words the form's own schema errors, with the field's range as params", () => {
    const errors = formErrors({ url: 'https://a.example', method: 'GET', timeoutSeconds: 0 });
    expect(schemaErrorMessages(errors, schema, 'p').get('p_timeoutSeconds')?.[0]?.message).toBe(
      'Enter a number from 1 to 300.',
    );
    expect(schemaErrorMessages(errors, schema, 'p', german).get('p_timeoutSeconds')?.[0]?.message).toBe(
      'Geben Sie eine Zahl von 1 bis 300 ein.',
    );
  });

  it('hands the host a problem with the code, the field title and the rule', () => {
    const seen: Problem[] = [];
    const recording = mergeLabels({ problemMessage: (problem) => void seen.push(problem) });
    schemaErrorMessages(formErrors({ method: 'GET', retryIntervals: [4000] }), schema, 'p', recording);
    expect(seen).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: '/url',
          code: 'schema_required',
          params: expect.objectContaining({ field: 'URL', rule: 'required', property: 'url' }),
        }),
        expect.objectContaining({
          path: '/retryIntervals/0',
          code: 'schema_range',
          params: expect.objectContaining({ field: 'Retry', rule: 'maximum', limit: 3600, minimum: 0, maximum: 3600 }),
        }),
      ]),
    );
  });
});
