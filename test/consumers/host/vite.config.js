// Two builds of the scratch host: the production app (index.html) that runs under the
// strict CSP, and, with `--mode development`, the hydrating client of the server-rendered
// page (ssr.html) in React's development build, whose hydration warnings are readable.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => {
  const ssrClient = mode === 'development';
  return {
    plugins: [react()],
    logLevel: 'warn',
    build: {
      outDir: ssrClient ? 'dist-ssr' : 'dist',
      minify: !ssrClient,
      rollupOptions: { input: ssrClient ? 'ssr.html' : 'index.html' },
    },
  };
});
