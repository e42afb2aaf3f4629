// ---------------------------------------------------------------------------
// The "Import from cURL" dialog: a text area for the command, a live preview of what the
// import sets, a secret name for every credential the command holds, and the options
// that do not become part of the step, each with its reason. "Import" replaces the
// step's URL, Request Type, Query Parameters, Request Headers and Body as one undo step
// and keeps everything else. The command's text is cleared once imported, so no
// credential stays in the page. Loaded lazily with the parser (ImportFromCurlButton).
// A native modal <dialog> (useModalDialog) gives focus containment, Escape and the backdrop.
// ---------------------------------------------------------------------------

import { useId, useMemo, useRef, useState, type ReactElement } from 'react';
import {
  findStep,
  HTTPS_REQUEST_ACTION_ID,
  validateConfig,
  type JsonObject,
  type JsonValue,
  type KeyValuePair,
} from '../../definition';
import { ModalDialogHeader } from '../dialogs/ModalDialogHeader';
import { useModalDialog } from '../dialogs/use-modal-dialog';
import type { EditorLabels } from '../labels';
import { VisibleText } from '../text/VisibleText';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import type { DetectedCredential, ParsedCurlCommand, UnmappedOption } from './parse-curl';

/** The parser's functions the dialog uses: a chunk of their own, loaded beside the dialog's. */
export interface CurlParser {
  parseCurl: typeof import('./parse-curl').parseCurl;
  applyCurlImport: typeof import('./parse-curl').applyCurlImport;
  isValidSecretName: typeof import('./parse-curl').isValidSecretName;
}

/** Props of {@link ImportFromCurlDialog}. */
export interface ImportFromCurlDialogProps {
  /** The HTTPS step the import writes into. */
  stepId: string;
  /** Close button, Escape, a click on the backdrop, Cancel, or after importing. */
  onClose: () => void;
  /** Called after the step's config was replaced. */
  onImported?: () => void;
  /** The parser module (`./parse-curl`), loaded with the dialog. */
  parser: CurlParser;
}

/** Where the fields the import sets are in the config. */
const IMPORTED_PATHS = ['/url', '/method', '/query', '/headers', '/body'];

/** A credential's secret name survives edits of the command as long as the credential is still found. */
function credentialKey(credential: DetectedCredential): string {
  return `${credential.kind}\u0000${credential.name}\u0000${credential.suggestedName}`;
}

