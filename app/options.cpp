#include "options.hpp"

#include <pwd.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "orm/errors.hpp"

namespace app {

void add_global_options(CLI::App& cli, GlobalOptions& o) {
    cli.add_option_function<std::string>(
           "--db", [&o](const std::string& url) { o.db = url; },
           "database: a SQLite path, sqlite:///FILE, mysql://... or postgresql://... (env "
           "NOTES_DB)")
        ->type_name("URL");
    cli.add_flag("--json", o.json, "machine-readable output on stdout, errors as JSON on stderr");
    cli.add_flag("-v,--verbose", o.verbose,
                 "more log output on stderr; -vv logs every SQL statement");
    cli.add_flag("-q,--quiet", o.quiet, "only errors on stderr");
    cli.add_option("--color", o.color,
                   "colours: auto (on a terminal, unless NO_COLOR), always, never")
        ->type_name("WHEN")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    cli.set_version_flag("--version", std::string("notes ") + NOTES_VERSION,
                         "print the version and exit");
}

bool wants_json(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--") break;  // the rest are note words
        if (a == "--json") return true;
    }
    return false;
}

std::string_view named_command(int argc, char** argv,
                               const std::vector<std::string_view>& commands) {
    std::string_view named;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--" || a == "-h" || a == "--help" || a == "--version") return {};
        if (!named.empty()) continue;  // only looking for help flags now
        if (a == "--db" || a == "--color") {
            ++i;  // their value, even one that looks like a command
            continue;
        }
        if (a.starts_with('-')) continue;
        if (std::find(commands.begin(), commands.end(), a) == commands.end()) return {};
        named = a;
    }
    return named;
}

bool use_color(const GlobalOptions& o, int fd) {
    if (o.color == "always") return true;
    if (o.color == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    return ::isatty(fd) == 1;
}

namespace {

std::filesystem::path home_dir() {
    if (const char* h = std::getenv("HOME"); h && *h) return h;
    if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir) return pw->pw_dir;
    throw orm::OperationalError("cannot find the default database: HOME is not set (use --db)");
}

std::filesystem::path default_folder() {
    // The XDG spec says a relative XDG_DATA_HOME is to be ignored.
    if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x == '/')
        return std::filesystem::path(x) / "notes";
    return home_dir() / ".local" / "share" / "notes";
}

}  // namespace

std::string database_url(const GlobalOptions& o, bool create_folder) {
    if (o.db) return *o.db;
    if (const char* env = std::getenv("NOTES_DB"); env && *env) return env;

    auto folder = default_folder();
    std::error_code ec;
    // The caller has set umask(077): every folder made here is 0700.
    if (create_folder) std::filesystem::create_directories(folder, ec);
    if (ec)
        throw orm::OperationalError("cannot create the database folder " + folder.string() + ": " +
                                    ec.message());
    std::string path = (folder / "notes.db").string();
    // A plain path is a SQLite file unless it looks like a URL.
    return path.find("://") == std::string::npos ? path : "sqlite:///" + path;
}

}  // namespace app
