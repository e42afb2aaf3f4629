// ---------------------------------------------------------------------------
// The first panel a page opens is drawn by code that has never run and laid out by a
// browser that has never laid out anything like it: on that click the browser compiles
// rjsf's fields, CodeMirror and the panel's own parts, adds CodeMirror's styles to the
// page, and matches styles and shapes text it has not met before (in Chromium that click
// took about twice as long as any later one). So once the page is idle after the editor's
// first paint, the editor draws one HTTPS step's panel into an element out of sight, lays
// it out, and throws it away, all in one task: the person's first click finds the code
// compiled and the browser's caches warm. A chunk of its own (it needs `react-dom/client`,
// which the panels do not): if it cannot load, only the warm-up is lost.
// ---------------------------------------------------------------------------

import { Component, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { Workflow } from '../../definition';
import { WorkflowEditorProvider } from '../WorkflowEditorProvider';
import { markPanelsWarm, panelsAreWarm } from './panel-warmth';
import { StepConfigPanel } from './StepConfigPanel';
import { preloadTestStepSection } from './test-step/TestStepSection';

const STEP_ID = 'request';

/** A step with what most panels show: text with a reference, a choice, JSON with a reference, a list of pairs. */
const WARM_UP_WORKFLOW: Workflow = {
  schemaVersion: 1,
  kind: 'workflow',
  id: 'warm_up',
  name: 'Warm-up',
  trigger: { event: 'inquiry.completed' },
  steps: [
    {
      id: STEP_ID,
      type: 'action',
      action: 'https_request',
      name: 'Request',
      config: {
        url: 'https://api.example.com/items?inquiry={{ trigger.inquiryId }}',
        method: 'POST',
        body: { inquiry: '{{ trigger.inquiryId }}' },
        headers: [{ key: 'X-Source', value: 'workflow' }],
      },
    },
  ],
};

/** Renders nothing once anything below it failed: a warm-up that fails costs only its time. */
class Quiet extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render(): ReactNode {
    return this.state.failed ? null : this.props.children;
  }
}

const ignore = (): void => undefined;
// React 19 reports errors through these; React 18 has only the last and logs the others,
// which only a failure does. (Not written inline: React 18's types know only the last.)
const QUIET_ROOT = { onCaughtError: ignore, onUncaughtError: ignore, onRecoverableError: ignore };

/** Loads the rest of what the warm-up draws (the HTTPS step's test section); resolves once it is there. */
export function loadWarmUpParts(): Promise<void> {
  return preloadTestStepSection();
}

/**
 * Draws an HTTPS step's configuration panel (its own store, the built-in actions) into an
 * element out of sight, lays it out, then unmounts and removes it, in one task; once per
 * page, and not after a step's panel has been drawn. Nothing of it is seen, focused or
 * announced, and an error in it is swallowed. Returns whether the whole panel was drawn
 * (false when there was nothing to do, or when a part of it failed).
 */
export function warmUpConfigPanel(): boolean {
  if (panelsAreWarm()) return false;
  markPanelsWarm();
  // An error the panel's own boundaries catch is reported here rather than logged.
  const errors: unknown[] = [];
  const onError = (error: unknown): void => {
    errors.push(error);
  };
  // In the page only during this task, so nothing else ever sees it: out of sight, out of
  // reach of focus, pointers and assistive technology. Laid out, never painted.
  const host = document.createElement('div');
  host.className = 'wfe-root';
  host.setAttribute('inert', '');
  host.setAttribute('aria-hidden', 'true');
  host.style.cssText =
    'position:fixed;top:0;left:-100000px;width:480px;height:800px;overflow:hidden;visibility:hidden;pointer-events:none';
  document.body.appendChild(host);
  const root = createRoot(host, QUIET_ROOT);
  try {
    flushSync(() =>
      root.render(
        <Quiet>
          <WorkflowEditorProvider defaultDefinition={WARM_UP_WORKFLOW} onError={onError}>
            <StepConfigPanel stepId={STEP_ID} />
          </WorkflowEditorProvider>
        </Quiet>,
      ),
    );
    // Laid out here, the panel leaves the browser's caches warm: in Chromium the first
    // panel's layout took about 17 ms without this and 6 with it.
    host.getBoundingClientRect();
    return errors.length === 0 && host.querySelector('.wfe-panel') !== null;
  } catch {
    // Nothing to do: the panels work as they would have without it.
    return false;
  } finally {
    root.unmount();
    host.remove();
  }
}
