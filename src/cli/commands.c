/* The command table: adding a command is one function and one row. */
#include "cli/cli.h"

const Command commands[] = {
    {"profiles", cmd_profiles, "[--json]", "組み込みのポリシープロファイル一覧"},
    {"profile", cmd_profile, "show ID [--json] | check FILE…", "プロファイルの全項目を条項付きで表示／検証"},
    {"evaluate", cmd_evaluate, "--profile ID [--json] [FILE|-]", "利用申請を評価し、判定・指摘・要件を表示"},
    {"help", cmd_help, "", "使い方"},
};

const int command_count = (int)(sizeof commands / sizeof commands[0]);
