// What the browser tests (run.mjs, meeting.mjs, social.mjs, contacts.mjs,
// incidents.mjs) share: the tally, playwright-core with Debian's Chromium, a
// `daicho serve` on a free port, signed-in pages that collect console errors,
// screenshots and CSRF; for a test of one area, its set-up (areaTest,
// openSite).
// Each test is its own node process, so the tally is this module's state.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The source tree: examples/, tests/web/fixture.py and the build/ default of
// SCREENSHOT_DIR are found from here, whatever the working directory.
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// Debian's Chromium; no browser is downloaded. CHROMIUM may point elsewhere.
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// `node SCRIPT PATH/TO/daicho` (CTest passes $<TARGET_FILE:daicho>).
export function daichoArg(script) {
  if (process.argv.length < 3) {
    console.error(`usage: node ${script} PATH/TO/daicho`);
    process.exit(2);
  }
  return path.resolve(process.argv[2]);
}

// playwright-core's chromium. 77 is CTest's SKIP_RETURN_CODE: without the
// dependencies (scripts/web-test-deps.sh) a machine skips; CI must have them.
export async function loadChromium() {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    console.error('playwright-core is not installed: run scripts/web-test-deps.sh');
    process.exit(process.env.CI ? 1 : 77);
  }
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} is missing: run scripts/web-test-deps.sh`);
    process.exit(process.env.CI ? 1 : 77);
  }
  return chromium;
}

// ---- tally ----
export const tally = { passed: 0, failed: 0, skipped: 0, failures: [] };
// Thrown by a step whose page does not exist yet: reported as SKIP, not passed.
export class Skip extends Error {}
export function ok(cond, name, detail = '') {
  if (cond) {
    tally.passed++;
    console.log(`ok   ${name}`);
  } else {
    tally.failed++;
    const line = `FAIL ${name}${detail ? ': ' + String(detail).slice(0, 400) : ''}`;
    tally.failures.push(line);
    console.log(line);
  }
  return !!cond;
}
export function skip(name, why) {
  tally.skipped++;
  console.log(`SKIP ${name}: ${why}`);
}
// A step: its checks inside; an exception fails it, a Skip skips it, and
// the steps after it still run.
export async function step(name, fn) {
  try {
    await fn();
  } catch (e) {
    if (e instanceof Skip) skip(name, e.message);
    else ok(false, name, e.stack || e.message);
  }
}
// The last line, "N passed, N failed, N skipped" (social.mjs has never had
// the skipped part: skipped: false), and exit 1 when a check failed.
export function finish({ listFailures = false, skipped = true } = {}) {
  if (listFailures && tally.failures.length) {
    console.log(`${tally.failures.length} failure(s):`);
    for (const f of tally.failures) console.log('  ' + f.slice(0, 400));
  }
  console.log(`${tally.passed} passed, ${tally.failed} failed${skipped ? `, ${tally.skipped} skipped` : ''}`);
  process.exit(tally.failed ? 1 : 0);
}

// ---- screenshots ----
// $SCREENSHOT_DIR (CTest sets it) or the test's default. clean: the last
// run's images go, so that none is taken for this run's.
export function screenshotDir(fallback, { clean = false } = {}) {
  const dir = path.resolve(process.env.SCREENSHOT_DIR || fallback);
  fs.mkdirSync(dir, { recursive: true });
  if (clean) for (const f of fs.readdirSync(dir)) if (f.endsWith('.png')) fs.rmSync(path.join(dir, f));
  return dir;
}
// shot(page, name): NN-name.png, numbered so that the files sort in the
// order the steps ran.
export function numberedShots(dir, { fullPage: byDefault = false } = {}) {
  let n = 0;
  return async (page, name, fullPage = byDefault) => {
    n++;
    await page.screenshot({ path: path.join(dir, `${String(n).padStart(2, '0')}-${name}.png`), fullPage });
  };
}

// ---- the server ----
// The server's (and the CLI's) environment: the test's database and none of
// the DAICHO_* settings of the shell the test was started from.
export function serverEnv(db, more = []) {
  const env = { ...process.env, DAICHO_DB: db };
  for (const k of ['DAICHO_PORT', 'DAICHO_LISTEN', 'DAICHO_CONFIG', 'DAICHO_ACCESS_LOG', ...more]) delete env[k];
  return env;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// `daicho serve` on a free port, up once it prints 待ち受け. The port may be
// taken between freePort() and the server's bind (tests run in parallel), so
// a server that exits is tried again on another port. Its stderr goes to
// `log` (a sanitizer build reports there).
export async function startServer(daicho, { env, log, args = [] }) {
  for (let i = 0; i < 5; i++) {
    const port = await freePort();
    const fd = fs.openSync(log, 'a');
    const proc = spawn(daicho, ['serve', '--listen', '127.0.0.1', '--port', String(port), '--threads', '2', ...args],
      { env, stdio: ['ignore', 'pipe', fd] });
    const up = await new Promise((resolve) => {
      let out = '';
      proc.stdout.on('data', (d) => {
        out += d;
        if (out.includes('待ち受け')) resolve(true);
      });
      proc.on('exit', () => resolve(false));
    });
    if (up) return { proc, port, base: `http://127.0.0.1:${port}` };
  }
  throw new Error('daicho serve did not start');
}

