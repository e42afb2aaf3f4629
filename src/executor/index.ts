// Entry `workflow-editor/executor`: the reference executor. Pure TypeScript on fetch and
// Web Crypto (Node 20 and browsers); the Node-only part (node/: the transport on undici
// with its network guard, and a synchronous HMAC) is loaded lazily.
export { runWorkflow, runStep, EXECUTOR_ACTIONS } from './run';
export { ActionError } from './errors';
export { WorkflowEditorError } from '../definition/errors';
export { signRequest, verifySignature, importSigningKey, DEFAULT_SIGNATURE_TOLERANCE_SECONDS } from './signing';
export type { SignRequestOptions, SigningKey, VerifySignatureOptions } from './signing';
export {
  SigningError,
  MAX_SIGNATURE_HEADER_LENGTH,
  MAX_SIGNATURE_SETS,
  MAX_SIGNATURES_PER_SET,
  type SigningErrorCode,
  type SignedBody,
} from './signing';
export { checkDestination, isBlockedAddress } from './network-policy';
export type { DestinationVerdict } from './network-policy';
export { DEFAULT_MAX_RESPONSE_BYTES } from './http/response';
export { MAX_RETRY_DELAY_SECONDS } from './http/retry';
export { IDEMPOTENCY_KEY_HEADER } from './http/https-step';
export { REDACTED } from './secrets';
export { STEP_ERROR_TYPES } from './types';
export { createRunSnapshot, applyRunEvent, snapshotFromResult } from './run-snapshot';
export type {
  ActionHandler,
  ActionHandlerContext,
  EarlierSteps,
  FetchFunction,
  HttpsStepOutput,
  LookupAddress,
  NetworkPolicy,
  RunEvent,
  RunOptions,
  RunResult,
  RunSnapshot,
  StepRunState,
  StepSnapshot,
  SecretsSource,
  StepError,
  StepErrorType,
  StepResult,
} from './types';
