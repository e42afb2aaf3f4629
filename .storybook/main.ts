import type { StorybookConfig } from '@storybook/react-vite';
import { loopbackServerPlugin } from './loopback-server-plugin.ts';

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest', '@storybook/addon-a11y'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true },
  typescript: { reactDocgen: 'react-docgen-typescript' },
  // Stories that send requests (Test step, live runs) talk to a real server on 127.0.0.1.
  viteFinal: (viteConfig) => ({ ...viteConfig, plugins: [...(viteConfig.plugins ?? []), loopbackServerPlugin()] }),
};

export default config;
