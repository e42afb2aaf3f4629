// Every error class the package exports carries a machine-readable code, so hosts branch
// on `code` rather than on English text.
import { describe, expect, it } from 'vitest';
import * as definition from '../../src/definition';
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
});
