/* bench/ledger — the ledger at scale (issue #3), per backend (SQLite, PostgreSQL):
 *
 *   import   app_ledger_import of generated CSV (the profile kitakyushu-external's
 *            export layout, realistic Japanese text) in chunks of 100,000 rows, one
 *            use case each; the first chunk is timed alone. Anchor: the client's bulk
 *            load of that same CSV into a bare table (sqlite3 .import / psql \copy)
 *   search   store_ledger_search as the ledger list page calls it (text, limit 50,
 *            total counted) for ten 2-character and ten 4-character queries, each run
 *            REPS times interleaved: p50/p99 per query length. Anchor: the very same
 *            statements (taken from the store's statement cache, same parameters)
 *            run by the sqlite3 / psql client and timed by the client itself
 *            (.timer on / \timing)
 *   export   app_ledger_export of every row to a CSV file; anchor: grep -c over it
 *   approve  apply + submit + approve (risks accepted) through the app layer
 *   size     the database on disk; peak RSS of the process
 *
 * Each backend runs in a child process of its own (so the peak RSS is per
 * backend); the parent prints the summary table with the ratio to each anchor.
 * Usage: bench_ledger [--sqlite FILE] [--pg URL] [--entries N] [--chunk N]
 *                     [--approvals N] [--reps N] [--workdir DIR] [--reuse] [--no-vacuum]
 *                     [--sql-profile]   (SQLite: time per statement, to stderr)
 *                     [--sqlite-pragma SQL]  (experiment: e.g. "PRAGMA cache_size=-262144")
 *        bench_ledger --csv N [--first M]   (write N generated rows as CSV to stdout)
 * bench/run-ledger-bench.sh sets everything up. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "domain/search_text.h"
#include "exchange/csv.h"
#include "exchange/ledger_columns.h"
#include "policy/fields.h"
#include "policy/registry.h"
#include "store/db_impl.h" /* the statement cache: the exact SQL the store ran, for the CLI anchors */
#include "util/file.h"

#ifndef DAICHO_BUILD_TYPE
#define DAICHO_BUILD_TYPE "?"
#endif

extern char **environ;

static const char PROFILE_ID[] = "kitakyushu-external";
static const uint64_t SEED = 20261122;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "bench_ledger: ");
    fprintf(stderr, fmt, a ? a : "", b ? b : "");
    fprintf(stderr, "\n");
    exit(1);
}

/* ======================================================================
 * The generator: deterministic (one RNG stream per ledger number, so any
 * chunk can be made alone), realistic Japanese text.
 * ====================================================================== */

typedef struct Rng {
    uint64_t s;
} Rng;

static uint64_t rng_next(Rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static unsigned rnd(Rng *r, unsigned n) { return (unsigned)(((rng_next(r) >> 32) * n) >> 32); }

typedef struct W {
    const char *s;
    int w;
} W;
#define NW(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *pickw(Rng *r, const W *a, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += a[i].w;
    int x = (int)rnd(r, (unsigned)total);
    for (int i = 0; i < n; i++) {
        if (x < a[i].w)
            return a[i].s;
        x -= a[i].w;
    }
    return a[n - 1].s;
}

/* Kinds of service: the first part of the name, the category, functions. */
typedef struct Kind {
    const char *name, *category;
    int weight;
    const char *fn[4];
} Kind;

static const Kind kinds[] = {
    {"オンライン会議", "web_meeting", 500, {"Web会議機能", "画面共有機能", "録画・議事録作成機能", "ウェビナー配信機能"}},
    {"ファイル共有", "cloud", 700, {"ファイル共有機能", "大容量ファイル送信機能", "共同編集機能", "外部共有リンク機能"}},
    {"クラウドストレージ", "cloud", 800, {"ファイル保管機能", "バックアップ機能", "共有フォルダ機能", "版管理機能"}},
    {"電子申請", "cloud", 550, {"電子申請受付機能", "申請フォーム作成機能", "オンライン決済機能", "申請状況照会機能"}},
    {"アンケート", "cloud", 900, {"アンケート作成機能", "回答集計機能", "イベント申込受付機能", "意見募集機能"}},
    {"ビジネスチャット", "cloud", 800, {"チャット機能", "グループ通話機能", "掲示板機能", "タスク管理機能"}},
    {"メール配信", "mail_delivery", 500, {"メール一斉配信機能", "配信リスト管理機能", "開封率分析機能", "登録受付機能"}},
    {"動画配信", "social_media", 300, {"動画配信機能", "ライブ配信機能", "アーカイブ公開機能", "字幕作成機能"}},
    {"SNS", "social_media", 600, {"公式アカウント運用機能", "投稿予約機能", "コメント管理機能", "分析レポート機能"}},
    {"機械翻訳", "translation", 250, {"文書翻訳機能（英語・中国語・韓国語）", "音声翻訳機能", "多言語表示機能", "用語集管理機能"}},
    {"地図", "map", 300, {"地図表示機能", "施設位置検索機能", "ハザードマップ表示機能", "経路案内機能"}},
    {"施設予約", "cloud", 400, {"施設予約機能", "空き状況照会機能", "抽選機能", "利用料決済機能"}},
    {"生成AI", "cloud", 500, {"文章要約機能", "文書作成支援機能", "文書校正機能", "アイデア出し支援機能"}},
    {"ホームページ作成", "hosting", 300, {"ページ作成機能", "アクセス解析機能", "お知らせ掲載機能", "問い合わせフォーム機能"}},
    {"サイト内検索", "search", 150, {"全文検索機能", "よくある質問検索機能", "検索結果分析機能", "サジェスト機能"}},
    {"電子契約", "cloud", 250, {"電子署名機能", "契約書管理機能", "承認ワークフロー機能", "タイムスタンプ機能"}},
    {"オンライン研修", "cloud", 250, {"eラーニング機能", "受講管理機能", "テスト作成機能", "修了証発行機能"}},
    {"日程調整", "cloud", 450, {"日程調整機能", "出欠確認機能", "リマインド通知機能", "カレンダー連携機能"}},
    {"ノーコード業務アプリ", "cloud", 300, {"業務アプリ作成機能", "データベース機能", "承認ワークフロー機能", "帳票出力機能"}},
    {"防災情報配信", "mail_delivery", 40, {"緊急情報配信機能", "避難所開設情報機能", "安否確認機能", "防災訓練支援機能"}},
    {"観光案内", "cloud", 20, {"観光案内機能", "多言語観光マップ機能", "イベント情報配信機能", "周遊スタンプラリー機能"}},
    {"議会中継", "social_media", 3, {"本会議中継機能", "委員会録画公開機能", "字幕表示機能", "会議録検索機能"}},
};

static const W name_suffix[] = {{"サービス", 40}, {"システム", 20}, {"プラットフォーム", 10}, {"クラウド", 10},
                                 {"ツール", 10}, {"アプリ", 10}};
static const W name_variant[] = {{"A", 20}, {"B", 14}, {"C", 10}, {"D", 7}, {"E", 5}, {"F", 4}, {"G", 3}, {"K", 3},
                                  {"M", 3}, {"X", 3}, {"Z", 2}, {"2", 6}, {"3", 4}, {"5", 2}, {" Pro", 5},
                                  {" Lite", 3}, {" for 自治体", 4}, {"", 12}};
static const W provider_core[] = {
    {"みらい", 5}, {"あおば", 4}, {"さくら", 5}, {"ひかり", 5}, {"東和", 4}, {"北九", 3}, {"大和", 4}, {"光陽", 3},
    {"新星", 3}, {"富士見", 3}, {"朝日", 4}, {"若松", 2}, {"門司", 2}, {"八幡", 2}, {"小倉", 2}, {"戸畑", 1},
    {"玄海", 2}, {"関門", 2}, {"響", 2}, {"銀河", 3}, {"日本", 5}, {"アオイ", 2}, {"ミドリ", 2}, {"ソラ", 3}};
static const W provider_mid[] = {{"クラウド", 6}, {"システムズ", 6}, {"ソリューションズ", 5}, {"テクノロジー", 4},
                                 {"情報サービス", 4}, {"ネットワークス", 3}, {"ソフトウェア", 3}, {"データ", 3},
                                 {"コミュニケーションズ", 2}, {"ラボ", 2}, {"デジタル", 3}, {"通信", 2}};
static const W provider_foreign[] = {{"Example Cloud Inc.", 3}, {"Acme Software Ltd.", 2}, {"Northwind Systems Inc.", 2},
                                     {"Contoso Media LLC", 1}, {"Globex Translation GmbH", 1}};

