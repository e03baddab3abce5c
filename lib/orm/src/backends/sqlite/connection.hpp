#pragma once
// SQLite through SQLiteCpp: one database handle, statements prepared once and
// cached by Connection, transactions begun IMMEDIATE by writers.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "orm/connection.hpp"
#include "orm/engine_options.hpp"
#include "orm/url.hpp"

namespace orm {

class SqliteStatement : public Statement {
  public:
    SqliteStatement(Connection& connection, SQLite::Database& db, const std::string& sql);

    bool is_null(int column) const override { return statement_.isColumnNull(column); }
    std::int64_t get_int64(int column) const override;
    double get_double(int column) const override;
    std::string_view get_text(int column) const override;
    int column_count() const override { return statement_.getColumnCount(); }
    std::int64_t rows_affected() const override { return db_.getChanges(); }

  protected:
    void do_bind(int index, const Value& value) override;
    bool do_step() override;
    void do_reset() override;

  private:
    SQLite::Database& db_;
    SQLite::Statement statement_;
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
