// notes undo
#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace app {

Command cmd_undo(CLI::App& cli) {
    auto* sub = cli.add_subcommand("undo", "Revert your most recent write command not yet undone");
    sub->footer(
        "Reverts, all or nothing, the most recent step of the current user ($USER)\n"
        "that is not undone yet (see 'notes history'): a created category or added\n"
        "note is deleted again, an edit or rename is put back, removed notes and\n"
        "dropped categories come back with their ids. Refused (exit 3, nothing\n"
        "changed) when something else changed those rows since; exit 1 when there\n"
        "is nothing to undo. Undo is not itself a step: there is no redo.\n"
        "With --json prints the step reverted, with \"undone\": true.\n\n"
        "Example:\n  notes undo");
    return {sub, [](Context& ctx) {
                const auto step = ctx.notebook().undo();
                if (ctx.options.json) return ctx.out.json(step_json(step));
                ctx.out.line("undone step " + ctx.out.paint(std::to_string(step.id), style::id) +
                             " (" + step.command + "): " + step.summary);
            }};
}

}  // namespace app
