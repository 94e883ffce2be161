// Browser test of the contact chart (連絡体制図; issue #6 item 1; tokyo-edu
// 3.1.9①): Playwright (playwright-core) driving Debian's Chromium.
//
//   node tests/browser/contacts.mjs PATH/TO/daicho
//
// The administrator of an entry opens it, sees the panel say the chart is
// missing, fills the plain form (no script needed): a weekday-only chart is
// refused with 3.1.9①, then a chart with a holiday/night number is saved;
// the entry's panel shows the approach and the number; the A4 print page
// lists the internal path; a staff user reads the chart but gets no form.
// No page may log a console error (CSP). Screenshots go to $SCREENSHOT_DIR
// (default build/browser-screenshots/contacts).
import path from 'node:path';
import { areaTest, finish, ok, openSite, root, step } from './harness.mjs';

const t = await areaTest('contacts', 'contacts-browser-test-1');
const { cli } = t;
cli(['org', 'create', 'te', '--name', '東京都教育庁', '--profile', 'tokyo-edu', '--admin', 'admin', '--admin-name', '管理 太郎', '--password-stdin']);
cli(['--as', 'admin', 'user', 'add', 'owner', '--name', '所管 太郎', '--department', '学務課', '--role', 'asset_owner', '--password-stdin']);
cli(['--as', 'admin', 'user', 'add', 'officer', '--name', '局責 次郎', '--department', '局', '--role', 'cyber_officer', '--password-stdin']);
cli(['--as', 'admin', 'user', 'add', 'staff', '--name', '職員 花子', '--department', '学務課', '--role', 'staff', '--password-stdin']);
cli(['--as', 'owner', 'apply', path.join(root, 'examples/tokyo-edu/ordinary-ready.json')]);
cli(['--as', 'owner', 'submit', '1']);
cli(['--as', 'officer', 'decide', '1', 'approve', '--reason', '承認', '--accept-risks']);

const { base, shot, as, submit, close } = await openSite(t);

try {
  const o = await as('owner');
  const p = o.page;
  await step('owner: the entry page says the chart is missing', async () => {
    await p.goto(`${base}/ledger/1`);
    const panel = await p.textContent('#contacts');
    ok(panel.includes('未作成') && panel.includes('3.1.9①'), 'the panel says 未作成 with 3.1.9①', panel);
    await p.click('#contacts a[href="/ledger/1/contacts"]');
    ok(await p.locator('form[action="/ledger/1/contacts"]').count() === 1, 'the administrator gets the form');
  });
  const fillProvider = async () => {
    await p.fill('input[name="p1_org"]', '株式会社テストクラウド');
    await p.fill('input[name="p1_dept"]', 'サポート窓口');
    await p.fill('input[name="p1_phone"]', '03-1234-5678');
    await p.check('input[name="p1_weekday"]');
    await p.check('input[name="has_subcontractors"][value="false"]');
  };
  await step('owner: a weekday-only chart is refused (3.1.9①)', async () => {
    await fillProvider();
    await Promise.all([p.waitForNavigation(), p.click('form[action="/ledger/1/contacts"] button[type="submit"]')]);
    const body = await p.textContent('body');
    ok(body.includes('3.1.9①') && body.includes('休日'), 'the refusal names the holiday contact and 3.1.9①', body.slice(0, 300));
    await p.goto(`${base}/ledger/1/contacts`);
  });
  await step('owner: a chart with a holiday/night number is saved', async () => {
    await fillProvider();
    await p.fill('input[name="p2_org"]', '株式会社テストクラウド');
    await p.fill('input[name="p2_dept"]', '障害受付センター');
    await p.fill('input[name="p2_phone"]', '0120-000-111');
    await p.fill('input[name="p2_hours"]', '24時間365日');
    for (const k of ['weekday', 'holiday', 'night']) await p.check(`input[name="p2_${k}"]`);
    await p.fill('input[name="e_administrator_after"]', '業務用携帯 090-0000-0000');
    await p.check('input[name="approach"][value="recovery_first"]');
    await p.fill('#escalation_timing', '障害検知から1時間以内に電話で第一報');
    await shot(p, 'owner-form');
    await submit(p, 'form[action="/ledger/1/contacts"]');
    ok(/\/ledger\/1\/contacts$/.test(new URL(p.url()).pathname), 'back on the chart', p.url());
    ok((await p.textContent('.flash')).includes('版1'), 'the flash says version 1');
    ok((await p.textContent('#provider')).includes('0120-000-111'), 'the provider table has the 24h number');
    ok((await p.textContent('#path')).includes('業務用携帯'), 'the path has the administrator\'s after-hours number');
    await shot(p, 'owner-chart');
  });
  await step('owner: the entry panel and the print page', async () => {
    await p.goto(`${base}/ledger/1`);
    const panel = await p.textContent('#contacts');
    ok(panel.includes('復旧優先') && panel.includes('0120-000-111'), 'the panel shows the approach and the holiday/night number', panel);
    await p.goto(`${base}/ledger/1/contacts/print`);
    ok((await p.textContent('h1')).includes('連絡体制図'), 'the print page opens');
    ok((await p.textContent('body')).includes('局責 次郎'), 'the print page lists today\'s 局責任者');
    await shot(p, 'print');
  });
  ok(p.consoleErrors.length === 0, 'owner: no console errors (CSP)', p.consoleErrors.join(' | '));
  await o.ctx.close();

  const s = await as('staff');
  const q = s.page;
  await step('staff reads the chart without a form', async () => {
    await q.goto(`${base}/ledger/1/contacts`);
    ok((await q.textContent('#provider')).includes('障害受付センター'), 'staff reads the chart');
    ok(await q.locator('form[action="/ledger/1/contacts"]').count() === 0, 'staff gets no form');
  });
  ok(q.consoleErrors.length === 0, 'staff: no console errors (CSP)', q.consoleErrors.join(' | '));
  await s.ctx.close();
} finally {
  await close();
}
finish({ skipped: false });
