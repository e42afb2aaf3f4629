// ---------------------------------------------------------------------------
// A response body as a tree of <details>: each object and array folds and unfolds with
// the keyboard (Tab to its summary, Enter or Space), as the browser gives <details>.
// Only what is open is rendered, lists show their first hundred entries ("Show more"
// adds more) and long strings are cut, so a 2 MB body renders as fast as a small one.
// ---------------------------------------------------------------------------

import { useState, type ReactElement } from 'react';
import type { JsonValue } from '../../../definition';
import type { TestStepLabels } from './labels';

/** Entries of one object or array rendered before "Show more". */
export const JSON_VIEWER_PAGE = 100;
/** Characters of one string rendered; the rest is counted, not shown. */
export const JSON_VIEWER_MAX_STRING = 2000;
/** Levels opened from the start. */
const OPEN_LEVELS = 1;

/** Props of {@link JsonViewer}. */
export interface JsonViewerProps {
  value: JsonValue;
  labels: TestStepLabels;
  /** Accessible name of the tree. @default labels.jsonViewer */
  label?: string;
}

/** A JSON value as a foldable tree. */
export function JsonViewer(props: JsonViewerProps): ReactElement {
  return (
    <div className="wfe-json-viewer" role="group" aria-label={props.label ?? props.labels.jsonViewer}>
      <JsonNode value={props.value} depth={0} labels={props.labels} />
    </div>
  );
}

/** Text of a string value, cut to {@link JSON_VIEWER_MAX_STRING} characters. */
export function shownString(text: string): { shown: string; hidden: number } {
  if (text.length <= JSON_VIEWER_MAX_STRING) return { shown: text, hidden: 0 };
  return { shown: text.slice(0, JSON_VIEWER_MAX_STRING), hidden: text.length - JSON_VIEWER_MAX_STRING };
}

function Scalar(props: { value: string | number | boolean | null; labels: TestStepLabels }): ReactElement {
  const { value } = props;
  if (typeof value === 'string') {
    const { shown, hidden } = shownString(value);
    return (
      <span className="wfe-json-string">
        {JSON.stringify(shown)}
        {hidden > 0 && <span className="wfe-json-more"> {props.labels.jsonViewerMoreCharacters(hidden)}</span>}
      </span>
    );
  }
  return <span className={`wfe-json-${value === null ? 'null' : typeof value}`}>{String(value)}</span>;
}

function Key(props: { name: string | number | undefined }): ReactElement | null {
  if (props.name === undefined) return null;
  return (
    <span className="wfe-json-key">
      {typeof props.name === 'number' ? `${props.name}: ` : `${JSON.stringify(props.name)}: `}
    </span>
  );
}

function JsonNode(props: {
  name?: string | number;
  value: JsonValue;
  depth: number;
  labels: TestStepLabels;
}): ReactElement {
  const { name, value, depth, labels } = props;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="wfe-json-row">
        <Key name={name} />
        <Scalar value={value} labels={labels} />
      </div>
    );
  }
  return <JsonBranch name={name} value={value} depth={depth} labels={labels} />;
}

function JsonBranch(props: {
  name?: string | number;
  value: JsonValue[] | { [key: string]: JsonValue };
  depth: number;
  labels: TestStepLabels;
}): ReactElement {
  const { name, value, depth, labels } = props;
  const [open, setOpen] = useState(depth < OPEN_LEVELS);
  const [limit, setLimit] = useState(JSON_VIEWER_PAGE);
  const isArray = Array.isArray(value);
  const keys = isArray ? null : Object.keys(value);
  const total = isArray ? value.length : keys!.length;
  const summary = isArray ? labels.jsonViewerArraySummary(total) : labels.jsonViewerObjectSummary(total);
  return (
    <details className="wfe-json-branch" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        <Key name={name} />
        <span className="wfe-json-summary">{summary}</span>
      </summary>
      {open && total > 0 && (
        <div className="wfe-json-children">
          {isArray
            ? value
                .slice(0, limit)
                .map((item, index) => (
                  <JsonNode key={index} name={index} value={item} depth={depth + 1} labels={labels} />
                ))
            : keys!
                .slice(0, limit)
                .map((key) => (
                  <JsonNode
                    key={key}
                    name={key}
                    value={(value as Record<string, JsonValue>)[key]!}
                    depth={depth + 1}
                    labels={labels}
                  />
                ))}
          {total > limit && (
            <button
              type="button"
              className="wfe-button wfe-button--link"
              onClick={() => setLimit((current) => current + JSON_VIEWER_PAGE)}
            >
              {labels.jsonViewerShowMore(limit, total)}
            </button>
          )}
        </div>
      )}
    </details>
  );
}
