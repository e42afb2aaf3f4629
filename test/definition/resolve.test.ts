import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatReference } from '../../src/definition/references/parse';
import { lookupReference, resolveTemplate, type TemplateContext } from '../../src/definition/references/resolve';
import type { JsonValue, PathSegment } from '../../src/definition/types';

const context: TemplateContext = {
  trigger: {
    inquiryId: 'inq_123',
    count: 3,
    approved: true,
    nothing: null,
    tags: ['a', 'b'],
    account: { id: 'act_1', 'content-type': 'x' },
    'user name': 'Ann Lee',
  },
  steps: {
    score: {
      output: { status: 200, headers: { 'content-type': 'application/json' }, body: { risk: 0.9, list: [{ id: 7 }] } },
    },
    failed: { error: { type: 'timeout', message: 'Too slow', attempts: 2 } },
  },
  secrets: { api_key: 's3cr3t', 'odd name': 'v' },
  workflow: { id: 'sync' },
  run: { id: 'run_1' },
};

const ok = (value: JsonValue) => ({ ok: true, value });

describe('lookupReference', () => {
  const look = (path: PathSegment[]) => lookupReference({ path }, context);

  it('finds values under every root', () => {
    expect(look(['trigger', 'inquiryId'])).toEqual({ found: true, value: 'inq_123' });
    expect(look(['trigger'])).toEqual({ found: true, value: context.trigger });
    expect(look(['trigger', 'tags', 1])).toEqual({ found: true, value: 'b' });
    expect(look(['trigger', 'account', 'content-type'])).toEqual({ found: true, value: 'x' });
    expect(look(['trigger', 'nothing'])).toEqual({ found: true, value: null });
    expect(look(['steps', 'score', 'output', 'body', 'list', 0, 'id'])).toEqual({ found: true, value: 7 });
    expect(look(['steps', 'failed', 'error', 'type'])).toEqual({ found: true, value: 'timeout' });
    expect(look(['secrets', 'api_key'])).toEqual({ found: true, value: 's3cr3t' });
    expect(look(['workflow', 'id'])).toEqual({ found: true, value: 'sync' });
    expect(look(['run', 'id'])).toEqual({ found: true, value: 'run_1' });
  });

  it('does not find what is not there', () => {
    expect(look(['trigger', 'missing'])).toEqual({ found: false });
    expect(look(['trigger', 'tags', 2])).toEqual({ found: false });
    expect(look(['trigger', 'tags', 'length'])).toEqual({ found: false });
    expect(look(['trigger', 'account', 0])).toEqual({ found: false });
    expect(look(['trigger', 'inquiryId', 'length'])).toEqual({ found: false });
    expect(look(['trigger', 'constructor'])).toEqual({ found: false });
    expect(look(['trigger', '__proto__'])).toEqual({ found: false });
    expect(look(['steps', 'score', 'error'])).toEqual({ found: false });
    expect(look(['steps', 'nope', 'output'])).toEqual({ found: false });
    expect(look(['steps', 'toString', 'output'])).toEqual({ found: false });
    expect(look(['secrets', 'missing'])).toEqual({ found: false });
    expect(look(['secrets', 'hasOwnProperty'])).toEqual({ found: false });
    expect(lookupReference({ path: ['trigger'] }, {})).toEqual({ found: false });
    expect(lookupReference({ path: ['run', 'id'] }, {})).toEqual({ found: false });
  });
});

