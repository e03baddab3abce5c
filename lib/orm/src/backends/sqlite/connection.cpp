#include "connection.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include "errors.hpp"
#include "orm/errors.hpp"

namespace orm {

// ---- statement ----------------------------------------------------------

SqliteStatement::SqliteStatement(Connection& connection, SQLite::Database& db,
                                 const std::string& sql)
    : Statement(connection, sql), db_(db), statement_(db, sql) {}

std::int64_t SqliteStatement::get_int64(int column) const {
    return statement_.getColumn(column).getInt64();
}

double SqliteStatement::get_double(int column) const {
    return statement_.getColumn(column).getDouble();
}

std::string_view SqliteStatement::get_text(int column) const {
    const auto value = statement_.getColumn(column);
    // getBytes() after getText(): the text conversion comes first (SQLite docs).
    const char* text = value.getText();
    return {text, static_cast<std::size_t>(value.getBytes())};
}

void SqliteStatement::do_bind(int index, const Value& value) {
    struct Binder {
        SQLite::Statement& s;
        int i;
        void operator()(std::monostate) const { s.bind(i); }
        void operator()(std::int64_t v) const { s.bind(i, v); }
        void operator()(double v) const { s.bind(i, v); }
        void operator()(const std::string& v) const { s.bind(i, v); }
    };
    try {
        std::visit(Binder{statement_, index}, value);
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, sql());
    }
}

bool SqliteStatement::do_step() {
    try {
        return statement_.executeStep();
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, sql());
    }
}

void SqliteStatement::do_reset() {
    statement_.tryReset();
    statement_.clearBindings();
}

// ---- connection ---------------------------------------------------------

namespace {

SQLite::Database open(const Url& url, const EngineOptions& options) {
    const std::string path = url.memory ? ":memory:" : url.path;
    const int flags = SQLite::OPEN_READWRITE | (options.create ? SQLite::OPEN_CREATE : 0);
    try {
        return SQLite::Database(path, flags, static_cast<int>(options.busy_timeout.count()));
    } catch (const SQLite::Exception& e) {
        throw OperationalError(fmt::format("cannot open database '{}': {}", path, e.what()), {},
                               e.getExtendedErrorCode());
    }
}

}  // namespace

SqliteConnection::SqliteConnection(const Dialect& dialect, const Url& url,
                                   const EngineOptions& options)
    : Connection(dialect), db_(open(url, options)) {
    // SQLite's defaults on purpose: the last connection to close checkpoints
    // the WAL and deletes it, and auto-checkpoint runs every 1,000 pages. A
    // `notes` process is one command, so a log left behind on close (the
    // NO_CKPT_ON_CLOSE flag) is never reset: each new process re-reads it
    // whole and every later commit copies all of it again (50-85x slower
    // after an import). journal_size_limit truncates a log that a busy
    // moment (several processes at once) let grow, once it is reset.
    do_execute_script(
        "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
        "PRAGMA journal_size_limit = 4194304");
}

std::unique_ptr<Statement> SqliteConnection::do_prepare(const std::string& sql) {
    try {
        return std::make_unique<SqliteStatement>(*this, db_, sql);
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, sql);
    }
}

void SqliteConnection::do_execute_script(const std::string& sql) {
    try {
        db_.exec(sql);
    } catch (const SQLite::Exception& e) {
        throw_sqlite_error(e, sql);
    }
}

void SqliteConnection::do_begin(bool write) {
    // IMMEDIATE takes the write lock now, waiting (busy timeout) for other
    // writers, instead of failing with SQLITE_BUSY when a read turns into a write.
    execute_script(write ? "BEGIN IMMEDIATE" : "BEGIN");
}

void SqliteConnection::do_commit() {
    execute_script("COMMIT");
}

void SqliteConnection::do_rollback() {
    execute_script("ROLLBACK");
}

}  // namespace orm
