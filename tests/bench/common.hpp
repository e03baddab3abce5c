#pragma once
// Shared by the benchmark programs: the connection set-up of the floor (the
// same flags, pragmas and busy timeout as lib/orm's SQLite dialect), the note
// JSON writer of `notes` itself, and a small error check. Raw SQLite C API
// and app/json_note_writer (standard C++ only).
#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "note_output.hpp"

namespace bench {

[[noreturn]] inline void die(sqlite3* db, const char* what) {
    std::fprintf(stderr, "bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "error");
    std::exit(3);
}

inline void check(sqlite3* db, int rc, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) die(db, what);
}

// What an expert would write for a program made of one-shot processes, and
// what orm::SqliteConnection does on open: SQLite's defaults except where a
// reason is written down. In particular the connection checkpoints the
// write-ahead log when it closes (the default): with
// SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE nothing ever resets the log of a program
// whose every command is a new process, and every later process re-reads it
// whole (performance-facts.md: a lookup 50 ms instead of 3 ms after an import).
inline sqlite3* open_like_notes(const char* path, bool create = true) {
    sqlite3* db = nullptr;
    // One thread uses the connection: no lock taken around every call
    // (SQLite's multi-thread mode for this connection).
    const int flags =
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &db, flags, nullptr) != SQLITE_OK) die(db, "open");
    // Several processes share the file: a writer waits for another instead
    // of failing at once with SQLITE_BUSY.
    sqlite3_busy_timeout(db, 5000);
    check(db,
          sqlite3_exec(db,
                       // The schema's ON DELETE CASCADE and references hold only
                       // with foreign keys on (off by default, per connection).
                       "PRAGMA foreign_keys = ON; "
                       // Readers never block the writer nor the writer them
                       // (stored in the file; a no-op once set).
                       "PRAGMA journal_mode = WAL; "
                       // In WAL mode, a commit is not synced, only a checkpoint:
                       // still consistent after a crash, one fsync fewer per
                       // command (the usual choice with WAL).
                       "PRAGMA synchronous = NORMAL; "
                       // A log that a busy moment let grow (a reader kept a
                       // snapshot while others wrote) is truncated back to
                       // 4 MiB once it is reset, instead of staying that big.
                       "PRAGMA journal_size_limit = 4194304",
                       nullptr, nullptr, nullptr),
          "pragmas");
    return db;
}

inline void exec(sqlite3* db, const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::fprintf(stderr, "bench: %s: %s\n", sql, error ? error : "error");
        std::exit(3);
    }
}

inline sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) die(db, sql);
    return statement;
}

inline std::string_view column_text(sqlite3_stmt* statement, int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
    return {text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(statement, column))};
}

}  // namespace bench
