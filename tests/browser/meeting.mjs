// Browser test of the web-meeting planner (issue #5 item 1; docs/meetings.md):
// Playwright (playwright-core) driving Debian's Chromium.
//
//   node tests/browser/meeting.mjs PATH/TO/daicho
//
// A host of a kitakyushu-external organization fills the planning form with
// the important meeting of 6.4(1) (E2E, domestic data centres by contract,
// audio/video and chat, password and waiting room, outsiders): no conflict.
// Ticks recording: the 6.2(1)④ conflict appears. Saves the plan (title and
// date), opens its page and the A4 host checklist (print.css), which lists
// the measures with clauses and boxes. A tokyo-edu user gets 404 (no section
// 6). No page may log a console error (CSP). Screenshots go to $SCREENSHOT_DIR.
// The last line is "N passed, N failed, N skipped"; exit 1 when one failed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  csrfToken, daichoArg, finish, loadChromium, newPage, ok, openSite, screenshotDir, serverEnv, signIn as signInWith,
} from './harness.mjs';

const daicho = daichoArg('meeting.mjs');
const chromium = await loadChromium();

// ---- the world: two organizations made with the CLI, a server on a free port ----
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-meeting-'));
const shots = screenshotDir(path.join(os.tmpdir(), 'daicho-meeting-shots'));
const db = path.join(tmp, 'web.db');
const PW = 'Meeting-Planner-2026!';
const cli = (args, input) => execFileSync(daicho, ['--db', db, ...args], { input: input ?? '', encoding: 'utf8' });
cli(['init']);
cli(['org', 'create', 'kx', '--name', '北九州市（試験）', '--profile', 'kitakyushu-external', '--admin', 'kx-admin',
  '--admin-name', '管理者', '--password-stdin'], PW);
cli(['--as', 'kx-admin', 'user', 'add', 'kx-host', '--name', '主催 花子', '--department', '総務課', '--role', 'staff',
  '--password-stdin'], PW);
cli(['org', 'create', 'te', '--name', '教育庁（試験）', '--profile', 'tokyo-edu', '--admin', 'te-admin',
  '--admin-name', '管理者', '--password-stdin'], PW);

// The server's stderr (TMP/server.log) is where a sanitizer build reports.
const { base, browser, close } = await openSite({ daicho, chromium, tmp, env: serverEnv(db) },
  { args: ['--access-log', 'off'], quiet: false });

async function signIn(login) {
  const s = await newPage(browser, { dialogs: false });
  await signInWith(s.page, base, login, PW);
  return s;
}

const conflicts = async (page) => page.locator('.meeting-panel [data-conflict]').evaluateAll((els) => els.map((e) => e.dataset.conflict));
const verdict = async (page) => page.locator('.meeting-panel .meeting-verdict').getAttribute('data-verdict');