// SIGTERM and wait for the exit, so that no server outlives the test; the
// exit code (0 when it stopped cleanly).
export async function stopServer(server) {
  const { proc } = server;
  if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
  const exited = new Promise((resolve) => proc.on('exit', (c) => resolve(c)));
  proc.kill('SIGTERM');
  return exited;
}

// ---- the browser ----
// Headless Chromium without a sandbox (containers, CI). quiet: no component
// update, sync or QUIC traffic either (meeting.mjs was written without it).
export function launchChromium(chromium, { quiet = true } = {}) {
  const args = ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
  if (quiet) args.push('--disable-component-update', '--disable-sync', '--disable-quic');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

// A browser context per user (its own cookies) and its page, whose console
// errors go to page.consoleErrors: a CSP violation or a script error shows up
// there. A 403/404/422 page is an answer, not an error of the page.
// staticErrors: a /static/ file answering >= 400 counts as an error too;
// dialogs: confirm() dialogs are accepted.
export async function newPage(browser, { context = {}, staticErrors = false, dialogs = true, timeout = 20000 } = {}) {
  const ctx = await browser.newContext({ ...context, locale: 'ja-JP', viewport: { width: 1200, height: 900 } });
  ctx.setDefaultTimeout(timeout);
  const page = await ctx.newPage();
  page.consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon|Failed to load resource: the server responded/.test(m.text())) page.consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  if (staticErrors) {
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/static/') && r.status() >= 400) page.consoleErrors.push(`${r.url()}: ${r.status()}`);
    });
  }
  page.on('pageerror', (e) => page.consoleErrors.push(`${page.url()}: ${e.message}`));
  if (dialogs) page.on('dialog', (d) => d.accept());
  return { ctx, page };
}

// Signs in with the sign-in form, as a person would; `opened` is given the
// answer to GET /login (for a check on it), the caller checks where it lands.
export async function signIn(page, base, login, password, opened) {
  const resp = await page.goto(`${base}/login`);
  if (opened) opened(resp);
  await page.fill('#login', login);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[action="/login"] button[type="submit"]')]);
}

// ---- the set-up of a test ----
// The start of the browser test of one area NAME (tests/browser/NAME.mjs):
// the daicho argument, Chromium (or the skip), a temporary directory with the
// database NAME.db, the screenshots' directory (build/browser-screenshots/NAME
// unless $SCREENSHOT_DIR; last run's images removed), the environment of the
// CLI and the server (without DAICHO_NOW and DAICHO_USER), and
// cli(args, input = the password and a newline) to make the test's world.
export async function areaTest(name, password) {
  const daicho = daichoArg(`${name}.mjs`);
  const chromium = await loadChromium();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `daicho-${name}-`));
  const shots = screenshotDir(path.join(root, 'build', 'browser-screenshots', name), { clean: true });
  const env = serverEnv(path.join(tmp, `${name}.db`), ['DAICHO_NOW', 'DAICHO_USER']);
  const cli = (args, input = password + '\n') => execFileSync(daicho, args, { env, input, encoding: 'utf8' });
  return { daicho, chromium, tmp, shots, env, cli, password };
}

// Once the world is made: the server on it (stderr in TMP/server.log; args:
// more serve options) and Chromium (quiet: see launchChromium). Gives base
// (the server's URL), browser, shot(page, name) (numbered full-page
// screenshots in shots, when given), as(login) (a new page signed in with
// the password, checked: it lands on /), submit(page, form) (clicks the
// form's submit button and waits for the next page) and close(), which ends
// the browser and the server, removes TMP and returns the server's log.
export async function openSite({ daicho, chromium, tmp, env, shots, password }, { args = [], quiet = true } = {}) {
  const log = path.join(tmp, 'server.log');
  const server = await startServer(daicho, { env, log, args });
  const base = server.base;
  const browser = await launchChromium(chromium, { quiet });
  const shot = shots ? numberedShots(shots, { fullPage: true }) : null;
  async function as(login) {
    const s = await newPage(browser);
    await signIn(s.page, base, login, password);
    ok(new URL(s.page.url()).pathname === '/', `${login} signs in`, s.page.url());
    return s;
  }
  async function submit(page, form) {
    await Promise.all([page.waitForNavigation(), page.click(`${form} button[type="submit"]`)]);
  }
  async function close() {
    await browser.close();
    await stopServer(server);
    const text = fs.readFileSync(log, 'utf8');
    fs.rmSync(tmp, { recursive: true, force: true });
    return text;
  }
  return { server, base, browser, shot, as, submit, close };
}

// ---- CSRF ----
// The session's CSRF token, from a form of the page (the logout form of a
// signed-in page has one): for API requests (X-CSRF-Token) made with the session.
export function csrfToken(page) {
  return page.locator('input[name="csrf"]').first().getAttribute('value');
}

// A POST made by hand from the page (as a tampering user would), with the
// session's CSRF token taken from the page: the server must refuse what the
// page does not offer.
export async function forcePost(page, action, fields) {
  const [resp] = await Promise.all([
    page.waitForNavigation(),
    page.evaluate(({ action, fields }) => {
      const f = document.createElement('form');
      f.method = 'post';
      f.action = action;
      const csrf = document.querySelector('input[name="csrf"]');
      for (const [k, v] of Object.entries({ ...fields, csrf: csrf ? csrf.value : '' })) {
        const i = document.createElement('input');
        i.type = 'hidden';
        i.name = k;
        i.value = v;
        f.appendChild(i);
      }
      document.body.appendChild(f);
      f.submit();
    }, { action, fields }),
  ]);
  return resp;
}
