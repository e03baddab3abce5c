// Harness for the end-to-end tests of the `notes` binary.
//
// run()/Process start the real program with fork+execve, feed stdin and read
// stdout/stderr through pipes (poll(), no deadlock), enforce a timeout, and
// give every test its own HOME and XDG_DATA_HOME. Env is the per-test
// fixture: a fresh temp dir and a database URL for the backend under test
// (tests/support: SQLite, MariaDB in NOTES_TEST_MYSQL_URL, PostgreSQL in
// NOTES_TEST_PG_URL).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "backends.hpp"

namespace cli {

namespace fs = std::filesystem;
using json = nlohmann::json;

// Path of the binary under test (NOTES_BINARY, overridable at run time with
// the environment variable NOTES_TEST_BINARY).
std::string notes_binary();

// Environment changes for a child: value std::nullopt unsets the variable.
using EnvVars = std::vector<std::pair<std::string, std::optional<std::string>>>;

struct Result {
    std::vector<std::string> args;  // argv[1..] as run, for messages
    int code = -1;                  // exit status, or 128 + signal
    bool signaled = false;
    bool timed_out = false;
    std::string out, err;
    double seconds = 0;

    // stdout / stderr parsed as one JSON document; throws with a readable
    // message when it is not JSON.
    nlohmann::json json() const;
    nlohmann::json err_json() const;
    // Every non-empty line of stdout parsed as JSON (JSON Lines).
    std::vector<nlohmann::json> json_lines() const;
    std::string describe() const;
};
std::ostream& operator<<(std::ostream& os, const Result& r);

struct RunOptions {
    std::string stdin_data;
    bool close_stdin = true;  // false: keep the pipe open (Process::write_stdin)
    EnvVars env;              // on top of the base environment
    bool clean_env = false;   // true: start from the base env without HOME/XDG defaults
    std::string cwd;          // empty: the current directory
    std::chrono::milliseconds timeout{60'000};
    bool as_nobody = false;  // when root: drop to uid/gid 65534 in the child
    bool stdin_tty = false;  // stdin is a pseudo-terminal (nothing is written to it)
    // stdout is a pseudo-terminal (200 columns, no output translation: "\n"
    // stays "\n"); what the child writes arrives in Result::out as usual.
    bool stdout_tty = false;
    // Non-empty: stdout is this file, opened for writing (e.g. "/dev/full");
    // Result::out stays empty.
    std::string stdout_path;
};

// Base environment of every child: the test process's environment without
// NOTES_DB, NO_COLOR, VISUAL, EDITOR and with HOME/XDG_DATA_HOME set by the
// caller (Env does it).
std::vector<std::string> base_environment(const EnvVars& overrides);

// A running child. Destructor kills (SIGKILL) and reaps it if still running.
class Process {
  public:
    Process(std::vector<std::string> argv, const RunOptions& opts);
    ~Process();
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    pid_t pid() const { return pid_; }
    // Only with close_stdin = false: write more, then close.
    void write_stdin(std::string_view data);
    void close_stdin();
    void kill(int sig);
    // Has it exited? (non-blocking; reaps it).
    bool exited();
    // Feed the rest of stdin, read both pipes to EOF, wait for exit. On
    // timeout the process group is killed and timed_out set.
    Result wait();

  private:
    void reap(bool block);

    std::vector<std::string> argv_;
    RunOptions opts_;
    pid_t pid_ = -1;
    int in_ = -1, out_ = -1, err_ = -1;
    int pty_ = -1;      // master side when stdin_tty
    int out_pty_ = -1;  // master side when stdout_tty, until it becomes out_
    size_t in_written_ = 0;
    std::string out_buf_, err_buf_;
    bool reaped_ = false;
    int status_ = 0;
    std::chrono::steady_clock::time_point start_;
};

// Run argv (argv[0] is the program; a bare name is looked up in PATH) to
// completion. Never touches doctest: usable from threads.
Result run_process(std::vector<std::string> argv, const RunOptions& opts);

// The backend the suite runs against and its capabilities (tests/support).
using support::Backend;
using support::skip;

// The parts of a server URL (percent-decoded), for the servers' own clients.
struct ServerUrl {
    std::string scheme, user, password, host, port, database, socket;
    // The same URL with another user and password (percent-encoded here).
    std::string with_login(const std::string& user, const std::string& password) const;
};
ServerUrl parse_server_url(const std::string& url);

// Per-test fixture.
struct Env {
    Env();
    ~Env();
    Env(const Env&) = delete;
    Env& operator=(const Env&) = delete;

