// Entry `workflow-editor/queue`: durable, distributed runs on BullMQ and Redis. Hosts put
// runs in with createRunQueue and carry them out with startRunWorker in any number of
// processes on any number of machines. bullmq and ioredis are optional peers: nothing
// here loads for hosts that do not import this entry.
export { createRunQueue } from './queue';
export { RunQueueError, type RunQueueErrorCode } from './errors';
export { WorkflowEditorError } from '../definition/errors';
export type { EnqueueOptions, RunQueue, RunQueueOptions, SubscribeOptions } from './queue';
export { startRunWorker } from './worker';
export type { RunWorker, RunWorkerOptions } from './worker';
export type { QueueConnection } from './connection';
export { DEFAULT_QUEUE_NAME, DEFAULT_RETENTION_SECONDS } from './connection';
export type {
  ActionHandler,
  ActionHandlerContext,
  NetworkPolicy,
  RunEvent,
  RunResult,
  RunSnapshot,
  SecretsSource,
  StepSnapshot,
  StepRunState,
} from '../executor/types';
export type { ActionCatalog } from '../definition/types';
