// @vitest-environment jsdom
// "More actions": a toggle listed there says whether it is on (a menuitemcheckbox), and
// each entry carries the class that lists it only below the width where its button hides.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MoreActionsMenu } from '../../../src/editor/toolbar/MoreActionsMenu';

afterEach(cleanup);

describe('MoreActionsMenu', () => {
  it('lists a toggle as a checkbox entry and other entries as plain ones, each with its width class', () => {
    const toggle = vi.fn();
    render(
      <MoreActionsMenu
        label="More actions"
        entries={[
          { label: 'Undo', onSelect: vi.fn(), onlyBelow: 'narrowest' },
          { label: 'Export JSON', onSelect: vi.fn() },
          { label: 'Compare with published', checked: true, onSelect: toggle, onlyBelow: 'narrow' },
        ]}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'More actions' }));
    const compare = screen.getByRole('menuitemcheckbox', { name: 'Compare with published' });
    expect(compare).toHaveProperty('className', 'wfe-menu-item wfe-toolbar-menu-item--narrow');
    expect(compare.getAttribute('aria-checked')).toBe('true');
    expect(screen.getByRole('menuitem', { name: 'Undo' })).toHaveProperty(
      'className',
      'wfe-menu-item wfe-toolbar-menu-item--narrowest',
    );
    expect(screen.getByRole('menuitem', { name: 'Export JSON' })).toHaveProperty('className', 'wfe-menu-item');
    expect(screen.getByRole('menuitem', { name: 'Export JSON' }).hasAttribute('aria-checked')).toBe(false);
    fireEvent.click(compare);
    expect(toggle).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('menu')).toBeNull();
  });
});
