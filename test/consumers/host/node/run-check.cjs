// The Node check both module systems share: validate a workflow and run it with the
// reference executor against an HTTP server on 127.0.0.1. The caller passes the entries
// it loaded its own way (`import` or `require`), so each system's build is what runs.
const http = require('node:http');

/** Resolves with a summary; rejects with a message saying what went wrong. */
async function check(kind, definition, executor) {
  const received = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method, url: request.url, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"crmId":"crm_42"}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${server.address().port}/hooks/inquiries`;
    const workflow = {
      schemaVersion: 1,
      kind: 'workflow',
      id: `node_${kind}`,
      name: `Node ${kind}`,
      trigger: { event: 'inquiry.completed' },
      steps: [
        {
          id: 'notify_crm',
          type: 'action',
          action: 'https_request',
          name: 'Notify CRM',
          config: {
            url,
            method: 'POST',
            body: { inquiryId: '{{ trigger.inquiryId }}' },
            responseSchema: { type: 'object', required: ['crmId'] },
          },
        },
      ],
    };
    const wrong = [];
    // The validator is live: an http:// URL is a problem by default ...
    const checked = definition.validateWorkflow(workflow);
    const codes = checked.problems.map((problem) => problem.code);
    if (checked.ok || codes.join() !== 'url_not_https')
      wrong.push(`validateWorkflow: expected only url_not_https, got ${JSON.stringify(checked.problems)}`);
    // ... and the same workflow on https:// is valid.
    const secure = structuredClone(workflow);
    secure.steps[0].config.url = 'https://crm.example.com/hooks/inquiries';
    const secureChecked = definition.validateWorkflow(secure);
    if (!secureChecked.ok) wrong.push(`validateWorkflow (https): ${JSON.stringify(secureChecked.problems)}`);
    // The loopback test policy from docs/executor.md: http and private destinations allowed.
    const result = await executor.runWorkflow(workflow, {
      trigger: { inquiryId: 'inq_1' },
      network: { allowHttp: true, allowPrivateNetwork: true },
    });
    const step = result.steps.notify_crm;
    if (result.status !== 'succeeded') wrong.push(`runWorkflow: ${JSON.stringify(result)}`);
    else if (step.output.status !== 200 || step.output.body.crmId !== 'crm_42')
      wrong.push(`output: ${JSON.stringify(step.output)}`);
    if (received.length !== 1 || received[0].body !== '{"inquiryId":"inq_1"}')
      wrong.push(`server received ${JSON.stringify(received)}`);
    if (wrong.length > 0) throw new Error(wrong.join('; '));
    return `validated, ran 1 step in ${step.attempts} attempt(s), server got ${received[0].method} ${received[0].url}`;
  } finally {
    server.close();
  }
}

/** Runs the check and sets the exit code: 0 only when everything held. */
function main(kind, load) {
  load()
    .then(([definition, executor]) => check(kind, definition, executor))
    .then((summary) => console.log(summary))
    .catch((error) => {
      console.error(error instanceof Error ? error.stack : String(error));
      process.exitCode = 1;
    });
}

module.exports = { main };
