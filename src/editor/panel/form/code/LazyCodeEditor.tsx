// ---------------------------------------------------------------------------
// The JSON fields' editor, loaded apart from the form: CodeMirror is most of what a JSON
// field costs, and many forms have none. While its code loads, the field shows the first
// lines of its text, read-only, in the same box (a stand-in that lays out a few lines,
// not megabytes), so the panel neither waits nor jumps.
// ---------------------------------------------------------------------------

import { lazy, Suspense, useRef, type ReactElement } from 'react';
import { firstLinesOf } from '../json-text';
import type { CodeEditorProps } from './CodeEditor';

type Loaded = { default: (props: CodeEditorProps) => ReactElement };

let loaded: Loaded | undefined;
let loading: Promise<Loaded> | undefined;

function load(): Promise<Loaded> {
  loading ??= import('./CodeEditor').then(
    (module) => (loaded = { default: module.CodeEditor }),
    (error: unknown) => {
      // A chunk that failed to load (a network blip) is fetched again next time, by a
      // lazy component that has not seen the failure ("Try again" renders it).
      loading = undefined;
      LoadedCodeEditor = lazyLoaded();
      throw error;
    },
  );
  return loading;
}

/** Starts loading the JSON fields' editor (CodeMirror); resolves once it is there. */
export function preloadCodeEditor(): Promise<void> {
  return load().then(() => undefined);
}

// As the form does (LazyConfigForm): once loaded, handed over without suspending.
/** A new lazy component: React keeps a rejected load for good, so a failed one is replaced. */
function lazyLoaded() {
  return lazy(
    () => (loaded ? { then: (resolve: (value: Loaded) => void) => resolve(loaded!) } : load()) as Promise<Loaded>,
  );
}
let LoadedCodeEditor = lazyLoaded();

/** Lines of the stand-in: as many as the field shows at most. */
const PLACEHOLDER_LINES = 14;

/** Props of {@link LazyCodeEditor}: the editor's, and the words of the stand-in. */
export interface LazyCodeEditorProps extends Omit<CodeEditorProps, 'autoFocus'> {
  /** Said by the stand-in while the editor's code loads ("Loading editor…"). */
  loadingLabel: string;
}

/** {@link CodeEditor}, with a read-only stand-in while its code loads. */
export function LazyCodeEditor(props: LazyCodeEditorProps): ReactElement {
  const { loadingLabel, ...editorProps } = props;
  // Focus given to the stand-in (a focus request, a Tab) moves into the editor once it is there.
  const standInFocused = useRef(false);
  const fallback = (
    <div
      className="wfe-code-editor-loading"
      id={props.id}
      tabIndex={0}
      data-wfe-code-placeholder=""
      aria-busy="true"
      onFocus={() => (standInFocused.current = true)}
      onBlur={() => (standInFocused.current = false)}
    >
      <pre className="wfe-code-editor-loading-text">{firstLinesOf(props.text, PLACEHOLDER_LINES)}</pre>
      <span className="wfe-code-editor-loading-label" role="status">
        {loadingLabel}
      </span>
    </div>
  );
  return (
    <Suspense fallback={fallback}>
      <LoadedCodeEditor {...editorProps} autoFocus={standInFocused.current} />
    </Suspense>
  );
}