    fs::path dir;   // fresh temp dir (also the children's cwd)
    fs::path home;  // HOME of the children (exists, empty)
    fs::path xdg;   // XDG_DATA_HOME of the children (exists, empty)

    Backend backend() const { return backend_; }
    const support::Capabilities& caps() const { return support::capabilities(); }
    bool file_database() const { return caps().file_database; }
    bool server() const { return caps().server; }
    // A quoted identifier for sql() on this backend.
    std::string q(std::string_view name) const;
    // Database URL (SQLite: a file path in dir that does not exist yet).
    std::string db() const { return db_; }
    fs::path db_path() const;  // SQLite only

    // notes --db <db()> ARGS... ; fails the test on timeout.
    Result run(std::vector<std::string> args, std::string_view stdin_data = {},
               EnvVars env = {}) const;
    // notes ARGS... without --db.
    Result run_nodb(std::vector<std::string> args, std::string_view stdin_data = {},
                    EnvVars env = {}) const;
    Result run_opts(std::vector<std::string> args, RunOptions opts, bool with_db = true) const;
    // Options with this fixture's HOME/XDG/cwd filled in.
    RunOptions options() const;
    // argv for the binary: {notes, --db, url, args...}
    std::vector<std::string> argv(std::vector<std::string> args, bool with_db = true) const;

    // Plain SQL through the backend's own command-line client (sqlite3 /
    // mariadb --no-defaults / psql -X). Returns the client's result; output
    // rows are tab-separated. REQUIREs exit 0 unless allow_fail.
    Result sql(const std::string& statements, bool allow_fail = false) const;
    // After a client was killed, a server may still be finishing the
    // statement it was running for it (a COMMIT on its way commits): waits,
    // up to 30 s, until no other session is connected to the test database,
    // so that what the test reads next is the final state.
    void settle_server() const;

    // `export` + `list --json`: compare before/after to show nothing changed.
    std::string snapshot() const;

    // Convenience: add a note / create a category with --json, REQUIRE success.
    json add(const std::string& category, const std::string& text) const;
    json create(const std::string& name) const;
    // Notes of a category (`list NAME --json`), newest first.
    json notes_of(const std::string& category) const;
    json categories() const;  // `list --json`

    fs::path write_file(const std::string& name, std::string_view content) const;

    // A server: start from a database without any table (`drop --all --yes`),
    // for tests that create tables themselves. SQLite: nothing to do, the
    // file does not exist yet.
    void drop_all();
    // This test leaves an unusual schema behind (tutorial tables, a newer
    // schema version...): the destructor drops everything (a server).
    void schema_changed() { schema_changed_ = true; }

  private:
    void reset_server();

    Backend backend_;
    std::string db_;
    bool schema_changed_ = false;
};

// ---- contract checks (doctest assertions) ----
bool is_rfc3339_utc(const json& v);
void check_note_object(const json& n, bool allow_search_extras = false);
void check_category_object(const json& c);
// Exit code, nothing on stdout, one JSON error object with this error.code
// on stderr (for exit 2 "usage" and "invalid" are both accepted, for exit 4
// "database" and "io").
void check_json_error(const Result& r, int code);
// Without --json: exit code and something on stderr.
void check_human_error(const Result& r, int code);

std::string read_file(const fs::path& p);
// The "text" / "id" / "name" members of an array of objects, in order.
std::vector<std::string> texts(const json& arr);
std::vector<long long> ids(const json& arr);
std::vector<std::string> names(const json& arr);
// Note objects without their ids (for comparing exports across databases).
json without_ids(std::vector<json> notes);
std::string repeat(std::string_view s, size_t n);

}  // namespace cli

// Assertion helpers that print the whole Result on failure.
#define CHECK_EXIT(r, c) CHECK_MESSAGE((r).code == (c), (r).describe())
#define REQUIRE_EXIT(r, c) REQUIRE_MESSAGE((r).code == (c), (r).describe())
#define REQUIRE_OK(r) REQUIRE_EXIT(r, 0)
#define CHECK_OK(r) CHECK_EXIT(r, 0)
