#pragma once
// One open connection to a database. Not thread-safe: use one per thread.
//
// Transactions are operations of the connection: begin(write), commit(),
// rollback() and savepoints. Each backend implements them its own way
// (SQLite: BEGIN IMMEDIATE for writers; MySQL: a writer lock as well), so
// that nothing above the connection writes or recognises transaction SQL.
//
// Statements are prepared once per connection and cached by SQL text. The
// connection counts the statements it runs and, with `echo`, logs each one
// with its bound values through spdlog's default logger at level info: the
// logger of the program that made the Engine, which hands its own sink to
// every connection (a backend module has a private copy of spdlog, whose
// default logger nobody set up).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "orm/statement.hpp"
#include "orm/value.hpp"

namespace orm {

class Dialect;

class Connection {
  public:
    explicit Connection(const Dialect& dialect);
    virtual ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const Dialect& dialect() const { return dialect_; }

    // A prepared statement for `sql`, from the cache when it is free.
    StatementHandle prepare(const std::string& sql);
    // Prepares, binds and runs to completion; returns the rows changed.
    std::int64_t execute(const std::string& sql, const std::vector<Value>& params = {});
    // Runs `sql` (possibly several statements, no parameters) without caching
    // it: DDL and settings. Transactions go through begin() and friends.
    void execute_script(const std::string& sql);

    // Opens a transaction. `write` takes the write lock up front where the
    // backend has one, so that a writer waits for other writers (for the
    // busy timeout) instead of failing half-way.
    void begin(bool write);
    // A read-only transaction whose every statement sees the same committed
    // state (SQLite's read transactions always do; MySQL needs asking).
    void begin_snapshot();
    // Throws CommitUnknown when the connection failed while COMMIT was on its
    // way (the outcome cannot be known; never retry the work).
    void commit();
    // May throw when the backend already ended the transaction after an error.
    void rollback();
    // Savepoints inside the open transaction, named by the caller.
    void savepoint(std::string_view name);
    void release_savepoint(std::string_view name);
    void rollback_to_savepoint(std::string_view name);

    virtual std::int64_t last_insert_id() const = 0;
    // Drops every cached statement (needed before schema changes on some backends).
    void clear_statement_cache();

    // The prepared statement for SQL rendered once per connection for `shape`
    // (a key that determines the text, e.g. a query's structure without its
    // values): render() runs the first time only, so a query shape costs its
    // rendering once, and each later use one lookup by shape.
    template <class Render>
    StatementHandle prepare_rendered(const std::string& shape, Render&& render) {
        return prepare_cached(rendered_entry(shape, render));
    }
    // Prepares the rendered statement, binds `params` and runs it.
    template <class Render>
    std::int64_t execute_rendered(const std::string& shape, Render&& render,
                                  const std::vector<Value>& params) {
        return run(prepare_rendered(shape, render), params);
    }

    void set_echo(bool echo) { echo_ = echo; }
    bool echo() const { return echo_; }
    // Where echoed lines go; the default is log_statement() of the code that
    // made the connection.
    using EchoSink = void (*)(std::string_view line);
    void set_echo_sink(EchoSink sink) { echo_sink_ = sink; }
    // Statements run on this connection so far (each execution counts once).
    std::uint64_t statements_run() const { return statements_run_; }

  protected:
    virtual std::unique_ptr<Statement> do_prepare(const std::string& sql) = 0;
    virtual void do_execute_script(const std::string& sql) = 0;
    // Transaction control, each backend its own way. The savepoint defaults
    // run the standard statements through execute_script().
    virtual void do_begin(bool write) = 0;
    virtual void do_begin_snapshot() { do_begin(false); }
    virtual void do_commit() = 0;
    virtual void do_rollback() = 0;
    virtual void do_savepoint(std::string_view name);
    virtual void do_release_savepoint(std::string_view name);
    virtual void do_rollback_to_savepoint(std::string_view name);
    // Finalizes every cached statement; backends call it before closing.
    void drop_statements();

  private:
    friend class Statement;
    void on_run(const Statement& statement, const std::vector<Value>& values);

    struct Rendered {
        std::string sql;
        Statement* statement = nullptr;  // its cached statement, once prepared
    };
    template <class Render>
    Rendered& rendered_entry(const std::string& shape, Render& render) {
        // A bulk load asks for one shape row after row: compared, not hashed.
        if (last_rendered_ && last_rendered_->first == shape) return last_rendered_->second;
        auto it = rendered_.find(shape);
        if (it == rendered_.end()) it = rendered_.emplace(shape, Rendered{render()}).first;
        last_rendered_ = &*it;  // entries are never erased: the node stays put
        return it->second;
    }
    StatementHandle prepare_cached(Rendered& rendered);
    // Binds `params` (they outlive the run: no copies) and runs the statement.
    static std::int64_t run(StatementHandle statement, const std::vector<Value>& params);

    const Dialect& dialect_;
    std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
    std::unordered_map<std::string, Rendered> rendered_;
    std::pair<const std::string, Rendered>* last_rendered_ = nullptr;
    bool echo_ = false;
    EchoSink echo_sink_;
    std::uint64_t statements_run_ = 0;
};

// Logs one echoed statement through spdlog's default logger, at level info.
void log_statement(std::string_view line);

}  // namespace orm
