// ---------------------------------------------------------------------------
// A small non-modal dialog anchored to the control that opened it (the "+" of the
// action picker, the "Insert reference" button). Escape and a click outside close it;
// focus goes where the caller says on close, because the caller knows whether its
// anchor still exists.
//
// Escape closes this dialog and nothing under it: the dialog handles the key itself and
// stops it there, so the panel, drawer or modal dialog it was opened from stays open
// (floating-ui's own Escape listener sits on the document, after every handler on the way).
// ---------------------------------------------------------------------------

import {
  FloatingFocusManager,
  FloatingPortal,
  autoUpdate,
  flip,
  offset,
  shift,
  size,
  useDismiss,
  useFloating,
  useInteractions,
  useRole,
} from '@floating-ui/react';
import { useMemo, type KeyboardEvent, type ReactElement, type ReactNode, type RefObject } from 'react';

/** Props of {@link FloatingDialog}. */
export interface FloatingDialogProps {
  /** The element the dialog sits beside; `null` centres nothing and shows it in place. */
  anchor: HTMLElement | null;
  /** Accessible name of the dialog. */
  label: string;
  /** Escape (`'escape'`) or a click / focus outside (`'outside'`). */
  onDismiss: (reason: 'escape' | 'outside') => void;
  /** What gets focus when the dialog opens. */
  initialFocus?: RefObject<HTMLElement | null>;
  className?: string;
  children: ReactNode;
}

/** A dialog positioned next to `anchor` with @floating-ui/react. */
export function FloatingDialog(props: FloatingDialogProps): ReactElement {
  const { anchor, label, onDismiss, initialFocus, className, children } = props;
  const { refs, floatingStyles, context } = useFloating({
    open: true,
    onOpenChange: (open, _event, reason) => {
      if (!open) onDismiss(reason === 'escape-key' ? 'escape' : 'outside');
    },
    elements: { reference: anchor },
    placement: 'bottom-start',
    strategy: 'fixed',
    middleware: [
      offset(6),
      flip({ padding: 8 }),
      shift({ padding: 8 }),
      size({
        padding: 8,
        apply({ availableHeight, elements }) {
          elements.floating.style.maxHeight = `${Math.max(200, availableHeight)}px`;
        },
      }),
    ],
    whileElementsMounted: autoUpdate,
  });
  const dismiss = useDismiss(context, { escapeKey: false });
  const role = useRole(context, { role: 'dialog' });
  const { getFloatingProps } = useInteractions([dismiss, role]);
  // The editor's CSS variables live on `.wfe-root`: render inside it so the dialog is
  // themed like the rest, while `position: fixed` keeps it out of clipped scroll areas.
  const portalRoot = useMemo(() => anchor?.closest<HTMLElement>('.wfe-root') ?? null, [anchor]);
  const dialog = (
    <FloatingFocusManager context={context} modal={false} initialFocus={initialFocus ?? 0} returnFocus={false}>
      <div
        // Floating UI's setters are bound functions, meant to be passed as refs.
        // eslint-disable-next-line @typescript-eslint/unbound-method
        ref={refs.setFloating}
        style={floatingStyles}
        className={`wfe-floating-dialog ${className ?? ''}`}
        aria-label={label}
        {...getFloatingProps({
          onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
            // While an input method composes, Escape cancels the composition only.
            if (event.key !== 'Escape' || event.nativeEvent.isComposing) return;
            event.preventDefault();
            event.stopPropagation();
            onDismiss('escape');
          },
        })}
      >
        {children}
      </div>
    </FloatingFocusManager>
  );
  return portalRoot ? <FloatingPortal root={portalRoot}>{dialog}</FloatingPortal> : dialog;
}
