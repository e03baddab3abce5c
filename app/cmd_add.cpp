// notes add [TEXT...] -c NAME
#include <CLI/CLI.hpp>
#include <memory>

#include "commands.hpp"
#include "input.hpp"
#include "logging.hpp"
#include "notes/validate.hpp"

namespace app {

namespace {
struct AddArgs {
    std::vector<std::string> words;
    std::string category;
};
}  // namespace

Command cmd_add(CLI::App& cli) {
    auto a = std::make_shared<AddArgs>();
    auto* sub = cli.add_subcommand("add", "Add a note, creating its category if needed");
    sub->add_option("TEXT", a->words,
                    "the note; words are joined by single spaces. "
                    "None, or '-': read it from stdin");
    sub->add_option("-c,--category", a->category, "category of the note")
        ->type_name("NAME")
        ->required();
    sub->footer(
        "A trailing newline from stdin is dropped; everything else is kept as given.\n"
        "With --json prints the note object.\n\n"
        "Examples:\n"
        "  notes add sqlalchemy is cool -c tech\n"
        "  git log -1 --format=%B | notes add -c commits");
    return {sub, [a](Context& ctx) {
                notes::validate_category_name(a->category);
                auto given = words_text(a->words);
                std::string text = given ? *given : read_stdin_note();
                notes::validate_note_text(text);

                auto added = ctx.notebook().add(text, a->category);
                if (added.created_category)
                    notice("created category " + notes::quote_value(added.note.category));
                if (ctx.options.json) {
                    ctx.out.json(note_json(added.note));
                } else {
                    ctx.out.line("added note " +
                                 ctx.out.paint(std::to_string(added.note.note.id), style::id) +
                                 " to " + notes::quote_value(added.note.category));
                }
            }};
}

}  // namespace app
