// Checks the package as hosts get it: packed, installed into a scratch host project beside
// the real peers (React 19, React Flow, rjsf, zustand) and the real toolchain (Vite 8,
// TypeScript 5.9), then used the ways hosts use it:
// - TypeScript, strict, on `bundler` (a Vite app) and on `nodenext` (ESM and CommonJS);
// - Node, ESM and CommonJS: validate and run a workflow against a server on 127.0.0.1;
// - the built app in Chromium under a strict Content-Security-Policy (no `unsafe-eval`),
//   its Test step loading the executor's chunks (the address tables among them) in the page;
// - server rendering with react-dom/server and hydration of that HTML in Chromium.
// Everything happens in a temporary folder that is deleted afterwards. The fixture
// sources of the scratch host live in test/consumers/host/.
// Prints one line per check (PASS/FAIL and figures); exits non-zero on any failure.
// Usage: node scripts/check-consumers.mjs [--skip-build] [--keep]
// (--keep leaves the scratch folder in place and prints its path, to debug a failure.)
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Loaded from this repository's node_modules (a devDependency), not installed in the host.
import { chromium } from 'playwright-core';

const repo = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
/** Every browser wait gives up after this long, so a broken page fails instead of hanging. */
const WAIT_MS = 10_000;
/** The problems toggle ("2 problems") and a step's badge share this accessible name. */
const PROBLEM_BUTTON = /^\d+ problems?$/;
const results = [];
const children = new Set();
const servers = new Set();
let browser;
let scratch;

/** Records and prints one check's outcome. */
function record(name, ok, detail = '') {
  results.push({ name, ok, detail });
  const text = detail ? `${name}: ${detail}` : name;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${text.replace(/\n/g, '\n     ')}`);
}

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
/** The first lines of a text, each cut at 400 characters (ajv's failures carry whole generated functions). */
const firstLines = (text, count = 15) =>
  text
    .trim()
    .split('\n')
    .slice(0, count)
    .map((line) => (line.length > 400 ? `${line.slice(0, 400)}… (${line.length} characters)` : line))
    .join('\n');

/**
 * Runs a command (its own process group, so a timeout kills everything it started) and
 * resolves with its exit status and output; never rejects.
 */
function run(command, args, { cwd, env, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve) => {
    const since = Date.now();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    const finish = (status, error) => {
      clearTimeout(timer);
      children.delete(child);
      if (error) stderr += `\n${error.message}`;
      if (timedOut) stderr += `\ntimed out after ${timeoutMs / 1000} s`;
      resolve({ status: timedOut ? null : status, stdout, stderr, time: seconds(since) });
    };
    child.on('error', (error) => finish(null, error));
    child.on('close', (status) => finish(status));
  });
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Serves `root` with the strict CSP on every response; `pages` overrides paths with fixed HTML. */
async function serveWithCsp(root, pages = {}) {
  const types = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
    '.json': 'application/json',
  };
  const server = createServer((request, response) => {
    // The policy under test: scripts only from this origin (no inline scripts, no eval,
    // no `new Function`), styles from this origin or inline (React Flow positions nodes
    // with inline styles).
    response.setHeader('Content-Security-Policy', "script-src 'self'; style-src 'self' 'unsafe-inline'");
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    // The host page's icon is no part of the package: answer it so its 404 is no console error.
    if (pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (pages[pathname] !== undefined) {
      response.writeHead(200, { 'content-type': 'text/html' }).end(pages[pathname]);
      return;
    }
    const file = path.join(root, path.normalize(pathname === '/' ? '/index.html' : pathname));
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    let body;
    try {
      body = readFileSync(file);
    } catch {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  servers.add(server);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${server.address().port}`;
}

async function cleanUp() {
  for (const child of children) killGroup(child);
  children.clear();
  if (browser) await browser.close().catch(() => {});
  browser = undefined;
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  servers.clear();
  if (scratch && process.argv.includes('--keep')) console.log(`kept ${scratch}`);
  else if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanUp().finally(() => process.exit(130));
  });
}

