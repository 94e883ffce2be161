// Browser tests of `daicho serve` (issue #4): Playwright (playwright-core)
// driving Debian's Chromium (/usr/bin/chromium; no browser is downloaded).
//
//   node tests/browser/run.mjs PATH/TO/daicho        (scripts/web-test-deps.sh installs what it needs)
//
// For each built-in profile: the ordinary applicant signs in and applies with
// the new-application form and submits; the track's approver approves; the
// ledger shows the entry; the CSV export downloads and opens as CSV with the
// profile's Japanese headers; a wrong-role user cannot approve (even with a
// hand-made POST); tokyo-edu: separation of duties refuses the applicant as
// approver (3.1.5); the Japanese search finds 会議. No page may log a console
// error (a CSP violation shows up there). Screenshots go to
// $SCREENSHOT_DIR (default build/browser-screenshots/). Steps whose pages do
// not exist yet are reported as SKIP, not as passed.
// The last line is "N passed, N failed, N skipped"; exit 1 when one failed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Skip, daichoArg, finish, forcePost, launchChromium, loadChromium, newPage, numberedShots, ok, root, screenshotDir,
  serverEnv, signIn, startServer, step, stopServer,
} from './harness.mjs';

const daicho = daichoArg('run.mjs');
const chromium = await loadChromium();

// ---- the world: a database made with the CLI, a server on a free port ----
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-browser-'));
const shots = screenshotDir(path.join(root, 'build', 'browser-screenshots'), { clean: true });
const db = path.join(tmp, 'web.db');
const t0 = Date.now();
const fx = JSON.parse(execFileSync('python3', [path.join(root, 'tests/web/fixture.py'), '--daicho', daicho, '--db', db],
  { encoding: 'utf8', maxBuffer: 64 << 20 }));
console.log(`fixture: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const routes = JSON.parse(execFileSync(daicho, ['routes', '--json'], { encoding: 'utf8' }));
const hasRoute = (method, pattern) => routes.some((r) => r.method === method && r.pattern === pattern);
const profiles = {};
for (const p of Object.keys(fx.orgs)) profiles[p] = JSON.parse(execFileSync(daicho, ['profile', 'show', p, '--json'], { encoding: 'utf8' }));

const server = await startServer(daicho, { env: serverEnv(db), log: path.join(tmp, 'server.log'), args: ['--access-log', '-'] });
const base = server.base;
const browser = await launchChromium(chromium);

// ---- helpers ----
const shot = numberedShots(shots);

// A signed-in user with its own context; console errors are collected.
async function as(login, profile) {
  const s = await newPage(browser, { context: { acceptDownloads: true }, staticErrors: true });
  await signIn(s.page, base, login, fx.password, (resp) => ok(resp.status() === 200, `${profile}: ${login} opens the sign-in page`));
  ok(new URL(s.page.url()).pathname === '/', `${profile}: ${login} signs in and lands on the dashboard`, s.page.url());
  return s;
}

async function done(profile, who, s) {
  ok(s.page.consoleErrors.length === 0, `${profile}: no console errors (CSP) for ${who}`, s.page.consoleErrors.join(' | '));
  await s.ctx.close();
}

// Goes to a page; a 404 (the page is not written yet) skips the step.
async function open(page, p, what) {
  const resp = await page.goto(base + p);
  if (resp.status() === 404) throw new Skip(`${what}: ${p} answers 404 (not written yet)`);
  return resp;
}

// The flattened document: "service.name" → value (arrays kept as arrays).
function flatten(obj, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
    else out[key] = v;
  }
  return out;
}

// Fills every form control named after a document path with the document's value.
async function fillForm(page, doc) {
  let filled = 0;
  for (const [name, value] of Object.entries(flatten(doc))) {
    const els = page.locator(`form#apply-form [name="${name}"]`);
    const n = await els.count();
    if (!n) continue;
    const el = els.first();
    const tag = await el.evaluate((e) => e.tagName.toLowerCase());
    const type = await el.evaluate((e) => (e.getAttribute('type') || '').toLowerCase());
    if (type === 'checkbox') {
      const want = new Set((Array.isArray(value) ? value : [value]).map(String));
      for (let i = 0; i < n; i++) {
        const box = els.nth(i);
        const v = await box.getAttribute('value');
        if (want.has(v) || (value === true && (v === 'true' || v === '1' || v === 'on'))) await box.check();
      }
    } else if (tag === 'select') {
      const v = typeof value === 'boolean' ? String(value) : String(value);
      const options = await el.evaluate((e) => [...e.options].map((o) => o.value));
      if (options.includes(v)) await el.selectOption(v);
      else continue;
    } else if (type === 'radio') {
      await page.locator(`form#apply-form [name="${name}"][value="${String(value)}"]`).check().catch(() => {});
    } else {
      await el.fill(Array.isArray(value) ? value.join(', ') : String(value));
    }
    filled++;
  }
  return filled;
}

