// notes: a command-line notebook. Parses the command line (CLI11), then runs
// the one command asked for; every failure goes through errors.cpp.
#include <CLI/CLI.hpp>
#include <csignal>
#include <set>
#include <string>
#include <vector>

#include "cmd_complete.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "errors.hpp"
#include "logging.hpp"
#include "notes/validate.hpp"
#include "version_info.hpp"

namespace {

const char* const footer = R"(Databases (--db or NOTES_DB):
  PATH                       a SQLite file (default: $XDG_DATA_HOME/notes/notes.db,
                             else ~/.local/share/notes/notes.db)
  sqlite:///relative.db      SQLite, SQLAlchemy-style URL (sqlite:////abs/path.db)
  mysql://USER:PASSWORD@HOST:PORT/DB   MySQL or MariaDB (also mariadb://, ?socket=PATH)
  postgresql://USER:PASSWORD@HOST:PORT/DB   PostgreSQL (also postgres://, ?host=SOCKET_DIR)

Exit codes: 0 ok, 1 not found, 2 invalid or usage, 3 conflict, 4 database, 5 internal.
Global options work before or after the command. 'notes COMMAND --help' for each command.

Examples:
  notes add sqlalchemy is cool -c tech
  notes list tech --limit 5
  notes search sql --json)";

// The usage error for a parse failure, naming the help of the command involved.
std::string usage_message(const CLI::ParseError& e, CLI::App& cli) {
    auto subs = cli.get_subcommands();
    if (subs.empty()) {
        // CLI11 would only say that a command is required; name the word given.
        for (const auto& word : cli.remaining())
            if (!word.empty() && word[0] != '-')
                return "unknown command " + notes::quote_value(word) + " (see 'notes --help')";
        return "a command is required (see 'notes --help')";
    }
    return std::string(e.what()) + " (see 'notes " + subs.front()->get_name() + " --help')";
}

// Help layout shared by every command: listed under "Commands", positionals
// shown by name only, and a reminder of the global options.
void tidy_help(CLI::App& sub) {
    sub.group("Commands");
    for (auto* opt : sub.get_options())
        if (opt->get_positional()) opt->type_name("");
    sub.footer(
        sub.get_footer() +
        "\n\nGlobal options (--db, --json, -v, -q, --color) also work here: see 'notes --help'.");
}

// Commands that change notes or categories: they print only once their
// transaction has committed, so an output error after them must say that the
// change stands (a script must not simply run them again).
bool changes_notes(const std::string& command) {
    static const std::set<std::string> writers = {"create", "add",  "edit",   "rename",
                                                  "rm",     "drop", "import", "undo"};
    return writers.contains(command);
}

void run_command(app::Command& c, app::Context& ctx) {
    try {
        c.run(ctx);
        ctx.close();
        ctx.out.flush();
    } catch (const app::OutputError& e) {
        if (!changes_notes(c.sub->get_name())) throw;
        throw app::OutputError(std::string(e.what()) +
                                   "; the change was committed and stands (do not run the "
                                   "command again)",
                               e.error(), true);
    }
}

// Every command, in the order of `notes --help`.
struct CommandEntry {
    std::string_view name;
    app::Command (*make)(CLI::App&);
};
constexpr CommandEntry command_table[] = {
    {"init", app::cmd_init},       {"create", app::cmd_create}, {"add", app::cmd_add},
    {"list", app::cmd_list},       {"show", app::cmd_show},     {"search", app::cmd_search},
    {"edit", app::cmd_edit},       {"rename", app::cmd_rename}, {"rm", app::cmd_rm},
    {"drop", app::cmd_drop},       {"export", app::cmd_export}, {"import", app::cmd_import},
    {"history", app::cmd_history}, {"undo", app::cmd_undo},
};

std::vector<std::string_view> command_names() {
    std::vector<std::string_view> names;
    for (const auto& entry : command_table)
        names.push_back(entry.name);
    return names;
}

// A closed pipe (`notes export | head -1`) becomes EPIPE from write(2)
// instead of killing the process mid-command: the command then ends through
// its own error path (transaction rolled back, database closed) and quietly
// (errors.cpp). A handler rather than SIG_IGN, so that $EDITOR started by
// `edit` gets the default back at exec.
void on_sigpipe(int) {}

}  // namespace

int main(int argc, char** argv) {
    struct sigaction pipe_action {};
    pipe_action.sa_handler = on_sigpipe;
    ::sigaction(SIGPIPE, &pipe_action, nullptr);

    app::Context ctx;
    const bool json_arg = app::wants_json(argc, argv);
    try {
        CLI::App cli("notes: a command-line notebook", "notes");
        cli.footer(footer);
        // Global options reach the top level from inside any command, and with
        // exactly one command allowed, note words such as "list" are never
        // taken for a second command.
        cli.fallthrough();
        cli.require_subcommand(1);
        app::add_global_options(cli, ctx.options);
        cli.set_version_flag("--version", app::version_text, "print the version and the libraries");

        // CLI11's tree of every command costs more than reading a note
        // (about a sixth of `notes show`), so only the command that the line
        // names is built when that is certain (named_command); help, errors
        // and completion get them all.
        const std::string_view named = app::named_command(argc, argv, command_names());
        std::vector<app::Command> commands;
        for (const auto& [name, make] : command_table)
            if (named.empty() || named == name) commands.push_back(make(cli));

        cli.get_formatter()->label("SUBCOMMAND", "COMMAND");
        for (auto& c : commands)
            tidy_help(*c.sub);

        if (named.empty()) commands.push_back(app::cmd_complete(cli));  // hidden: for completion
        try {
            cli.parse(argc, argv);
        } catch (const CLI::ParseError& e) {
            if (e.get_exit_code() == 0) return cli.exit(e);  // --help, --version
            throw app::UsageError(usage_message(e, cli));
        }

        app::setup_logging(ctx.options.verbose, ctx.options.quiet);
        ctx.out = app::Output(1, app::use_color(ctx.options, 1));
        for (auto& c : commands)
            if (c.sub->parsed()) run_command(c, ctx);
        return 0;
    } catch (...) {
        ctx.out.discard();
        ctx.close();
        return app::report_current_exception(json_arg || ctx.options.json,
                                             app::use_color(ctx.options, 2));
    }
}
