// Text as a person should read it when they did not type it: each hidden character
// (see hidden-characters.ts) shown as a mark naming its code point, so a direction
// control can no longer reorder what follows it and a zero-width character is seen.

import { Fragment, type ReactElement } from 'react';
import { codePointName, HIDDEN_CHARACTERS } from './hidden-characters';

/**
 * `text` with its hidden characters shown as marks (`U+202E`); plain text when it has none.
 * With `lines`, line feeds stay line breaks (a body in a `<pre>`); otherwise they are marked
 * too (a line break inside a header value or a URL is one to see).
 */
export function VisibleText({ text, lines = false }: { text: string; lines?: boolean }): ReactElement {
  const parts: ReactElement[] = [];
  let shownUpTo = 0;
  for (const match of text.matchAll(HIDDEN_CHARACTERS)) {
    if (lines && match[0] === '\n') continue;
    const at = match.index;
    if (at > shownUpTo) parts.push(<Fragment key={parts.length}>{text.slice(shownUpTo, at)}</Fragment>);
    const name = codePointName(match[0]);
    parts.push(
      <mark key={parts.length} className="wfe-hidden-character" title={name}>
        {name}
      </mark>,
    );
    shownUpTo = at + match[0].length;
  }
  if (parts.length === 0) return <>{text}</>;
  if (shownUpTo < text.length) parts.push(<Fragment key={parts.length}>{text.slice(shownUpTo)}</Fragment>);
  return <>{parts}</>;
}
