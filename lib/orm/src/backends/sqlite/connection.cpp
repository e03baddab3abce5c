#include "connection.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <stdexcept>

#include "errors.hpp"
#include "orm/errors.hpp"

namespace orm {

// ---- statement ----------------------------------------------------------

SqliteStatement::SqliteStatement(Connection& connection, SQLite::Database& db,
                                 const std::string& sql)
    : Statement(connection, sql), db_(db.getHandle()) {
    const int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()) + 1,
                                      &statement_, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(statement_);
        statement_ = nullptr;
        fail(rc);
    }
    parameters_ = sqlite3_bind_parameter_count(statement_);
}

SqliteStatement::~SqliteStatement() {
    sqlite3_finalize(statement_);
}

void SqliteStatement::fail(int rc) const {
    throw_sqlite_error(SQLite::Exception(db_, rc), sql());
}

namespace {

// SQLITE_TRANSIENT copies a text; SQLITE_STATIC borrows it until the
// statement is reset (Statement::bind_borrowed).
struct Binder {
    sqlite3_stmt* s;
    int i;
    sqlite3_destructor_type text_lifetime;
    int operator()(std::monostate) const { return sqlite3_bind_null(s, i); }
    int operator()(std::int64_t v) const { return sqlite3_bind_int64(s, i, v); }
    int operator()(double v) const { return sqlite3_bind_double(s, i, v); }
    int operator()(const std::string& v) const {
        return sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), text_lifetime);
    }
};

}  // namespace

void SqliteStatement::do_bind(int index, const Value& value) {
    // Transient: the value may go before the statement runs.
    const int rc = std::visit(Binder{statement_, index, SQLITE_TRANSIENT}, value);
    if (rc != SQLITE_OK) fail(rc);
    ++bound_;
}

void SqliteStatement::do_bind_borrowed(int index, const Value& value) {
    const int rc = std::visit(Binder{statement_, index, SQLITE_STATIC}, value);
    if (rc != SQLITE_OK) fail(rc);
    ++bound_;
}

void SqliteStatement::do_bind_text_borrowed(int index, std::string_view text) {
    // A null data pointer would bind NULL, not an empty text.
    const int rc = sqlite3_bind_text(statement_, index, text.data() ? text.data() : "",
                                     static_cast<int>(text.size()), SQLITE_STATIC);
    if (rc != SQLITE_OK) fail(rc);
    ++bound_;
}

bool SqliteStatement::do_step() {
    // A reset keeps the last values (borrowed ones may be gone by then):
    // every run binds all of its own, or runs not at all.
    if (bound_ < parameters_)
        throw std::logic_error(
            fmt::format("orm: {} of {} parameters bound for: {}", bound_, parameters_, sql()));
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    // The statement's own error (sqlite3_step's return is the primary code).
    fail(sqlite3_extended_errcode(db_));
}

void SqliteStatement::do_reset() {
    sqlite3_reset(statement_);
    bound_ = 0;
}

// ---- connection ---------------------------------------------------------

namespace {

SQLite::Database open(const Url& url, const EngineOptions& options) {
    const std::string path = url.memory ? ":memory:" : url.path;
    // NOMUTEX: a Connection is used by one thread at a time (connection.hpp),
    // so SQLite's lock around every call (a tenth of a lookup) buys nothing.
    const int flags =
        SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX | (options.create ? SQLite::OPEN_CREATE : 0);
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
    std::string pragmas =
        "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
        "PRAGMA journal_size_limit = 4194304";
    if (options.page_cache_kib)
        pragmas += fmt::format("; PRAGMA cache_size = -{}", options.page_cache_kib);
    do_execute_script(pragmas);
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
