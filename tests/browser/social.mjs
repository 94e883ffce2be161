// Browser test of the social-media pages (issue #5 item 2; tokyo-edu 10):
// Playwright (playwright-core) driving Debian's Chromium.
//
//   node tests/browser/social.mjs PATH/TO/daicho
//
// An asset owner (情報資産を所管する者, 10) registers an account with the
// form, records a check (10エ(イ)) and a monitoring (10カ), and runs the
// impersonation playbook (10キ(ア)) step by step to the end. A staff user's
// post with a bit.ly link gets the 10ケ(ア) warning, and a class B post is
// blocked (10ウ(ア)); the password check answers without echoing the
// password (10オ(ア)). No page may log a console error (CSP). Screenshots go
// to $SCREENSHOT_DIR (default build/browser-screenshots/social).
// The last line is "N passed, N failed"; exit 1 when one failed.
import { areaTest, finish, ok, openSite, step } from './harness.mjs';

// ---- the world: an organization on tokyo-edu made with the CLI ----
const t = await areaTest('social', 'social-browser-test-1');
const { cli } = t;
cli(['org', 'create', 'te', '--name', '東京都立テスト高等学校', '--profile', 'tokyo-edu', '--admin', 'admin', '--admin-name', '管理 太郎', '--password-stdin']);
cli(['--as', 'admin', 'user', 'add', 'owner', '--name', '広報 花子', '--department', '広報担当', '--role', 'asset_owner', '--password-stdin']);
cli(['--as', 'admin', 'user', 'add', 'staff', '--name', '教諭 一郎', '--department', '国語科', '--role', 'staff', '--password-stdin']);

const { base, shot, as, submit, close } = await openSite(t);

