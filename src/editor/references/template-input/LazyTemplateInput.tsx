// ---------------------------------------------------------------------------
// The template input, loaded apart from the editor: CodeMirror is most of what it costs,
// and a host pays for it only when a field that takes references first shows. While its
// code loads, the field is a plain text input holding the same text, editable, so nothing
// typed in the meantime is lost and the field is never empty.
// ---------------------------------------------------------------------------

import { lazy, Suspense, useRef, type ReactElement, type Ref } from 'react';
import type { TemplateInputProps } from './TemplateInput';

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
  return lazy(() => (loaded ? { then: (resolve: (value: Loaded) => void) => resolve(loaded!) } : load()) as Promise<Loaded>);
}
let LoadedTemplateInput = lazyLoaded();

/** The plain input shown while the template input's code loads: same text, same name, editable. */
function StandIn(props: TemplateInputProps & { onFocusChange(focused: boolean): void }): ReactElement {
  const shared = {
    id: props.id,
    // Reads like the loaded input's element (value, selection), which is what the ref promises.
    ref: props.inputRef as Ref<HTMLInputElement & HTMLTextAreaElement>,
    className: props.multiline ? 'wfe-input wfe-textarea wfe-template-input-loading' : 'wfe-input wfe-template-input-loading',
    value: props.value,
    placeholder: props.placeholder,
    disabled: props.disabled,
    readOnly: props.readOnly,
    spellCheck: false,
    'aria-invalid': props.invalid || undefined,
    'aria-describedby': props.describedBy,
    'aria-labelledby': props.labelledBy,
    'aria-label': props.ariaLabel,
    onChange: (event: { target: { value: string } }) => props.onChange(event.target.value),
    onFocus: () => {
      props.onFocusChange(true);
      props.onFocus?.();
    },
    onBlur: () => {
      props.onFocusChange(false);
      props.onBlur?.();
    },
  };
  return props.multiline ? <textarea rows={3} {...shared} /> : <input type="text" {...shared} />;
}

/** {@link TemplateInput}, with a plain text input standing in while its code loads. */
export function LazyTemplateInput(props: TemplateInputProps): ReactElement {
  // Focus on the stand-in moves into the loaded input.
  const standInFocused = useRef(false);
  return (
    <Suspense fallback={<StandIn {...props} onFocusChange={(focused) => (standInFocused.current = focused)} />}>
      <LoadedTemplateInput {...props} autoFocus={props.autoFocus || standInFocused.current} />
    </Suspense>
  );
}
