// ---------------------------------------------------------------------------
// The template input, loaded apart from the editor: CodeMirror is most of what it costs,
// and a host pays for it only when a field that takes references first shows. While its
// code loads, the field is a plain text input holding the same text, editable, so nothing
// typed in the meantime is lost and the field is never empty.
// ---------------------------------------------------------------------------

import { lazy, Suspense, useCallback, useRef, type ChangeEvent, type ReactElement, type Ref } from 'react';
import { assignRef } from '../../assign-ref';
import type { TemplateInputElement, TemplateInputProps } from './TemplateInput';

type Loaded = { default: (props: TemplateInputProps) => ReactElement };

let loaded: Loaded | undefined;
let loading: Promise<Loaded> | undefined;

function load(): Promise<Loaded> {
  loading ??= import('./TemplateInput').then(
    (module) => (loaded = { default: module.TemplateInput }),
    (error: unknown) => {
      // A chunk that failed to load (a network blip) is fetched again next time, by a
      // lazy component that has not seen the failure ("Try again" renders it).
      loading = undefined;
      LoadedTemplateInput = lazyLoaded();
      throw error;
    },
  );
  return loading;
}

/** Starts loading the template input (CodeMirror); resolves once it is there. */
export function preloadTemplateInput(): Promise<void> {
  return load().then(() => undefined);
}

// Once loaded, handed over without suspending (no flash of the stand-in on later mounts).
/** A new lazy component: React keeps a rejected load for good, so a failed one is replaced. */
function lazyLoaded() {
  return lazy(
    () => (loaded ? { then: (resolve: (value: Loaded) => void) => resolve(loaded!) } : load()) as Promise<Loaded>,
  );
}
let LoadedTemplateInput = lazyLoaded();

/** The stand-in as the loaded input finds it: whether it had focus, and its element (which keeps its caret once removed). */
interface StandInHandover {
  focused: boolean;
  element: HTMLInputElement | HTMLTextAreaElement | null;
}

/** The plain input shown while the template input's code loads: same text, same name, editable. */
function StandIn(props: TemplateInputProps & { handover: StandInHandover }): ReactElement {
  const { handover, inputRef } = props;
  const ref = useCallback(
    (element: (HTMLInputElement & HTMLTextAreaElement) | null) => {
      if (element) handover.element = element;
      // Reads like the loaded input's element (value, selection), which is what the ref promises.
      assignRef(inputRef as Ref<HTMLInputElement & HTMLTextAreaElement>, element);
    },
    [handover, inputRef],
  );
  const shared = {
    id: props.id,
    ref,
    className: props.multiline
      ? 'wfe-input wfe-textarea wfe-template-input-loading'
      : 'wfe-input wfe-template-input-loading',
    value: props.value,
    placeholder: props.placeholder,
    disabled: props.disabled,
    readOnly: props.readOnly,
    spellCheck: false,
    'aria-invalid': props.invalid || undefined,
    'aria-required': props.required || undefined,
    'aria-describedby': props.describedBy,
    'aria-labelledby': props.labelledBy,
    'aria-label': props.ariaLabel,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => props.onChange(event.target.value),
    onFocus: () => {
      handover.focused = true;
      props.onFocus?.();
    },
    onBlur: () => {
      handover.focused = false;
      props.onBlur?.();
    },
  };
  return props.multiline ? <textarea rows={3} {...shared} /> : <input type="text" {...shared} />;
}

/** {@link TemplateInput}, with a plain text input standing in while its code loads. */
export function LazyTemplateInput(props: TemplateInputProps): ReactElement {
  // Focus and caret on the stand-in move into the loaded input.
  const standIn = useRef<StandInHandover>({ focused: false, element: null });
  const { inputRef } = props;
  const loadedRef = useCallback(
    (element: TemplateInputElement | null) => {
      // Read when the loaded input arrives, not when this rendered: focus may have come to
      // the stand-in since (the load finishing re-renders only the lazy child). React's
      // events are off while it swaps the two, so no blur has cleared the flag.
      const { focused, element: previous } = standIn.current;
      if (element && focused) {
        element.focus();
        const end = element.value.length;
        element.setSelectionRange(previous?.selectionStart ?? end, previous?.selectionEnd ?? end);
      }
      standIn.current = { focused: false, element: null };
      assignRef(inputRef, element);
    },
    [inputRef],
  );
  return (
    <Suspense fallback={<StandIn {...props} handover={standIn.current} />}>
      <LoadedTemplateInput {...props} inputRef={loadedRef} />
    </Suspense>
  );
}
