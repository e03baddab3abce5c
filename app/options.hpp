#pragma once
// The global options. They are declared on the top-level app only and every
// command falls through to it, so they work before or after the command.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace app {

struct GlobalOptions {
    std::optional<std::string> db;  // --db; unset: NOTES_DB, else the per-user default
    bool json = false;
    int verbose = 0;
    bool quiet = false;
    std::string color = "auto";
};

void add_global_options(CLI::App& cli, GlobalOptions& options);

// Whether argv asks for --json. Errors raised while parsing (before the flag
// is seen) must still come out as JSON.
bool wants_json(int argc, char** argv);

// The command that argv names, when building only that one is safe: the
// first word that is neither a global option nor its value, if it is one of
// `commands`. Empty when argv asks for help or the version (they list every
// command), uses `--`, or names no command (the error lists them).
std::string_view named_command(int argc, char** argv,
                               const std::vector<std::string_view>& commands);

// Colour on `fd`: --color always/never, or on a terminal without NO_COLOR.
bool use_color(const GlobalOptions& options, int fd);

// The database URL: --db, else NOTES_DB, else $XDG_DATA_HOME/notes/notes.db or
// ~/.local/share/notes/notes.db, whose folder is created (0700) here. Call it
// only when about to open the database; with `create_folder` false it only
// says where the database is (for checks made before opening it).
std::string database_url(const GlobalOptions& options, bool create_folder = true);

}  // namespace app
