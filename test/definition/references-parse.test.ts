import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeJsonPointerSegment,
  findReferences,
  formatReference,
  jsonPointer,
  listReferences,
  parseJsonPointer,
  parseTemplate,
  singleReference,
  type PathSegment,
} from '../../src/definition';

describe('parseTemplate', () => {
  it('splits text and references, with paths root first', () => {
    const parts = parseTemplate('User {{ trigger.user["content-type"][0] }}!');
    expect(parts).toEqual([
      { kind: 'text', text: 'User ' },
      {
        kind: 'reference',
        reference: {
          text: '{{ trigger.user["content-type"][0] }}',
          start: 5,
          end: 42,
          root: 'trigger',
          path: ['trigger', 'user', 'content-type', 0],
        },
      },
      { kind: 'text', text: '!' },
    ]);
  });

  it('reads every root in its allowed shape', () => {
    const paths = [
      '{{ trigger }}',
      '{{ steps.score.output.body.risk }}',
      '{{ steps.score.error }}',
      '{{ secrets.api_key }}',
      '{{ workflow.id }}',
      '{{ run.id }}',
    ].map((text) => singleReference(text)?.path);
    expect(paths).toEqual([
      ['trigger'],
      ['steps', 'score', 'output', 'body', 'risk'],
      ['steps', 'score', 'error'],
      ['secrets', 'api_key'],
      ['workflow', 'id'],
      ['run', 'id'],
    ]);
  });

  it('ignores spaces and tabs inside the braces, also between segments', () => {
    expect(singleReference('{{trigger.a}}')?.path).toEqual(['trigger', 'a']);
    expect(singleReference('{{ \ttrigger . a [ 0 ] [ "b" ]  }}')?.path).toEqual(['trigger', 'a', 0, 'b']);
  });

  it('turns \\{{ into a literal {{ and keeps a lone }} as text', () => {
    expect(parseTemplate('a \\{{ trigger.x }} b }} c')).toEqual([{ kind: 'text', text: 'a {{ trigger.x }} b }} c' }]);
  });

  it('decodes quoted keys with JSON string syntax', () => {
    expect(singleReference('{{ trigger["a\\"b\\u0041"] }}')?.path).toEqual(['trigger', 'a"bA']);
  });

  it.each([
    // Unclosed: the malformed part runs to the end of the string.
    ['{{ trigger.a', 'reference_malformed', '{{ trigger.a y'],
    ['{{ }}', 'reference_malformed', '{{ }}'],
    ['{{ trigger. }}', 'reference_malformed', '{{ trigger. }}'],
    ['{{ trigger.1a }}', 'reference_malformed', '{{ trigger.1a }}'],
    ['{{ trigger[01] }}', 'reference_malformed', '{{ trigger[01] }}'],
    ['{{ trigger[-1] }}', 'reference_malformed', '{{ trigger[-1] }}'],
    ["{{ trigger['a'] }}", 'reference_malformed', "{{ trigger['a'] }}"],
    ['{{ trigger["a }}', 'reference_malformed', '{{ trigger["a }}'],
    ['{{ steps.a }}', 'reference_malformed', '{{ steps.a }}'],
    ['{{ steps.a.result }}', 'reference_malformed', '{{ steps.a.result }}'],
    ['{{ steps[0].output }}', 'reference_malformed', '{{ steps[0].output }}'],
    ['{{ secrets }}', 'reference_malformed', '{{ secrets }}'],
    ['{{ secrets.a.b }}', 'reference_malformed', '{{ secrets.a.b }}'],
    ['{{ workflow.name }}', 'reference_malformed', '{{ workflow.name }}'],
    ['{{ run }}', 'reference_malformed', '{{ run }}'],
    ['{{ inquiry.id }}', 'reference_unknown_root', '{{ inquiry.id }}'],
  ])('reports %s as %s', (text, code, malformed) => {
    const { references, errors } = findReferences(`x ${text} y`);
    expect(references).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code, start: 2, text: malformed });
    expect(errors[0]!.message).not.toBe('');
  });

  it('goes on after a malformed reference', () => {
    const { references, errors } = findReferences('{{ nope }} and {{ run.id }}');
    expect(errors.map((error) => error.text)).toEqual(['{{ nope }}']);
    expect(references.map((reference) => reference.text)).toEqual(['{{ run.id }}']);
  });

  // A hostile document may hold one string of a hundred thousand references: reading it
  // must cost what its length does. Counted in characters the text searches look at, not
  // in time: searching on from every reference to the end of the text looked at 10^10.
  it.each([
    ['references only', '{{ trigger.a }}/'],
    ['references and escapes', '{{ trigger.a }}\\{{ x/'],
    ['malformed references', '{{ 1 }} '],
  ])('reads a long text once, in time linear in its length: %s', (_case, unit) => {
    const text = `https://example.com/${unit.repeat(20_000)}`;
    const originalIndexOf = String.prototype.indexOf;
    let looked = 0;
    String.prototype.indexOf = function (this: string, search: string, from = 0) {
      const found = originalIndexOf.call(this, search, from);
      if (this === text) looked += (found === -1 ? this.length : found) - from;
      return found;
    };
    let parts: ReturnType<typeof parseTemplate>;
    try {
      parts = parseTemplate(text);
    } finally {
      String.prototype.indexOf = originalIndexOf;
    }
    expect(parts.length).toBeGreaterThan(20_000);
    expect(looked).toBeLessThanOrEqual(4 * text.length);
  });

  it('never throws and always covers the whole string in order', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('{', '}', '\\', '"', '[', ']', '.', ' ', 'a', 'trigger', 'steps', '0') }),
        (text) => {
          const parts = parseTemplate(text);
          let position = 0;
          for (const part of parts) {
            if (part.kind === 'reference') {
              expect(part.reference.start).toBeGreaterThanOrEqual(position);
              expect(text.slice(part.reference.start, part.reference.end)).toBe(part.reference.text);
              position = part.reference.end;
            } else if (part.kind === 'malformed') {
              expect(text.slice(part.start, part.end)).toBe(part.text);
              position = part.end;
            }
          }
        },
      ),
    );
  });
});