/* Municipal tasks; the query words live here with realistic frequencies. */
static const W topics[] = {
    {"部局間の定例会議", 60}, {"庁内会議", 70}, {"審議会の会議資料", 30}, {"外部の有識者との打合せ", 120},
    {"新任職員研修", 70}, {"情報セキュリティ研修", 60}, {"市民向け講座", 150}, {"市政だよりの広報", 60},
    {"イベントの広報", 80}, {"区役所窓口の混雑状況", 40}, {"窓口での多言語対応", 25}, {"子育て支援に関する相談", 100},
    {"子育て支援センターの講座", 50}, {"保育所の入所案内", 80}, {"地域の防災情報", 30}, {"防災訓練の参加者", 4},
    {"市税の税務相談", 10}, {"高齢者福祉サービスの案内", 50}, {"障害福祉に関する手続", 30}, {"観光イベントの情報", 30},
    {"観光案内所への問い合わせ", 10}, {"選挙の投票所案内", 1}, {"市営墓地の使用者募集", 5}, {"外国人住民への生活情報", 100},
    {"学校との連絡", 140}, {"道路の補修要望", 80}, {"ごみ分別の問い合わせ", 80}, {"図書館の講座", 60},
    {"スポーツ大会の運営", 60}, {"健康診断の予約", 80}, {"上下水道の工事情報", 50}, {"公園の利用案内", 50},
    {"事業者向け補助金の申請", 100}, {"電子申請による各種届出", 60}, {"職員の勤務調整", 80}, {"業務資料の作成", 250},
    {"統計データの集計", 80}, {"市民意見の募集", 100}, {"地域団体との連絡調整", 100}, {"空き家の相談", 40},
};
static const W activities[] = {
    {"を職員間で共有する", 10}, {"をオンラインで受け付ける", 8}, {"の資料を配布する", 8}, {"を市民に配信する", 6},
    {"を集計・分析する", 8}, {"を記録して管理する", 8}, {"について関係者と連絡を取る", 8}, {"を多言語に翻訳する", 2},
    {"をオンラインで実施する", 6}, {"の日程を調整する", 6}, {"を動画で公開する", 3}, {"の情報を地図で示す", 3},
    {"の進捗を確認する", 5},
};
static const W extras[] = {
    {"個人情報は入力しない。", 10}, {"職員が内容を確認してから公開する。", 6}, {"年間約%d件を見込む。", 6},
    {"参加者は%d名程度。", 5}, {"紙の様式による手続を減らす。", 5}, {"業務の効率化を図る。", 8},
    {"夜間・休日も対応できるようにする。", 3}, {"担当者の異動時も引継ぎしやすくする。", 3},
    {"取り扱う情報は公表済みのものに限る。", 5}, {"利用は試行として1年間とする。", 2},
};
static const W departments[] = {
    {"総務局 総務課", 400}, {"総務局 人事課", 300}, {"総務局 情報政策課", 220}, {"総務局 職員研修所", 40},
    {"企画調整局 企画課", 300}, {"企画調整局 国際政策課", 200}, {"財政局 財政課", 200}, {"財政局 税務課", 10},
    {"財政局 市民税課", 100}, {"市長公室 広報室", 100}, {"危機管理室 危機管理課", 100}, {"危機管理室 防災企画課", 20},
    {"保健福祉局 地域福祉課", 80}, {"保健福祉局 障害福祉企画課", 60}, {"保健局 健康推進課", 150},
    {"子ども家庭局 子育て支援課", 100}, {"子ども家庭局 保育課", 150}, {"産業経済局 観光課", 40},
    {"産業経済局 企業立地支援課", 100}, {"産業経済局 農林課", 80}, {"環境局 循環社会推進課", 150},
    {"建設局 道路計画課", 150}, {"建築都市局 都市計画課", 120}, {"港湾空港局 港営課", 60},
    {"上下水道局 お客さまセンター", 100}, {"消防局 警防課", 80}, {"教育委員会 学校支援課", 250},
    {"教育委員会 中央図書館", 100}, {"小倉北区役所 総務企画課", 120}, {"小倉北区役所 市民課", 150},
    {"八幡西区役所 保健福祉課", 40}, {"門司区役所 まちづくり整備課", 60}, {"若松区役所 市民課", 80},
    {"選挙管理委員会事務局 選挙課", 1}, {"議会事務局 議事課", 10}, {"監査事務局 監査第一課", 20},
};
static const char *const family_names[] = {"山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林",
                                           "加藤", "吉田", "山本", "松本", "井上", "木村", "林", "清水", "山崎",
                                           "森", "池田", "橋本", "阿部", "石川", "中島", "前田", "藤田", "後藤",
                                           "岡田", "長谷川", "村上", "近藤", "坂本", "遠藤", "青木", "西村", "福田",
                                           "太田", "三浦", "藤井", "原田", "中原", "吉武", "末松", "古賀"};
static const char *const given_names[] = {"太郎", "花子", "翔", "真理", "健一", "直子", "大輔", "美咲", "誠", "由美",
                                          "浩二", "恵", "拓也", "彩", "剛", "裕子", "隆", "明美", "悠斗", "さくら",
                                          "陽菜", "蓮", "結衣", "大和", "葵", "優子", "和也", "千尋", "亮", "舞"};
static const W scopes[] = {
    {"%sの職員%d名に限る。", 30}, {"%s内の職員に限る。", 15}, {"庁内の職員に限る。", 12},
    {"%sの職員及び委託事業者の担当者に限る。", 10}, {"市民（申込者）及び%sの職員。", 10}, {"部局内に限る。", 10},
    {"自組織の関係者内に限る。", 8}, {"%sの職員と関係団体の担当者%d名。", 5},
};
static const W titles[] = {{"課長", 50}, {"係長", 20}, {"主査", 10}, {"担当係長", 10}, {"室長", 5}, {"所長", 5}};
static const W classes_c[] = {{"3", 80}, {"2", 17}, {"1", 3}};
static const W classes_i[] = {{"3", 60}, {"2", 35}, {"1", 5}};
static const W classes_a[] = {{"3", 65}, {"2", 30}, {"1", 5}};
static const W states[] = {{"利用中", 88}, {"利用終了", 10}, {"利用終了手続中", 2}};

typedef struct Gen {
    const LedgerColumns *cols;
    Str v[LEDGER_COLUMNS_MAX];
    Str tmp;
} Gen;

static void gen_purpose(Rng *r, const char *dept, Str *out)
{
    for (int attempt = 0;; attempt++) {
        str_reset(out);
        if (rnd(r, 100) < 30) {
            const char *sp = strchr(dept, ' ');
            str_appendf(out, "%sが行う", sp ? sp + 1 : dept);
        }
        str_append(out, pickw(r, topics, NW(topics)));
        str_append(out, pickw(r, activities, NW(activities)));
        str_append(out, "ため。");
        while (search_char_count(str_cstr(out)) < 30) {
            const char *e = pickw(r, extras, NW(extras));
            if (strchr(e, '%'))
                str_appendf(out, e, 2 + (int)rnd(r, 300));
            else
                str_append(out, e);
        }
        if (search_char_count(str_cstr(out)) <= 80 || attempt >= 8)
            return;
    }
}

static void gen_date(Str *out, int y, int m, int d) { str_appendf(out, "%04d-%02d-%02d", y, m, d); }

/* One row for ledger number `number`, appended to `line` as CSV. */
static void gen_row(Gen *g, long long number, Str *line)
{
    Rng r = {SEED * 0x100000001b3ULL ^ (uint64_t)number * 0x9e3779b97f4a7c15ULL};
    rng_next(&r);
    int total = 0;
    for (int i = 0; i < NW(kinds); i++)
        total += kinds[i].weight;
    int x = (int)rnd(&r, (unsigned)total), k = 0;
    while (x >= kinds[k].weight)
        x -= kinds[k++].weight;
    const Kind *kind = &kinds[k];
    const char *dept = pickw(&r, departments, NW(departments));
    const char *admin_dept = rnd(&r, 100) < 80 ? dept : pickw(&r, departments, NW(departments));
    int fy = 2018 + (int)rnd(&r, 9); /* fiscal years 2018–2026, more of them recent */
    if (fy < 2022 && rnd(&r, 2))
        fy += 4;
    int from_m = rnd(&r, 100) < 60 ? 4 : 1 + (int)rnd(&r, 12);
    int years = rnd(&r, 100) < 70 ? 1 : 2 + (int)rnd(&r, 2);
    const char *state = pickw(&r, states, NW(states));

    Str *v = g->v;
    for (int i = 0; i < g->cols->n; i++)
        str_reset(&v[i]);
    for (int i = 0; i < g->cols->n; i++) {
        const LedgerColumn *c = &g->cols->cols[i];
        Str *s = &v[i];
        switch (c->kind) {
        case COL_NUMBER: str_appendf(s, "%lld", number); break;
        case COL_STATE: str_append(s, state); break;
        case COL_REVIEW_DUE:
            if (strcmp(state, "利用終了") != 0)
                gen_date(s, 2026 + (int)rnd(&r, 3), 1 + (int)rnd(&r, 12), 1 + (int)rnd(&r, 28));
            break;
        case COL_FIELD:
            switch (c->field) {
            case F_SERVICE_NAME:
                str_appendf(s, "%s%s%s", kind->name, pickw(&r, name_suffix, NW(name_suffix)),
                            pickw(&r, name_variant, NW(name_variant)));
                break;
            case F_SERVICE_FUNCTION: str_append(s, kind->fn[rnd(&r, 4)]); break;
            case F_SERVICE_PROVIDER: {
                unsigned f = rnd(&r, 100);
                const char *core = pickw(&r, provider_core, NW(provider_core)),
                           *mid = pickw(&r, provider_mid, NW(provider_mid));
                if (f < 50)
                    str_appendf(s, "株式会社%s%s", core, mid);
                else if (f < 85)
                    str_appendf(s, "%s%s株式会社", core, mid);
                else if (f < 90)
                    str_appendf(s, "合同会社%s%s", core, mid);
                else
                    str_append(s, pickw(&r, provider_foreign, NW(provider_foreign)));
                break;
            }
            case F_SERVICE_CATEGORY: str_append(s, kind->category); break;
            case F_PURPOSE: gen_purpose(&r, dept, s); break;
            case F_USER_SCOPE: {
                const char *t = pickw(&r, scopes, NW(scopes));
                const char *sp = strchr(dept, ' ');
                str_reset(&g->tmp);
                str_appendn(&g->tmp, dept, sp ? (size_t)(sp - dept) : strlen(dept));
                const char *where = strstr(t, "内の") ? str_cstr(&g->tmp) : dept;
                if (strstr(t, "%d"))
                    str_appendf(s, t, where, 3 + (int)rnd(&r, 40));
                else if (strstr(t, "%s"))
                    str_appendf(s, t, where);
                else
                    str_append(s, t);
                break;
            }
            case F_INFO_CONFIDENTIALITY: str_append(s, pickw(&r, classes_c, NW(classes_c))); break;
            case F_INFO_INTEGRITY: str_append(s, pickw(&r, classes_i, NW(classes_i))); break;
            case F_INFO_AVAILABILITY: str_append(s, pickw(&r, classes_a, NW(classes_a))); break;
            case F_PERIOD_FROM: gen_date(s, from_m >= 4 ? fy : fy + 1, from_m, 1); break;
            case F_PERIOD_TO: gen_date(s, fy + years, 3, 31); break;
            case F_APPLICANT_DEPARTMENT: str_append(s, dept); break;
            case F_APPLICANT_NAME:
                str_appendf(s, "%s %s", family_names[rnd(&r, NW(family_names))], given_names[rnd(&r, NW(given_names))]);
                break;
            case F_ADMIN_DEPARTMENT: str_append(s, admin_dept); break;
            case F_ADMIN_TITLE: str_append(s, pickw(&r, titles, NW(titles))); break;
            default: break; /* a column this generator does not fill stays empty */
            }
            break;
        }
    }
    for (int i = 0; i < g->cols->n; i++)
        csv_write_field(line, i == 0, str_cstr(&v[i]));
    csv_end_row(line);
}

