// notes search QUERY... [-c NAME] [--limit N]
#include <CLI/CLI.hpp>
#include <memory>

#include "commands.hpp"
#include "notes/validate.hpp"

namespace app {

namespace {
struct SearchArgs {
    std::vector<std::string> words;
    std::string category, limit;
    CLI::Option* category_opt = nullptr;
    CLI::Option* limit_opt = nullptr;
};
}  // namespace

Command cmd_search(CLI::App& cli) {
    auto a = std::make_shared<SearchArgs>();
    auto* sub = cli.add_subcommand("search", "Full-text search over the notes, best match first");
    sub->add_option("QUERY", a->words,
                    "words that must all occur (as words or word starts); "
                    "\"two words\" in double quotes is a phrase")
        ->required();
    a->category_opt =
        sub->add_option("-c,--category", a->category, "only this category")->type_name("NAME");
    a->limit_opt = sub->add_option("--limit", a->limit, "at most N results")->type_name("N");
    sub->footer(
        "Case and accents are ignored; every other character is literal.\n"
        "No match is not an error. With --json prints an array of note objects,\n"
        "each with a \"snippet\" around the match.\n\n"
        "Examples:\n"
        "  notes search sql\n"
        "  notes search '\"brown fox\"' -c animals --limit 5");
    return {sub, [a](Context& ctx) {
                std::string query = a->words[0];
                for (std::size_t i = 1; i < a->words.size(); ++i)
                    query += " " + a->words[i];
                std::optional<std::string> category;
                if (a->category_opt->count()) {
                    notes::validate_category_name(a->category);
                    category = a->category;
                }
                std::optional<std::int64_t> limit;
                if (a->limit_opt->count()) limit = notes::parse_positive(a->limit, "--limit");

                auto hits = ctx.notebook().search(query, category, limit);
                if (ctx.options.json) {
                    Json arr = Json::array();
                    for (const auto& h : hits) {
                        Json j = note_json(h.note);
                        j["snippet"] = h.snippet.text;
                        arr.push_back(std::move(j));
                    }
                    return ctx.out.json(arr);
                }
                Table t({{"ID", true, style::id}, {"CATEGORY", false, style::name}, {"MATCH"}});
                for (const auto& h : hits)
                    t.add({std::to_string(h.note.note.id), h.note.category,
                           Cell(h.snippet.text, h.snippet.marks)});
                t.print(ctx.out);
            }};
}

}  // namespace app
