// A Node-only server on nodenext, with Node's types and no DOM library (lib ES2022,
// @types/node 20): the entries a server uses declare nothing only a browser has.
import { serializeWorkflow, validateWorkflow, type Workflow } from 'workflow-editor/definition';
import { importSigningKey, runWorkflow, signRequest, verifySignature, type RunResult } from 'workflow-editor/executor';

declare const workflow: Workflow;
export const text: string = serializeWorkflow(workflow);
export const valid: boolean = validateWorkflow(workflow).ok;
export const pending: Promise<RunResult> = runWorkflow(workflow);
export const headers = importSigningKey('secret').then((key) => signRequest({ secret: key, body: '{}' }));
export const checked = verifySignature;
