// ESM host: `import` loads the ESM builds of /definition and /executor.
import runCheck from './run-check.cjs';

runCheck.main('esm', () => Promise.all([import('workflow-editor/definition'), import('workflow-editor/executor')]));