/* CSV with header for numbers first .. first+n-1. */
static void gen_csv(Gen *g, long long first, long long n, Str *out)
{
    str_reset(out);
    csv_write_bom(out);
    for (int i = 0; i < g->cols->n; i++)
        csv_write_field(out, i == 0, g->cols->headers[i]);
    csv_end_row(out);
    for (long long k = 0; k < n; k++)
        gen_row(g, first + k, out);
}

static void gen_free(Gen *g)
{
    for (int i = 0; i < LEDGER_COLUMNS_MAX; i++)
        str_free(&g->v[i]);
    str_free(&g->tmp);
}

/* ======================================================================
 * Queries. Frequencies (share of entries matched at 1M, see the output):
 * common ones 5–10%, rare ones < 0.1%; "very common" ones are reported apart.
 * ====================================================================== */

static const char *const queries2[] = {"会議", "研修", "広報", "窓口", "福祉", "防災", "観光", "翻訳", "税務", "選挙"};
static const char *const queries4[] = {"電子申請", "ファイル", "子育て支", "情報政策", "動画配信",
                                       "定例会議", "観光案内", "防災訓練", "議会中継", "投票所案"};
static const char *const queries_common[] = {"職員", "株式会社"};
enum { NQ2 = NW(queries2), NQ4 = NW(queries4), NQC = NW(queries_common), NQ = NQ2 + NQ4 + NQC };

static const char *query_text(int i)
{
    return i < NQ2 ? queries2[i] : i < NQ2 + NQ4 ? queries4[i - NQ2] : queries_common[i - NQ2 - NQ4];
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of n samples (sorted in place). */
static double pct(double *v, int n, double p)
{
    if (n <= 0)
        return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    int k = (int)(p / 100.0 * n + 0.999999) - 1;
    return v[k < 0 ? 0 : k >= n ? n - 1 : k];
}

/* ======================================================================
 * Results: the child writes "key\tvalue" lines; the parent reads them.
 * ====================================================================== */

static FILE *res_out;

static void res_num(const char *key, double v)
{
    fprintf(res_out, "%s\t%.9g\n", key, v);
    fflush(res_out);
}

static void res_str(const char *key, const char *v)
{
    fprintf(res_out, "%s\ts:%s\n", key, v);
    fflush(res_out);
}

typedef struct Kv {
    char key[64];
    double v;
    char s[256];
} Kv;
typedef struct Results {
    Kv kv[512];
    int n;
    int ok;
} Results;

static void res_load(Results *r, const char *path)
{
    memset(r, 0, sizeof *r);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f) && r->n < NW(r->kv)) {
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = 0;
        char *val = tab + 1;
        val[strcspn(val, "\n")] = 0;
        Kv *k = &r->kv[r->n++];
        snprintf(k->key, sizeof k->key, "%.63s", line);
        if (!strncmp(val, "s:", 2))
            snprintf(k->s, sizeof k->s, "%.255s", val + 2);
        else
            k->v = atof(val);
    }
    fclose(f);
}

static const Kv *res_get(const Results *r, const char *key)
{
    for (int i = r->n - 1; i >= 0; i--)
        if (!strcmp(r->kv[i].key, key))
            return &r->kv[i];
    return NULL;
}

static double res_v(const Results *r, const char *key)
{
    const Kv *k = res_get(r, key);
    return k ? k->v : -1;
}

/* ======================================================================
 * Helpers: processes, formatting, machine.
 * ====================================================================== */

/* Run argv with stdout to `out_path` (stderr inherited); wall seconds or -1. */
static double run_timed(char *const argv[], const char *out_path)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid;
    double t0 = now();
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return -1;
    int status;
    waitpid(pid, &status, 0);
    double t = now() - t0;
    return WIFEXITED(status) && WEXITSTATUS(status) <= 1 ? t : -1; /* grep -c: 1 = no match */
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    Str s = STR_INIT;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        str_appendn(&s, buf, n);
    fclose(f);
    if (str_failed(&s)) {
        str_free(&s);
        return NULL;
    }
    if (!s.buf)
        return strdup("");
    return s.buf;
}

/* First line of a command's output (trimmed), or "?". */
static void cmd_line(const char *cmd, char *out, size_t cap)
{
    snprintf(out, cap, "?");
    FILE *p = popen(cmd, "r");
    if (!p)
        return;
    if (fgets(out, (int)cap, p))
        out[strcspn(out, "\n")] = 0;
    else
        snprintf(out, cap, "?");
    pclose(p);
}

/* 1234567.8 → "1,234,568" */
static const char *grp(double v, char *buf)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.0f", v);
    int len = (int)strlen(tmp), neg = tmp[0] == '-', j = 0;
    for (int i = 0; i < len; i++) {
        buf[j++] = tmp[i];
        int left = len - i - 1;
        if (left > 0 && left % 3 == 0 && !(neg && i == 0))
            buf[j++] = ',';
    }
    buf[j] = 0;
    return buf;
}

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec * 1e-6;
}

