import type { Preview } from '@storybook/react-vite';
// As a host does: React Flow's base styles first, then the editor's own.
import '@xyflow/react/dist/base.css';
import '../src/editor/style.css';

const preview: Preview = {
  parameters: {
    layout: 'fullscreen',
    controls: { matchers: { color: /(background|color)$/i } },
  },
};

export default preview;
