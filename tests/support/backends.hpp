#pragma once
// The backends the suites run on, and the questions a test asks about the
// one under test. Every suite (tests/orm, tests/notes, tests/cli) is
// registered once per backend by notes_add_backend_suite() (CMake), which
// passes --backend=NAME; this header is how a test knows which one runs.
//
//   if (!support::capabilities().file_database)
//       return support::skip("the database is a file on SQLite only");
//   SKIP_UNLESS(support::capabilities().session_time_zone, "sessions have a time zone");
//
// Tests ask for what they need (a capability), not for a backend by name,
// except where the backend's own spelling is the subject (SQL run through
// its command-line client, its catalog, its error codes): then
// support::backend() answers.
#include <optional>
#include <string>
#include <string_view>

namespace support {

enum class Backend { sqlite, mysql, postgresql };

struct Capabilities {
    // The database is one local file (SQLite): its path, permissions, locks
    // held by another program through that file, in-memory databases.
    bool file_database = false;
    // A server shared by every test of a suite: each test starts by emptying it.
    bool server = false;
    // Sessions have a time zone of their own (SET TIME ZONE...): column
    // defaults must still store UTC.
    bool session_time_zone = false;
    // Column types are enforced (lengths, collations), so adopted tables are
    // widened to what the models declare.
    bool enforces_column_types = false;
    // Foreign keys can be switched off per connection by a plain client
    // (the sqlite3 C API writes without them by default).
    bool foreign_keys_optional = false;
    // A key declared orm::rowid may be given again after the highest row is
    // deleted (SQLite's max(rowid) + 1); server sequences never go back.
    bool reuses_row_ids = false;
    // ORM_TEST_FAULT=kill-at:N kills the connection server-side before a
    // statement, and scripts/ can start a second throw-away server to stop.
    bool fault_injection = false;
    // Text columns keep bytes that are not UTF-8 when another program writes
    // them (SQLite's TEXT takes any bytes; servers check the encoding).
    bool stores_invalid_utf8 = false;
};

struct BackendInfo {
    Backend backend;
    std::string_view name;          // the --backend= value, the URL's backend: "mysql"
    std::string_view ctest_prefix;  // "sqlite", "mariadb", "postgresql"
    std::string_view url_variable;  // the environment variable with the server URL ("" for SQLite)
    Capabilities capabilities;
};

// The backend under test: NOTES_TEST_BACKEND (sqlite | mysql | mariadb |
// postgresql | postgres), SQLite when unset.
const BackendInfo& current();
inline Backend backend() {
    return current().backend;
}
inline const Capabilities& capabilities() {
    return current().capabilities;
}
// Every backend the suites know, in registration order.
const BackendInfo* all_backends(std::size_t& count);

// The server database of this suite, from the backend's URL variable; for
// PostgreSQL each suite has a database of its own (NAME_orm, NAME_notes,
// NAME_cli after NOTES_TEST_SUITE), so that the suites run in parallel.
// nullopt on SQLite or when the variable is not set.
std::optional<std::string> server_url();

// Prints the marker CTest reports as "Skipped" (SKIP_REGULAR_EXPRESSION).
void skip(std::string_view reason);
inline constexpr std::string_view kSkipMarker = "NOTES-TEST-SKIPPED";

// A hook the suite's test main runs before the tests (e.g. checking that the
// binary under test exists); a non-zero return ends the run with it.
using StartHook = int (*)();
bool on_start(StartHook hook);

}  // namespace support

// Returns from the test, reported as skipped, unless `condition` holds.
#define SKIP_UNLESS(condition, why)                                                 \
    do {                                                                            \
        if (!(condition)) {                                                         \
            ::support::skip(std::string(::support::current().name) + ": " + (why)); \
            return;                                                                 \
        }                                                                           \
    } while (0)
