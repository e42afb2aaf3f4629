// ---------------------------------------------------------------------------
// Chips are CodeMirror widgets: plain DOM, drawn outside React. They show the same icons
// as the rest of the editor by turning ActionIcon's element tree (a plain function of its
// props, no hooks) into DOM nodes, so the icon set keeps one source.
// ---------------------------------------------------------------------------

import { Fragment, isValidElement, type ReactNode } from 'react';
import { ActionIcon } from '../../icons';

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/** React prop name → DOM attribute name (SVG presentation attributes are kebab-case). */
function attributeName(prop: string, inSvg: boolean): string {
  if (prop === 'className') return 'class';
  if (!inSvg || prop === 'viewBox' || prop.startsWith('aria-')) return prop;
  return prop.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function appendNode(parent: Node, node: ReactNode, inSvg: boolean): void {
  if (node === null || node === undefined || typeof node === 'boolean') return;
  if (typeof node === 'string' || typeof node === 'number') {
    parent.appendChild(document.createTextNode(String(node)));
    return;
  }
  if (Array.isArray(node)) {
    for (const child of node) appendNode(parent, child as ReactNode, inSvg);
    return;
  }
  if (!isValidElement(node)) return;
  const props = node.props as Record<string, unknown> & { children?: ReactNode };
  if (node.type === Fragment) {
    appendNode(parent, props.children, inSvg);
    return;
  }
  if (typeof node.type !== 'string') return;
  const svg = inSvg || node.type === 'svg';
  const element = svg ? document.createElementNS(SVG_NAMESPACE, node.type) : document.createElement(node.type);
  for (const [prop, value] of Object.entries(props)) {
    if (
      prop === 'children' ||
      value === undefined ||
      value === null ||
      typeof value === 'function' ||
      typeof value === 'object'
    )
      continue;
    // Objects and functions were skipped above: what is left is a string, number or boolean.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    element.setAttribute(attributeName(prop, svg), String(value));
  }
  appendNode(element, props.children, svg);
  parent.appendChild(element);
}

/** The DOM of an action icon (built-in name or image URL), decorative (hidden from assistive technology). */
export function actionIconElement(icon: string, size: number, className: string): Element {
  const holder = document.createDocumentFragment();
  appendNode(holder, ActionIcon({ icon, size, className }), false);
  return holder.firstElementChild ?? document.createElement('span');
}
