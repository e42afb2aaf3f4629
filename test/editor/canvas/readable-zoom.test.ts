import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MIN_READABLE_TEXT_PX,
  READABLE_MIN_ZOOM,
  SMALLEST_CARD_TEXT_PX,
  fitViewportToBounds,
} from '../../../src/editor/canvas/viewport';

const styles = (name: string): string =>
  readFileSync(new URL(`../../../src/editor/styles/${name}`, import.meta.url), 'utf8');

/** The light theme's `--wfe-font-size-*` tokens, in px. */
function fontSizeTokens(): Map<string, number> {
  const rootBlock = /\.wfe-root\s*\{([^}]*)\}/.exec(styles('tokens.css'))![1]!;
  return new Map(
    [...rootBlock.matchAll(/(--wfe-font-size-[\w-]+):\s*(\d+(?:\.\d+)?)px/g)].map((m) => [m[1]!, Number(m[2])]),
  );
}

/** Every rule of canvas.css whose selector draws on a canvas card, with its declarations. */
function cardRules(): { selector: string; body: string }[] {
  const cardParts = /\.wfe-(card|badge|branch-header|end)\b/;
  return [
    ...styles('canvas.css')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .matchAll(/([^{}]+)\{([^}]*)\}/g),
  ]
    .map((m) => ({ selector: m[1]!.trim(), body: m[2]! }))
    .filter((rule) => cardParts.test(rule.selector));
}

describe('readable zoom floor', () => {
  it('keeps the smallest card text at least 11px on screen', () => {
    const tokens = fontSizeTokens();
    const sizes = cardRules().flatMap((rule) =>
      [...rule.body.matchAll(/var\((--wfe-font-size-[\w-]+)\)/g)].map((m) => tokens.get(m[1]!)!),
    );
    expect(sizes.length).toBeGreaterThan(3);
    // The constant the floor is computed from is the smallest size cards really use.
    expect(Math.min(...sizes)).toBe(SMALLEST_CARD_TEXT_PX);
    expect(MIN_READABLE_TEXT_PX).toBe(11);
    expect(READABLE_MIN_ZOOM * SMALLEST_CARD_TEXT_PX).toBeGreaterThanOrEqual(11 - 1e-9);
  });

  it('fits a long workflow at the floor, from its top, never below', () => {
    // 1,000 steps in one column: far taller than any pane.
    const bounds = { x: -128, y: 0, width: 256, height: 1000 * 110 };
    const viewport = fitViewportToBounds(bounds, 1024, 700);
    expect(viewport.zoom).toBe(READABLE_MIN_ZOOM);
    expect(viewport.zoom * SMALLEST_CARD_TEXT_PX).toBeGreaterThanOrEqual(11 - 1e-9);
    // The trigger (top of the bounds) sits at the top padding.
    expect(viewport.y).toBe(48);
    expect(viewport.x).toBe(512);
  });

  it('fits a wide workflow at the floor, never below', () => {
    const bounds = { x: -2000, y: 0, width: 4000, height: 400 };
    expect(fitViewportToBounds(bounds, 800, 600).zoom).toBe(READABLE_MIN_ZOOM);
  });

  it('still fits a small workflow whole, at most at 100%', () => {
    const bounds = { x: -128, y: 0, width: 256, height: 300 };
    const viewport = fitViewportToBounds(bounds, 1024, 700);
    expect(viewport.zoom).toBe(1);
    expect(viewport.y).toBe(350 - 150);
  });
});

describe('"+" hit target', () => {
  it('is at least 24px square on screen at the floor', () => {
    const css = styles('canvas.css').replace(/\/\*[\s\S]*?\*\//g, '');
    const rule = (selector: string): string => {
      const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return new RegExp(`(?:^|\\})\\s*${escaped}\\s*\\{([^}]*)\\}`).exec(css)![1]!;
    };
    const button = rule('.wfe-insert');
    const size = Number(/\bwidth:\s*(\d+(?:\.\d+)?)px/.exec(button)![1]);
    expect(Number(/\bheight:\s*(\d+(?:\.\d+)?)px/.exec(button)![1])).toBe(size);
    const border = Number(/\bborder:\s*(\d+(?:\.\d+)?)px/.exec(button)![1]);
    const restScale = Number(/transform:\s*scale\((\d+(?:\.\d+)?)\)/.exec(button)![1]);
    // The hit area is the button's ::before, inset (negatively) from its padding box.
    const inset = -Number(/inset:\s*(-?\d+(?:\.\d+)?)px/.exec(rule('.wfe-insert::before'))![1]);
    const hitSide = (size - 2 * border + 2 * inset) * restScale * READABLE_MIN_ZOOM;
    expect(hitSide).toBeGreaterThanOrEqual(24);
  });
});
