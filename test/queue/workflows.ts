// The workflow the queue's crash and restart tests and its throughput benchmark run: three
// POSTs with a branch between them. Each request names its run and step in the query, so
// a server can count deliveries per step.

import type { JsonObject, Workflow } from '../../src/definition';
import { actionStep, branch, branchStep, workflowOf } from '../fixtures/workflow-builders';

function post(origin: string, id: string, path: string, extraConfig: JsonObject) {
  return actionStep(id, {
    name: id,
    config: { url: `${origin}${path}?run={{ run.id }}&step=${id}`, method: 'POST', body: { step: id }, ...extraConfig },
  });
}

/** score → route (high when risk > 50: review; else approve) → notify, against `origin`. */
export function threeStepWorkflow(origin: string, extraConfig: JsonObject = {}): Workflow {
  return workflowOf(
    [
      post(origin, 'score', '/score', extraConfig),
      branchStep(
        'route',
        [
          branch('high', [post(origin, 'review', '/review', extraConfig)], {
            name: 'High',
            when: { all: [{ left: '{{ steps.score.output.body.risk }}', op: 'gt', right: 50 }] },
          }),
          branch('low', [post(origin, 'approve', '/approve', extraConfig)], { name: 'Low', when: null }),
        ],
        'Route',
      ),
      post(origin, 'notify', '/notify', extraConfig),
    ],
    { id: 'queue_flow', name: 'Queue flow', trigger: { event: 'queue.run' } },
  );
}
