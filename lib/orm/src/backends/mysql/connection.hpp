#pragma once
// MariaDB / MySQL through MariaDB Connector/C.
//
// Statements are server-side prepared statements (mysql_stmt_*), cached per
// connection by Connection::prepare. Every result column is fetched as text
// into a buffer of its own that grows for long values, so get_text() and
// friends work the same for every column type (DATETIME reads as
// 'YYYY-MM-DD HH:MM:SS').
//
// Rows stream from the server one at a time. The protocol allows only one
// command in flight per connection, so when another statement (or a script)
// needs the connection while a result is still streaming, the rest of that
// result is read into memory first: nested queries work, and the common
// single query keeps memory flat.
//
// A connection whose server went away (restart, idle timeout, KILL) is
// reopened once, transparently, when a transaction begins; never in the
// middle of one, where the error reaches the caller (transient = true).
#include <mysql.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orm/connection.hpp"
#include "orm/engine_options.hpp"
#include "orm/url.hpp"
#include "test_fault.hpp"

namespace orm {

class MysqlStatement;

// The server session shared by a connection and its statements, so that the
// order in which they are destroyed does not matter.
struct MysqlLink {
    MYSQL* mysql = nullptr;
    std::uint64_t generation = 0;         // bumped whenever the session is reopened
    MysqlStatement* streaming = nullptr;  // whose rows are still on the wire
    std::int64_t last_insert_id = 0;
    std::unique_ptr<MysqlTestFault> fault;  // a test hook, null unless ORM_TEST_FAULT is set

    MysqlLink() = default;
    MysqlLink(const MysqlLink&) = delete;
    MysqlLink& operator=(const MysqlLink&) = delete;
    ~MysqlLink();

    // Frees the connection for `next` (nullptr: a script): a statement still
    // streaming reads its remaining rows into memory.
    void yield(const MysqlStatement* next);
    // Call just before `sql` goes to the server (the test hook's moment).
    void before_statement(std::string_view sql) {
        if (fault) fault->before_statement(mysql, sql);
    }
};

class MysqlStatement : public Statement {
  public:
    MysqlStatement(Connection& connection, std::shared_ptr<MysqlLink> link, const std::string& sql);
    ~MysqlStatement() override;

    bool is_null(int column) const override;
    std::int64_t get_int64(int column) const override;
    double get_double(int column) const override;
    std::string_view get_text(int column) const override;
    int column_count() const override;
    std::int64_t rows_affected() const override { return affected_; }

    // Reads the rest of the current result into memory (see MysqlLink::yield).
    void spill();

  protected:
    void do_bind(int index, const Value& value) override;
    bool do_step() override;
    void do_reset() override;

  private:
    using Row = std::vector<std::optional<std::string>>;
    enum class State { idle, streaming, spilled, done };

    void ensure_prepared();
    void execute();
    bool fetch();            // the next row into the buffers; false at the end
    void fetch_truncated();  // re-reads columns that did not fit, with bigger buffers
    Row snapshot() const;
    void load(Row row);
    void check_column(int column) const;
    void end_result();
    [[noreturn]] void fail();

    std::shared_ptr<MysqlLink> link_;
    MYSQL_STMT* stmt_ = nullptr;
    std::uint64_t generation_ = 0;
    State state_ = State::idle;
    bool has_row_ = false;
    std::int64_t affected_ = 0;

    // Parameters: values as bound, turned into MYSQL_BINDs at execution.
    std::vector<Value> params_;
    std::vector<MYSQL_BIND> param_binds_;
    std::vector<unsigned long> param_lengths_;

    // Result columns, each fetched as text.
    unsigned columns_ = 0;
    std::vector<MYSQL_BIND> result_binds_;
    std::vector<std::string> buffers_;
    std::vector<unsigned long> lengths_;
    std::vector<my_bool> nulls_, errors_;
    std::deque<Row> spilled_;
};

class MysqlConnection : public Connection {
  public:
    // Connects (throws OperationalError naming the redacted URL); an unknown
    // URL query parameter is a UrlError.
    MysqlConnection(const Dialect& dialect, const Url& url, const EngineOptions& options);
    ~MysqlConnection() override;

    std::int64_t last_insert_id() const override { return link_->last_insert_id; }

  protected:
    std::unique_ptr<Statement> do_prepare(const std::string& sql) override;
    void do_execute_script(const std::string& sql) override;
    // Beginning a transaction is the one point where a lost connection is
    // reopened. A write transaction also takes the database's writer lock,
    // as SQLite's BEGIN IMMEDIATE does: InnoDB locks rows, not the database,
    // so two read-then-write transactions ("create the category unless it
    // exists") would both read "missing" and one would fail on the unique
    // key, or deadlock. With the lock, writers queue up (for the busy
    // timeout) and behave as on SQLite. commit() and rollback() release it.
    void do_begin(bool write) override;
    void do_begin_snapshot() override;
    void do_commit() override;
    void do_rollback() override;

  private:
    // A new server session with this connection's options (throws on failure).
    MYSQL* connect_session() const;
    void open();
    void start(const std::string& sql);
    void reconnect();
    void run_script(const std::string& sql);
    void lock_writers();
    void unlock_writers() noexcept;

    Url url_;
    EngineOptions options_;
    std::shared_ptr<MysqlLink> link_;
    std::string writer_lock_;  // GET_LOCK name, as a hex literal
    bool writer_locked_ = false;
};

}  // namespace orm
