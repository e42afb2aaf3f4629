import type { Preview } from '@storybook/react-vite';
// As a host does: React Flow's base styles first, then the editor's own.
import '@xyflow/react/dist/base.css';
import '../src/editor/style.css';
import { preloadConfigForm } from '../src/editor/panel/form/LazyConfigForm';
import { preloadConfigPanels } from '../src/editor/panel/LazyPanels';

const preview: Preview = {
  parameters: {
    layout: 'fullscreen',
    controls: { matchers: { color: /(background|color)$/i } },
    // axe runs after every story. 'todo' reports violations (warnings in Storybook's test
    // panel) without failing on minor ones; vitest.setup.ts fails a story test on serious
    // and critical ones, which axe's own options cannot select by.
    a11y: {
      test: 'todo',
      config: {
        rules: [
          // A canvas card is named by what it is called: the step's name ("Notify CRM"),
          // or "Trigger". The smaller line it also shows (the step's action, the trigger's
          // event) is its description, not part of its name, so axe's label-in-name check
          // (all visible text inside the name) does not fit cards; it still checks every
          // other control.
          { id: 'label-content-name-mismatch', selector: ':not(.wfe-card)' },
        ],
      },
    },
  },
  // The configuration panels and form load lazily; every story opens with them loaded, as
  // an editor that has been on screen a moment has them, so a story shows its panel from
  // the start.
  loaders: [
    async () => {
      await Promise.all([preloadConfigPanels(), preloadConfigForm()]);
      return {};
    },
  ],
};

export default preview;