/** The "Import from cURL" dialog of one HTTPS step (open while rendered). Needs `<WorkflowEditorProvider>`. */
export function ImportFromCurlDialog(props: ImportFromCurlDialogProps): ReactElement {
  const { stepId, onImported, parser } = props;
  const { parseCurl, applyCurlImport, isValidSecretName } = parser;
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const readOnly = useWorkflowEditor((state) => state.readOnly);
  const hostSecrets = useWorkflowEditor((state) => state.secrets);
  const catalog = useWorkflowEditor((state) => state.catalog);
  const [text, setText] = useState('');
  const [typedNames, setTypedNames] = useState<Readonly<Record<string, string>>>({});
  const textRef = useRef<HTMLTextAreaElement>(null);
  const { dialogProps, close } = useModalDialog({ onClose: props.onClose, onOpen: () => textRef.current?.focus() });
  const titleId = useId();
  const textId = useId();
  const helpId = useId();
  const problemsId = useId();
  const previewId = useId();
  const toFixId = useId();
  const secretsListId = useId();

  const parsed: ParsedCurlCommand = useMemo(() => parseCurl(text), [parseCurl, text]);
  const secretNames = useMemo(
    () => parsed.credentials.map((credential) => typedNames[credentialKey(credential)] ?? credential.suggestedName),
    [parsed, typedNames],
  );
  const namesValid = secretNames.every((name) => isValidSecretName(name.trim()));
  // The fields the import sets, and nothing else of the step.
  const preview = useMemo(
    () => (parsed.config !== undefined ? applyCurlImport({}, parsed, secretNames) : undefined),
    [applyCurlImport, parsed, secretNames],
  );
  const showProblems = text.trim() !== '' && parsed.problems.length > 0;
  // What the step's own checks will say of those fields (an http:// URL, a line break in a
  // header): said here, before the import, not only once a field is touched. Checked once
  // per command and names, not on every render of the dialog.
  const toFix = useMemo(
    () =>
      preview === undefined
        ? []
        : validateConfig(HTTPS_REQUEST_ACTION_ID, preview, { catalog, secrets: hostSecrets }).filter(
            (problem) =>
              // A secret not set up yet is said beside its name, under Credentials.
              problem.code !== 'reference_unknown_secret' &&
              IMPORTED_PATHS.some((path) => problem.path === path || problem.path.startsWith(`${path}/`)),
          ),
    [preview, catalog, hostSecrets],
  );
  const canImport = !readOnly && parsed.config !== undefined && namesValid;

  const runImport = (): void => {
    const state = store.getState();
    const step = findStep(state.definition, stepId)?.step;
    if (state.readOnly || step?.type !== 'action' || !canImport) return;
    // One updateStepConfig without a field: one undo step of its own, never merged with typing.
    state.updateStepConfig(
      stepId,
      applyCurlImport(
        step.config,
        parsed,
        secretNames.map((name) => name.trim()),
      ),
    );
    // The command may hold credentials: it leaves the page with the dialog.
    setText('');
    onImported?.();
    close();
  };

  return (
    // data-wfe-own-undo: Ctrl/Cmd+Z in the command is the text area's own undo, not the
    // editor's (the dialog sits inside the panel, whose fields hand those keys to the history).
    <dialog {...dialogProps} className="wfe-dialog wfe-curl-dialog" aria-labelledby={titleId} data-wfe-own-undo="">
      <ModalDialogHeader titleId={titleId} title={labels.importFromCurl} closeLabel={labels.close} onClose={close} />
      <form
        className="wfe-dialog-form wfe-curl-form"
        onSubmit={(event) => {
          event.preventDefault();
          runImport();
        }}
      >
        <label className="wfe-label" htmlFor={textId}>
          {labels.curlCommand}
        </label>
        <textarea
          ref={textRef}
          id={textId}
          className="wfe-input wfe-textarea wfe-code wfe-dialog-text wfe-curl-text"
          value={text}
          rows={8}
          spellCheck={false}
          autoComplete="off"
          placeholder="curl https://api.example.com/users -H 'Accept: application/json'"
          aria-invalid={showProblems || undefined}
          aria-describedby={showProblems ? `${problemsId} ${helpId}` : helpId}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            // Enter is a new line here; Ctrl/Cmd+Enter imports, as Enter does in a secret name.
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              runImport();
            }
          }}
        />
        <p className="wfe-field-help" id={helpId}>
          {labels.curlCommandHelp}
        </p>
        <div id={problemsId} aria-live="polite">
          {showProblems &&
            parsed.problems.map((problem) => (
              <p key={problem.code} className="wfe-field-error">
                {labels.curlMessage(problem) ?? problem.message}
              </p>
            ))}
        </div>

        {preview !== undefined && (
          <>
            {parsed.credentials.length > 0 && (
              <CredentialFields
                isValidSecretName={isValidSecretName}
                credentials={parsed.credentials}
                names={secretNames}
                hostSecrets={hostSecrets}
                listId={secretsListId}
                labels={labels}
                onChange={(credential, name) =>
                  setTypedNames((current) => ({ ...current, [credentialKey(credential)]: name }))
                }
              />
            )}
            <section className="wfe-curl-preview" aria-labelledby={previewId}>
              <h3 className="wfe-section-title" id={previewId}>
                {labels.curlPreview}
              </h3>
              <RequestPreview config={preview} labels={labels} />
              <p className="wfe-field-help">{labels.curlPreviewKeeps}</p>
            </section>
            {toFix.length > 0 && (
              <section className="wfe-curl-to-fix" aria-labelledby={toFixId}>
                <h3 className="wfe-section-title" id={toFixId}>
                  {labels.curlToFix}
                </h3>
                <ul aria-labelledby={toFixId}>
                  {toFix.map((problem, index) => (
                    <li key={`${problem.path}:${problem.code}:${index}`} className="wfe-field-error">
                      {labels.problemMessage(problem) ?? problem.message}
                    </li>
                  ))}
                </ul>
              </section>
            )}
            <UnmappedList
              title={labels.curlNotImported}
              entries={parsed.unmapped.filter((entry) => entry.severity === 'not_imported')}
              labels={labels}
            />
            <UnmappedList
              title={labels.curlNotNeeded}
              entries={parsed.unmapped.filter((entry) => entry.severity === 'not_needed')}
              labels={labels}
            />
          </>
        )}

        <div className="wfe-dialog-actions">
          <button type="button" className="wfe-button" onClick={close}>
            {labels.cancel}
          </button>
          <button type="submit" className="wfe-button wfe-button--primary" disabled={!canImport}>
            {labels.import}
          </button>
        </div>
      </form>
    </dialog>
  );
}

interface CredentialFieldsProps {
  isValidSecretName: (name: string) => boolean;
  credentials: readonly DetectedCredential[];
  names: readonly string[];
  hostSecrets: readonly string[];
  listId: string;
  labels: EditorLabels;
  onChange: (credential: DetectedCredential, name: string) => void;
}

