// notes history [--limit N]
#include <CLI/CLI.hpp>
#include <memory>

#include "commands.hpp"
#include "notes/validate.hpp"

namespace app {

namespace {

struct HistoryArgs {
    std::string limit;
    CLI::Option* limit_opt = nullptr;
};

}  // namespace

Command cmd_history(CLI::App& cli) {
    auto a = std::make_shared<HistoryArgs>();
    auto* sub = cli.add_subcommand("history", "List the write commands made, newest first");
    a->limit_opt = sub->add_option("--limit", a->limit, "at most N steps")->type_name("N");
    sub->footer(
        "Every create, add, edit, rename, rm, drop and import is one step, with the\n"
        "user who ran it; 'notes undo' reverts your most recent one. Undone steps\n"
        "are marked. The 100 most recent steps are kept.\n"
        "With --json prints an array of step objects\n"
        "(id, command, user, at, summary, undone).\n\n"
        "Examples:\n"
        "  notes history\n"
        "  notes history --limit 5 --json");
    return {sub, [a](Context& ctx) {
                std::optional<std::int64_t> limit;
                if (a->limit_opt->count()) limit = notes::parse_positive(a->limit, "--limit");
                const auto steps = ctx.notebook().history(limit);
                if (ctx.options.json) {
                    Json arr = Json::array();
                    for (const auto& s : steps)
                        arr.push_back(step_json(s));
                    return ctx.out.json(arr);
                }
                Table t({{"ID", true, style::id},
                         {"WHEN", false, style::dim},
                         {"USER", false, style::name},
                         {"COMMAND"},
                         {"UNDONE"},
                         {"SUMMARY"}});
                for (const auto& s : steps)
                    t.add({std::to_string(s.id), short_time(s.at), s.user, s.command,
                           s.undone ? "undone" : "", s.summary});
                t.print(ctx.out);
            }};
}

}  // namespace app