try {
  await main();
} catch (error) {
  record('check-consumers (unexpected)', false, error instanceof Error ? error.stack : String(error));
} finally {
  await cleanUp();
}
const failed = results.filter((result) => !result.ok);
console.log(`\n${results.length - failed.length} passed, ${failed.length} failed in ${seconds(started)}`);
if (failed.length > 0) {
  console.log(`failed: ${failed.map((result) => result.name).join(', ')}`);
  process.exitCode = 1;
}

async function main() {
  // 1. Build and pack: what npm would publish is what the host installs.
  if (!process.argv.includes('--skip-build')) {
    const build = await run('node', ['scripts/build.mjs'], { cwd: repo });
    record(
      'build',
      build.status === 0,
      build.status === 0 ? build.time : `exit ${build.status}\n${firstLines(`${build.stdout}${build.stderr}`, 30)}`,
    );
    if (build.status !== 0) return;
  }
  // Every type check below reads the packed declarations: without them (a build with
  // --skip-types) they would fail for a reason that is not the package's.
  if (
    !existsSync(path.join(repo, 'dist', 'editor', 'index.d.ts')) ||
    !existsSync(path.join(repo, 'dist', 'executor', 'index.d.cts'))
  ) {
    record(
      'dist/ is complete',
      false,
      'dist/ has no declarations: run `node scripts/build.mjs` without --skip-types (or drop --skip-build)',
    );
    return;
  }
  scratch = mkdtempSync(path.join(tmpdir(), 'workflow-editor-consumers-'));
  const pack = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: repo });
  if (pack.status !== 0) {
    record('npm pack', false, `exit ${pack.status}\n${firstLines(pack.stderr, 20)}`);
    return;
  }
  const [packed] = JSON.parse(pack.stdout);
  record('npm pack', true, `${packed.filename}, ${packed.entryCount} files, ${(packed.size / 1024).toFixed(1)} kB`);

  // 2. The scratch host: the fixture sources plus a package.json pinning what this
  // repository's lockfile resolves (so npm's cache serves it, and what is tested is
  // what the repository develops against).
  const host = path.join(scratch, 'host');
  cpSync(path.join(repo, 'test', 'consumers', 'host'), host, { recursive: true });
  const lock = JSON.parse(readFileSync(path.join(repo, 'package-lock.json'), 'utf8'));
  const pinned = (name) => {
    const version = lock.packages[`node_modules/${name}`]?.version;
    if (!version) throw new Error(`package-lock.json resolves no ${name}`);
    return version;
  };
  const hostDependencies = [
    'react',
    'react-dom',
    '@types/react',
    '@types/react-dom',
    'vite',
    '@vitejs/plugin-react',
    'typescript',
    '@xyflow/react',
    '@rjsf/core',
    '@rjsf/utils',
    'zustand',
    '@types/node',
  ];
  const hostPackage = {
    name: 'scratch-host',
    private: true,
    type: 'module',
    dependencies: {
      'workflow-editor': `file:../${packed.filename}`,
      ...Object.fromEntries(hostDependencies.map((name) => [name, pinned(name)])),
    },
  };
  writeFileSync(path.join(host, 'package.json'), `${JSON.stringify(hostPackage, null, 2)}\n`);
  // No install scripts: none of these packages needs one, and a CI box should not run them.
  const install = await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
    {
      cwd: host,
      timeoutMs: 150_000,
    },
  );
  if (install.status !== 0) {
    record('npm install (scratch host)', false, `exit ${install.status}\n${firstLines(install.stderr, 30)}`);
    return;
  }
  record('npm install (scratch host)', true, `${hostDependencies.length + 1} packages asked, ${install.time}`);

  // 3-6 (the parts that need no browser) run side by side; their lines print in order.
  const bin = (name) => path.join(host, 'node_modules', '.bin', name);
  const [tscBundler, tscNodenext, tscNodeOnly, nodeEsm, nodeCjs, viteApp, viteSsr, ssr] = await Promise.all([
    run(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: host }),
    run(bin('tsc'), ['-p', 'tsconfig.nodenext.json'], { cwd: host }),
    run(bin('tsc'), ['-p', 'tsconfig.node-only.json'], { cwd: host }),
    run('node', ['node/run-esm.mjs'], { cwd: host, timeoutMs: 60_000 }),
    run('node', ['node/run-cjs.cjs'], { cwd: host, timeoutMs: 60_000 }),
    run(bin('vite'), ['build'], { cwd: host, env: { NODE_ENV: 'production' } }),
    run(bin('vite'), ['build', '--mode', 'development'], { cwd: host, env: { NODE_ENV: 'development' } }),
    // NODE_ENV unset, as a plain `node server.js` runs: React's development server build.
    run('node', ['node/ssr.mjs'], { cwd: host, timeoutMs: 60_000, env: { NODE_ENV: undefined } }),
  ]);

  // 3. Types as strict hosts see them: a broken or `any`-typed declaration fails here.
  const tscLine = (name, result) =>
    record(
      name,
      result.status === 0,
      result.status === 0 ? `no errors, ${result.time}` : firstLines(`${result.stdout}${result.stderr}`, 25),
    );
  tscLine('tsc strict, moduleResolution bundler (Vite + React 19 app, type-level not-any checks)', tscBundler);
  tscLine('tsc strict, module/moduleResolution nodenext (.mts imports 3 entries, .cts requires 2)', tscNodenext);
  tscLine('tsc strict, Node only: lib ES2022 without DOM, @types/node (definition, executor)', tscNodeOnly);

  // 4. The CommonJS and ESM builds each validate and run a workflow in Node.
  const nodeLine = (name, result) =>
    record(
      name,
      result.status === 0,
      result.status === 0
        ? `${result.stdout.trim()}, ${result.time}`
        : `exit ${result.status}\n${firstLines(result.stderr, 25)}`,
    );
  nodeLine('node ESM (.mjs import): validate + run against 127.0.0.1', nodeEsm);
  nodeLine('node CommonJS (.cjs require): validate + run against 127.0.0.1', nodeCjs);

  const viteLine = (name, result) =>
    record(
      name,
      result.status === 0,
      result.status === 0
        ? result.time
        : `exit ${result.status}\n${firstLines(`${result.stdout}${result.stderr}`, 25)}`,
    );
  viteLine('vite build (production app)', viteApp);
  viteLine('vite build (hydrating client, development mode)', viteSsr);

  // 6a. Server rendering in plain Node: it must not throw, and must give the editor's
  // HTML (toolbar with the workflow's name, the canvas region). Whether React Flow drew
  // the steps on the server is a figure, not a condition: it draws nodes once measured.
  const serverHtml = ssr.status === 0 ? ssr.stdout : undefined;
  const shell =
    serverHtml !== undefined &&
    serverHtml.includes('value="Notify the CRM"') &&
    serverHtml.includes('aria-label="Workflow canvas"');
  record(
    'ssr: renderToString(<WorkflowEditor>) in Node without DOM globals',
    shell,
    serverHtml === undefined
      ? `exit ${ssr.status}\n${firstLines(ssr.stderr, 30)}`
      : `${(serverHtml.length / 1024).toFixed(1)} kB of HTML${shell ? '' : ' without the toolbar name or the canvas region'}; ` +
          `step cards in it: ${(serverHtml.match(/class="react-flow__node /g) ?? []).length} of 1; ${ssr.time}`,
  );

  if (viteApp.status !== 0 && (viteSsr.status !== 0 || serverHtml === undefined)) {
    record('browser checks', false, 'not run: no page was built');
    return;
  }
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  try {
    browser = await chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      timeout: 30_000,
    });
  } catch (error) {
    record(
      `chromium launch (${executablePath})`,
      false,
      firstLines(error instanceof Error ? error.message : String(error), 8),
    );
    return;
  }
  if (viteApp.status === 0) await checkCspApp(path.join(host, 'dist'));
  if (viteSsr.status === 0 && serverHtml !== undefined) await checkHydration(path.join(host, 'dist-ssr'), serverHtml);
  else
    record(
      'ssr: hydrateRoot with the same props, no mismatch',
      false,
      `not run: ${serverHtml === undefined ? 'the server render failed' : 'the client build failed'}`,
    );
}

