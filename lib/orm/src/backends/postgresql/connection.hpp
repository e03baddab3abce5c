#pragma once
// PostgreSQL through libpq.
//
// Statements are server-side prepared statements (PQprepare, one name per
// statement), cached per connection by Connection::prepare. The compiler
// writes $1, $2...; SQL written with `?` placeholders (the backend's own
// catalog and full-text statements, tests) gets them here
// (to_dollar_placeholders, compiler.hpp). Parameters go as
// text and the server infers their types from where they appear; results
// come back as text, the whole result at once, so nested queries need no
// care (libpq has one command in flight per connection).
//
// Every session runs in UTC with ISO dates, its lock waits bounded by the
// busy timeout (lock_timeout), READ COMMITTED (the server's default), and
// server notices ("already exists, skipping") are dropped, not printed.
//
// A connection whose server went away (restart, idle timeout, terminated) is
// reopened once, transparently, when a transaction begins; never in the
// middle of one, where the error reaches the caller (transient = true).
//
// A write transaction also takes the database's writer lock, a transaction
// advisory lock (pg_advisory_xact_lock: advisory locks are per database and
// end with the transaction), as SQLite's BEGIN IMMEDIATE and the MySQL
// backend's GET_LOCK do. Why: PostgreSQL locks rows, so two read-then-write
// transactions ("create the category unless it exists") would race where
// SQLite queues them; with the lock, writers wait (for the busy timeout,
// lock_timeout) and then see each other's rows.
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "orm/connection.hpp"
#include "orm/engine_options.hpp"
#include "orm/url.hpp"

namespace orm {

// The server session shared by a connection and its statements, so that the
// order in which they are destroyed does not matter.
struct PostgresqlLink {
    PGconn* conn = nullptr;
    std::uint64_t generation = 0;  // bumped whenever the session is reopened
    std::uint64_t next_name = 0;   // prepared statement names: orm_1, orm_2...
    bool inserted = false;         // an INSERT ran since lastval() was last read
    bool closing = false;          // the connection is being destroyed
    std::int64_t last_insert_id = 0;

    PostgresqlLink() = default;
    PostgresqlLink(const PostgresqlLink&) = delete;
    PostgresqlLink& operator=(const PostgresqlLink&) = delete;
    ~PostgresqlLink();
};

class PostgresqlStatement : public Statement {
  public:
    PostgresqlStatement(Connection& connection, std::shared_ptr<PostgresqlLink> link,
                        const std::string& sql);
    ~PostgresqlStatement() override;

    bool is_null(int column) const override;
    std::int64_t get_int64(int column) const override;
    double get_double(int column) const override;
    std::string_view get_text(int column) const override;
    int column_count() const override;
    std::int64_t rows_affected() const override { return affected_; }

  protected:
    void do_bind(int index, const Value& value) override;
    bool do_step() override;
    void do_reset() override;

  private:
    void ensure_prepared();
    void execute();
    void check_column(int column) const;
    void clear_result();

    std::shared_ptr<PostgresqlLink> link_;
    std::string server_sql_;  // with $n placeholders
    std::string name_;        // of the prepared statement; empty: not prepared
    std::uint64_t generation_ = 0;
    int param_count_ = 0;
    std::vector<Value> params_;

    PGresult* result_ = nullptr;
    int rows_ = 0;
    int row_ = -1;  // current row; -1 before the first
    bool executed_ = false;
    std::int64_t affected_ = 0;
};

class PostgresqlConnection : public Connection {
  public:
    // Connects (throws OperationalError naming the redacted URL); an unknown
    // URL query parameter is a UrlError.
    PostgresqlConnection(const Dialect& dialect, const Url& url, const EngineOptions& options);
    ~PostgresqlConnection() override;

    std::int64_t last_insert_id() const override;

  protected:
    std::unique_ptr<Statement> do_prepare(const std::string& sql) override;
    void do_execute_script(const std::string& sql) override;
    void do_begin(bool write) override;
    void do_commit() override;
    void do_rollback() override;

  private:
    void open();
    void reconnect();
    void run_script(const std::string& sql) const;

    Url url_;
    EngineOptions options_;
    std::shared_ptr<PostgresqlLink> link_;
};

}  // namespace orm
