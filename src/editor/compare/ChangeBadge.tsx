// The badge a card shows while the comparison is shown ("Added", "Changed", "Moved",
// "Removed"); the card names it in its accessible description, so a screen reader says it too.

import type { ReactElement } from 'react';
import type { EditorLabels } from '../labels';
import type { StepBadgeKind } from './compare-state';

/** The badge's words: "Moved, changed" for a step that moved and was reconfigured. */
export function changeBadgeText(labels: EditorLabels, badge: StepBadgeKind): string {
  return badge === 'moved-changed'
    ? `${labels.changeBadge('moved')}, ${labels.changeBadge('changed').toLocaleLowerCase()}`
    : labels.changeBadge(badge);
}

/** The badge element, with the id the card's `aria-describedby` points at. */
export function ChangeBadge(props: { id: string; badge: StepBadgeKind; labels: EditorLabels }): ReactElement {
  const { badge, labels } = props;
  return (
    <span id={props.id} className={`wfe-change-badge wfe-change-badge--${badge}`}>
      {changeBadgeText(labels, badge)}
      {badge === 'removed' ? <span className="wfe-visually-hidden">. {labels.removedStepNote}</span> : null}
    </span>
  );
}
