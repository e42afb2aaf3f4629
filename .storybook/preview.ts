import type { Preview } from '@storybook/react-vite';
// As a host does: React Flow's base styles first, then the editor's own.
import '@xyflow/react/dist/base.css';
import '../src/editor/style.css';
import { preloadConfigForm } from '../src/editor/panel/form/LazyConfigForm';

const preview: Preview = {
  parameters: {
    layout: 'fullscreen',
    controls: { matchers: { color: /(background|color)$/i } },
  },
  // The configuration form loads lazily; every story opens with it loaded, as an editor
  // that has been on screen a moment has it, so a story shows its panel from the start.
  loaders: [
    async () => {
      await preloadConfigForm();
      return {};
    },
  ],
};

export default preview;