function parseCsvLine(line) {
  const cells = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { cells.push(cur); cur = ''; } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

// ---- the specs ----
async function profileFlow(profile) {
  const o = fx.orgs[profile];
  const p = o.prefix;
  console.log(`\n=== ${profile}`);
  const tp = Date.now();
  const exampleDoc = JSON.parse(fs.readFileSync(path.join(root, 'examples', profile, 'ordinary-ready.json'), 'utf8'));
  let service = `ブラウザ会議サービス（${p}）`;
  let appId = null;
  let submitted = false;

  const applicant = await as(o.applicant, profile);
  await shot(applicant.page, `${p}-dashboard-${o.applicant}`);
  await step(`${profile}: ${o.applicant} applies with the new-application form`, async () => {
    await open(applicant.page, '/applications/new', 'new application');
    if (!(await applicant.page.locator('form#apply-form').count())) throw new Skip('no form#apply-form on /applications/new');
    const doc = structuredClone(exampleDoc);
    doc.service.name = service;
    const n = await fillForm(applicant.page, doc);
    ok(n >= 5, `${profile}: the form takes the document's fields (${n} filled)`);
    await shot(applicant.page, `${p}-apply-form`);
    const save = applicant.page.locator('form#apply-form button[name="op"][value="save"]');
    await Promise.all([applicant.page.waitForNavigation(), save.count().then((c) => (c ? save.first().click() : applicant.page.locator('form#apply-form button[type="submit"]').last().click()))]);
    const m = /\/applications\/(\d+)/.exec(new URL(applicant.page.url()).pathname);
    ok(m, `${profile}: saving leads to the application's page`, applicant.page.url());
    appId = m ? Number(m[1]) : null;
    await shot(applicant.page, `${p}-apply-saved`);
    const submit = applicant.page.locator(`form[action="/applications/${appId}/submit"] button[type="submit"]`);
    if (!(await submit.count())) {
      await open(applicant.page, `/applications/${appId}`, 'application');
    }
    ok(await submit.count(), `${profile}: the applicant is offered 申請 (submit)`);
    await Promise.all([applicant.page.waitForNavigation(), submit.first().click()]);
    const body = await applicant.page.textContent('main');
    submitted = ok(/申請中/.test(body), `${profile}: application ${appId} is 申請中 after submitting`, body.slice(0, 300));
    await shot(applicant.page, `${p}-apply-submitted`);
  });
  await done(profile, o.applicant, applicant);
  if (!submitted) {
    // Go on with an application the fixture submitted, so that the steps
    // after this one are still tried.
    appId = o.apps.submitted;
    service = `${o.service_base}（${p}-提出済）`;
    console.log(`NOTE ${profile}: approving the fixture's application ${appId} (${service}) instead`);
  }

  // The track's approver approves.
  const approver = await as(o.approver, profile);
  await step(`${profile}: ${o.approver} approves`, async () => {
    await open(approver.page, `/applications/${appId}`, 'application');
    const form = approver.page.locator(`form[action="/applications/${appId}/approve"]`);
    if (!(await form.count())) throw new Error('no approve form for the approver');
    for (const box of await form.locator('input[type="checkbox"]').all()) await box.check();
    const reason = form.locator('textarea[name="reason"]');
    if (await reason.count()) await reason.fill('ブラウザ試験で承認');
    await shot(approver.page, `${p}-approve-form`);
    await Promise.all([approver.page.waitForNavigation(), form.locator('button[type="submit"]:not([formaction])').first().click()]);
    const body = await approver.page.textContent('body');
    ok(/承認/.test(body) && !/受け付けられません/.test(body), `${profile}: application ${appId} approved`, body.slice(0, 400));
    await shot(approver.page, `${p}-approved`);
  });
  await step(`${profile}: the ledger shows the entry`, async () => {
    await open(approver.page, '/ledger', 'ledger');
    const text = await approver.page.textContent('main');
    if (appId) ok(text.includes(service), `${profile}: /ledger lists ${service}`, text.slice(0, 300));
    ok(text.includes(`Web会議サービス（${p}-会議）`), `${profile}: /ledger lists the fixture's entries`);
    await shot(approver.page, `${p}-ledger`);
    if (appId) {
      const link = approver.page.locator('tr', { hasText: service }).locator('a[href^="/ledger/"]').first();
      if (await link.count()) {
        await Promise.all([approver.page.waitForNavigation(), link.click()]);
        ok(/\/ledger\/\d+$/.test(approver.page.url()) && (await approver.page.textContent('main')).includes(service),
          `${profile}: the entry's page shows the service`, approver.page.url());
        await shot(approver.page, `${p}-ledger-entry`);
      }
    }
  });
  await step(`${profile}: the CSV export downloads with the profile's headers`, async () => {
    await open(approver.page, '/ledger', 'ledger');
    const link = approver.page.locator('a[href="/ledger/export.csv"]');
    if (!(await link.count())) throw new Skip('no link to /ledger/export.csv on /ledger');
    const [dl] = await Promise.all([approver.page.waitForEvent('download'), link.first().click()]);
    const file = path.join(tmp, `${p}-export.csv`);
    await dl.saveAs(file);
    ok(/\.csv$/.test(dl.suggestedFilename()), `${profile}: the download is named *.csv`, dl.suggestedFilename());
    let text = fs.readFileSync(file, 'utf8');
    ok(text.charCodeAt(0) === 0xfeff, `${profile}: the CSV starts with a BOM (Excel reads it as UTF-8)`);
    text = text.replace(/^\ufeff/, '');
    const lines = text.split(/\r?\n/).filter((l) => l.length);
    const header = parseCsvLine(lines[0]);
    const missing = profiles[profile].ledger_fields.filter((f) => !header.some((h) => h.startsWith(f.label))).map((f) => f.label);
    ok(missing.length === 0, `${profile}: the CSV header has every ledger field of the profile (${header.length} columns)`, `missing: ${missing.join(' / ')}`);
    ok(lines.slice(1).every((l) => parseCsvLine(l).length === header.length || l.includes('"')), `${profile}: every CSV row has ${header.length} cells`);
    if (appId) ok(text.includes(service), `${profile}: the CSV has the new entry`);
  });
  await step(`${profile}: the Japanese search finds 会議`, async () => {
    await open(approver.page, '/ledger', 'ledger');
    const q = approver.page.locator('form[role="search"] input[name="q"], input[name="q"]').first();
    if (!(await q.count())) throw new Skip('no search box on /ledger');
    await q.fill('会議');
    await Promise.all([approver.page.waitForNavigation(), q.press('Enter')]);
    const text = await approver.page.textContent('main');
    ok(new URL(approver.page.url()).searchParams.get('q') === '会議', `${profile}: the search is a GET with q=会議`, approver.page.url());
    ok(text.includes(`Web会議サービス（${p}-会議）`), `${profile}: 会議 finds Web会議サービス`, text.slice(0, 300));
    if (service.includes("会議")) ok(text.includes(service), `${profile}: 会議 finds ${service}`);
    ok(!text.includes(`（${p}-承認済）`) || /会議/.test(exampleDoc.purpose + exampleDoc.user_scope + exampleDoc.notes + exampleDoc.service.function),
      `${profile}: 会議 does not find entries without the word`);
    await shot(approver.page, `${p}-search-kaigi`);
  });
  await done(profile, o.approver, approver);

  // A wrong-role user cannot approve, not even with a hand-made POST.
  const wrong = await as(o.wrong_role, profile);
  await step(`${profile}: ${o.wrong_role} (wrong role) cannot approve`, async () => {
    if (!hasRoute('POST', '/applications/{n}/approve')) throw new Skip('no POST /applications/{n}/approve');
    const target = o.apps.matrix;
    const resp = await wrong.page.goto(`${base}/applications/${target}`);
    const offered = await wrong.page.locator(`form[action="/applications/${target}/approve"]`).count();
    ok(offered === 0, `${profile}: no approve form for ${o.wrong_role} (page ${resp.status()})`);
    await wrong.page.goto(`${base}/`);
    const r = await forcePost(wrong.page, `/applications/${target}/approve`, { accept_risks: '1', reason: '権限のない承認' });
    ok(r && r.status() === 403, `${profile}: a hand-made approve POST by ${o.wrong_role} → 403`, r && r.status());
    await shot(wrong.page, `${p}-wrong-role-refused`);
  });
  await done(profile, o.wrong_role, wrong);
  console.log(`(${profile}: ${((Date.now() - tp) / 1000).toFixed(1)} s)`);
}

async function separationOfDuties() {
  console.log('\n=== tokyo-edu 3.1.5');
  const o = fx.orgs['tokyo-edu'];
  const dual = await as('te-dual', 'tokyo-edu');
  await step('tokyo-edu: separation of duties refuses the applicant as approver (3.1.5)', async () => {
    if (!hasRoute('POST', '/applications/{n}/approve')) throw new Skip('no POST /applications/{n}/approve');
    const id = o.apps.sod;
    await open(dual.page, `/applications/${id}`, 'application');
    await shot(dual.page, 'te-sod-application');
    const form = dual.page.locator(`form[action="/applications/${id}/approve"]`);
    let resp;
    if (await form.count()) {
      for (const box of await form.locator('input[type="checkbox"]').all()) await box.check();
      const reason = form.locator('textarea[name="reason"]');
      if (await reason.count()) await reason.fill('自分の申請を承認');
      [resp] = await Promise.all([dual.page.waitForNavigation(), form.locator('button[type="submit"]:not([formaction])').first().click()]);
    } else {
      ok(true, 'tokyo-edu: the applicant is not offered the approve form');
      resp = await forcePost(dual.page, `/applications/${id}/approve`, { accept_risks: '1', reason: '自分の申請を承認' });
    }
    const body = await dual.page.textContent('body');
    ok(resp && resp.status() === 403 && body.includes('3.1.5'), 'tokyo-edu: approving one\'s own application → 403 citing 3.1.5',
      `${resp && resp.status()} ${body.slice(0, 200)}`);
    await shot(dual.page, 'te-sod-refused');
  });
  await done('tokyo-edu', 'te-dual', dual);
}

const started = Date.now();
try {
  for (const profile of Object.keys(fx.orgs)) {
    await step(`${profile}: the whole flow ran`, () => profileFlow(profile));
  }
  await step('tokyo-edu: separation of duties ran', separationOfDuties);
} finally {
  await browser.close();
  const code = await stopServer(server);
  ok(code === 0, 'the server stops cleanly on SIGTERM', `exit ${code}`);
  const log = fs.readFileSync(path.join(tmp, 'server.log'), 'utf8');
  for (const bad of ['AddressSanitizer', 'runtime error:', 'LeakSanitizer']) {
    const i = log.indexOf(bad);
    ok(i < 0, `the server log has no ${bad} report`, i < 0 ? '' : log.slice(Math.max(0, i - 200), i + 1500));
  }
  if (!process.env.KEEP) fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`\nbrowser: ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${shots}`);
finish({ listFailures: true });
