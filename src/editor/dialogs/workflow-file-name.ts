// ---------------------------------------------------------------------------
// The file name "Export JSON" downloads a workflow as. Apart from the dialog, which loads
// lazily, so hosts naming their own downloads the same way load none of it.
// ---------------------------------------------------------------------------

/** The file name "Download" saves a workflow as. */
export function workflowFileName(workflowId: string): string {
  return `${workflowId}.workflow.json`;
}
