// @vitest-environment jsdom
// The hooks that need the editor around them say so with a code a host can branch on.
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkflowEditorError, useWorkflowEditor } from '../../src/editor';
import { useCanvas } from '../../src/editor/canvas/canvas-ui';

afterEach(cleanup);

/** What rendering `element` threw (React reports it to console.error too, silenced here). */
function thrownByRendering(element: React.ReactElement): unknown {
  const original = console.error;
  console.error = () => {};
  try {
    render(element);
  } catch (error) {
    return error;
  } finally {
    console.error = original;
  }
  return undefined;
}

describe('hooks outside their provider', () => {
  it('useWorkflowEditor outside <WorkflowEditorProvider> throws outside_provider', () => {
    function Outside() {
      useWorkflowEditor((state) => state.definition);
      return null;
    }
    const error = thrownByRendering(<Outside />);
    expect(error).toBeInstanceOf(WorkflowEditorError);
    expect(error).toMatchObject({
      code: 'outside_provider',
      message: 'useWorkflowEditor must be used inside <WorkflowEditorProvider>',
    });
  });

  it('a canvas node outside <WorkflowCanvas> throws outside_canvas', () => {
    function Outside() {
      useCanvas();
      return null;
    }
    const error = thrownByRendering(<Outside />);
    expect(error).toBeInstanceOf(WorkflowEditorError);
    expect(error).toMatchObject({
      code: 'outside_canvas',
      message: 'Canvas nodes must be rendered inside <WorkflowCanvas>',
    });
  });
});
