import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

const dirname = path.dirname(fileURLToPath(import.meta.url));

/** Debian's Chromium: nothing here may download a browser of its own. */
const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  test: {
    projects: [
      {
        // Definition, executor, CLI and store tests: Node, or jsdom per file
        // (`// @vitest-environment jsdom`).
        plugins: [react()],
        test: {
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        // Every story's play function, in real headless Chromium.
        extends: true,
        plugins: [storybookTest({ configDir: path.join(dirname, '.storybook') })],
        // Pre-bundle every browser dependency up front. Otherwise Vite discovers some while
        // the first story files load, re-optimises, and the page reloads under the tests
        // ("Failed to fetch dynamically imported module"): on a fresh clone, every time.
        optimizeDeps: {
          include: [
            'react',
            'react/jsx-runtime',
            'react/jsx-dev-runtime',
            'react-dom',
            'react-dom/client',
            '@xyflow/react',
            '@rjsf/core',
            '@rjsf/utils',
            'jsonc-parser',
            'zustand',
            'zustand/vanilla',
            'zundo',
            'cmdk',
            '@floating-ui/react',
            // The JSON fields' editor, loaded lazily by the form.
            '@codemirror/state',
            '@codemirror/view',
            '@codemirror/language',
            '@codemirror/lang-json',
            '@codemirror/commands',
            // Import from cURL's shell tokenizer, loaded lazily with its dialog.
            'shell-quote/parse.js',
            // addon-a11y loads axe after the first story has rendered.
            'axe-core',
          ],
        },
        test: {
          name: 'storybook',
          testTimeout: 60_000,
          // Fails a story on serious or critical axe violations (addon-a11y's report).
          setupFiles: ['./.storybook/vitest.setup.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromiumLaunch }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
