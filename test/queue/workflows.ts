// The workflow the queue's crash and restart tests and its throughput benchmark run: three
// POSTs with a branch between them. Each request names its run and step in the query, so
// a server can count deliveries per step.

import type { JsonObject, Workflow } from '../../src/definition';

function post(origin: string, id: string, path: string, extraConfig: JsonObject): JsonObject {
  return {
    id,
    type: 'action',
    action: 'https_request',
    name: id,
    config: { url: `${origin}${path}?run={{ run.id }}&step=${id}`, method: 'POST', body: { step: id }, ...extraConfig },
  };
}

/** score → route (high when risk > 50: review; else approve) → notify, against `origin`. */
export function threeStepWorkflow(origin: string, extraConfig: JsonObject = {}): Workflow {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    id: 'queue_flow',
    name: 'Queue flow',
    trigger: { event: 'queue.run' },
    steps: [
      post(origin, 'score', '/score', extraConfig),
      {
        id: 'route',
        type: 'branch',
        name: 'Route',
        branches: [
          {
            id: 'high',
            name: 'High',
            when: { all: [{ left: '{{ steps.score.output.body.risk }}', op: 'gt', right: 50 }] },
            steps: [post(origin, 'review', '/review', extraConfig)],
          },
          { id: 'low', name: 'Low', steps: [post(origin, 'approve', '/approve', extraConfig)] },
        ],
      },
      post(origin, 'notify', '/notify', extraConfig),
    ],
  } as unknown as Workflow;
}