static void loadavg(char *out, size_t cap)
{
    snprintf(out, cap, "?");
    FILE *f = fopen("/proc/loadavg", "r");
    if (!f)
        return;
    double a, b, c;
    if (fscanf(f, "%lf %lf %lf", &a, &b, &c) == 3)
        snprintf(out, cap, "%.2f %.2f %.2f", a, b, c);
    fclose(f);
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

/* ======================================================================
 * --sql-profile (SQLite): time per statement through sqlite3_trace_v2, to
 * see where a use case spends its time.
 * ====================================================================== */

typedef struct SqlProf {
    char sql[160];     /* the statement's first characters */
    double ns;
    long n;
} SqlProf;
static SqlProf sql_prof[256];
static int n_sql_prof;

static int sql_prof_cb(unsigned type, void *ctx, void *p, void *x)
{
    (void)ctx;
    if (type != SQLITE_TRACE_PROFILE)
        return 0;
    const char *sql = sqlite3_sql((sqlite3_stmt *)p);
    double ns = (double)*(sqlite3_int64 *)x; /* SQLite measures in whole ms: sums over many calls only */
    if (!sql)
        return 0;
    for (int i = 0; i < n_sql_prof; i++)
        if (strncmp(sql_prof[i].sql, sql, sizeof sql_prof[i].sql - 1) == 0) {
            sql_prof[i].ns += ns;
            sql_prof[i].n++;
            return 0;
        }
    if (n_sql_prof < NW(sql_prof)) {
        SqlProf *sp = &sql_prof[n_sql_prof++];
        snprintf(sp->sql, sizeof sp->sql, "%s", sql);
        sp->ns = ns;
        sp->n = 1;
    }
    return 0;
}

static int cmp_prof(const void *a, const void *b)
{
    double x = ((const SqlProf *)a)->ns, y = ((const SqlProf *)b)->ns;
    return x < y ? 1 : x > y ? -1 : 0;
}

static void sql_prof_report(const char *phase, double wall_s)
{
    if (!n_sql_prof)
        return;
    qsort(sql_prof, (size_t)n_sql_prof, sizeof sql_prof[0], cmp_prof);
    double total = 0;
    for (int i = 0; i < n_sql_prof; i++)
        total += sql_prof[i].ns;
    fprintf(stderr, "  SQL profile, %s: %.2f s in statements of %.2f s wall\n", phase, total * 1e-9, wall_s);
    for (int i = 0; i < n_sql_prof && i < 12; i++)
        fprintf(stderr, "    %8.3f s %8ld× %7.1f µs  %.120s\n", sql_prof[i].ns * 1e-9, sql_prof[i].n,
                sql_prof[i].ns * 1e-3 / sql_prof[i].n, sql_prof[i].sql);
    n_sql_prof = 0;
}

/* ======================================================================
 * One backend, in a child process.
 * ====================================================================== */

typedef struct Options {
    const char *sqlite, *pg, *workdir;
    long long entries, chunk;
    int approvals, reps, reuse, vacuum, sql_profile;
    const char *sqlite_pragma; /* experiment: SQL run on the SQLite connection after opening */
    const char *root;
} Options;

typedef struct Sink {
    long rows;
    size_t bytes;
} Sink;

static int sink_row(void *ctx, const EntryRow *row)
{
    Sink *s = ctx;
    s->rows++;
    s->bytes += strlen(row->service_name) + strlen(row->doc);
    return 0;
}

/* Mirror of query_value() in src/store/ledger.c: what the store binds to :q. */
static void query_value(int pg, int mode_bigram, const char *norm, Str *out)
{
    if (!mode_bigram && !pg) {
        str_appendc(out, '"');
        for (const char *p = norm; *p; p++) {
            if (*p == '"')
                str_appendc(out, '"');
            str_appendc(out, *p);
        }
        str_appendc(out, '"');
    } else if (!mode_bigram) {
        str_appendc(out, '%');
        for (const char *p = norm; *p; p++) {
            if (*p == '%' || *p == '_' || *p == '\\')
                str_appendc(out, '\\');
            str_appendc(out, *p);
        }
        str_appendc(out, '%');
    } else {
        Str b = STR_INIT;
        search_bigrams(norm, ' ', &b);
        if (!pg)
            str_appendf(out, "\"%s\"", str_cstr(&b));
        else
            str_append(out, str_cstr(&b));
        str_free(&b);
    }
}

/* SQL string literal. */
static void sql_lit(Str *out, const char *v)
{
    str_appendc(out, '\'');
    for (const char *p = v; *p; p++) {
        if (*p == '\'')
            str_appendc(out, '\'');
        str_appendc(out, *p);
    }
    str_appendc(out, '\'');
}

/* The search statements the store prepared: [bigram?][count?]. */
/* The search statements the store prepared: [bigram?][count?], and on
 * PostgreSQL the page statement it takes for a word whose capped count
 * stays within LEDGER_TOTAL_CAP (ordered by "e.id + 0": its own index, then
 * a sort of the few matches). */
typedef struct SearchSql {
    DbStmt *st[2][2];
    DbStmt *rare[2];
} SearchSql;

static int find_search_sql(Db *db, SearchSql *s)
{
    int pg = db_kind(db) == DB_POSTGRES;
    const char *marker[2] = {pg ? "e.search_text LIKE :q" : "ledger_fts MATCH :q",
                             pg ? "e.search_bigrams @>" : "ledger_bigram MATCH :q"};
    memset(s, 0, sizeof *s);
    for (DbStmt *st = db->cache; st; st = st->next)
        for (int b = 0; b < 2; b++) {
            if (!strstr(st->sql, marker[b]))
                continue;
            if (!strncmp(st->sql, "SELECT count(*)", 15))
                s->st[b][1] = st;
            else if (pg && strstr(st->sql, "e.id + 0"))
                s->rare[b] = st;
            else
                s->st[b][0] = st;
        }
    return s->st[0][0] && s->st[0][1] && s->st[1][0] && s->st[1][1];
}

/* The page statement the store runs for a query with this (capped) count. */
static const DbStmt *page_stmt(const SearchSql *s, int pg, int bigram, long long count)
{
    if (pg && count <= LEDGER_TOTAL_CAP && s->rare[bigram])
        return s->rare[bigram];
    return s->st[bigram][0];
}

/* A parameter's value as the store binds it for our queries. */
static const char *param_value(const char *name, long long org, const char *q, char *buf, int *is_int)
{
    *is_int = 1;
    if (!strcmp(name, "org"))
        return snprintf(buf, 32, "%lld", org), buf;
    if (!strcmp(name, "dept") || !strcmp(name, "offset"))
        return "0";
    if (!strcmp(name, "limit"))
        return "50";
    *is_int = 0;
    if (!strcmp(name, "q"))
        return q;
    return ""; /* state, class, due */
}

typedef struct QueryInfo {
    char norm[64];
    int bigram;
    Str qv_sqlite, qv_pg;
    long long hits;
    double t[2048];   /* app samples (s) */
    double a[2048];   /* anchor samples (s) */
    int n, na;
    long long anchor_hits;
    long long matches;  /* every match (the store's total stops at the cap) */
} QueryInfo;

static QueryInfo qinfo[NQ];

/* Anchor through the client: write a script, run it, parse the timings.
 * Returns 0 or -1. */
static int run_anchor(const Options *o, App *app, int pg, const SearchSql *ss, const char *url)
{
    Str sc = STR_INIT;
    char path[4096], out[4096];
    snprintf(path, sizeof path, "%s/anchor-%s.sql", o->workdir, pg ? "pg" : "sqlite");
    snprintf(out, sizeof out, "%s/anchor-%s.out", o->workdir, pg ? "pg" : "sqlite");
    char buf[32];
    if (!pg) {
        str_append(&sc, ".bail on\n.parameter init\nREPLACE INTO temp.sqlite_parameters(key, value) VALUES");
        const DbStmt *st = ss->st[1][0];
        for (int i = 0, n = 0; i < st->n_params; i++) {
            int is_int;
            if (!strcmp(st->param_names[i], "q"))
                continue;
            const char *v = param_value(st->param_names[i], app->org.id, "", buf, &is_int);
            str_appendf(&sc, "%s (':%s', ", n++ ? "," : "", st->param_names[i]);
            if (is_int)
                str_append(&sc, v);
            else
                sql_lit(&sc, v);
            str_appendc(&sc, ')');
        }
        str_append(&sc, ";\n");
    } else {
        str_append(&sc, "\\set ON_ERROR_STOP 1\n\\o /dev/null\n");
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 2; c++)
                str_appendf(&sc, "PREPARE q%d%d AS %s;\n", b, c, ss->st[b][c]->native_sql);
            if (ss->rare[b])
                str_appendf(&sc, "PREPARE q%d2 AS %s;\n", b, ss->rare[b]->native_sql);
        }
        str_append(&sc, "\\timing on\n");
    }
    for (int pass = 0; pass <= o->reps; pass++)
        for (int qi = 0; qi < NQ; qi++) {
            QueryInfo *q = &qinfo[qi];
            const char *qv = str_cstr(pg ? &q->qv_pg : &q->qv_sqlite);
            for (int c = 1; c >= 0; c--) { /* count first, as the store does */
                const DbStmt *st = c ? ss->st[q->bigram][1] : page_stmt(ss, pg, q->bigram, q->hits);
                int which_pg = c ? 1 : st == ss->rare[q->bigram] ? 2 : 0;
                if (!pg) {
                    if (c == 1) {
                        str_append(&sc, ".timer off\nREPLACE INTO temp.sqlite_parameters(key, value) VALUES (':q', ");
                        sql_lit(&sc, qv);
                        str_append(&sc, ");\n.timer on\n.output stdout\n");
                    } else {
                        str_append(&sc, ".output /dev/null\n");
                    }
                    str_appendf(&sc, "%s;\n", st->sql);
                } else {
                    str_append(&sc, c == 1 ? "\\o\n" : "\\o /dev/null\n");
                    str_appendf(&sc, "EXECUTE q%d%d(", q->bigram, which_pg);
                    for (int i = 0; i < st->n_params; i++) {
                        int is_int;
                        const char *v = param_value(st->param_names[i], app->org.id, qv, buf, &is_int);
                        if (i)
                            str_append(&sc, ", ");
                        sql_lit(&sc, v);
                    }
                    str_append(&sc, ");\n");
                }
            }
        }
    FILE *f = fopen(path, "w");
    if (!f || str_failed(&sc) || fwrite(sc.buf, 1, sc.len, f) != sc.len) {
        if (f)
            fclose(f);
        str_free(&sc);
        return -1;
    }
    fclose(f);
    str_free(&sc);
    char cmd[16384];
    if (pg)
        snprintf(cmd, sizeof cmd, "psql -X -q -A -t -d '%s' -f '%s' > '%s'", url, path, out);
    else
        snprintf(cmd, sizeof cmd, "sqlite3 -batch '%s' < '%s' > '%s'", url, path, out);
    fprintf(stderr, "  anchor: %s\n", cmd);
    double t0 = now();
    int failed = system(cmd) != 0;
    if (failed) /* keep what it measured before it stopped; the detail table says how many */
        fprintf(stderr, "bench_ledger: the anchor client failed or was stopped (%s); using its partial output\n", cmd);
    fprintf(stderr, "  anchor took %.1f s\n", now() - t0);
    char *text = read_all(out);
    if (!text)
        return -1;
    /* Per query: the count (a line of digits), then two timings (count, select). */
    int pass = 0, qi = 0, which = 0;
    double sum = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        double t;
        if (!pg && sscanf(line, "Run Time: real %lf", &t) == 1) {
        } else if (pg && sscanf(line, "Time: %lf", &t) == 1) {
            t /= 1000;
        } else {
            if (line[0] >= '0' && line[0] <= '9' && pass <= o->reps)
                qinfo[qi].anchor_hits = atoll(line);
            continue;
        }
        if (pass > o->reps)
            break;
        sum += t;
        if (++which == 2) {
            if (pass > 0 && qinfo[qi].na < NW(qinfo[qi].a))
                qinfo[qi].a[qinfo[qi].na++] = sum;
            which = 0;
            sum = 0;
            if (++qi == NQ) {
                qi = 0;
                pass++;
            }
        }
    }
    free(text);
    return failed ? 1 : 0;
}

/* Import anchor: the client's own bulk load of the same CSV into a bare table
 * (sqlite3 .import / psql \copy), timed: the floor of "rows in, one transaction". */
