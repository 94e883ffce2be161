// Browser test of incident reports (issue #6 item 2; otokuni 3.4①(ケ):
// 利用者が…インシデントや情報の目的外利用等を認知した場合、情報セキュリティ責任者へ
// 報告する): Playwright (playwright-core) driving Debian's Chromium.
//
//   node tests/browser/incidents.mjs PATH/TO/daicho
//
// A staff user opens ledger entry 1, follows the panel's link to the report
// form (the entry preset) and reports a suspected use for other purposes;
// 情報セキュリティ責任者 (the profile's receiver role) finds it on the
// incident list, starts handling it choosing the approach (3.1(7)⑤: none
// agreed on the entry), records a note, resolves it, and 統括 closes it;
// the staff user sees each state and cannot take a step (no forms; a POST
// is answered 403); another staff user gets 404 for the report. No page may
// log a console error (CSP). Screenshots go to $SCREENSHOT_DIR (default
// build/browser-screenshots/incidents).
// The last line is "N passed, N failed"; exit 1 when one failed.
import path from 'node:path';
import { areaTest, finish, forcePost, ok, openSite, root, step } from './harness.mjs';

// ---- the world: an organization on otokuni with one approved entry ----
const t = await areaTest('incidents', 'incident-browser-test-1');
const { cli } = t;
cli(['org', 'create', 'ot', '--name', '乙訓福祉施設事務組合', '--profile', 'otokuni', '--admin', 'admin', '--admin-name', '管理 太郎', '--password-stdin']);
for (const [login, name, role] of [['sekinin', '責任 一郎', 'security_officer'], ['tokatsu', '統括 次郎', 'chief_security_officer'],
  ['shokuin', '職員 花子', 'staff'], ['tanin', '他人 三郎', 'staff']])
  cli(['--as', 'admin', 'user', 'add', login, '--name', name, '--department', '総務課', '--role', role, '--password-stdin']);
cli(['--as', 'sekinin', 'apply', path.join(root, 'examples', 'otokuni', 'ordinary-ready.json')]);
cli(['--as', 'sekinin', 'submit', '1']);
cli(['--as', 'tokatsu', 'decide', '1', 'approve', '--accept-risks']);

const { base, shot, as, submit, close } = await openSite(t);
const TITLE = '委託先が名簿を営業に使っている疑い';

