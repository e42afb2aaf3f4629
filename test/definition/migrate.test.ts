// migrateWorkflow: the single place older documents are brought up to date.
import { describe, expect, it } from 'vitest';
import { importWorkflowJson, migrateWorkflow } from '../../src/definition/migrate';
import { SCHEMA_VERSION } from '../../src/definition/types';
import { actionStep, workflowOf } from '../fixtures/workflow-builders';

describe('migrateWorkflow', () => {
  it('passes a current (version 1) document through unchanged', () => {
    const workflow = workflowOf([actionStep('notify_crm')]);
    const result = migrateWorkflow(workflow);
    expect(result).toEqual({ ok: true, value: workflow, fromVersion: SCHEMA_VERSION, migrated: false });
    if (result.ok) expect(result.value).toBe(workflow);
  });

  it('passes through what is not a versioned document, so validation reports it', () => {
    for (const input of [null, 42, 'text', [], { kind: 'workflow' }]) {
      expect(migrateWorkflow(input)).toEqual({ ok: true, value: input, fromVersion: undefined, migrated: false });
    }
  });

  it('reports a newer version as unsupported, at /schemaVersion', () => {
    const result = migrateWorkflow({ ...workflowOf([]), schemaVersion: 2 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual([
        { path: '/schemaVersion', code: 'schema_version_unsupported', message: expect.stringMatching(/newer version/) },
      ]);
    }
  });

  it('reports versions that never existed and non-numeric versions', () => {
    for (const schemaVersion of [0, -1, 1.5, '1', null]) {
      const result = migrateWorkflow({ schemaVersion, kind: 'workflow' });
      expect(result.ok, JSON.stringify(schemaVersion)).toBe(false);
      if (!result.ok)
        expect(result.problems[0]).toMatchObject({ path: '/schemaVersion', code: 'schema_version_unsupported' });
    }
  });

  it('never throws, whatever it is given', () => {
    const cyclic: Record<string, unknown> = { schemaVersion: 1 };
    cyclic.self = cyclic;
    expect(() => migrateWorkflow(cyclic)).not.toThrow();
    expect(() => migrateWorkflow(Object.create(null))).not.toThrow();
  });
});

describe('importWorkflowJson', () => {
  const text = `${JSON.stringify(workflowOf([actionStep('notify_crm')]), null, 2)}\n`;

  it('reads a current document', () => {
    const result = importWorkflowJson(text);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.workflow.steps[0]!.id).toBe('notify_crm');
    expect(result.migratedFrom).toBeUndefined();
  });

  it('reports syntax errors with line and column', () => {
    const result = importWorkflowJson('{\n  "kind": "workflow",\n}');
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ code: 'json_syntax', line: 2, column: 21 });
  });

  it('reports schema problems with path, line and column', () => {
    const result = importWorkflowJson(text.replace('"https://example.com"', '42'));
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual(
      expect.objectContaining({ path: '/steps/0/config/url', line: expect.any(Number), column: expect.any(Number) }),
    );
  });

  it('reports an unsupported schemaVersion once, located in the text', () => {
    const result = importWorkflowJson(text.replace('"schemaVersion": 1', '"schemaVersion": 7'));
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ path: '/schemaVersion', code: 'schema_version_unsupported', line: 2, column: 20 }),
    ]);
  });
});
