// CommonJS host: `require` loads the CommonJS builds of /definition and /executor.
const { main } = require('./run-check.cjs');

main('cjs', async () => [require('workflow-editor/definition'), require('workflow-editor/executor')]);