try {
  // ---- the asset owner keeps the account ----
  const o = await as('owner');
  const p = o.page;
  await step('owner: the nav shows the SNS register and the page lists nothing yet', async () => {
    ok(await p.locator('nav a[href="/social"]').count() === 1, 'the nav has SNSアカウント (the profile has social_media)');
    await p.click('nav a[href="/social"]');
    ok((await p.textContent('h1')).includes('SNS公式アカウントの台帳'), 'the register page opens');
    ok(await p.locator('a[href="/social/new"]').count() === 1, 'the owner is offered registration (10: 情報資産を所管する者)');
  });
  await step('owner registers an account with the form', async () => {
    await p.click('a[href="/social/new"]');
    await p.fill('#service', 'X');
    await p.fill('#account_name', '@tokyo_test_hs');
    await p.fill('#account_url', 'https://x.com/tokyo_test_hs');
    await p.check('input[name="verified"][value="obtained"]');
    await p.fill('#announce_url', 'https://www.test-hs.metro.tokyo.jp/sns.html');
    await p.fill('#policy', 'https://www.test-hs.metro.tokyo.jp/sns-policy.html');
    await p.check('input[name="info_only"]');
    await p.check('input[name="two_factor"][value="enabled"]');
    await p.fill('#password_holders', '広報 花子\n副校長 次郎');
    await p.fill('#devices', '広報用タブレット（職員室保管）');
    await shot(p, 'owner-new-account');
    await submit(p, 'form[action="/social"]');
    ok(/\/social\/1$/.test(new URL(p.url()).pathname), 'registration leads to the account page', p.url());
    ok((await p.textContent('.flash')).includes('登録しました'), 'the flash says it was registered');
    ok((await p.textContent('#fields')).includes('副校長 次郎'), 'the page shows who knows the password (names)');
  });
  await step('owner records a check of 10エ(イ)', async () => {
    await p.selectOption('#item', 'announced-on-website');
    await p.check('form[action="/social/1/check"] input[name="status"][value="done"]');
    await p.fill('#evidence', '学校HPの「公式SNS」ページに掲載（令和8年4月10日確認）');
    await submit(p, 'form[action="/social/1/check"]');
    const row = await p.textContent('#check-announced-on-website');
    ok(row.includes('実施済') && row.includes('学校HP'), 'the check is shown as done with its evidence', row);
    ok(row.includes('10エ(イ)'), 'the row cites 10エ(イ)');
  });
  await step('owner records a monitoring (10カ)', async () => {
    await p.check('form[action="/social/1/monitor"] input[name="result"][value="ok"]');
    await submit(p, 'form[action="/social/1/monitor"]');
    ok((await p.textContent('.flash')).includes('次回の監視期限'), 'the flash gives the next due date');
    ok((await p.textContent('#monitoring')).includes('問題なし'), 'the record is listed');
    await shot(p, 'owner-account');
  });
  await step('owner runs the impersonation playbook to the end (10キ(ア))', async () => {
    await p.selectOption('#playbook', 'impersonation');
    await p.fill('#run_note', '本校を名乗る偽アカウントを保護者から通報');
    await submit(p, 'form[action="/social/1/playbook"]');
    ok(/\/social\/runs\/1$/.test(new URL(p.url()).pathname), 'the run page opens', p.url());
    ok((await p.textContent('.social-steps')).includes('教育庁 CSIRT'), 'the steps name 教育庁 CSIRT');
    await shot(p, 'owner-run-start');
    const notes = ['学校HPで偽アカウントの存在を周知', 'パスワードを変更', '校長・教育庁CSIRTへ電話で報告（10:05）', 'X社へ削除依頼'];
    for (let i = 0; i < 4; i++) {
      await p.fill('#step_note', notes[i]);
      await submit(p, 'form[action="/social/runs/1/step"]');
      ok((await p.textContent('.flash')).includes(`手順 ${i + 1} を記録しました`), `step ${i + 1} is recorded in order`);
    }
    await submit(p, 'form[action="/social/runs/1/close"]');
    ok((await p.textContent('h1')).includes('完了'), 'the run is closed');
    ok(await p.locator('.social-step-done').count() === 4, 'all four steps are marked done');
    await shot(p, 'owner-run-closed');
  });
  ok(p.consoleErrors.length === 0, 'owner: no console errors (CSP)', p.consoleErrors.join(' | '));
  await o.ctx.close();

  // ---- a staff user checks posts ----
  const s = await as('staff');
  const q = s.page;
  await step('staff: no registration, but the checks', async () => {
    await q.goto(`${base}/social`);
    ok(await q.locator('a[href="/social/new"]').count() === 0, 'staff is not offered registration');
    await q.goto(`${base}/social/1`);
    ok(await q.locator('form[action="/social/1/check"]').count() === 0, 'staff gets no recording forms');
  });
  const confirmAll = async () => {
    for (const box of await q.locator('input[name="confirm"]').all()) await box.check();
  };
  await step('staff: a post with a bit.ly link gets the 10ケ(ア) warning', async () => {
    await q.goto(`${base}/social/post-check?account=1`);
    await q.fill('#text', '学校説明会の申込みはこちら https://bit.ly/3TestHs');
    await q.check('input[name="confidentiality"][value="C"]');
    await confirmAll();
    await submit(q, 'form[action="/social/post-check"]');
    const r = await q.textContent('#result');
    ok(r.includes('確認が必要です'), 'the verdict is needs_review', r);
    ok(r.includes('10ケ(ア)') && r.includes('URL短縮'), 'the finding cites 10ケ(ア)', r);
    await shot(q, 'staff-post-shortener');
  });
  await step('staff: class B is blocked (10ウ(ア))', async () => {
    await q.goto(`${base}/social/post-check`);
    await q.fill('#text', '保護者会の議事メモを共有します');
    await q.check('input[name="confidentiality"][value="B"]');
    await confirmAll();
    await submit(q, 'form[action="/social/post-check"]');
    const r = await q.textContent('#result');
    ok(r.includes('投稿できません'), 'the verdict is blocked', r);
    ok(r.includes('10ウ(ア)'), 'the finding cites 10ウ(ア)', r);
    await shot(q, 'staff-post-blocked');
  });
  await step('staff: the password check never shows the password (10オ(ア))', async () => {
    await q.goto(`${base}/social/password-check`);
    await q.fill('#candidate', 'abcdefgh1234');
    await submit(q, 'form[action="/social/password-check"]');
    const r = await q.textContent('#result');
    ok(r.includes('満たしていません') && r.includes('英大文字'), 'a 2-class password fails, naming the missing classes', r);
    ok(!(await q.content()).includes('abcdefgh1234'), 'the page does not contain the password');
    ok((await q.inputValue('#candidate')) === '', 'the field is empty again');
    await shot(q, 'staff-password');
  });
  ok(q.consoleErrors.length === 0, 'staff: no console errors (CSP)', q.consoleErrors.join(' | '));
  await s.ctx.close();
} finally {
  await close();
}
finish({ skipped: false });
