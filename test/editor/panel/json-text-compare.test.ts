import { describe, expect, it } from 'vitest';
import { lineCountUpTo, sameJsonText } from '../../../src/editor/panel/form/json-text';

describe('sameJsonText', () => {
  it('answers as comparing JSON.stringify texts would', () => {
    const cases: [unknown, unknown][] = [
      [
        { a: 1, b: [1, 2] },
        { a: 1, b: [1, 2] },
      ],
      [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ],
      [{ a: 1, b: undefined }, { a: 1 }],
      [
        [1, undefined],
        [1, null],
      ],
      [{ a: 'x' }, { a: 'y' }],
      [{ a: { b: [true] } }, { a: { b: [false] } }],
      [1, '1'],
      [null, {}],
      [[], {}],
      [undefined, undefined],
      [-0, 0],
    ];
    for (const [a, b] of cases) {
      expect(sameJsonText(a as never, b as never)).toBe(JSON.stringify(a) === JSON.stringify(b));
    }
  });

  it('skips a shared subtree without walking it', () => {
    const big = { records: Array.from({ length: 10 }, (_, index) => ({ index })) };
    const walked = new Proxy(big, {
      ownKeys() {
        throw new Error('walked');
      },
    });
    expect(sameJsonText({ url: 'a', body: walked }, { url: 'a', body: walked })).toBe(true);
    expect(sameJsonText({ url: 'a', body: walked }, { url: 'b', body: walked })).toBe(false);
  });
});

describe('lineCountUpTo', () => {
  it('counts lines, stopping at the limit', () => {
    expect(lineCountUpTo('', 14)).toBe(1);
    expect(lineCountUpTo('a\nb\nc', 14)).toBe(3);
    expect(lineCountUpTo('\n'.repeat(1_000), 13)).toBe(13);
  });
});
