// Story tests fail on serious and critical accessibility violations, and only on those.
//
// addon-a11y runs axe after every story (its `afterEach`) and attaches the result to the
// test as a report. Its own switch fails a story on every violation, minor ones included,
// and axe can select rules by id or tag but not by impact. So the addon runs in 'todo'
// mode (preview.ts: violations reported, shown as warnings in Storybook) and this hook,
// which runs once the story and the addon's check are done, fails the test when the report
// holds a serious or critical violation, naming rule, impact and elements.
import type { A11yReport } from '@storybook/addon-a11y';
import type { Result } from 'axe-core';
import { afterEach, expect } from 'vitest';

/** Impacts that fail a story test (axe's scale: minor, moderate, serious, critical). */
const FAILING_IMPACTS: ReadonlySet<string> = new Set(['serious', 'critical']);

interface StoryReport {
  type: string;
  status: string;
  result?: unknown;
}

function describeViolation(violation: Result): string {
  const nodes = violation.nodes.map((node) =>
    `    ${node.target.join(' ')}: ${node.failureSummary ?? ''}`.replace(/\n\s*/g, ' '),
  );
  return [`${violation.id} (${violation.impact}): ${violation.help}`, ...nodes].join('\n');
}

afterEach((context) => {
  const reports = (context.task.meta as { reports?: StoryReport[] }).reports ?? [];
  for (const report of reports) {
    if (report.type !== 'a11y' || report.result === undefined) continue;
    const result = report.result as A11yReport;
    if ('error' in result) throw result.error;
    const failing = result.violations.filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ''));
    expect(failing.map(describeViolation), 'serious or critical accessibility violations').toEqual([]);
  }
});
