import { describe, expect, it } from 'vitest';
import { availableReferences } from '../../../src/definition';
import {
  matchingSuggestions,
  suggestionsOf,
  type Suggestion,
} from '../../../src/editor/references/template-input/suggestions';
import { branchingWorkflow } from '../../../stories/fixtures/workflows';

function suggestionsAt(stepId: string): Suggestion[] {
  return suggestionsOf(availableReferences(branchingWorkflow, stepId, { secrets: ['crm_api_key'] }));
}

describe('reference suggestions', () => {
  const all = suggestionsAt('notify_crm');

  it('keep every word typed, split at spaces and dots', () => {
    const texts = matchingSuggestions(all, ' steps.score_risk.output.body.sc').map(
      (suggestion) => suggestion.option.insertText,
    );
    expect(texts).toContain('{{ steps.score_risk.output.body.score }}');
    expect(texts.every((text) => text.includes('score_risk'))).toBe(true);
  });

  it('show at most eight, those whose own name fits the last word first, in group order', () => {
    const shown = matchingSuggestions(all, '');
    expect(shown).toHaveLength(8);
    expect(shown[0]!.groupLabel).toBe('Trigger');
    // "score" is the name of one field; the other fields of "Score risk" only match by their step's name.
    const score = matchingSuggestions(all, 'score');
    expect(score.map((suggestion) => suggestion.option.label)).toContain('score');
    expect(matchingSuggestions(all, 'crm_api')).toEqual([expect.objectContaining({ groupLabel: 'Secrets' })]);
  });

  it('offer nothing for words nothing has', () => {
    expect(matchingSuggestions(all, 'no-such-thing')).toEqual([]);
  });
});