try {
  const { ctx, page } = await signIn('kx-host');
  const nav = await page.locator('nav a[href="/meetings"]').count();
  ok(nav === 1, 'the navigation offers ウェブ会議 (the profile has a planner)');
  const resp = await page.goto(`${base}/meetings/new`);
  ok(resp.status() === 200, 'GET /meetings/new → 200');
  // 6.4(1): the important meeting of the worked example
  await page.selectOption('[name="information.confidentiality"]', '2');
  await page.fill('[name="service.name"]', 'E2E対応ウェブ会議');
  await page.selectOption('[name="service.pricing"]', 'paid');
  await page.selectOption('[name="service.contract"]', 'negotiated');
  await page.fill('[name="service.data_locations"]', 'jp');
  await page.selectOption('[name="service.e2e_encryption"]', 'true');
  await page.selectOption('[name="meeting.role"]', 'host');
  await page.selectOption('[name="meeting.hosting"]', 'cloud');
  await page.selectOption('[name="meeting.external_participants"]', 'true');
  await page.fill('[name="meeting.participants"]', '8');
  await page.check('[name="meeting.features"][value="audio_video"]');
  await page.check('[name="meeting.features"][value="chat"]');
  await page.selectOption('[name="meeting.password"]', 'true');
  await page.selectOption('[name="meeting.waiting_room"]', 'true');
  await page.selectOption('[name="meeting.organization_device"]', 'true');
  await Promise.all([page.waitForLoadState('load'), page.click('button[name="action"][value="evaluate"]')]);
  await page.waitForSelector('.meeting-panel .meeting-verdict');
  ok((await conflicts(page)).length === 0, '6.4(1) important meeting: no conflict', (await conflicts(page)).join(','));
  ok((await verdict(page)) === 'ready', '6.4(1): verdict ready', await verdict(page));
  ok(await page.locator('.meeting-panel [data-measure="m-e2e"]').count() === 1, '6.4(1): the E2E measure 6.2(1)③ is listed');
  ok(await page.locator('[name="meeting.features"][value="chat"]').isChecked(), 'the form keeps what was filled');
  await page.screenshot({ path: path.join(shots, 'meeting-01-example1.png'), fullPage: true });

  // tick recording: 6.2(1)④
  await page.check('[name="meeting.features"][value="recording"]');
  // meeting.js re-evaluates as the form changes (no navigation)…
  const live = await page.waitForSelector('.meeting-panel [data-conflict="wm-plan-e2e-breaking"]', { timeout: 5000 }).then(() => true, () => false);
  ok(live, 'live evaluation: ticking recording shows the 6.2(1)④ conflict without a reload');
  // …and the button posts the form (the page without JavaScript)
  await Promise.all([page.waitForLoadState('load'), page.click('button[name="action"][value="evaluate"]')]);
  await page.waitForSelector('.meeting-panel .meeting-verdict');
  const c2 = await conflicts(page);
  ok(c2.length === 1 && c2[0] === 'wm-plan-e2e-breaking', 'recording with important information → the 6.2(1)④ conflict', c2.join(','));
  ok((await page.locator('.meeting-panel [data-conflict="wm-plan-e2e-breaking"]').textContent()).includes('6.2(1)④'),
    'the conflict cites 6.2(1)④');
  ok((await verdict(page)) === 'needs_review', '6.2(1)④ is a warning: needs review', await verdict(page));
  await page.screenshot({ path: path.join(shots, 'meeting-02-recording.png'), fullPage: true });

  // save
  await page.fill('#title', '定例会議（重要）');
  await page.fill('#date', '2026-05-01');
  await Promise.all([page.waitForURL(/\/meetings\/\d+$/), page.click('button[name="action"][value="save"]')]);
  ok(/\/meetings\/\d+$/.test(page.url()), 'saving goes to the plan page', page.url());
  ok((await page.textContent('body')).includes('定例会議（重要）'), 'the plan page shows the title');
  ok(await page.locator('[data-conflict="wm-plan-e2e-breaking"]').count() === 1, 'the saved plan keeps the conflict');
  ok((await page.textContent('body')).includes('令和8年5月1日'), 'the date is shown in 和暦');
  const planUrl = page.url();
  await page.goto(`${base}/meetings`);
  ok(await page.locator('table.meeting-list a', { hasText: '定例会議（重要）' }).count() === 1, 'the plan is in 「my plans」');

  // print: the A4 host checklist
  const pr = await page.goto(`${planUrl}/print`);
  ok(pr.status() === 200, 'GET /meetings/{n}/print → 200');
  await page.emulateMedia({ media: 'print' });
  ok(!(await page.locator('nav').first().isVisible()), 'print hides the navigation');
  const boxes = await page.locator('table.meeting-measures td.meeting-box').count();
  const rows = await page.locator('table.meeting-measures tbody tr').count();
  ok(boxes > 5 && boxes === rows, 'every measure has a checkbox', `${boxes} boxes, ${rows} rows`);
  ok((await page.textContent('table.meeting-measures')).includes('6.2(2)①'), 'the checklist cites the clauses');
  await page.screenshot({ path: path.join(shots, 'meeting-03-print.png'), fullPage: true });
  await page.pdf({ path: path.join(tmp, 'checklist.pdf'), format: 'A4' }).catch(() => {});
  // the JSON API with the session (its CSRF token from a form)
  await page.emulateMedia({ media: 'screen' });
  await page.goto(`${base}/meetings/new`);
  const csrf = await csrfToken(page);
  const hdr = { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf };
  const ex1 = fs.readFileSync(new URL('../../examples/kitakyushu-cloud/meeting/important-6.4-1.json', import.meta.url), 'utf8');
  let r = await ctx.request.post(`${base}/api/v1/meetings/evaluate`, { headers: hdr, data: ex1 });
  let j = await r.json();
  ok(r.status() === 200 && j.verdict === 'ready' && j.conflicts.length === 0 && j.track === 'important',
    'POST /api/v1/meetings/evaluate: 6.4(1) → ready, no conflict', JSON.stringify(j).slice(0, 200));
  r = await ctx.request.post(`${base}/api/v1/meetings/evaluate`, { headers: hdr, data: '{"information": {"confidentiality": "2"}, "meeting": {"role": "chair"}}' });
  j = await r.json();
  ok(r.status() === 400 && /meeting\.role/.test(j.error), 'bad document → 400 naming meeting.role', JSON.stringify(j));
  const before = (await (await ctx.request.get(`${base}/api/v1/meetings`)).json()).meetings.length;
  r = await ctx.request.post(`${base}/api/v1/meetings/evaluate`, { headers: { ...hdr, 'X-CSRF-Token': 'wrong' }, data: ex1 });
  ok(r.status() === 403, 'evaluate without the CSRF token → 403');
  r = await ctx.request.post(`${base}/api/v1/meetings?title=${encodeURIComponent('API会議')}&date=2026-06-01`, { headers: hdr, data: ex1 });
  j = await r.json();
  ok(r.status() === 201 && j.id > 0 && j.result.verdict === 'ready', 'POST /api/v1/meetings saves → 201', JSON.stringify(j).slice(0, 200));
  const list = (await (await ctx.request.get(`${base}/api/v1/meetings`)).json()).meetings;
  ok(list.length === before + 1 && list.some((m) => m.title === 'API会議'), 'GET /api/v1/meetings lists it');
  r = await ctx.request.get(`${base}/api/v1/meetings/${j.id}`);
  const one = await r.json();
  ok(r.status() === 200 && one.document.meeting.waiting_room === true && one.result.clause === '6', 'GET /api/v1/meetings/{n}: document and result');
  ok(page.consoleErrors.length === 0, 'no console errors (CSP)', page.consoleErrors.join(' | '));
  await ctx.close();

  // an organization whose standard has no section 6
  const te = await signIn('te-admin');
  ok(await te.page.locator('nav a[href="/meetings"]').count() === 0, 'tokyo-edu: no ウェブ会議 in the navigation');
  const r404 = await te.page.goto(`${base}/meetings/new`);
  ok(r404.status() === 404 && (await te.page.textContent('body')).includes('ウェブ会議'), 'tokyo-edu: /meetings/new → 404 in Japanese');
  await te.ctx.close();
} catch (e) {
  ok(false, 'meeting planner in the browser', e.stack || e.message);
} finally {
  const log = await close();
  ok(!/Sanitizer|runtime error/.test(log), 'the server reports no sanitizer error', log.slice(0, 2000));
}
finish();
