// The CLI's own net, whatever the layers under it do: a command that throws (anything,
// even an error whose message getter throws) ends as exit 3 and one line with no stack
// and no secret value; JSON it cannot write is reported, not thrown; syntax errors in
// input files are located without quoting them; nesting is measured without recursion.

import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli';
import { EXIT, type CliCommand, type CommandContext } from '../../src/cli/command';
import { findNestingBeyond, locateJsonSyntaxError, locateNonStringMember } from '../../src/cli/json-input';
import { jsonText } from '../../src/cli/output';
import { Redactor } from '../../src/cli/redact';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a one-command CLI whose command does `body`. */
async function runWith(
  body: (context: CommandContext, write: (text: string) => void) => Promise<number>,
): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const command: CliCommand = {
    name: 'probe',
    summary: 'A command for the test',
    help: 'Usage: workflow-editor probe\n',
    run: (_args, io, context) => body(context, io.stdout),
  };
  const code = await runCli(
    ['probe'],
    {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      readFile: () => Promise.reject(new Error('no files')),
    },
    [command],
  );
  return { code, stdout, stderr };
}

const SECRET = "Sk_Live'51 Secret/Value?&=";

function deepArray(levels: number): unknown {
  let value: unknown = [];
  for (let index = 1; index < levels; index++) value = [value];
  return value;
}

describe('a command that throws', () => {
  it.each<[string, () => unknown]>([
    ['a RangeError (call stack)', () => new RangeError('Maximum call stack size exceeded')],
    [
      'a TypeError with a multi-line message',
      () => new TypeError('The "key" argument must be of type string.\nReceived function Object'),
    ],
    ['a string', () => 'plain string'],
    ['null', () => null],
    [
      'an error whose message getter throws',
      () =>
        Object.defineProperty(new Error('x'), 'message', {
          get: () => {
            throw new Error('getter');
          },
        }),
    ],
  ])('%s: exit 3, one line naming the command, no stack', async (_label, make) => {
    const outcome = await runWith(() => Promise.reject(make()));
    expect(outcome.code).toBe(EXIT.internal);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).not.toMatch(/^\s+at /m);
    expect(outcome.stderr).toMatch(
      /^workflow-editor probe: internal error, the command could not finish \([^\n]+\)\. This is a bug: please report it\.\n$/,
    );
  });

  it('an error quoting a secret the command handed on: every spelling redacted', async () => {
    const spellings = [
      SECRET,
      SECRET.toLowerCase(),
      encodeURIComponent(SECRET),
      new URL(`https://h.invalid/?q=${SECRET}`).search.slice(3),
      new URLSearchParams({ q: SECRET }).toString().slice(2),
      JSON.stringify(SECRET).slice(1, -1),
    ];
    const outcome = await runWith((context) => {
      context.secrets.add(SECRET);
      return Promise.reject(new Error(`failed with ${spellings.join(' and ')}`));
    });
    expect(outcome.code).toBe(EXIT.internal);
    for (const spelling of spellings) expect(outcome.stderr).not.toContain(spelling);
    expect(outcome.stderr).toContain('[redacted]');
  });

  it('output written with a secret in it is redacted on the way out', async () => {
    const outcome = await runWith(async (context, write) => {
      context.secrets.add(SECRET);
      write(`${jsonText({ echoed: `x${SECRET}y`, [SECRET]: 1 }, context.secrets, 2)!}\n`);
      return EXIT.ok;
    });
    expect(outcome.code).toBe(EXIT.ok);
    expect(outcome.stdout).not.toContain(SECRET);
    expect(JSON.parse(outcome.stdout)).toEqual({ echoed: 'x[redacted]y', '[redacted]': 1 });
  });
});

describe('jsonText', () => {
  const secrets = new Redactor();
  it.each<[string, unknown]>([
    ['nested 100,000 levels', deepArray(100_000)],
    ['a bigint', { n: 10n }],
    [
      'a throwing toJSON',
      {
        toJSON: () => {
          throw new Error('no');
        },
      },
    ],
    [
      'a cycle',
      (() => {
        const cycle: Record<string, unknown> = {};
        cycle.self = cycle;
        return cycle;
      })(),
    ],
  ])('returns undefined, never throws, for %s', (_label, value) => {
    expect(jsonText(value, secrets, 2)).toBeUndefined();
  });

  it('redacts a value nested 100,000 levels deep without recursion', () => {
    const withSecret = new Redactor();
    withSecret.add('deep-secret');
    let value: unknown = ['deep-secret'];
    for (let index = 0; index < 100_000; index++) value = { a: value };
    let copy = withSecret.value(value);
    for (let index = 0; index < 100_000; index++) copy = (copy as { a: unknown }).a;
    expect(copy).toEqual(['[redacted]']);
  });

  it('keeps a key named __proto__ as a key', () => {
    const withSecret = new Redactor();
    withSecret.add('s3cret');
    const input = JSON.parse('{"__proto__": "s3cret", "constructor": {"s3cret": 1}}') as unknown;
    expect(jsonText(input, withSecret, 0)).toBe('{"__proto__":"[redacted]","constructor":{"[redacted]":1}}');
  });
});