describe('singleReference', () => {
  it('accepts exactly one reference with nothing around it', () => {
    expect(singleReference('{{ steps.a.output.count }}')?.root).toBe('steps');
    expect(singleReference(' {{ steps.a.output.count }}')).toBeUndefined();
    expect(singleReference('{{ steps.a.output.count }} ')).toBeUndefined();
    expect(singleReference('{{ run.id }}{{ run.id }}')).toBeUndefined();
    expect(singleReference('\\{{ run.id }}')).toBeUndefined();
    expect(singleReference('{{ nope }}')).toBeUndefined();
    expect(singleReference('')).toBeUndefined();
  });
});

describe('listReferences', () => {
  it('finds references deep in values, not in keys, with the pointer of their string', () => {
    const found = listReferences(
      { 'a/b': ['x', '{{ trigger.x }}'], '{{ trigger.key }}': 1, 'c~d': { e: 'and {{ run.id }} {{ workflow.id }}' } },
      '/steps/0/config',
    );
    expect(found.map(({ pointer, reference }) => [pointer, reference.text])).toEqual([
      ['/steps/0/config/a~1b/1', '{{ trigger.x }}'],
      ['/steps/0/config/c~0d/e', '{{ run.id }}'],
      ['/steps/0/config/c~0d/e', '{{ workflow.id }}'],
    ]);
  });

  it('returns nothing for values without strings', () => {
    expect(listReferences([1, null, true, { a: 2 }])).toEqual([]);
  });
});

describe('formatReference', () => {
  it('writes the canonical text', () => {
    expect(formatReference(['trigger', 'a', 'content-type', 0])).toBe('{{ trigger.a["content-type"][0] }}');
    expect(formatReference(['steps', 'x', 'output'])).toBe('{{ steps.x.output }}');
    expect(formatReference(['trigger', 'say "hi"'])).toBe('{{ trigger["say \\"hi\\""] }}');
  });

  it('round-trips through the parser', () => {
    const segment: fc.Arbitrary<PathSegment> = fc.oneof(fc.string(), fc.nat());
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 5 }), (rest) => {
        const path: PathSegment[] = ['trigger', ...rest];
        const text = formatReference(path);
        expect(singleReference(text)?.path).toEqual(path);
      }),
    );
  });
});

describe('JSON Pointer helpers', () => {
  it('escapes ~ and / and round-trips', () => {
    expect(escapeJsonPointerSegment('a~/b')).toBe('a~0~1b');
    expect(jsonPointer(['steps', 0, 'a/b', '~'])).toBe('/steps/0/a~1b/~0');
    expect(jsonPointer([])).toBe('');
    expect(parseJsonPointer('/steps/0/a~1b/~0')).toEqual(['steps', '0', 'a/b', '~']);
    expect(parseJsonPointer('')).toEqual([]);
    fc.assert(
      fc.property(fc.array(fc.string()), (segments) => {
        expect(parseJsonPointer(jsonPointer(segments))).toEqual(segments);
      }),
    );
  });

  it('refuses a pointer without a leading slash (a programmer error)', () => {
    expect(() => parseJsonPointer('steps/0')).toThrow(/JSON Pointer/);
  });
});
