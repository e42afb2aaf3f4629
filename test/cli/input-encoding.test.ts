// Input files must be UTF-8 (JSON text is, RFC 8259): bytes that are not are refused
// with exit code 2 and one line that says which file and where, before anything reads
// the text; a lenient decoder would have turned them into U+FFFD, `validate` would have
// passed and `export` written a document that is not the one on disk. A byte order mark
// is still accepted, and still counted in line 1's columns as the definition counts it.
// Run as the built executable, which reads files the way the installed CLI does.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runBuiltCli, type BuiltCli, type CliOutcome } from './build-cli';

let builtCli: BuiltCli | undefined;
let cliPath: string;
let filesDir: string;

beforeAll(async () => {
  builtCli = await buildCli();
  cliPath = builtCli.cliPath;
  filesDir = mkdtempSync(path.join(tmpdir(), 'wfe-cli-encoding-'));
}, 60_000);

afterAll(() => {
  builtCli?.remove();
  if (filesDir) rmSync(filesDir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<CliOutcome> {
  return runBuiltCli(cliPath, args, filesDir);
}

/** Writes the bytes of `parts` (text as UTF-8, buffers as they are) to a file in the test folder; returns its name. */
function file(name: string, ...parts: (string | Buffer)[]): string {
  writeFileSync(
    path.join(filesDir, name),
    Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part))),
  );
  return name;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** Not UTF-8: 0xFF never occurs in it, and 0xFE neither. */
const INVALID = Buffer.from([0xff, 0xfe]);

const WORKFLOW_START = '{"schemaVersion":1,"kind":"workflow","id":"encoding_flow","name":"Name ';
const WORKFLOW_END = '","trigger":{"event":"test"},"steps":[]}';

/** The one line a refused file gives: the command, the file, and where the first invalid byte is. */
function refusal(command: string, what: string, name: string, offset: number, line: number): string {
  return `workflow-editor ${command}: Cannot read the ${what} file ${name}: it is not UTF-8 text, which JSON must be (the first invalid byte is at byte offset ${offset}, line ${line}). See "workflow-editor ${command} --help".\n`;
}

function expectRefused(outcome: CliOutcome, expectedStderr: string): void {
  expect(outcome.code).toBe(2);
  expect(outcome.stdout).toBe('');
  expect(outcome.stderr).toBe(expectedStderr);
}

describe.concurrent('a file that is not UTF-8 is refused with exit code 2, naming the file and the place', () => {
  const badDocument = (): string => file('bad-document.json', WORKFLOW_START, INVALID, WORKFLOW_END);

  it('validate: a document with 0xFF 0xFE inside a string is not valid, not "valid"', async () => {
    const outcome = await cli(['validate', badDocument()]);
    expectRefused(outcome, refusal('validate', 'document', 'bad-document.json', WORKFLOW_START.length, 1));
  });

  it('export: writes nothing (no U+FFFD in place of the bytes)', async () => {
    const outcome = await cli(['export', badDocument()]);
    expectRefused(outcome, refusal('export', 'workflow', 'bad-document.json', WORKFLOW_START.length, 1));
    expect(outcome.stdout).not.toContain('\ufffd');
  });

  it('run: the document, counting lines (\\n, \\r\\n and \\r each end one) and bytes, not characters', async () => {
    // "é" is two bytes; a surrogate (ED A0 80) is not UTF-8 either, though Node's lenient decoder took it.
    const start = '{\r\n"schemaVersion": 1,\r"kind": "workflow",\n"name": "é ';
    const name = file('bad-lines.json', start, Buffer.from([0xed, 0xa0, 0x80]), WORKFLOW_END);
    const outcome = await cli(['run', name]);
    expectRefused(outcome, refusal('run', 'document', name, Buffer.byteLength(start), 4));
  });

  it.each([
    ['--trigger', 'trigger'],
    ['--secrets', 'secrets'],
    ['--steps', 'steps'],
  ])('run %s: the JSON input file', async (flag, what) => {
    const document = file('good.json', WORKFLOW_START, WORKFLOW_END);
    const input = file(`bad-${what}.json`, '{\n  "key": "', INVALID, '"\n}');
    const outcome = await cli(['run', flag, input, document]);
    expectRefused(outcome, refusal('run', what, input, 12, 2));
  });

  it('worker --secrets: refused before it connects to anything', async () => {
    const input = file('bad-worker-secrets.json', '{"key": "', INVALID.subarray(0, 1), '"}');
    const outcome = await cli(['worker', '--redis', 'redis://127.0.0.1:1', '--secrets', input]);
    expectRefused(outcome, refusal('worker', 'secrets', input, 9, 1));
  });

  it('a multi-byte character cut short at the end of the file', async () => {
    const name = file('cut-short.json', '"', Buffer.from([0xe2, 0x82]));
    expectRefused(await cli(['validate', name]), refusal('validate', 'document', name, 1, 1));
  });
});

describe.concurrent('a byte order mark is accepted as before', () => {
  it('validate and export read a document that starts with one', async () => {
    const name = file('bom.json', BOM, WORKFLOW_START, 'é', WORKFLOW_END);
    const validated = await cli(['validate', name]);
    expect(validated).toEqual({ code: 0, stdout: `valid: ${name}\n`, stderr: '' });
    const exported = await cli(['export', name]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toBe('');
    expect(JSON.parse(exported.stdout)).toMatchObject({ id: 'encoding_flow', name: 'Name é' });
  });

  it('a document: the mark is counted in line 1, as the definition counts it', async () => {
    const name = file('bom-syntax.json', BOM, '{"schemaVersion": nope}');
    const outcome = await cli(['validate', name]);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/\(line 1, column 20\)\n$/);
  });

  it('run --trigger: a trigger file that starts with one', async () => {
    const document = file('trigger-flow.json', WORKFLOW_START, WORKFLOW_END);
    const trigger = file('bom-trigger.json', BOM, '{"name": "Ada"}');
    const outcome = await cli(['run', '--trigger', trigger, document]);
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout)).toMatchObject({ status: 'succeeded' });
  });
});
