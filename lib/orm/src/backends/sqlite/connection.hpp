#pragma once
// SQLite through SQLiteCpp: one database handle, statements prepared once and
// cached by Connection, transactions begun IMMEDIATE by writers.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include "orm/connection.hpp"
#include "orm/engine_options.hpp"
#include "orm/url.hpp"

namespace orm {

// On the C API directly: SQLiteCpp's Column objects share the statement
// through a std::shared_ptr, an atomic count per column read that showed in
// every row an ORM query loads.
class SqliteStatement : public Statement {
  public:
    SqliteStatement(Connection& connection, SQLite::Database& db, const std::string& sql);
    ~SqliteStatement() override;

    bool is_null(int column) const override {
        return sqlite3_column_type(statement_, column) == SQLITE_NULL;
    }
    std::int64_t get_int64(int column) const override {
        return sqlite3_column_int64(statement_, column);
    }
    double get_double(int column) const override {
        return sqlite3_column_double(statement_, column);
    }
    std::string_view get_text(int column) const override {
        // Through the column's value: one call that takes the connection's
        // mutex instead of two (the value is read at once, on the thread
        // that steps the statement). The text first, then its length (the
        // order SQLite documents).
        sqlite3_value* value = sqlite3_column_value(statement_, column);
        const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
        return {text ? text : "", static_cast<std::size_t>(sqlite3_value_bytes(value))};
    }
    int column_count() const override { return sqlite3_column_count(statement_); }
    std::int64_t rows_affected() const override { return sqlite3_changes64(db_); }

  protected:
    void do_bind(int index, const Value& value) override;
    void do_bind_borrowed(int index, const Value& value) override;
    void do_bind_text_borrowed(int index, std::string_view text) override;
    bool do_step() override;
    void do_reset() override;

  private:
    [[noreturn]] void fail(int rc) const;
    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
    int parameters_ = 0;  // placeholders in the statement
    int bound_ = 0;       // values bound since the last reset
};

class SqliteConnection : public Connection {
  public:
    SqliteConnection(const Dialect& dialect, const Url& url, const EngineOptions& options);
    // Statements must be finalized before the database closes.
    ~SqliteConnection() override { drop_statements(); }
    std::int64_t last_insert_id() const override { return db_.getLastInsertRowid(); }

  protected:
    std::unique_ptr<Statement> do_prepare(const std::string& sql) override;
    void do_execute_script(const std::string& sql) override;
    void do_begin(bool write) override;
    void do_commit() override;
    void do_rollback() override;

  private:
    SQLite::Database db_;
};

}  // namespace orm