try {
  // ---- the staff user reports from the ledger entry ----
  const s = await as('shokuin');
  const p = s.page;
  await step('staff: the entry page has the incident panel with the report link', async () => {
    await p.goto(`${base}/ledger/1`);
    const panel = await p.textContent('#incidents');
    ok(panel.includes('インシデント報告') && panel.includes('[3.4①(ケ)]'), 'the panel cites 3.4①(ケ)', panel);
    ok(panel.includes('情報セキュリティ責任者'), 'the panel says who receives', panel);
    await p.click('#incidents a[href="/incidents/new?entry=1"]');
    ok(new URL(p.url()).pathname === '/incidents/new', 'the link opens the form', p.url());
  });
  await step('staff: reports a suspected use for other purposes (entry preset)', async () => {
    ok((await p.textContent('form.incident-form')).includes('アンケートフォームC'), 'the form names the entry');
    await p.check('input[name="kind"][value="misuse"]');
    await p.fill('#title', TITLE);
    await p.fill('#description', '委託先の営業担当から、アンケートで集めた名簿を見たという電話があった。');
    await p.fill('#noticed', '2026-04-09T21:15');
    await shot(p, 'staff-report-form');
    await submit(p, 'form.incident-form');
    ok(/\/incidents\/1$/.test(new URL(p.url()).pathname), 'the report leads to its page', p.url());
    ok((await p.textContent('.flash')).includes('情報セキュリティ責任者に通知しました'), 'the flash says who was told');
    ok((await p.textContent('h1')).includes('受付'), 'the state is 受付');
    ok(await p.locator('#steps form').count() === 0, 'no step form for the reporter');
    await shot(p, 'staff-report-received');
  });
  await step('staff: a step POSTed by hand is refused (403), naming who handles', async () => {
    const resp = await forcePost(p, '/incidents/1/step', { action: 'start', approach: 'recovery_first' });
    ok(resp.status() === 403, 'staff may not start handling (403)', String(resp.status()));
    const body = await p.textContent('body');
    ok(body.includes('情報セキュリティ責任者') && body.includes('[3.4①(ケ)・2]'), 'the refusal names the roles and 3.4①(ケ)', body.slice(0, 300));
  });

  // ---- another staff user does not see it ----
  const t = await as('tanin');
  await step('another staff user: 404 for the report, empty list', async () => {
    const r = await t.page.goto(`${base}/incidents/1`);
    ok(r.status() === 404, 'the report is 404 for another staff user', String(r.status()));
    await t.page.goto(`${base}/incidents`);
    ok(!(await t.page.content()).includes(TITLE), 'the list does not show it');
  });
  await t.ctx.close();

  // ---- the receiver role handles it ----
  const r = await as('sekinin');
  const q = r.page;
  await step('receiver: the incident list shows the report', async () => {
    await q.goto(`${base}/incidents?state=open`);
    ok((await q.textContent('table.incident-list')).includes(TITLE), 'the report is listed');
    await shot(q, 'receiver-list');
    await q.click(`table.incident-list a:has-text("${TITLE}")`);
    ok(/\/incidents\/1$/.test(new URL(q.url()).pathname), 'the report opens', q.url());
  });
  await step('receiver: starts handling, choosing the approach (3.1(7)⑤)', async () => {
    const form = await q.textContent('#form-start');
    ok(form.includes('合意した対処方法が記録されていません'), 'no approach agreed on the entry', form);
    await shot(q, 'receiver-start-form');
    await q.check('#form-start input[name="approach"][value="recovery_first"]');
    await submit(q, '#form-start');
    ok((await q.textContent('h1')).includes('対応中'), 'the state is 対応中');
    ok((await q.textContent('table.fields')).includes('復旧優先'), 'the approach is recorded');
  });
  await step('receiver: records a note and resolves', async () => {
    await q.fill('#note-note', '委託先に照会し、名簿の利用停止を求めた');
    await submit(q, '#form-note');
    await q.fill('#note-resolve', '委託先が名簿を削除したことを削除証明書で確認');
    await submit(q, '#form-resolve');
    ok((await q.textContent('h1')).includes('解決'), 'the state is 解決');
    ok((await q.textContent('#timeline')).includes('削除証明書'), 'the timeline shows the resolution');
    await shot(q, 'receiver-resolved');
  });
  ok(q.consoleErrors.length === 0, 'receiver: no console errors (CSP)', q.consoleErrors.join(' | '));
  await r.ctx.close();

  const c = await as('tokatsu');
  await step('統括: closes the report', async () => {
    await c.page.goto(`${base}/incidents/1`);
    await submit(c.page, '#form-close');
    ok((await c.page.textContent('h1')).includes('終結'), 'the state is 終結');
    ok(await c.page.locator('#steps form').count() === 0, 'no step after closed');
    await shot(c.page, 'closed');
  });
  await c.ctx.close();

  await step('staff: sees the state and the timeline', async () => {
    await p.goto(`${base}/incidents/1`);
    ok((await p.textContent('h1')).includes('終結'), 'the reporter sees 終結');
    const tl = await p.textContent('#timeline');
    ok(tl.includes('対応開始') && tl.includes('解決') && tl.includes('終結'), 'every step is on the timeline', tl);
    await p.goto(`${base}/ledger/1`);
    ok((await p.textContent('#incidents')).includes(TITLE), 'the entry panel lists the report');
    await shot(p, 'staff-entry-panel');
  });
  ok(p.consoleErrors.length === 0, 'staff: no console errors (CSP)', p.consoleErrors.join(' | '));
  await s.ctx.close();
} finally {
  await close();
}
finish({ skipped: false });
