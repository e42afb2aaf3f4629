// Hidden characters in a CodeMirror field shown as CodeMirror's marks, over the same set
// the previews mark, so text pasted or imported into a field cannot read as something it
// is not (a direction control reordering a URL, a zero-width space in a header name).

import { highlightSpecialChars } from '@codemirror/view';
import { HIDDEN_CHARACTERS } from '../../text/hidden-characters';

/** The extension: each hidden character drawn as a mark titled with its name. */
export const showHiddenCharacters = highlightSpecialChars({ specialChars: HIDDEN_CHARACTERS });
