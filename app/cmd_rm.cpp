// notes rm ID...
#include <CLI/CLI.hpp>
#include <memory>

#include "commands.hpp"
#include "input.hpp"
#include "notes/validate.hpp"

namespace app {

Command cmd_rm(CLI::App& cli) {
    auto words = std::make_shared<std::vector<std::string>>();
    auto* sub = cli.add_subcommand("rm", "Delete notes (all or none)");
    sub->add_option("ID", *words, "ids of the notes")->required();
    sub->footer(
        "If one id does not exist, nothing is deleted (exit 1).\n"
        "With --json prints the array of the ids removed.\n\n"
        "Example:\n  notes rm 7 8 12");
    return {sub, [words](Context& ctx) {
                // Every id is checked before the database is touched.
                std::vector<std::int64_t> ids;
                for (const auto& w : *words)
                    ids.push_back(notes::parse_id(w));
                auto removed = ctx.notebook().remove(unique_in_order(ids));
                if (ctx.options.json) {
                    Json arr = Json::array();
                    for (auto id : removed)
                        arr.push_back(id);
                    return ctx.out.json(arr);
                }
                for (auto id : removed)
                    ctx.out.line("removed note " + ctx.out.paint(std::to_string(id), style::id));
            }};
}

}  // namespace app
