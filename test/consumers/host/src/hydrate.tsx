// Client of the server-rendered page: hydrates the server's HTML with the same props and
// records every recoverable error (a hydration mismatch is one) on `window`.
import '@xyflow/react/dist/base.css';
import 'workflow-editor/style.css';
import { useEffect, type ReactNode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { WorkflowEditor } from 'workflow-editor';
import { editorProps } from './fixture.js';

declare global {
  interface Window {
    recoverableErrors?: string[];
    hydrated?: boolean;
  }
}

window.recoverableErrors = [];

/** Renders nothing of its own (the HTML stays the server's); its effect runs once hydration has committed. */
function Hydrated(props: { children: ReactNode }) {
  useEffect(() => {
    window.hydrated = true;
  }, []);
  return props.children;
}

hydrateRoot(
  document.getElementById('root')!,
  <Hydrated>
    <WorkflowEditor {...editorProps} />
  </Hydrated>,
  {
    onRecoverableError: (error, info) => {
      const message = error instanceof Error ? error.message : String(error);
      window.recoverableErrors!.push(`${message}${info.componentStack ?? ''}`);
    },
  },
);
