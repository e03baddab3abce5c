// notes init: create the schema (idempotent).
#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace app {

Command cmd_init(CLI::App& cli) {
    auto* sub = cli.add_subcommand("init", "Create the database schema (safe to repeat)");
    sub->footer(
        "With --json prints {\"ok\": true, \"database\": URL} (the password hidden).\n\n"
        "Example:\n  notes --db sqlite:///team.db init");
    return {sub, [](Context& ctx) {
                auto& book = ctx.notebook();
                book.init();
                if (ctx.options.json) {
                    Json j;
                    j["ok"] = true;
                    j["database"] = book.describe();
                    ctx.out.json(j);
                } else {
                    ctx.out.line("database ready: " + book.describe());
                }
            }};
}

}  // namespace app
