// notes create NAME
#include <CLI/CLI.hpp>
#include <memory>

#include "commands.hpp"
#include "notes/validate.hpp"

namespace app {

Command cmd_create(CLI::App& cli) {
    auto name = std::make_shared<std::string>();
    auto* sub = cli.add_subcommand("create", "Create a category");
    sub->add_option("NAME", *name, "1 to 64 characters, no leading or trailing space")->required();
    sub->footer("Example:\n  notes create tech");
    return {sub, [name](Context& ctx) {
                notes::validate_category_name(*name);
                auto c = ctx.notebook().create(*name);
                if (ctx.options.json) {
                    ctx.out.json(category_json(c, 0));
                } else {
                    ctx.out.line("created category " + notes::quote_value(c.name));
                }
            }};
}

}  // namespace app
