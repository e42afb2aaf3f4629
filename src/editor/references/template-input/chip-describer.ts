// ---------------------------------------------------------------------------
// The chip describer of an editor that draws reference chips (a template field, the JSON
// Body): what each chip says (step name and field path, icon, why it is broken, a preview
// of its value from sample data or schema examples), from the workflow it is given or,
// inside a WorkflowEditorProvider, from the editor's own state (its definition, catalog,
// secrets, sample data and selected step). A new describer when any of those changes, so
// a rename relabels the chips.
// ---------------------------------------------------------------------------

import { useMemo, useSyncExternalStore } from 'react';
import { builtInCatalog, type ActionCatalog, type Workflow } from '../../../definition';
import type { EditorLabels } from '../../labels';
import type { SampleData } from '../../sample-data';
import type { EditorState as WorkflowEditorState, EditorStore } from '../../store';
import { useOptionalWorkflowEditorStore } from '../../WorkflowEditorProvider';
import { describeReference, previewReference, previewText, truncatePreview } from '../describe-reference';
import type { ChipDescriber } from './chips';

/** The workflow facts chips are described with, for a field outside an editor. */
export interface ChipReferenceContext {
  definition: Workflow;
  /** The step whose field this is (scope: what may be referenced from it). */
  stepId?: string;
  /** @default builtInCatalog */
  catalog?: ActionCatalog;
  /** Secret names the host offers; without them secret references are not checked. */
  secrets?: readonly string[];
  /** Previews come from here first, then from schema examples. */
  sampleData?: SampleData;
}

/** Hover text of a chip at most; a megabyte of sample data does not belong in a tooltip. */
const MAX_TITLE_LENGTH = 2_000;

const noSubscription = (): (() => void) => () => undefined;

/** One slice of the editor's state, or `fallback` outside an editor. */
function useEditorSlice<T>(store: EditorStore | null, select: (state: WorkflowEditorState) => T, fallback: T): T {
  return useSyncExternalStore(
    store ? store.subscribe : noSubscription,
    () => (store ? select(store.getState()) : fallback),
    () => (store ? select(store.getState()) : fallback),
  );
}

const selectDefinition = (state: WorkflowEditorState): Workflow | undefined => state.definition;
const selectCatalog = (state: WorkflowEditorState): ActionCatalog | undefined => state.catalog;
const selectSecrets = (state: WorkflowEditorState): readonly string[] | undefined => state.secrets;
// Read defensively: a store from before sample data existed has none.
const selectSampleData = (state: WorkflowEditorState): SampleData | undefined =>
  (state as { sampleData?: SampleData }).sampleData;
const selectStepId = (state: WorkflowEditorState): string | undefined =>
  state.selection?.kind === 'step' ? state.selection.stepId : undefined;

/**
 * The chip describer for `context`, or the editor's when there is none; `null` when
 * there is no workflow to describe with (outside an editor, no context) or `enabled` is
 * false (then nothing is read from the editor either).
 */
export function useChipDescriber(
  context: ChipReferenceContext | undefined,
  labels: EditorLabels,
  enabled = true,
): ChipDescriber | null {
  const store = useOptionalWorkflowEditorStore();
  const fromStore = context || !enabled ? null : store;
  const storeDefinition = useEditorSlice(fromStore, selectDefinition, undefined);
  const storeCatalog = useEditorSlice(fromStore, selectCatalog, undefined);
  const storeSecrets = useEditorSlice(fromStore, selectSecrets, undefined);
  const storeSampleData = useEditorSlice(fromStore, selectSampleData, undefined);
  const storeStepId = useEditorSlice(fromStore, selectStepId, undefined);
  const definition = !enabled ? undefined : context ? context.definition : storeDefinition;
  const catalog = (context ? context.catalog : storeCatalog) ?? builtInCatalog;
  const secrets = context ? context.secrets : storeSecrets;
  const sampleData = context ? context.sampleData : storeSampleData;
  const stepId = context ? context.stepId : storeStepId;
  return useMemo(() => {
    if (!definition) return null;
    return (reference) => {
      const description = describeReference(reference, definition, catalog, stepId, { secrets, labels });
      const preview = previewReference(reference, definition, { sampleData, catalog });
      const fullPreview = preview === undefined ? undefined : previewText(preview.value);
      const titleLines: string[] = [];
      if (description.broken !== undefined) titleLines.push(description.broken);
      if (fullPreview !== undefined) {
        const shown =
          fullPreview.length > MAX_TITLE_LENGTH ? `${fullPreview.slice(0, MAX_TITLE_LENGTH)}…` : fullPreview;
        titleLines.push(preview!.source === 'value' ? labels.referenceValue(shown) : labels.referenceExample(shown));
      }
      return {
        label: description.label,
        ...(description.icon !== undefined && { icon: description.icon }),
        ...(description.broken !== undefined && { broken: description.broken }),
        accessibleName: description.accessibleName,
        ...(fullPreview !== undefined && { preview: truncatePreview(fullPreview) }),
        ...(titleLines.length > 0 && { title: titleLines.join('\n') }),
      };
    };
  }, [definition, catalog, secrets, sampleData, stepId, labels]);
}
