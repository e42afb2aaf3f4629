// ---------------------------------------------------------------------------
// Flow actions: control when and which steps run.
// ---------------------------------------------------------------------------

import type { ActionDefinition } from '../types';
import { configSchema } from './common';
import { defineAction } from './define';

/** The catalog id of the "Conditional" entry, which creates a branch step. */
export const BRANCH_ACTION_ID = 'branch';

/** Longest wait, in seconds (one day). */
export const MAX_WAIT_SECONDS = 86_400;

/** Config of the built-in `wait` action. */
export interface WaitConfig {
  /** Whole seconds, 1 to {@link MAX_WAIT_SECONDS}. */
  seconds: number;
  /** @default false */
  continueOnError?: boolean;
}

/** "Wait": pauses the workflow (its executor: src/executor/actions/wait.ts). */
export const waitAction = defineAction<WaitConfig>({
  id: 'wait',
  label: 'Wait',
  category: 'Flow',
  description: 'Pause the workflow for a while before the next step.',
  keywords: ['wait', 'delay', 'pause', 'sleep', 'timer', 'later'],
  icon: 'clock',
  stepType: 'action',
  configSchema: configSchema({
    title: 'Wait',
    properties: {
      seconds: {
        type: 'integer',
        title: 'Wait for',
        description: `How long to pause, in seconds, from 1 to ${MAX_WAIT_SECONDS} (one day).`,
        minimum: 1,
        maximum: MAX_WAIT_SECONDS,
      },
    },
    required: ['seconds'],
  }),
  uiSchema: {
    'ui:order': ['seconds', 'continueOnError'],
    seconds: { 'ui:widget': 'seconds' },
  },
  defaultConfig: { seconds: 60 },
  // A wait produces nothing: later steps are offered no fields of it.
  outputSchema: () => ({ type: 'object', properties: {}, additionalProperties: false }),
  configKeyOrder: 'schema',
  // The DSL's own `wait`, for a duration it can hold; anything else is the default call.
  toServerlessWorkflow: ({ config: { seconds } }, dsl) =>
    typeof seconds === 'number' && Number.isInteger(seconds) && seconds > 0
      ? { task: { wait: dsl.duration(seconds) } }
      : undefined,
});

/**
 * "Conditional": creates a branch step (which has branches, not a config), so its
 * config schema is empty and unused.
 */
export const branchAction: ActionDefinition = {
  id: BRANCH_ACTION_ID,
  label: 'Conditional',
  category: 'Flow',
  description: 'Run different steps depending on conditions.',
  keywords: ['branch', 'condition', 'conditional', 'if', 'else', 'switch', 'route', 'split'],
  icon: 'split',
  stepType: 'branch',
  configSchema: {},
  defaultConfig: {},
};