/** A page that records CSP violations (on `window`), console errors and uncaught errors. */
async function watchedPage() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
      );
    });
  });
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url ? ` (${message.location().url}:${message.location().lineNumber})` : '';
    consoleErrors.push(`${message.text()}${where}`);
  });
  const pageErrors = [];
  page.on('pageerror', (error) => {
    pageErrors.push(error.message);
    consoleErrors.push(`uncaught: ${error.stack ?? error.message}`);
  });
  return { context, page, consoleErrors, pageErrors };
}

/** Runs one browser check: a thrown error (a timed-out wait, say) fails it with its message. */
async function check(name, body) {
  try {
    const detail = await body();
    record(name, true, detail ?? '');
    return true;
  } catch (error) {
    record(name, false, firstLines(error instanceof Error ? error.message : String(error), 12));
    return false;
  }
}

// 5. The production app under a CSP without `unsafe-eval`, the policy security-minded
// hosts ship: everything the editor does must work without run-time code generation.
async function checkCspApp(dist) {
  const origin = await serveWithCsp(dist);
  const { context, page, consoleErrors, pageErrors } = await watchedPage();
  try {
    await page.goto(`${origin}/`);
    const canvas = page.getByRole('region', { name: 'Workflow canvas' });
    const card = canvas.getByRole('button', { name: 'Notify CRM', exact: true });
    const rendered = await check('csp: the editor renders the workflow', async () => {
      await card.waitFor();
      return 'canvas and the step "Notify CRM" drawn';
    });
    if (!rendered) return;

    // A valid workflow must show no problem: neither the problems toggle nor a step badge.
    await check('csp: 0 problems on the valid workflow', async () => {
      const names = await problemButtonNames(page);
      const errors = await page.evaluate(() => window.editorErrors ?? []);
      if (names.length > 0 || errors.length > 0) {
        const toggle = await problemListText(page);
        throw new Error(
          `problem buttons: ${JSON.stringify(names)}; editor onError: ${JSON.stringify(errors)}${toggle}`,
        );
      }
      return 'no problem buttons, no editor errors';
    });

    // Editing must validate live: an http:// URL is a problem shown beside the field.
    await check('csp: an http:// URL shows a problem beside the URL field', async () => {
      await card.click();
      const panel = page.getByRole('region', { name: 'Step configuration' });
      const url = panel.getByRole('textbox', { name: 'URL' });
      await url.fill('http://crm.example.com/hooks/inquiries');
      await url.press('Tab');
      try {
        // The URL field is a template input (a contenteditable), not an <input>.
        await panel.locator('[aria-invalid="true"]').and(url).waitFor();
      } catch {
        const described = await describedBy(url);
        const errors = await page.evaluate(() => window.editorErrors ?? []);
        throw new Error(
          `the URL field never became aria-invalid within ${WAIT_MS / 1000} s; its description: ${JSON.stringify(described)}; editor onError: ${JSON.stringify(errors)}${await problemListText(page)}`,
        );
      }
      const described = await describedBy(url);
      if (!/https/i.test(described))
        throw new Error(
          `the URL field is invalid but its description does not mention https: ${JSON.stringify(described)}`,
        );
      const badges = await problemButtonNames(page);
      return `URL described as ${JSON.stringify(described)}; problem buttons ${JSON.stringify(badges)}`;
    });

    // The Response Schema field checks that what is typed is a JSON Schema: that check
    // must not need code generation either.
    await check('csp: typing a Response Schema is accepted without errors', async () => {
      const panel = page.getByRole('region', { name: 'Step configuration' });
      const field = panel.getByRole('textbox', { name: 'Response Schema' });
      const before = pageErrors.length;
      await field.fill('{ "type": "object", "required": ["crmId"] }');
      await field.press('Tab');
      // Errors thrown by the typing's handlers reach this process before the answer to a
      // later evaluate, so the list is complete after this one.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))));
      const thrown = pageErrors.slice(before);
      const invalid = await field.getAttribute('aria-invalid');
      if (thrown.length > 0 || invalid === 'true') {
        throw new Error(
          `uncaught while typing: ${JSON.stringify(thrown.map((text) => firstLines(text, 2)))}; aria-invalid=${invalid}; described as ${JSON.stringify(await describedBy(field))}`,
        );
      }
      return 'no uncaught error, field valid';
    });

    // Inserting goes through the real picker, as a person does it.
    await check('csp: "+" after the step, picker search "wait", choose Wait', async () => {
      await clickAddStep(page, 'after Notify CRM');
      const picker = page.getByRole('dialog', { name: 'Find action' });
      await picker.getByRole('combobox', { name: 'Find action' }).fill('wait');
      const option = picker.getByRole('option', { name: /\bWait\b/ });
      const found = await option.count();
      if (found !== 1)
        throw new Error(
          `expected 1 option named Wait after searching "wait", found ${found}: ${JSON.stringify(await picker.getByRole('option').allTextContents())}`,
        );
      await option.click();
      await picker.waitFor({ state: 'detached' });
      await canvas.getByRole('button', { name: 'Wait', exact: true }).waitFor();
      return 'step "Wait" drawn';
    });

    // Export must hand over what the editor holds, new step included.
    await check('csp: Export JSON holds the new step', async () => {
      await page.getByRole('button', { name: 'Export JSON', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Export JSON' });
      const text = await dialog.getByRole('textbox', { name: 'Workflow JSON' }).inputValue();
      const exported = JSON.parse(text);
      const actions = exported.steps.map((step) => step.action ?? step.type);
      if (actions.join() !== 'https_request,wait')
        throw new Error(`exported steps ${JSON.stringify(actions)}, expected ["https_request","wait"]`);
      if (exported.steps[0].config.url !== 'http://crm.example.com/hooks/inquiries')
        throw new Error(`exported URL ${exported.steps[0].config.url}`);
      return `${text.length} characters, steps ${JSON.stringify(actions)}`;
    });

    // A page run: the executor and its address tables are chunks the page fetches when a
    // step is first tested, under the same policy. A URL whose host is a private address is
    // refused by the tables' range, before anything is sent (no server is needed).
    await check('csp: Test step refuses a private IP address by its range', async () => {
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'Export JSON' }).waitFor({ state: 'detached' });
      // The body refers to the trigger's inquiryId: the trigger's sample data gives it a value.
      await canvas.getByRole('button', { name: 'Trigger', exact: true }).click();
      await page.getByRole('button', { name: 'Generate from payload schema' }).click();
      await card.click();
      const panel = page.getByRole('region', { name: 'Step configuration' });
      const url = panel.getByRole('textbox', { name: 'URL' });
      await url.fill('https://10.0.0.1/hooks/inquiries');
      await url.press('Tab');
      await panel.getByRole('button', { name: 'Test step', exact: true }).click();
      const section = panel.getByRole('region', { name: 'Test step' });
      const range = section.getByText(/10\.0\.0\.0\/8 \(Private-Use, RFC 1918\)/);
      try {
        await range.waitFor();
      } catch {
        throw new Error(
          `no refusal naming 10.0.0.0/8; the test section reads ${JSON.stringify(await section.innerText())}`,
        );
      }
      return firstLines(await range.innerText(), 2);
    });

    await finalPageChecks('csp', page, consoleErrors);
  } finally {
    await context.close().catch(() => {});
  }
}

