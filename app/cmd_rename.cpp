// notes rename OLD NEW
#include <CLI/CLI.hpp>
#include <memory>

#include "commands.hpp"
#include "notes/validate.hpp"

namespace app {

namespace {
struct RenameArgs {
    std::string from, to;
};
}  // namespace

Command cmd_rename(CLI::App& cli) {
    auto a = std::make_shared<RenameArgs>();
    auto* sub = cli.add_subcommand("rename", "Rename a category (its notes move along)");
    sub->add_option("OLD", a->from, "the category's name")->required();
    sub->add_option("NEW", a->to, "its new name, not used yet")->required();
    sub->footer(
        "With --json prints the category object after the rename.\n\n"
        "Example:\n  notes rename tech technology");
    return {sub, [a](Context& ctx) {
                notes::validate_category_name(a->from);
                notes::validate_category_name(a->to);
                auto c = ctx.notebook().rename(a->from, a->to);
                if (ctx.options.json) return ctx.out.json(category_json(c.category, c.notes));
                ctx.out.line("renamed category " + notes::quote_value(a->from) + " to " +
                             notes::quote_value(c.category.name));
            }};
}

}  // namespace app