describe('resolveTemplate', () => {
  it('keeps the JSON type of a string that is exactly one reference', () => {
    expect(resolveTemplate('{{ trigger.count }}', context)).toEqual(ok(3));
    expect(resolveTemplate('{{trigger.approved}}', context)).toEqual(ok(true));
    expect(resolveTemplate('{{ trigger.nothing }}', context)).toEqual(ok(null));
    expect(resolveTemplate('{{ trigger.account }}', context)).toEqual(ok({ id: 'act_1', 'content-type': 'x' }));
    expect(resolveTemplate('{{ steps.score.output.body.risk }}', context)).toEqual(ok(0.9));
  });

  it('interpolates inside longer text: strings as-is, others as compact JSON', () => {
    expect(resolveTemplate(' {{ trigger.count }}', context)).toEqual(ok(' 3'));
    expect(resolveTemplate('Inquiry {{ trigger.inquiryId }} has {{ trigger.count }} checks', context)).toEqual(
      ok('Inquiry inq_123 has 3 checks'),
    );
    expect(resolveTemplate('tags={{ trigger.tags }} account={{ trigger.account }}', context)).toEqual(
      ok('tags=["a","b"] account={"id":"act_1","content-type":"x"}'),
    );
    expect(resolveTemplate('{{ trigger.nothing }}!', context)).toEqual(ok('null!'));
    expect(resolveTemplate('{{ trigger["user name"] }}{{ run.id }}', context)).toEqual(ok('Ann Leerun_1'));
  });

  it('turns \\{{ into a literal {{', () => {
    expect(resolveTemplate('\\{{ trigger.count }}', context)).toEqual(ok('{{ trigger.count }}'));
    expect(resolveTemplate('a \\{{ b {{ trigger.count }}', context)).toEqual(ok('a {{ b 3'));
    expect(resolveTemplate('plain }} text', context)).toEqual(ok('plain }} text'));
  });

  it('resolves deep inside objects and arrays, leaving keys alone', () => {
    const body = { '{{ trigger.count }}': ['{{ trigger.count }}', { n: 'n={{ trigger.count }}' }], flag: false, n: 1 };
    expect(resolveTemplate(body, context)).toEqual(ok({ '{{ trigger.count }}': [3, { n: 'n=3' }], flag: false, n: 1 }));
  });

  it('does not change its input', () => {
    const body = { a: ['{{ trigger.count }}'] };
    const copy = structuredClone(body);
    resolveTemplate(body, context);
    expect(body).toEqual(copy);
  });

  it('keeps a "__proto__" key as a plain key', () => {
    const body = JSON.parse('{"__proto__": {"polluted": "{{ trigger.count }}"}}') as JsonValue;
    const result = resolveTemplate(body, context);
    expect(result.ok && Object.keys(result.value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lists every unresolved reference with where it is', () => {
    const result = resolveTemplate(
      {
        url: 'https://x/{{ trigger.missing }}',
        headers: [{ key: 'k', value: '{{ secrets.nope }}' }],
        n: '{{ steps.zz.output }}',
      },
      context,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.unresolved.map((r) => [r.text, r.pointer, r.path])).toEqual([
      ['{{ trigger.missing }}', '/url', ['trigger', 'missing']],
      ['{{ secrets.nope }}', '/headers/0/value', ['secrets', 'nope']],
      ['{{ steps.zz.output }}', '/n', ['steps', 'zz', 'output']],
    ]);
  });

  it('counts malformed references as unresolved', () => {
    const result = resolveTemplate('a {{ trigger. }} b {{ nope.x }}', context);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.unresolved).toHaveLength(2);
    expect(result.unresolved[0]).toMatchObject({ text: '{{ trigger. }}', root: 'trigger', path: [], pointer: '' });
    expect(result.unresolved[0]!.message).toEqual(expect.any(String));
    expect(result.unresolved[1]).toMatchObject({ text: '{{ nope.x }}', message: expect.stringContaining('nope') });
    expect(resolveTemplate('{{ trigger', context).ok).toBe(false);
  });

  describe("target 'url'", () => {
    const url = (template: string, extra: TemplateContext = {}) =>
      resolveTemplate(template, { ...context, ...extra }, { target: 'url' });

    it('percent-encodes interpolated values as URI components', () => {
      expect(url('https://api.example.com/users/{{ trigger["user name"] }}')).toEqual(
        ok('https://api.example.com/users/Ann%20Lee'),
      );
      expect(url('https://api.example.com/u/{{ trigger.evil }}', { trigger: { evil: '../admin?x=1#y' } })).toEqual(
        ok('https://api.example.com/u/..%2Fadmin%3Fx%3D1%23y'),
      );
      expect(url('https://a.example/{{ trigger.tags }}')).toEqual(
        ok(`https://a.example/${encodeURIComponent('["a","b"]')}`),
      );
    });

    it('puts a reference that starts the URL in as-is (the base URL)', () => {
      const base = { secrets: { base: 'https://api.example.com/v1' } };
      expect(url('{{ secrets.base }}/users/{{ trigger.inquiryId }}', base)).toEqual(
        ok('https://api.example.com/v1/users/inq_123'),
      );
      expect(url('{{ secrets.base }}', base)).toEqual(ok('https://api.example.com/v1'));
    });

    // Percent-encoding leaves "." alone, and the URL parser reads "%2e" as a dot too.
    const dotty = fc.oneof(
      fc.string(),
      fc.constantFrom('.', '..', '%2e', '.%2E', '%2e%2e', './', '...', '.evil.com', 'evil.com.', 'a.b'),
    );

    it('a value in the path cannot change the host or the path around it', () => {
      fc.assert(
        fc.property(dotty, (evil) => {
          const result = url('https://api.example.com/v1/{{ trigger.x }}/admin', { trigger: { x: evil } });
          if (!result.ok) {
            // Refused only where the parser would have moved the path: "." and "..".
            expect(['.', '..']).toContain(evil);
            expect(result.unresolved[0]).toMatchObject({
              text: '{{ trigger.x }}',
              message: expect.stringContaining('path segment'),
            });
            return;
          }
          const parsed = new URL(result.value as string);
          expect(parsed.host).toBe('api.example.com');
          expect(parsed.pathname.split('/')).toEqual(['', 'v1', expect.any(String), 'admin']);
        }),
      );
      // Made with the text around the value, the segment is refused all the same.
      expect(url('https://api.example.com/v1/.{{ trigger.x }}/admin', { trigger: { x: '.' } }).ok).toBe(false);
    });

    it('a value in the host can be part of one name, never another domain', () => {
      fc.assert(
        fc.property(dotty, (evil) => {
          for (const [template, host] of [
            ['https://api.example.com{{ trigger.x }}/p', /^api\.example\.com[^.]*$/],
            ['https://{{ trigger.x }}.example.com/p', /^[^.]*\.example\.com$/],
          ] as const) {
            const result = url(template, { trigger: { x: evil } });
            if (!result.ok) {
              expect(evil).toContain('.');
              expect(result.unresolved[0]!.message).toContain('host');
              continue;
            }
            let parsed: URL;
            try {
              parsed = new URL(result.value as string);
            } catch {
              continue; // Not a URL at all: the step refuses it as such.
            }
            expect(parsed.hostname).toMatch(host);
          }
        }),
      );
      expect(url('https://api.example.com{{ trigger.x }}/p', { trigger: { x: '.evil.com' } })).toMatchObject({
        ok: false,
      });
      expect(url('https://{{ trigger.x }}.example.com/p', { trigger: { x: 'tenant-1' } })).toEqual(
        ok('https://tenant-1.example.com/p'),
      );
    });
  });

  it('resolves whatever formatReference writes for a path present in the data', () => {
    const key = fc.oneof(
      fc.string({ minLength: 1, maxLength: 8 }),
      fc.constantFrom('a', 'content-type', 'with space', 'x"y'),
    );
    fc.assert(
      fc.property(key, fc.jsonValue(), (name, generated) => {
        const value = generated as JsonValue;
        const template = formatReference(['trigger', name]);
        expect(resolveTemplate(template, { trigger: { [name]: value } })).toEqual(ok(value));
      }),
    );
  });
});
