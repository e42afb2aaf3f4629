// ---------------------------------------------------------------------------
// The open/close wiring every modal of the editor shares. A native modal <dialog>
// gives focus containment, Escape and the backdrop without a library; this hook opens
// it on mount, closes it on unmount, hands focus back to the element that opened it,
// and turns Escape and a backdrop click into the owner's `onClose`.
// ---------------------------------------------------------------------------

import { useEffect, useRef, type KeyboardEvent, type MouseEvent, type Ref, type SyntheticEvent } from 'react';

/** Options of {@link useModalDialog}. */
export interface ModalDialogOptions {
  /** Escape, a click on the backdrop, or {@link ModalDialog.close}. The latest one is called. */
  onClose: () => void;
  /** Runs once right after the dialog opened, e.g. to focus its first field. */
  onOpen?: () => void;
}

/** Props to spread on the `<dialog>` element. */
export interface ModalDialogProps {
  /**
   * The dialog element the hook opens and closes. `Ref`, not `RefObject<… | null>`: React
   * 18's types accept only `RefObject<HTMLDialogElement>` as a `ref` prop, React 19's both.
   */
  ref: Ref<HTMLDialogElement>;
  /** The native cancel (Escape) closes through `onClose` instead of closing by itself. */
  onCancel: (event: SyntheticEvent<HTMLDialogElement>) => void;
  /** Escape where the native cancel does not fire. */
  onKeyDown: (event: KeyboardEvent<HTMLDialogElement>) => void;
  /** A click on the backdrop. */
  onClick: (event: MouseEvent<HTMLDialogElement>) => void;
}

/** What {@link useModalDialog} returns. */
export interface ModalDialog {
  /** Spread on the `<dialog>`. */
  dialogProps: ModalDialogProps;
  /** Calls the latest `onClose` (for a Close or Cancel button). */
  close: () => void;
}

/** Shows a native `<dialog>` as a modal while the calling component is mounted. */
export function useModalDialog(options: ModalDialogOptions): ModalDialog {
  const dialogRef = useRef<HTMLDialogElement>(null);
  // Kept in refs so handlers and the mount effect always see the owner's latest callbacks.
  const onCloseRef = useRef(options.onClose);
  onCloseRef.current = options.onClose;
  const onOpenRef = useRef(options.onOpen);
  onOpenRef.current = options.onOpen;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    // The element that opened the dialog gets focus back when it closes.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    onOpenRef.current?.();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);

  return {
    dialogProps: {
      ref: dialogRef,
      onCancel: (event) => {
        event.preventDefault();
        onCloseRef.current();
      },
      onKeyDown: (event) => {
        // Escape also in environments where it does not fire the dialog's cancel event
        // (synthetic key events, older browsers, some embedders); preventDefault keeps it
        // from firing twice. It closes this dialog only: stopped here, it does not reach
        // what the dialog was opened from (a panel, a drawer) as well.
        if (event.key === 'Escape' && !event.nativeEvent.isComposing) {
          event.preventDefault();
          event.stopPropagation();
          onCloseRef.current();
        }
      },
      onClick: (event) => {
        // A click on the backdrop lands on the dialog element itself.
        if (event.target === dialogRef.current) onCloseRef.current();
      },
    },
    close: () => onCloseRef.current(),
  };
}
