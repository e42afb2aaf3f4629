// ---------------------------------------------------------------------------
// Frames the component stories show their component in: the editor's own body (a
// canvas, and beside it a panel or whatever the story shows), so a component is seen
// where a person meets it, not as a bare control on an empty page.
// ---------------------------------------------------------------------------

import { useEffect, useRef, useState, type CSSProperties, type ReactElement, type ReactNode } from 'react';
import { WorkflowCanvas, type WorkflowCanvasProps } from '../src/editor';
import { insertButtons } from './story-helpers';

/** Props of {@link EditorBodyFrame}. */
export interface EditorBodyFrameProps {
  /** Above the canvas, as the editor puts its toolbar. */
  top?: ReactNode;
  /** Beside the canvas, as the editor puts its configuration panel. */
  beside?: ReactNode;
  /** Over the canvas (in its column), as the editor puts its problems list. */
  overCanvas?: ReactNode;
  /** Passed to the canvas: what its "+" does (without it, the store's picker opens). */
  onInsertRequest?: WorkflowCanvasProps['onInsertRequest'];
  theme?: 'dark';
  style?: CSSProperties;
  /** Anything else in the editor's root (pickers, story controls). */
  children?: ReactNode;
}

/**
 * The editor's layout without the editor: the same elements and classes `WorkflowEditor`
 * draws (root, layout, body, canvas column), with the story's component in its usual place.
 * Must be inside a `WorkflowEditorProvider`.
 */
export function EditorBodyFrame(props: EditorBodyFrameProps): ReactElement {
  return (
    <div className="wfe-root" data-theme={props.theme} style={{ height: '100vh', ...props.style }}>
      {/* The editor's size container: its widths (a drawer panel, a narrower toolbar) apply here too. */}
      <div className="wfe-editor-layout">
        {props.top}
        <div className="wfe-body">
          <div className="wfe-canvas-column">
            <WorkflowCanvas onInsertRequest={props.onInsertRequest} />
            {props.overCanvas}
          </div>
          {props.beside}
        </div>
      </div>
      {props.children}
    </div>
  );
}

/**
 * The first "+" drawn inside `root` once the canvas has drawn it (React Flow draws after
 * measuring), for a story that opens a picker beside it from the start.
 */
export function useFirstInsertButton(root: HTMLElement | null): HTMLButtonElement | null {
  const [button, setButton] = useState<HTMLButtonElement | null>(null);
  useEffect(() => {
    if (!root) return undefined;
    const look = (): boolean => {
      const found = insertButtons(root)[0];
      if (found) setButton(found);
      return found !== undefined;
    };
    if (look()) return undefined;
    const observer = new MutationObserver(() => {
      if (look()) observer.disconnect();
    });
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [root]);
  return button;
}

/**
 * The button a person last pressed inside the frame (by pointer or key), so a host's own
 * picker can open beside the "+" that asked for it: `onInsertRequest` gets the point, not
 * the element.
 */
export function useLastPressedButton(): {
  lastPressed: () => HTMLElement | null;
  captureHandlers: {
    onPointerDownCapture: (event: { target: EventTarget }) => void;
    onKeyDownCapture: (event: { target: EventTarget }) => void;
  };
} {
  const last = useRef<HTMLElement | null>(null);
  const remember = (event: { target: EventTarget }): void => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (button) last.current = button;
  };
  return {
    lastPressed: () => last.current,
    captureHandlers: { onPointerDownCapture: remember, onKeyDownCapture: remember },
  };
}
