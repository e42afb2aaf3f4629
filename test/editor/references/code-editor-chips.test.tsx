// @vitest-environment jsdom
// The JSON Body's code editor draws references as chips described from the editor's
// workflow: a rename relabels them, and a JSON Schema field (no templates) draws none.
import { act, cleanup, render, screen } from '@testing-library/react';
import { useEffect, type ReactElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Workflow } from '../../../src/definition';
import { CodeEditor } from '../../../src/editor/panel/form/code/CodeEditor';
import type { EditorStore } from '../../../src/editor/store';
import { useWorkflowEditorStore, WorkflowEditorProvider } from '../../../src/editor/WorkflowEditorProvider';

afterEach(cleanup);

const workflow: Workflow = {
  schemaVersion: 1,
  kind: 'workflow',
  id: 'chips',
  name: 'Chips',
  trigger: { event: 'inquiry.completed' },
  steps: [
    {
      id: 'score_risk',
      type: 'action',
      action: 'https_request',
      name: 'Score risk',
      config: { url: 'https://risk.example.com', method: 'GET' },
    },
    {
      id: 'notify',
      type: 'action',
      action: 'https_request',
      name: 'Notify',
      config: {
        url: 'https://crm.example.com',
        method: 'POST',
        body: { status: '{{ steps.score_risk.output.status }}' },
      },
    },
  ],
};

const BODY = '{\n  "status": "{{ steps.score_risk.output.status }}"\n}';

let store: EditorStore | null = null;

function SelectNotify(): null {
  const current = useWorkflowEditorStore();
  useEffect(() => {
    store = current;
    current.getState().select({ kind: 'step', stepId: 'notify' });
  }, [current]);
  return null;
}

function Body(props: { templates: boolean }): ReactElement {
  return (
    <WorkflowEditorProvider defaultDefinition={workflow}>
      <SelectNotify />
      <span id="body-label">Body</span>
      <CodeEditor
        id="body"
        text={BODY}
        textVersion={0}
        onTextChange={() => undefined}
        labelledBy="body-label"
        invalid={false}
        readOnly={false}
        disabled={false}
        templates={props.templates}
      />
    </WorkflowEditorProvider>
  );
}

describe('the Body code editor', () => {
  it('draws references as chips that follow a rename of their step', () => {
    render(<Body templates />);
    expect(screen.getByRole('img', { name: 'Reference: Score risk › status' })).toBeTruthy();
    act(() => store!.getState().renameStep('score_risk', 'Assess risk'));
    expect(screen.getByRole('img', { name: 'Reference: Assess risk › status' })).toBeTruthy();
    expect(screen.queryByRole('img', { name: 'Reference: Score risk › status' })).toBeNull();
  });

  it('draws no chips in a field without templates (a JSON Schema)', () => {
    render(<Body templates={false} />);
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Body' }).textContent).toContain('{{ steps.score_risk.output.status }}');
  });
});
