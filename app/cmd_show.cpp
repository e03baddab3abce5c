// notes show ID
#include <CLI/CLI.hpp>
#include <memory>

#include "commands.hpp"
#include "notes/validate.hpp"

namespace app {

Command cmd_show(CLI::App& cli) {
    auto id = std::make_shared<std::string>();
    auto* sub = cli.add_subcommand("show", "Show one note, whole");
    sub->add_option("ID", *id, "the note's id")->required();
    sub->footer("With --json prints the note object.\n\nExample:\n  notes show 7");
    return {sub, [id](Context& ctx) {
                const auto note_id = notes::parse_id(*id);  // before the database opens
                auto n = ctx.notebook().show(note_id);
                if (ctx.options.json) return ctx.out.json(note_json(n));
                auto& out = ctx.out;
                out.line(out.paint("note " + std::to_string(n.note.id), style::id) + " in " +
                         out.paint(shown(out, n.category), style::name));
                out.line(out.paint("created " + rfc3339(n.note.created_at) + "  updated " +
                                       rfc3339(n.note.updated_at),
                                   style::dim));
                out.line("");
                out.line(shown(out, n.note.text));
            }};
}

}  // namespace app