static double import_anchor(const Options *o, int pg, const char *url, const char *csv, size_t len, int ncols)
{
    char file[4096], script[4096], out[4096], db[4096], cmd[16384];
    snprintf(file, sizeof file, "%s/import-anchor.csv", o->workdir);
    snprintf(script, sizeof script, "%s/import-anchor.sql", o->workdir);
    snprintf(out, sizeof out, "%s/import-anchor.out", o->workdir);
    snprintf(db, sizeof db, "%s/import-anchor.db", o->workdir);
    FILE *f = fopen(file, "wb");
    if (!f || fwrite(csv, 1, len, f) != len) {
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    f = fopen(script, "w");
    if (!f)
        return -1;
    double t = -1;
    if (!pg) {
        fprintf(f, "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\n.import --csv %s raw\n", file);
        fclose(f);
        unlink(db);
        snprintf(cmd, sizeof cmd, "sqlite3 -batch '%s' < '%s' > '%s'", db, script, out);
        double t0 = now();
        if (system(cmd) == 0)
            t = now() - t0;
        char wal[4200];
        snprintf(wal, sizeof wal, "%s-wal", db);
        unlink(db);
        unlink(wal);
    } else {
        fprintf(f, "SET client_min_messages = warning;\nDROP TABLE IF EXISTS bench_import_anchor;\n"
                   "CREATE TABLE bench_import_anchor (");
        for (int i = 0; i < ncols; i++)
            fprintf(f, "%sc%d text", i ? ", " : "", i + 1);
        fprintf(f, ");\n\\timing on\n\\copy bench_import_anchor FROM '%s' WITH (FORMAT csv, HEADER true)\n"
                   "\\timing off\nDROP TABLE bench_import_anchor;\n", file);
        fclose(f);
        snprintf(cmd, sizeof cmd, "psql -X -q -v ON_ERROR_STOP=1 -d '%s' -f '%s' > '%s'", url, script, out);
        if (system(cmd) == 0) {
            char *text = read_all(out);
            const char *p = text ? strstr(text, "Time: ") : NULL;
            if (p)
                t = atof(p + 6) / 1000;
            free(text);
        }
    }
    fprintf(stderr, "  import anchor (%s): %.2f s\n", pg ? "psql \\copy" : "sqlite3 .import", t);
    unlink(file);
    unlink(script);
    unlink(out);
    return t;
}

static void print_sql(const char *what, const DbStmt *st, int pg)
{
    printf("    %s:\n        %s\n", what, pg ? st->native_sql : st->sql);
}

/* Every match of a query, counted through its index (untimed; the store's
 * total stops at LEDGER_TOTAL_CAP + 1). */
static const char SQL_MATCHES_FTS[] = "SELECT count(*) FROM ledger_fts WHERE ledger_fts MATCH :q";
static const char SQL_MATCHES_BIGRAM[] = "SELECT count(*) FROM ledger_bigram WHERE ledger_bigram MATCH :q";
static const char SQL_MATCHES_LIKE[] = "SELECT count(*) FROM ledger_entries e WHERE e.org_id = :org AND e.search_text LIKE :q";
static const char SQL_MATCHES_ARRAY[] =
    "SELECT count(*) FROM ledger_entries e WHERE e.org_id = :org AND e.search_bigrams @> ARRAY[CAST(:q AS TEXT)]";

static long long count_matches(Db *db, int pg, long long org, const QueryInfo *q)
{
    const char *sql = pg ? (q->bigram ? SQL_MATCHES_ARRAY : SQL_MATCHES_LIKE) : (q->bigram ? SQL_MATCHES_BIGRAM : SQL_MATCHES_FTS);
    DbStmt *st = db_prepare(db, sql);
    Str qv = *(pg ? &q->qv_pg : &q->qv_sqlite);
    if (!st || db_bind_text(st, "q", str_cstr(&qv)) != 0 || (pg && db_bind_int(st, "org", org) != 0) ||
        db_step(st) != DB_ROW) {
        db_reset(st);
        return -1;
    }
    long long n = db_col_int(st, 0);
    db_reset(st);
    return n;
}

static int run_backend(const Options *o, ProfileSet *profiles, int pg)
{
    const char *url = pg ? o->pg : o->sqlite;
    const char *be = pg ? "postgresql" : "sqlite";
    char key[128], b1[64];
    App app;
    fprintf(stderr, "[%s] %s\n", be, url);
    if (app_open(&app, url, 1, profiles) != APP_OK)
        die("cannot open %s: %s", url, str_cstr(&app.err));
    if (!o->reuse) {
        NewUser admin = {"bench_admin", "管理者 太郎", "総務局 情報政策課", "課長", NULL, 0, 1, NULL, 0};
        long long org_id;
        if (app_org_create(&app, "bench", "北九州市（ベンチマーク）", PROFILE_ID, &admin, &org_id) != APP_OK)
            die("org create: %s%s", str_cstr(&app.err), " (a fresh database is needed, or --reuse)");
    }
    if (app_act_as(&app, "bench_admin") != APP_OK)
        die("act as bench_admin: %s%s", str_cstr(&app.err), "");
    if (o->sqlite_pragma && !pg) {
        fprintf(stderr, "[%s] experiment: %s\n", be, o->sqlite_pragma);
        if (db_exec(app.db, o->sqlite_pragma) != 0)
            die("%s: %s", o->sqlite_pragma, db_errmsg(app.db));
    }
    if (o->sql_profile && !pg)
        sqlite3_trace_v2((sqlite3 *)app.db->conn, SQLITE_TRACE_PROFILE, sql_prof_cb, NULL);

    /* ---- import ---- */
    long long existing = 0;
    db_query_int(app.db, "SELECT count(*) FROM ledger_entries", &existing);
    Gen g = {.cols = NULL};
    LedgerColumns cols;
    ledger_columns_init(&cols, app.profile);
    g.cols = &cols;
    Str csv = STR_INIT;
    double first_s = 0, rest_s = 0, gen_s = 0, slowest = 1e30;
    long long rest_rows = 0, first_rows = 0;
    if (o->reuse && existing > 0) {
        fprintf(stderr, "[%s] reusing %lld entries\n", be, existing);
    } else {
        for (long long done = 0, chunk_i = 0; done < o->entries; chunk_i++) {
            long long n = o->entries - done < o->chunk ? o->entries - done : o->chunk;
            double t0 = now();
            gen_csv(&g, done + 1, n, &csv);
            gen_s += now() - t0;
            if (str_failed(&csv))
                die("out of memory generating CSV%s%s", "", "");
            char file[64];
            snprintf(file, sizeof file, "bench-%lld.csv", chunk_i + 1);
            long long rows = 0;
            t0 = now();
            double c0 = cpu_seconds();
            AppRc rc = app_ledger_import(&app, file, csv.buf, csv.len, &rows);
            double t = now() - t0, cpu = cpu_seconds() - c0;
            if (rc != APP_OK || rows != n)
                die("import failed: %s%s", str_cstr(&app.err), "");
            if (chunk_i == 0) {
                first_s = t;
                first_rows = rows;
                res_num("import_first_cpu", cpu);
                res_num("import_first_s", t);
                res_num("import_anchor_s", import_anchor(o, pg, url, csv.buf, csv.len, cols.n));
            } else {
                rest_s += t;
                rest_rows += rows;
                if (rows / t < slowest)
                    slowest = rows / t;
            }
            snprintf(key, sizeof key, "import_chunk_%lld", chunk_i + 1);
            res_num(key, rows / t);
            done += n;
            char la[64];
            loadavg(la, sizeof la);
            fprintf(stderr, "[%s] import %lld rows: %.2f s (%.0f rows/s; this process %.2f CPU s), %lld in all; peak RSS %ld MiB; load %s\n",
                    be, rows, t, rows / t, cpu, done, peak_rss_kb() / 1024, la);
            sql_prof_report("import", t);
        }
        res_num("import_first_rows", (double)first_rows);
        res_num("import_first_rate", first_rows / first_s);
        res_num("import_csv_bytes_per_row", (double)csv.len / (double)(o->chunk < o->entries ? o->chunk : o->entries));
        if (rest_rows) {
            res_num("import_rest_rate", rest_rows / rest_s);
            res_num("import_rest_slowest", slowest);
        }
        fprintf(stderr, "[%s] generating the CSV took %.1f s (not counted)\n", be, gen_s);
    }
    str_free(&csv);
    gen_free(&g);
    ledger_columns_free(&cols);
    res_num("rss_after_import_mib", peak_rss_kb() / 1024.0);
    db_query_int(app.db, "SELECT count(*) FROM ledger_entries", &existing);
    res_num("entries", (double)existing);

    if (pg && o->vacuum) {
        double t0 = now();
        if (db_exec(app.db, "VACUUM (ANALYZE) ledger_entries") != 0)
            die("VACUUM: %s%s", db_errmsg(app.db), "");
        res_num("vacuum_s", now() - t0);
        fprintf(stderr, "[%s] VACUUM (ANALYZE) ledger_entries: %.1f s\n", be, now() - t0);
    }

    /* ---- search ---- */
    for (int qi = 0; qi < NQ; qi++) {
        QueryInfo *q = &qinfo[qi];
        Str norm = STR_INIT;
        search_normalize(query_text(qi), &norm);
        snprintf(q->norm, sizeof q->norm, "%s", str_cstr(&norm));
        q->bigram = search_char_count(q->norm) == 2 && !strchr(q->norm, ' ');
        str_free(&norm);
        str_reset(&q->qv_sqlite);
        str_reset(&q->qv_pg);
        query_value(0, q->bigram, q->norm, &q->qv_sqlite);
        query_value(1, q->bigram, q->norm, &q->qv_pg);
        q->n = q->na = 0;
    }
    double t_search0 = now();
    for (int pass = 0; pass <= o->reps; pass++)
        for (int qi = 0; qi < NQ; qi++) {
            QueryInfo *q = &qinfo[qi];
            LedgerQuery lq = {.org_id = app.org.id, .text = query_text(qi), .state = -1, .limit = 50};
            Arena a;
            Sink s = {0};
            long long total = 0;
            double t0 = now();
            arena_init(&a, NULL, 0);
            int rc = store_ledger_search(app.db, &a, &lq, sink_row, &s, &total);
            arena_free(&a);
            double t = now() - t0;
            if (rc != 0)
                die("search failed: %s%s", db_errmsg(app.db), "");
            q->hits = total;
            if (pass > 0 && q->n < NW(q->t))
                q->t[q->n++] = t; /* pass 0 warms up */
        }
    fprintf(stderr, "[%s] search: %d passes over %d queries in %.1f s\n", be, o->reps + 1, NQ, now() - t_search0);
    sql_prof_report("search", now() - t_search0);
    SearchSql ss;
    /* PostgreSQL: the store picks the count and the page per query (through
     * the word's index or walking in registration order, src/store/ledger.c),
     * so there is no fixed pair of statements for the client to run. */
    int have_sql = !pg && find_search_sql(app.db, &ss);
    if (!pg && !have_sql)
        die("the search statements are not in the statement cache%s%s", "", "");
    int anchor_rc = have_sql ? run_anchor(o, &app, pg, &ss, url) : -1, anchor_ok = anchor_rc >= 0;

    printf("\n### %s — search detail (%d runs per query after one warm-up run; ms)\n\n", pg ? "PostgreSQL" : "SQLite",
           o->reps);
    for (int qi = 0; qi < NQ; qi++)
        qinfo[qi].matches = count_matches(app.db, pg, app.org.id, &qinfo[qi]);
    printf("| query | chars | index | matches | share | total shown | p50 | p99 | %s p50 | %s p99 |\n",
           pg ? "psql" : "sqlite3", pg ? "psql" : "sqlite3");
    printf("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    double all[3][4096], anc[3][4096];
    int nall[3] = {0}, nanc[3] = {0};
    for (int qi = 0; qi < NQ; qi++) {
        QueryInfo *q = &qinfo[qi];
        int grp_i = qi < NQ2 ? 0 : qi < NQ2 + NQ4 ? 1 : 2;
        for (int i = 0; i < q->n && nall[grp_i] < 4096; i++)
            all[grp_i][nall[grp_i]++] = q->t[i];
        for (int i = 0; i < q->na && nanc[grp_i] < 4096; i++)
            anc[grp_i][nanc[grp_i]++] = q->a[i];
        double p50 = pct(q->t, q->n, 50) * 1e3, p99 = pct(q->t, q->n, 99) * 1e3;
        double a50 = pct(q->a, q->na, 50) * 1e3, a99 = pct(q->a, q->na, 99) * 1e3;
        char b2[64], s50[32] = "—", s99[32] = "—";
        if (q->na > 0)
            snprintf(s50, sizeof s50, "%.2f", a50), snprintf(s99, sizeof s99, "%.2f", a99);
        printf("| %s%s | %d | %s | %s | %.3f%% | %s%s | %.2f | %.2f | %s | %s |\n", q->norm,
               grp_i == 2 ? " (very common)" : "", search_char_count(q->norm), q->bigram ? "bigram" : "trigram",
               grp((double)q->matches, b1), existing ? 100.0 * (double)q->matches / (double)existing : 0,
               grp((double)(q->hits > LEDGER_TOTAL_CAP ? LEDGER_TOTAL_CAP : q->hits), b2),
               q->hits > LEDGER_TOTAL_CAP ? "+" : "", p50, p99, s50, s99);
        if (anchor_ok && q->na > 0 && q->anchor_hits != q->hits)
            printf("\n**anchor mismatch: %s: the client counted %lld, the store %lld**\n\n", q->norm, q->anchor_hits,
                   q->hits);
        snprintf(key, sizeof key, "q_%d_hits", qi);
        res_num(key, (double)q->hits);
        snprintf(key, sizeof key, "q_%d_matches", qi);
        res_num(key, (double)q->matches);
        snprintf(key, sizeof key, "q_%d_p50", qi);
        res_num(key, p50);
        snprintf(key, sizeof key, "q_%d_p99", qi);
        res_num(key, p99);
        snprintf(key, sizeof key, "q_%d_a50", qi);
        res_num(key, a50);
    }
    if (anchor_rc > 0) {
        int got = 0;
        for (int qi = 0; qi < NQ; qi++)
            got += qinfo[qi].na;
        printf("\n**The %s client stopped before the end (killed or failed): its figures rest on %d of %d runs.**\n",
               pg ? "psql" : "sqlite3", got, NQ * o->reps);
        res_num("anchor_partial", got);
    }
    const char *gname[3] = {"s2", "s4", "sc"};
    for (int gi = 0; gi < 3; gi++) {
        snprintf(key, sizeof key, "%s_p50", gname[gi]);
        res_num(key, pct(all[gi], nall[gi], 50) * 1e3);
        snprintf(key, sizeof key, "%s_p99", gname[gi]);
        res_num(key, pct(all[gi], nall[gi], 99) * 1e3);
        if (anchor_ok && nanc[gi]) {
            snprintf(key, sizeof key, "%s_a50", gname[gi]);
            res_num(key, pct(anc[gi], nanc[gi], 50) * 1e3);
            snprintf(key, sizeof key, "%s_a99", gname[gi]);
            res_num(key, pct(anc[gi], nanc[gi], 99) * 1e3);
        }
    }
    if (have_sql) {
        printf("\nStatements (from the store's statement cache; the client ran exactly these, with the same values%s):\n\n",
               pg ? ", as PREPARE/EXECUTE" : ", via .parameter");
        print_sql("2 characters, count", ss.st[1][1], pg);
        print_sql("2 characters, page", ss.st[1][0], pg);
        print_sql("3+ characters, count", ss.st[0][1], pg);
        print_sql("3+ characters, page", ss.st[0][0], pg);
        for (int b = 1; b >= 0; b--)
            if (ss.rare[b])
                print_sql(b ? "2 characters, page when the count is within the cap" : "3+ characters, page when the count is within the cap",
                          ss.rare[b], pg);
    } else {
        printf("\nStatements the store prepared for these searches (it picks among them per query; no client anchor):\n\n");
        for (DbStmt *st = app.db->cache; st; st = st->next)
            if (strstr(st->sql, "search_bigrams") || strstr(st->sql, "strpos(") || strstr(st->sql, "search_text LIKE"))
                print_sql("statement", st, pg);
    }
    printf("    values: org=%lld, state='', class='', dept=0, due='', limit=50, offset=0, q e.g. %s → %s / %s → %s\n",
           app.org.id, qinfo[0].norm, str_cstr(pg ? &qinfo[0].qv_pg : &qinfo[0].qv_sqlite), qinfo[NQ2].norm,
           str_cstr(pg ? &qinfo[NQ2].qv_pg : &qinfo[NQ2].qv_sqlite));
    fflush(stdout);
    res_num("rss_after_search_mib", peak_rss_kb() / 1024.0);

    /* ---- export ---- */
    char csv_path[4096];
    snprintf(csv_path, sizeof csv_path, "%s/export-%s.csv", o->workdir, pg ? "pg" : "sqlite");
    long long rows = 0;
    double t0 = now();
    if (app_ledger_export(&app, EXPORT_CSV, csv_path, &rows) != APP_OK)
        die("export: %s%s", str_cstr(&app.err), "");
    double export_s = now() - t0;
    fprintf(stderr, "[%s] export %lld rows: %.2f s\n", be, rows, export_s);
    sql_prof_report("export", export_s);
    res_num("export_rows", (double)rows);
    res_num("export_s", export_s);
    res_num("export_bytes", (double)file_size(csv_path));
    /* anchor: grep -c over the same file (best of 3, file in the page cache) */
    char grep_out[4096];
    snprintf(grep_out, sizeof grep_out, "%s/grep.out", o->workdir);
    double grep_best = 1e30;
    long long grep_count = -1;
    for (int i = 0; i < 3; i++) {
        char *argv[] = {"env", "LC_ALL=C", "grep", "-c", (char *)queries2[0], csv_path, NULL};
        double t = run_timed(argv, grep_out);
        if (t < 0) {
            grep_best = -1;
            break;
        }
        if (t < grep_best)
            grep_best = t;
        char *txt = read_all(grep_out);
        grep_count = txt ? atoll(txt) : -1;
        free(txt);
    }
    res_num("grep_s", grep_best);
    res_num("grep_count", (double)grep_count);
    fprintf(stderr, "[%s] grep -c %s: %.3f s (%lld lines)\n", be, queries2[0], grep_best, grep_count);
    unlink(csv_path);
    res_num("rss_after_export_mib", peak_rss_kb() / 1024.0);

    /* ---- approve ---- */
    if (o->approvals > 0) {
        char path[4096];
        snprintf(path, sizeof path, "%s/examples/kitakyushu-external/ordinary-ready.json", o->root);
        size_t len;
        const char *err;
        char *doc = file_read(path, &len, &err);
        if (!doc)
            die("%s: %s", path, err);
        const char *fn_key = "\"function\": \"";
        char *fn = strstr(doc, fn_key);
        char *fn_end = fn ? strchr(fn + strlen(fn_key), '"') : NULL;
        if (!fn_end)
            die("%s: no service.function%s", path, "");
        char staff[64], head[64];
        snprintf(staff, sizeof staff, "bench_staff_%ld", (long)getpid());
        snprintf(head, sizeof head, "bench_head_%ld", (long)getpid());
        const char *r_staff[] = {"staff"}, *r_head[] = {"section_head"};
        NewUser us = {staff, "中原 翔", "企画調整局 国際政策課", "主任", r_staff, 1, 0, NULL, 0};
        NewUser uh = {head, "吉武 真理", "企画調整局 国際政策課", "課長", r_head, 1, 0, NULL, 0};
        long long uid;
        if (app_act_as(&app, "bench_admin") != APP_OK || app_user_add(&app, &us, &uid) != APP_OK ||
            app_user_add(&app, &uh, &uid) != APP_OK)
            die("users: %s%s", str_cstr(&app.err), "");
        double *tc = calloc((size_t)o->approvals, sizeof *tc), *ts = calloc((size_t)o->approvals, sizeof *ts),
               *ta = calloc((size_t)o->approvals, sizeof *ta);
        Str js = STR_INIT;
        double t_all = now();
        for (int i = 0; i < o->approvals; i++) {
            str_reset(&js);
            str_appendn(&js, doc, (size_t)(fn - doc) + strlen(fn_key));
            str_appendf(&js, "文書翻訳機能（ベンチマーク %d-%ld）", i + 1, (long)getpid());
            str_append(&js, fn_end);
            long long app_id, entry;
            DecideOptions opt = {.accept_risks = 1};
            double a0 = now();
            if (app_act_as(&app, staff) != APP_OK || app_apply_create(&app, "bench.json", js.buf, js.len, &app_id) != APP_OK)
                die("apply: %s%s", str_cstr(&app.err), "");
            double a1 = now();
            if (app_apply_act(&app, app_id, ACT_SUBMIT, NULL, NULL) != APP_OK)
                die("submit: %s%s", str_cstr(&app.err), "");
            double a2 = now();
            if (app_act_as(&app, head) != APP_OK || app_apply_act(&app, app_id, ACT_APPROVE, &opt, &entry) != APP_OK)
                die("approve: %s%s", str_cstr(&app.err), "");
            double a3 = now();
            tc[i] = a1 - a0;
            ts[i] = a2 - a1;
            ta[i] = a3 - a2;
        }
        double approve_s = now() - t_all;
        sql_prof_report("approve", approve_s);
        res_num("approve_n", o->approvals);
        res_num("approve_s", approve_s);
        res_num("approve_create_p50", pct(tc, o->approvals, 50) * 1e3);
        res_num("approve_submit_p50", pct(ts, o->approvals, 50) * 1e3);
        res_num("approve_approve_p50", pct(ta, o->approvals, 50) * 1e3);
        res_num("approve_approve_p99", pct(ta, o->approvals, 99) * 1e3);
        fprintf(stderr, "[%s] %d procedures (apply, submit, approve): %.2f s\n", be, o->approvals, approve_s);
        free(tc);
        free(ts);
        free(ta);
        str_free(&js);
        free(doc);
    }

    /* ---- size ---- */
    long long bytes = 0;
    if (pg) {
        db_query_int(app.db, "SELECT pg_database_size(current_database())", &bytes);
        DbStmt *st = db_prepare(app.db, "SELECT current_setting('server_version') || ', shared_buffers ' ||"
                                        " current_setting('shared_buffers')");
        if (st && db_step(st) == DB_ROW)
            res_str("server", db_col_text(st, 0));
        db_reset(st);
    } else {
        char wal[4200];
        snprintf(wal, sizeof wal, "%s-wal", url);
        bytes = file_size(url) + file_size(wal);
        res_num("wal_bytes", (double)file_size(wal));
        res_num("main_bytes", (double)file_size(url));
        res_str("server", sqlite3_libversion());
    }
    res_num("db_bytes", (double)bytes);
    app_close(&app);
    res_num("peak_rss_mib", peak_rss_kb() / 1024.0);
    return 0;
}

/* ======================================================================
 * The parent: machine, children, summary.
 * ====================================================================== */

static void usage(void)
{
    fprintf(stderr, "usage: bench_ledger [--sqlite FILE] [--pg URL] [--entries N] [--chunk N] [--approvals N] [--reps N]\n"
                    "                    [--workdir DIR] [--reuse] [--no-vacuum] [--sql-profile] [--sqlite-pragma SQL]\n"
                    "       bench_ledger --csv N [--first M]\n");
    exit(2);
}

static void fmt_ms(const Results *r, const char *key, char *out)
{
    double v = res_v(r, key);
    if (v < 0)
        snprintf(out, 32, "—");
    else
        snprintf(out, 32, "%.2f", v);
}

static void fmt_ratio(double a, double b, char *out)
{
    if (a < 0 || b <= 0)
        snprintf(out, 32, "—");
    else
        snprintf(out, 32, "%.2f", a / b);
}

int main(int argc, char **argv)
{
    Options o = {.entries = 1000000, .chunk = 100000, .approvals = 300, .reps = 50, .vacuum = 1, .workdir = "."};
    o.root = getenv("DAICHO_SOURCE_DIR") ? getenv("DAICHO_SOURCE_DIR") : DAICHO_SOURCE_DIR;
    long long csv_n = -1, csv_first = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--reuse"))
            o.reuse = 1;
        else if (!strcmp(a, "--no-vacuum"))
            o.vacuum = 0;
        else if (!strcmp(a, "--sql-profile"))
            o.sql_profile = 1;
        else if (!v)
            usage();
        else if (!strcmp(a, "--sqlite-pragma"))
            o.sqlite_pragma = v, i++;
        else if (!strcmp(a, "--sqlite"))
            o.sqlite = v, i++;
        else if (!strcmp(a, "--pg"))
            o.pg = v, i++;
        else if (!strcmp(a, "--entries"))
            o.entries = atoll(v), i++;
        else if (!strcmp(a, "--chunk"))
            o.chunk = atoll(v), i++;
        else if (!strcmp(a, "--approvals"))
            o.approvals = atoi(v), i++;
        else if (!strcmp(a, "--reps"))
            o.reps = atoi(v), i++;
        else if (!strcmp(a, "--workdir"))
            o.workdir = v, i++;
        else if (!strcmp(a, "--csv"))
            csv_n = atoll(v), i++;
        else if (!strcmp(a, "--first"))
            csv_first = atoll(v), i++;
        else
            usage();
    }
    if (o.reps < 1 || o.reps > 2000 || o.chunk < 1 || o.entries < 1)
        usage();

    ProfileSet set = {0};
    Errors errs = {0};
    if (!profileset_load_builtin(&set, &errs))
        die("built-in profiles failed to load%s%s", "", "");
    const Profile *profile = profileset_find(&set, PROFILE_ID);
    if (!profile)
        die("no profile %s%s", PROFILE_ID, "");

    if (csv_n >= 0) {
        LedgerColumns cols;
        ledger_columns_init(&cols, profile);
        Gen g = {.cols = &cols};
        Str out = STR_INIT;
        for (long long done = 0; done < csv_n || done == 0;) {
            long long n = csv_n - done < 100000 ? csv_n - done : 100000;
            gen_csv(&g, csv_first + done, n, &out);
            /* header (and BOM) once */
            const char *p = out.buf;
            size_t len = out.len;
            if (done > 0) {
                const char *nl = strstr(p, "\r\n");
                len -= (size_t)(nl + 2 - p);
                p = nl + 2;
            }
            fwrite(p, 1, len, stdout);
            done += n;
            if (n == 0)
                break;
        }
        str_free(&out);
        gen_free(&g);
        ledger_columns_free(&cols);
        profileset_free(&set);
        return 0;
    }
    if (!o.sqlite && !o.pg)
        usage();

    /* ---- machine ---- */
    char commit[128], cpu[256] = "?", sqlite_cli[128], psql_cli[128], cmd[4200];
    snprintf(cmd, sizeof cmd, "git -C '%s' describe --always --dirty --abbrev=12 2>/dev/null", o.root);
    cmd_line(cmd, commit, sizeof commit);
    cmd_line("grep -m1 '^model name' /proc/cpuinfo | sed 's/.*: //'", cpu, sizeof cpu);
    cmd_line("sqlite3 --version 2>/dev/null | cut -d' ' -f1", sqlite_cli, sizeof sqlite_cli);
    cmd_line("psql --version 2>/dev/null | sed 's/.*) //'", psql_cli, sizeof psql_cli);
    struct utsname un;
    uname(&un);
    long mem_mib = sysconf(_SC_PHYS_PAGES) / 1024 * sysconf(_SC_PAGESIZE) / 1024;
    char exe[4096] = "?";
    ssize_t el = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (el > 0)
        exe[el] = 0;
    time_t tnow = time(NULL);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%d %H:%M", localtime(&tnow));
    char b1[64], b2[64], b3[64];

    printf("## daicho ledger benchmark (issue #3), %s\n\n", date);
    printf("- commit %s; binary %s (%s, gcc %s)\n", commit, exe, DAICHO_BUILD_TYPE, __VERSION__);
    printf("- machine: %s, nproc %ld, %ld MiB RAM, %s %s\n", cpu, sysconf(_SC_NPROCESSORS_ONLN), mem_mib, un.sysname,
           un.release);
    printf("- SQLite library %s (sqlite3 CLI %s); psql %s\n", sqlite3_libversion(), sqlite_cli, psql_cli);
    char la[64];
    loadavg(la, sizeof la);
    printf("- load average at the start: %s (other work on the machine makes the figures noisier)\n", la);
    printf("- %s entries (profile %s) imported in chunks of %s rows; search: %d runs per query; approvals: %d\n",
           grp((double)o.entries, b1), PROFILE_ID, grp((double)o.chunk, b2), o.reps, o.approvals);
    fflush(stdout);

    Results res[2];
    const char *url[2] = {o.sqlite, o.pg};
    for (int b = 0; b < 2; b++) {
        memset(&res[b], 0, sizeof res[b]);
        if (!url[b])
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/results-%s.tsv", o.workdir, b ? "pg" : "sqlite");
        fflush(stdout);
        fflush(stderr);
        char prev[4200];
        snprintf(prev, sizeof prev, "%s.prev", path);
        if (o.reuse && access(prev, F_OK) != 0) /* import figures: those of the run that built the database */
            rename(path, prev);
        pid_t pid = fork();
        if (pid == 0) {
            res_out = fopen(path, "w");
            if (!res_out)
                die("cannot write %s%s", path, "");
            int rc = run_backend(&o, &set, b);
            fclose(res_out);
            fflush(stdout);
            _exit(rc);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        res_load(&res[b], path);
        if (o.reuse) {
            Results *old_res = calloc(1, sizeof *old_res);
            if (old_res) {
                res_load(old_res, prev);
                for (int i = 0; i < old_res->n && res[b].n < NW(res[b].kv); i++)
                    if (!strncmp(old_res->kv[i].key, "import_", 7) && !res_get(&res[b], old_res->kv[i].key))
                        res[b].kv[res[b].n++] = old_res->kv[i];
                if (res_get(old_res, "import_first_rate"))
                    printf("\n(%s: import figures from the run that built the database, %s.)\n",
                           b ? "PostgreSQL" : "SQLite", prev);
                free(old_res);
            }
        }
        res[b].ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        if (!res[b].ok)
            fprintf(stderr, "bench_ledger: the %s run failed\n", b ? "PostgreSQL" : "SQLite");
    }

    /* ---- summary ---- */
    loadavg(la, sizeof la);
    printf("\n### Summary (load average at the end: %s)\n\n", la);
    printf("| measure | SQLite | anchor | ratio | PostgreSQL | anchor | ratio |\n");
    printf("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    char c[2][3][64];
    /* import */
    for (int b = 0; b < 2; b++) {
        snprintf(c[b][0], 64, "%s", res_v(&res[b], "import_first_rate") < 0 ? "—" : grp(res_v(&res[b], "import_first_rate"), b1));
        snprintf(c[b][1], 64, "%s", res_v(&res[b], "import_rest_rate") < 0 ? "—" : grp(res_v(&res[b], "import_rest_rate"), b1));
        snprintf(c[b][2], 64, "%s", res_v(&res[b], "import_rest_slowest") < 0 ? "—" : grp(res_v(&res[b], "import_rest_slowest"), b1));
    }
    if (res_v(&res[0], "import_first_cpu") > 0) {
        char t[64];
        snprintf(t, sizeof t, " (%s per CPU-s)", grp(res_v(&res[0], "import_first_rows") / res_v(&res[0], "import_first_cpu"), b1));
        strncat(c[0][0], t, sizeof c[0][0] - strlen(c[0][0]) - 1);
    }
    char ia[2][2][64];
    for (int b = 0; b < 2; b++) {
        double as = res_v(&res[b], "import_anchor_s"), fs = res_v(&res[b], "import_first_s"),
               n = res_v(&res[b], "import_first_rows");
        if (as > 0 && fs > 0) {
            snprintf(ia[b][0], 64, "%s rows/s", grp(n / as, b1));
            snprintf(ia[b][1], 64, "%.1f", fs / as);
        } else {
            snprintf(ia[b][0], 64, "—");
            snprintf(ia[b][1], 64, "—");
        }
    }
    printf("| import, first %s rows: rows/s (anchor: sqlite3 .import / psql \\copy of the same CSV into a bare table) "
           "| %s | %s | %s | %s | %s | %s |\n",
           grp((double)(o.chunk < o.entries ? o.chunk : o.entries), b3), c[0][0], ia[0][0], ia[0][1], c[1][0], ia[1][0],
           ia[1][1]);
    printf("| import, later chunks: rows/s (slowest chunk) | %s (%s) | | | %s (%s) | | |\n", c[0][1], c[0][2], c[1][1],
           c[1][2]);
    static const char *const sk[3] = {"s2", "s4", "sc"};
    static const char *const sl[3] = {"search, 2 characters", "search, 4 characters", "search, very common (職員, 株式会社)"};
    for (int gi = 0; gi < 3; gi++)
        for (int p = 0; p < 2; p++) {
            char k[32], ka[32], cells[2][3][32];
            snprintf(k, sizeof k, "%s_p%s", sk[gi], p ? "99" : "50");
            snprintf(ka, sizeof ka, "%s_a%s", sk[gi], p ? "99" : "50");
            for (int b = 0; b < 2; b++) {
                fmt_ms(&res[b], k, cells[b][0]);
                fmt_ms(&res[b], ka, cells[b][1]);
                fmt_ratio(res_v(&res[b], k), res_v(&res[b], ka), cells[b][2]);
            }
            printf("| %s: %s ms | %s | %s | %s | %s | %s | %s |\n", sl[gi], p ? "p99" : "p50", cells[0][0], cells[0][1],
                   cells[0][2], cells[1][0], cells[1][1], cells[1][2]);
        }
    {
        char cells[2][3][64];
        for (int b = 0; b < 2; b++) {
            double s = res_v(&res[b], "export_s"), n = res_v(&res[b], "export_rows"), gs = res_v(&res[b], "grep_s");
            if (s < 0) {
                snprintf(cells[b][0], 64, "—");
                snprintf(cells[b][1], 64, "—");
                snprintf(cells[b][2], 64, "—");
                continue;
            }
            snprintf(cells[b][0], 64, "%.2f s = %s rows/s", s, grp(n / s, b1));
            snprintf(cells[b][1], 64, "%.3f s", gs);
            fmt_ratio(s, gs, cells[b][2]);
        }
        printf("| export of every row to CSV (anchor: grep -c %s over it) | %s | %s | %s | %s | %s | %s |\n", queries2[0],
               cells[0][0], cells[0][1], cells[0][2], cells[1][0], cells[1][1], cells[1][2]);
        for (int b = 0; b < 2; b++) {
            double gs = res_v(&res[b], "grep_s"), p50 = res_v(&res[b], "s2_p50");
            if (gs < 0 || p50 <= 0)
                snprintf(cells[b][0], 64, "—");
            else
                snprintf(cells[b][0], 64, "%.0f×", gs * 1e3 / p50);
        }
        printf("| search 2 chars p50 vs grep -c over the export (speed-up) | %s | | | %s | | |\n", cells[0][0], cells[1][0]);
        for (int b = 0; b < 2; b++) {
            double s = res_v(&res[b], "approve_s"), n = res_v(&res[b], "approve_n");
            if (s <= 0)
                snprintf(cells[b][0], 64, "—");
            else
                snprintf(cells[b][0], 64, "%.1f procedures/s = %.1f use cases/s", n / s, 3 * n / s);
            double c50 = res_v(&res[b], "approve_create_p50"), s50 = res_v(&res[b], "approve_submit_p50"),
                   a50 = res_v(&res[b], "approve_approve_p50");
            if (s <= 0)
                snprintf(cells[b][1], 64, "—");
            else
                snprintf(cells[b][1], 64, "%.1f / %.1f / %.1f", c50, s50, a50);
        }
        printf("| approve: apply + submit + approve | %s | | | %s | | |\n", cells[0][0], cells[1][0]);
        printf("| p50 ms of apply / submit / approve | %s | | | %s | | |\n", cells[0][1], cells[1][1]);
        for (int b = 0; b < 2; b++) {
            double db = res_v(&res[b], "db_bytes"), n = res_v(&res[b], "entries");
            if (db < 0)
                snprintf(cells[b][0], 64, "—");
            else if (res_v(&res[b], "wal_bytes") >= 0)
                snprintf(cells[b][0], 64, "%.0f MiB (%.0f B/entry) + WAL %.0f MiB", res_v(&res[b], "main_bytes") / 1048576,
                         n > 0 ? res_v(&res[b], "main_bytes") / n : 0, res_v(&res[b], "wal_bytes") / 1048576);
            else
                snprintf(cells[b][0], 64, "%.0f MiB (%.0f B/entry)", db / 1048576, n > 0 ? db / n : 0);
            double rss = res_v(&res[b], "peak_rss_mib"), ri = res_v(&res[b], "rss_after_import_mib");
            if (rss < 0)
                snprintf(cells[b][1], 64, "—");
            else
                snprintf(cells[b][1], 64, "%.0f MiB (%.0f after import)", rss, ri);
        }
        printf("| database on disk | %s | | | %s | | |\n", cells[0][0], cells[1][0]);
        printf("| peak RSS of the benchmark process | %s | | | %s | | |\n", cells[0][1], cells[1][1]);
    }
    printf("\nAnchors: search — the same statements run by the %s CLI and psql %s, timed by the client "
           "(.timer on: 1 ms resolution; \\timing); the ratio is store ÷ client. Export — grep -c over the exported "
           "file (best of 3); the ratio is export time ÷ grep time. Import — the client's bulk load of the same CSV "
           "into a table without indexes; the ratio is import time ÷ anchor time.\n",
           sqlite_cli, psql_cli);
    for (int b = 0; b < 2; b++) {
        const Kv *s = res_get(&res[b], "server");
        if (s)
            printf("%s: %s%s. ", b ? "PostgreSQL" : "SQLite", s->s, b && res_v(&res[b], "vacuum_s") >= 0 ? ", VACUUM (ANALYZE) after the import" : "");
    }
    printf("\n\nTargets: search p99 ≤ 20 ms at 1M entries on both backends; import ≥ 100,000 rows/s on SQLite.\n");
    for (int b = 0; b < 2; b++) {
        if (!url[b] || res[b].n == 0)
            continue;
        double p2 = res_v(&res[b], "s2_p99"), p4 = res_v(&res[b], "s4_p99");
        printf("- %s: search p99 %.2f ms (2 chars) / %.2f ms (4 chars) → %s", b ? "PostgreSQL" : "SQLite", p2, p4,
               p2 <= 20 && p4 <= 20 ? "met" : "MISSED");
        if (!b) {
            double r = res_v(&res[b], "import_first_rate");
            printf("; import %s rows/s → %s", grp(r, b1), r >= 100000 ? "met" : "MISSED");
        }
        printf("%s\n", res_v(&res[b], "entries") < 1000000 ? " (fewer than 1M entries: not the target's size)" : "");
    }
    int fail = 0;
    for (int b = 0; b < 2; b++)
        fail |= url[b] && !res[b].ok;
    profileset_free(&set);
    return fail;
}
