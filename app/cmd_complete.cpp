// notes __complete categories [PREFIX]: see cmd_complete.hpp.
#include "cmd_complete.hpp"

#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "notes/notebook.hpp"
#include "orm/engine_options.hpp"

namespace app {

namespace {

namespace fs = std::filesystem;

struct CompleteArgs {
    std::string what;
    std::string prefix;
};

// The database URL, or nothing when it is the default database and that does
// not exist yet. database_url() would create the default folder; a TAB press
// must not. (The default location is the contract's, as in options.cpp.)
std::optional<std::string> existing_database_url(const GlobalOptions& options) {
    if (options.db) return *options.db;
    if (const char* env = std::getenv("NOTES_DB"); env && *env) return std::string(env);
    fs::path folder;
    if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x == '/')
        folder = fs::path(x) / "notes";
    else if (const char* home = std::getenv("HOME"); home && *home)
        folder = fs::path(home) / ".local" / "share" / "notes";
    else
        return database_url(options);  // its lookup of the home folder, its errors
    std::error_code ec;
    if (!fs::exists(folder / "notes.db", ec)) return std::nullopt;
    return database_url(options);
}

// Names a shell can take one a line: no control characters.
bool printable(const std::string& name) {
    return std::none_of(name.begin(), name.end(), [](char ch) {
        auto c = static_cast<unsigned char>(ch);
        return c < 0x20 || c == 0x7f;
    });
}

std::vector<std::string> category_names(const std::string& url, const std::string& prefix) {
    orm::EngineOptions options;
    options.create = false;              // a TAB press never creates a database
    notes::Notebook book(url, options);  // a malformed URL: exit 2 as everywhere
    auto names = book.category_names(prefix);
    std::erase_if(names, [](const std::string& name) { return !printable(name); });
    return names;
}

}  // namespace

Command cmd_complete(CLI::App& cli) {
    auto a = std::make_shared<CompleteArgs>();
    auto* sub = cli.add_subcommand("__complete", "names for shell completion, one a line");
    sub->group("");  // hidden
    sub->add_option("WHAT", a->what, "what to list: categories")
        ->required()
        ->check(CLI::IsMember({"categories"}));
    sub->add_option("PREFIX", a->prefix, "only names that start with PREFIX");
    return {sub, [a](Context& ctx) {
                ::umask(077);  // as for every command (context.cpp)
                auto url = existing_database_url(ctx.options);
                if (!url) return;
                for (const auto& name : category_names(*url, a->prefix))
                    ctx.out.line(name);
            }};
}

}  // namespace app
