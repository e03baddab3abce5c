// notes list / notes list NAME [--limit N] [--oldest]
#include <CLI/CLI.hpp>
#include <memory>

#include "commands.hpp"
#include "errors.hpp"
#include "notes/validate.hpp"

namespace app {

namespace {

struct ListArgs {
    std::string name, limit;
    bool oldest = false;
    CLI::Option* name_opt = nullptr;
    CLI::Option* limit_opt = nullptr;
};

// The first line of a note, and a hint that more follows.
std::string first_line(const std::string& text) {
    auto nl = text.find('\n');
    return nl == std::string::npos ? text : text.substr(0, nl) + " …";
}

void list_categories(Context& ctx) {
    auto cats = ctx.notebook().categories();
    if (ctx.options.json) {
        Json a = Json::array();
        for (const auto& c : cats)
            a.push_back(category_json(c.category, c.notes));
        ctx.out.json(a);
        return;
    }
    Table t({{"NAME", false, style::name}, {"NOTES", true}, {"CREATED", false, style::dim}});
    for (const auto& c : cats)
        t.add({c.category.name, std::to_string(c.notes), short_time(c.category.created_at)});
    t.print(ctx.out);
}

void list_notes(Context& ctx, const ListArgs& a) {
    notes::validate_category_name(a.name);
    notes::ListOptions opts;
    if (a.limit_opt->count()) opts.limit = notes::parse_positive(a.limit, "--limit");
    opts.oldest_first = a.oldest;

    auto list = ctx.notebook().notes(a.name, opts);
    if (ctx.options.json) {
        Json arr = Json::array();
        for (const auto& n : list)
            arr.push_back(note_json(n));
        ctx.out.json(arr);
        return;
    }
    Table t({{"ID", true, style::id}, {"CREATED", false, style::dim}, {"TEXT"}});
    for (const auto& n : list)
        t.add({std::to_string(n.note.id), short_time(n.note.created_at), first_line(n.note.text)});
    t.print(ctx.out);
}

}  // namespace

Command cmd_list(CLI::App& cli) {
    auto a = std::make_shared<ListArgs>();
    auto* sub = cli.add_subcommand("list", "List categories, or the notes of one category");
    a->name_opt = sub->add_option("NAME", a->name, "a category: list its notes, newest first");
    a->limit_opt = sub->add_option("--limit", a->limit, "at most N notes")->type_name("N");
    sub->add_flag("--oldest", a->oldest, "oldest first");
    sub->footer(
        "Without NAME: every category with its number of notes, by name.\n"
        "With --json prints an array of category objects, or of note objects with NAME.\n\n"
        "Examples:\n"
        "  notes list\n"
        "  notes list tech --limit 10");
    return {sub, [a](Context& ctx) {
                if (a->name_opt->count()) return list_notes(ctx, *a);
                if (a->limit_opt->count() || a->oldest)
                    throw UsageError("--limit and --oldest need a category: notes list NAME");
                list_categories(ctx);
            }};
}

}  // namespace app
