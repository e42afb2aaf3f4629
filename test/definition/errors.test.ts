// Every error class the package exports carries a machine-readable code, so hosts branch
// on `code` rather than on English text.
import { describe, expect, it } from 'vitest';
import * as cliCommand from '../../src/cli/command';
import * as definition from '../../src/definition';
import { TestNotRunnableError } from '../../src/editor/panel/test-step/run-test';
import * as executor from '../../src/executor';
import { PatternWorkExceededError, linearRegExp } from '../../src/executor/linear-regexp';
import { BlockedDestinationError } from '../../src/executor/node/guarded-agent';
import { StepTimeLimitReached } from '../../src/executor/stop';
import * as queue from '../../src/queue';

const errorClasses = (entry: Record<string, unknown>): [string, typeof Error][] =>
  Object.entries(entry).filter(
    (pair): pair is [string, typeof Error] =>
      typeof pair[1] === 'function' && (pair[1] as { prototype?: unknown }).prototype instanceof Error,
  );

describe('typed errors', () => {
  it.each([
    ['workflow-editor/definition', definition],
    ['workflow-editor/queue', queue],
    ['workflow-editor/executor', executor],
    ['the CLI', cliCommand],
  ])('every error class %s exports is a WorkflowEditorError', (_entry, module) => {
    const classes = errorClasses(module);
    expect(classes.length).toBeGreaterThan(0);
    const untyped = classes
      .filter(([, ErrorClass]) => !(ErrorClass.prototype instanceof definition.WorkflowEditorError))
      .map(([name]) => name)
      .filter((name) => name !== 'WorkflowEditorError');
    expect(untyped).toEqual([]);
  });

  it('a malformed JSON Pointer is refused with its code', () => {
    expect(() => definition.parseJsonPointer('steps/0')).toThrow(definition.JsonPointerError);
    try {
      definition.parseJsonPointer('steps/0');
    } catch (error) {
      expect(error).toBeInstanceOf(definition.WorkflowEditorError);
      expect((error as definition.WorkflowEditorError).code).toBe('invalid_pointer');
    }
  });

  it('an operation refusing a request says why in its code', () => {
    const workflow = definition.emptyWorkflow();
    try {
      definition.removeStep(workflow, 'missing');
      expect.unreachable('removeStep of a missing step throws');
    } catch (error) {
      expect(error).toBeInstanceOf(definition.WorkflowEditorError);
      expect((error as definition.WorkflowEditorError).code).toBe('unknown_step');
    }
  });

  /** What `act` threw; fails the test when it returns. */
  function thrownBy(act: () => unknown): unknown {
    try {
      act();
    } catch (error) {
      return error;
    }
    return expect.unreachable('it throws');
  }

  it('createActionCatalog refuses a host action with invalid_action_id or duplicate_action_id', () => {
    const hostAction = (id: string): definition.ActionDefinition => ({
      id,
      label: `Host ${id}`,
      category: 'Host',
      description: 'A host action.',
      keywords: [],
      icon: 'box',
      configSchema: { type: 'object' },
      defaultConfig: {},
    });
    const invalid = thrownBy(() => definition.createActionCatalog([hostAction('KYC check')]));
    expect(invalid).toBeInstanceOf(definition.ActionCatalogError);
    expect(invalid).toMatchObject({ name: 'ActionCatalogError', code: 'invalid_action_id' });
    for (const actions of [[hostAction('https_request')], [hostAction('kyc'), hostAction('kyc')]]) {
      const duplicate = thrownBy(() => definition.createActionCatalog(actions));
      expect(duplicate).toBeInstanceOf(definition.WorkflowEditorError);
      expect(duplicate).toMatchObject({ name: 'ActionCatalogError', code: 'duplicate_action_id' });
    }
  });

  it('the executor, editor and CLI errors keep their names beside their codes', () => {
    const cases: [definition.WorkflowEditorError, string, string][] = [
      [new executor.ActionError('http_status', 'Bad', { status: 502 }), 'ActionError', 'action_failed'],
      [new executor.SigningError('empty_secret', 'No secret'), 'SigningError', 'empty_secret'],
      [new BlockedDestinationError('Blocked'), 'BlockedDestinationError', 'ERR_BLOCKED_DESTINATION'],
      [new PatternWorkExceededError(), 'PatternWorkExceededError', 'pattern_work_exceeded'],
      [new StepTimeLimitReached(1000), 'StepTimeLimitReached', 'step_time_limit_reached'],
      [new cliCommand.UsageError('Wrong'), 'UsageError', 'invalid_usage'],
      [new cliCommand.FileTooLargeError(10), 'FileTooLargeError', 'file_too_large'],
      [new TestNotRunnableError({ kind: 'notTestable' }), 'TestNotRunnableError', 'test_not_runnable'],
    ];
    for (const [error, name, code] of cases) {
      expect(error).toBeInstanceOf(definition.WorkflowEditorError);
      expect({ name: error.name, code: error.code }).toEqual({ name, code });
    }
    const unsupported = thrownBy(() => linearRegExp('(?=a)'));
    expect(unsupported).toBeInstanceOf(definition.WorkflowEditorError);
    expect(unsupported).toMatchObject({ name: 'UnsupportedPatternError', code: 'unsupported_pattern' });
  });
});