/** One secret-name field per credential: a host secret from the list, or a new name. */
function CredentialFields(props: CredentialFieldsProps): ReactElement {
  const { credentials, names, hostSecrets, listId, labels, onChange, isValidSecretName } = props;
  const headingId = useId();
  const fieldId = useId();
  return (
    <section className="wfe-curl-credentials" aria-labelledby={headingId}>
      <h3 className="wfe-section-title" id={headingId}>
        {labels.curlCredentials}
      </h3>
      <p className="wfe-field-help">{labels.curlCredentialsHelp}</p>
      <datalist id={listId}>
        {hostSecrets.map((secret) => (
          <option key={secret} value={secret} />
        ))}
      </datalist>
      {credentials.map((credential, index) => {
        const name = (names[index] ?? '').trim();
        const id = `${fieldId}-${credential.id}`;
        const valid = isValidSecretName(name);
        const note = !valid
          ? labels.curlSecretNameInvalid
          : hostSecrets.includes(name)
            ? null
            : labels.curlSecretNameNew(name);
        return (
          <div key={id} className="wfe-field wfe-curl-secret">
            <label className="wfe-label" htmlFor={id}>
              {labels.curlSecretFor(credential)}
            </label>
            <input
              id={id}
              className="wfe-input wfe-code"
              list={listId}
              value={names[index] ?? ''}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={!valid || undefined}
              aria-describedby={`${id}-holds${note === null ? '' : ` ${id}-note`}`}
              onChange={(event) => onChange(credential, event.target.value)}
            />
            <p className="wfe-field-help" id={`${id}-holds`}>
              {labels.curlSecretHolds(credential)}
            </p>
            {note !== null && (
              <p className={valid ? 'wfe-field-help wfe-curl-secret-new' : 'wfe-field-error'} id={`${id}-note`}>
                {note}
              </p>
            )}
          </div>
        );
      })}
    </section>
  );
}

/** The request fields as the step will have them; credentials show as their secret references. */
function RequestPreview({ config, labels }: { config: JsonObject; labels: EditorLabels }): ReactElement {
  const pairs = (value: JsonValue | undefined): readonly KeyValuePair[] =>
    Array.isArray(value) ? (value as unknown as KeyValuePair[]) : [];
  const list = (items: readonly KeyValuePair[]): ReactElement =>
    items.length === 0 ? (
      <span className="wfe-curl-none">{labels.curlPreviewNone}</span>
    ) : (
      <ul className="wfe-curl-pairs">
        {items.map((pair, index) => (
          <li key={`${index}:${pair.key}`}>
            <code>
              <VisibleText text={pair.key} />
            </code>
            :{' '}
            <code>
              <VisibleText text={pair.value} />
            </code>
          </li>
        ))}
      </ul>
    );
  return (
    <dl className="wfe-curl-fields">
      <dt>{labels.curlPreviewField('url')}</dt>
      <dd>
        {/* An address reads left to right whatever the page's direction. */}
        <code className="wfe-curl-url" dir="ltr">
          <VisibleText text={typeof config.url === 'string' ? config.url : ''} />
        </code>
      </dd>
      <dt>{labels.curlPreviewField('method')}</dt>
      <dd>{typeof config.method === 'string' ? config.method : ''}</dd>
      <dt>{labels.curlPreviewField('query')}</dt>
      <dd>{list(pairs(config.query))}</dd>
      <dt>{labels.curlPreviewField('headers')}</dt>
      <dd>{list(pairs(config.headers))}</dd>
      <dt>{labels.curlPreviewField('body')}</dt>
      <dd>
        {config.body === undefined ? (
          <span className="wfe-curl-none">{labels.curlPreviewNone}</span>
        ) : (
          <pre className="wfe-curl-body" tabIndex={0} aria-label={labels.curlPreviewField('body')}>
            <VisibleText text={JSON.stringify(config.body, null, 2)} lines />
          </pre>
        )}
      </dd>
    </dl>
  );
}

/** Options that are not part of the step, with their reasons (values already redacted). */
function UnmappedList({
  title,
  entries,
  labels,
}: {
  title: string;
  entries: readonly UnmappedOption[];
  labels: EditorLabels;
}): ReactElement | null {
  const headingId = useId();
  if (entries.length === 0) return null;
  return (
    <section className="wfe-curl-unmapped" aria-labelledby={headingId}>
      <h3 className="wfe-section-title" id={headingId}>
        {title}
      </h3>
      <ul aria-labelledby={headingId}>
        {entries.map((entry, index) => (
          <li
            key={`${index}:${entry.option}`}
            className={`wfe-curl-unmapped-item wfe-curl-unmapped-item--${entry.severity}`}
          >
            <code>{entry.option}</code>
            {entry.value !== undefined && entry.value !== '' && (
              <>
                {' '}
                <code className="wfe-curl-unmapped-value">
                  <VisibleText text={entry.value} />
                </code>
              </>
            )}
            {': '}
            {labels.curlMessage({ code: entry.code, message: entry.reason }) ?? entry.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}
