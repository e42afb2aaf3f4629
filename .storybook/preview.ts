import type { Preview } from '@storybook/react-vite';
import '../src/editor/style.css';

const preview: Preview = {
  parameters: {
    layout: 'fullscreen',
    controls: { matchers: { color: /(background|color)$/i } },
  },
};

export default preview;
