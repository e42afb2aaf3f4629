// ---------------------------------------------------------------------------
// The words of the editor's live region. The store records what happened (an
// Announcement); the words come from the labels here, so a host's `labels` relabel
// announcements like everything else, and the store needs no labels.
// ---------------------------------------------------------------------------

import type { EditorLabels } from '../labels';
import type { AnnouncedEdit, AnnouncedPlace, Announcement } from './types';

type AnnouncementLabels = Pick<
  EditorLabels,
  | 'announceAdded'
  | 'announceDeleted'
  | 'announceMovedUp'
  | 'announceMovedDown'
  | 'announceMovedTo'
  | 'announceDuplicated'
  | 'announcePasted'
  | 'announceStepIdChanged'
  | 'announceImported'
  | 'announcePlaceAfterStep'
  | 'announcePlaceAfterTrigger'
  | 'announcePlaceAtBranchStart'
  | 'announceUndone'
  | 'announceRedone'
>;

/** What the live region says for `announcement`, e.g. "Deleted “Notify CRM”" or "Undone: Deleted “Notify CRM”". */
export function announcementText(announcement: Announcement, labels: AnnouncementLabels): string {
  const what = announcement.edit === null ? null : editText(announcement.edit, labels);
  if (announcement.kind === 'undo') return labels.announceUndone(what);
  if (announcement.kind === 'redo') return labels.announceRedone(what);
  return what ?? '';
}

function editText(edit: AnnouncedEdit, labels: AnnouncementLabels): string {
  switch (edit.kind) {
    case 'added':
      return labels.announceAdded(edit.stepName, placeText(edit.place, labels));
    case 'deleted':
      return labels.announceDeleted(edit.stepName);
    case 'moved':
      return edit.direction === 'up' ? labels.announceMovedUp(edit.stepName) : labels.announceMovedDown(edit.stepName);
    case 'movedTo':
      return labels.announceMovedTo(edit.stepName, placeText(edit.place, labels));
    case 'duplicated':
      return labels.announceDuplicated(edit.stepName);
    case 'pasted':
      return labels.announcePasted(edit.stepName, placeText(edit.place, labels));
    case 'idChanged':
      return labels.announceStepIdChanged(edit.stepName, edit.stepId);
    case 'imported':
      return labels.announceImported(edit.workflowName);
  }
}

function placeText(place: AnnouncedPlace, labels: AnnouncementLabels): string {
  switch (place.kind) {
    case 'afterTrigger':
      return labels.announcePlaceAfterTrigger;
    case 'afterStep':
      return labels.announcePlaceAfterStep(place.stepName);
    case 'branchStart':
      return labels.announcePlaceAtBranchStart(place.branchName);
  }
}