describe('Redactor: every printable ASCII character in a secret, wherever a URL puts it', () => {
  const printable = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index));
  it.each(printable.map((char) => [JSON.stringify(char), `Ab${char}Cd${char}9`] as const))(
    'a secret with %s',
    (_label, value) => {
      const redactor = new Redactor();
      redactor.add(value);
      const placed = [
        `https://api.example.com/${encodeURIComponent(value)}`,
        (() => {
          const url = new URL('https://api.example.com/x');
          url.searchParams.set('token', value);
          return url.href;
        })(),
        (() => {
          try {
            return new URL(`https://api.example.com/x?k=${value}`).href;
          } catch {
            return '';
          }
        })(),
        (() => {
          try {
            return new URL(`https://api.example.com/${value}`).href;
          } catch {
            return '';
          }
        })(),
        `getaddrinfo ENOTFOUND ${value.toLowerCase()}.invalid`,
        JSON.stringify({ header: value }),
      ];
      for (const text of placed) {
        const redacted = redactor.text(text);
        expect(redacted).not.toContain(value);
        expect(redacted).not.toContain(value.toLowerCase());
        expect(redacted).not.toContain(encodeURIComponent(value));
      }
    },
  );
});

describe('Redactor: redacts as a run does', () => {
  it('hides both of two overlapping secrets whole, wherever one ends inside the other', () => {
    const redactor = new Redactor();
    redactor.add('XYZ-k3y');
    redactor.add('k3y-0verlapSecretTail');
    const text = redactor.text('before XYZ-k3y-0verlapSecretTail after');
    expect(text).toBe('before [redacted] after');
  });

  it('never eats into a mark it wrote, and redacting twice equals once', () => {
    const redactor = new Redactor();
    redactor.add('d]');
    redactor.add('e');
    const once = redactor.text('see d] here');
    expect(once).toBe('s[redacted] [redacted] h[redacted]r[redacted]');
    expect(once.split('[redacted]').join('')).not.toMatch(/e|d\]/);
    expect(redactor.text(once)).toBe(once);
    expect(redactor.appearsIn(once)).toBe(false);
  });

  it("leaves the rest of a URL-shaped secret's neighbourhood alone (no fragment of it is a spelling)", () => {
    const redactor = new Redactor();
    redactor.add('hunter2@example');
    expect(redactor.text('{"status":"failed","type":"http_status","example":1}')).toBe(
      '{"status":"failed","type":"http_status","example":1}',
    );
  });
});

describe('locateJsonSyntaxError', () => {
  it.each<[string, string, number, number, RegExp]>([
    ['a bare word', '{\n  "api_key": sk_live_51\n}', 2, 14, /^expected a value$/],
    ['an empty text', '', 1, 1, /unexpected end of file, expected a value/],
    ['a missing colon', '{"a" 1}', 1, 6, /expected ':'/],
    ['a trailing comma', '{"a": 1,}', 1, 9, /expected a string/],
    ['a single-quoted key', "{'a': 1}", 1, 2, /expected a string/],
    ['a comment', '{} // note', 1, 4, /comments are not allowed/],
    ['text after the value', '{} x', 1, 4, /unexpected text after the JSON value/],
    ['an unterminated string', '["abc', 1, 2, /a string that does not end/],
    ['an array closed by a brace', '[1}', 1, 3, /expected ',' or '\]'/],
    ['100,000 open arrays', '['.repeat(100_000), 1, 100_001, /unexpected end of file/],
  ])('%s', (_label, text, line, column, reason) => {
    const error = locateJsonSyntaxError(text);
    expect(error).toMatchObject({ line, column });
    expect(error!.reason).toMatch(reason);
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('finds nothing in valid JSON', () => {
    expect(locateJsonSyntaxError('{"a": [1, "x", null, true, {"b": {}}]}')).toBeUndefined();
  });
});

describe('locateNonStringMember and findNestingBeyond', () => {
  it('points at the first member of the root object that is not a string', () => {
    expect(locateNonStringMember('{\n  "a": "x",\n  "b": [1],\n  "c": 2\n}')).toEqual({
      line: 3,
      column: 8,
      holds: 'an array',
    });
    expect(locateNonStringMember('{"a": {"b": 1}}')).toEqual({ line: 1, column: 7, holds: 'an object' });
    expect(locateNonStringMember('{"a": "x"}')).toBeUndefined();
  });

  it('says where nesting crosses the limit, at any depth, without recursion', () => {
    expect(findNestingBeyond(deepArray(100_000), 1024)).toBe(`/${Array.from({ length: 1024 }, () => '0').join('/')}`);
    expect(findNestingBeyond(deepArray(1024), 1024)).toBeUndefined();
    expect(findNestingBeyond({ 'a/b': { '~': [] } }, 2)).toBe('/a~1b/~0');
  });
});

describe('what a document holds cannot split or drive the output', () => {
  it('a key with a newline and an escape sequence: one line per problem, control characters escaped', async () => {
    const document = {
      schemaVersion: 1,
      kind: 'workflow',
      id: 'w',
      name: 'W',
      trigger: { event: 'e' },
      steps: [{ id: 's', type: 'action', action: 'wait', name: 'S', config: { seconds: 1, 'bad\nkey\u001b[2J': 1 } }],
    };
    for (const command of [['validate'], ['export']]) {
      let stdout = '';
      let stderr = '';
      const code = await runCli([...command, 'doc\n.json'], {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        readFile: () => Promise.resolve(JSON.stringify(document)),
      });
      expect(code).toBe(EXIT.failed);
      const output = `${stdout}${stderr}`;
      // eslint-disable-next-line no-control-regex -- the point: no control character but a newline reaches the terminal
      expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      expect(output).toContain('bad\\u000akey\\u001b[2J');
      for (const line of output.trimEnd().split('\n')) expect(line).toMatch(/^(\/|\(document\)|doc\\u000a\.json: )/);
    }
  });
});