// 6b. The server's HTML hydrated with the same props: any mismatch means hosts using
// SSR (Next.js, Remix, plain react-dom/server) get a re-render and a console error.
async function checkHydration(dist, serverHtml) {
  const template = readFileSync(path.join(dist, 'ssr.html'), 'utf8');
  if (!template.includes('<!--ssr-outlet-->')) throw new Error('dist-ssr/ssr.html lost its <!--ssr-outlet-->');
  const origin = await serveWithCsp(dist, { '/ssr.html': template.replace('<!--ssr-outlet-->', () => serverHtml) });
  const { context, page, consoleErrors } = await watchedPage();
  try {
    await page.goto(`${origin}/ssr.html`);
    const hydrated = await check('ssr: hydrateRoot with the same props, no mismatch', async () => {
      try {
        await page.waitForFunction(() => window.hydrated === true, undefined, { timeout: WAIT_MS });
      } catch {
        throw new Error(
          `hydration did not commit within ${WAIT_MS / 1000} s; recoverable errors: ${JSON.stringify(await page.evaluate(() => window.recoverableErrors))}`,
        );
      }
      const recoverable = await page.evaluate(() => window.recoverableErrors ?? []);
      const mismatches = consoleErrors.filter((text) => /hydrat|did(n't| not) match/i.test(text));
      if (recoverable.length > 0 || mismatches.length > 0) {
        throw new Error(
          `onRecoverableError: ${JSON.stringify(recoverable.map((text) => firstLines(text, 8)))}; console: ${JSON.stringify(mismatches.map((text) => firstLines(text, 20)))}`,
        );
      }
      return 'hydrated; onRecoverableError never called, no hydration warning';
    });
    if (hydrated) {
      await check('ssr: the hydrated editor is live', async () => {
        await page
          .getByRole('region', { name: 'Workflow canvas' })
          .getByRole('button', { name: 'Notify CRM', exact: true })
          .click();
        await page.getByRole('region', { name: 'Step configuration' }).getByRole('textbox', { name: 'URL' }).waitFor();
        return 'a click on the step opens its panel';
      });
    }
    await finalPageChecks('ssr', page, consoleErrors);
  } finally {
    await context.close().catch(() => {});
  }
}

/** No CSP violation and no console error over the whole visit. */
async function finalPageChecks(prefix, page, consoleErrors) {
  const violations = await page
    .evaluate(() => window.cspViolations ?? [])
    .catch((error) => [`could not read: ${error.message}`]);
  record(
    `${prefix}: no securitypolicyviolation`,
    violations.length === 0,
    violations.length === 0
      ? '0 events'
      : `${violations.length} event(s):\n${[...new Set(violations)].slice(0, 8).join('\n')}`,
  );
  record(
    `${prefix}: no console error`,
    consoleErrors.length === 0,
    consoleErrors.length === 0
      ? '0 errors'
      : `${consoleErrors.length} error(s):\n${[...new Set(consoleErrors)]
          .slice(0, 6)
          .map((text) => firstLines(text, 6))
          .join('\n')}`,
  );
}

/** Accessible names of the problems toggle and of every step's problems badge. */
function problemButtonNames(page) {
  return page
    .getByRole('button', { name: PROBLEM_BUTTON })
    .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label') ?? button.textContent ?? ''));
}

/** The text the element's aria-describedby points at. */
function describedBy(locator) {
  return locator.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => (id ? (document.getElementById(id)?.textContent ?? '') : ''))
      .join(' ')
      .trim(),
  );
}

/** Opens the problems list, if there is one, and returns its text for a failure message. */
async function problemListText(page) {
  const toggle = page.locator('.wfe-problems-toggle');
  if ((await toggle.count()) === 0) return '';
  await toggle.click();
  const list = page.getByRole('region', { name: 'Problems' });
  await list.waitFor();
  return `; problems list: ${JSON.stringify(firstLines(await list.innerText(), 10))}`;
}

/** Clicks the "Add step" button whose accessible description is `description`. */
async function clickAddStep(page, description) {
  const buttons = page.getByRole('button', { name: 'Add step', exact: true });
  await buttons.first().waitFor();
  const descriptions = [];
  for (const button of await buttons.all()) {
    const text = await describedBy(button);
    descriptions.push(text);
    if (text === description) {
      await button.click();
      return;
    }
  }
  throw new Error(`no "Add step" described "${description}"; found ${JSON.stringify(descriptions)}`);
}
