// notes drop NAME... [--force] / notes drop --all --yes
#include <CLI/CLI.hpp>
#include <memory>

#include "commands.hpp"
#include "errors.hpp"
#include "input.hpp"
#include "notes/errors.hpp"
#include "notes/validate.hpp"
#include "orm/errors.hpp"

namespace app {

namespace {

struct DropArgs {
    std::vector<std::string> names;
    bool force = false, all = false, yes = false;
};

void drop_all(Context& ctx) {
    auto& book = ctx.notebook();
    // The contract's output for drop is the names removed: read them first.
    // A database this program cannot read (such as a newer schema) can still
    // be dropped; its names are then unknown.
    Json names = Json::array();
    if (ctx.options.json) {
        try {
            for (const auto& c : book.categories())
                names.push_back(c.category.name);
        } catch (const orm::DatabaseError&) {
        }
    }
    book.drop_all();
    if (ctx.options.json) return ctx.out.json(names);
    ctx.out.line("dropped every table of " + book.describe());
}

}  // namespace

Command cmd_drop(CLI::App& cli) {
    auto a = std::make_shared<DropArgs>();
    auto* sub = cli.add_subcommand("drop", "Delete categories, or with --all every table");
    sub->add_option("NAME", a->names, "categories to delete (all or none)");
    sub->add_flag("--force", a->force, "also delete the notes in them");
    sub->add_flag("--all", a->all, "drop every table of the database (needs --yes)");
    sub->add_flag("--yes", a->yes, "confirm --all");
    sub->footer(
        "A category that still has notes is refused (exit 3) unless --force.\n"
        "With --json prints the array of the names removed.\n\n"
        "Examples:\n"
        "  notes drop old-stuff\n"
        "  notes drop tmp scratch --force\n"
        "  notes drop --all --yes");
    return {sub, [a](Context& ctx) {
                if (a->all) {
                    if (!a->names.empty()) throw UsageError("drop --all takes no category names");
                    if (!a->yes)
                        throw notes::Conflict(
                            "drop --all deletes every note and category: add --yes to confirm");
                    return drop_all(ctx);
                }
                if (a->names.empty())
                    throw UsageError("give the categories to drop, or --all --yes");
                for (const auto& n : a->names)
                    notes::validate_category_name(n);
                auto dropped = ctx.notebook().drop(unique_in_order(a->names), a->force);
                if (ctx.options.json) {
                    Json arr = Json::array();
                    for (const auto& n : dropped)
                        arr.push_back(n);
                    return ctx.out.json(arr);
                }
                for (const auto& n : dropped)
                    ctx.out.line("dropped category " + notes::quote_value(n));
            }};
}

}  // namespace app
