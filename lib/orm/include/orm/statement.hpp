#pragma once
// A prepared statement on one connection. Backends implement the do_* hooks;
// the public calls add statement counting and `echo` logging once, here.
//
// Obtain statements through Connection::prepare(), which caches them by SQL
// text; a StatementHandle gives one back (reset) when it goes out of scope.
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "orm/value.hpp"

namespace orm {

class Connection;

class Statement {
  public:
    Statement(Connection& connection, std::string sql);
    virtual ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    const std::string& sql() const { return sql_; }

    // Parameters are numbered from 1, as in SQL.
    void bind(int index, const Value& value);
    void bind_all(const std::vector<Value>& values);
    // Binds without copying where the backend can: `value` must stay alive
    // and unchanged until the statement is reset.
    void bind_borrowed(int index, const Value& value);
    // Binds text the same way, straight from where it lives (a model
    // object's member): no Value, no copy on backends that can borrow.
    void bind_text_borrowed(int index, std::string_view text);
    // Binds a copy of `text` that the statement keeps for that parameter:
    // after the first run, no allocation (a formatted time, say).
    void bind_text_copy(int index, std::string_view text);
    // Runs the statement or fetches the next row: true while a row is available.
    bool step();
    // Runs a statement that returns no rows; returns the rows it changed.
    std::int64_t execute();
    // Ready to run again: clears bindings and any pending rows.
    void reset();

    // Columns of the current row, numbered from 0.
    virtual bool is_null(int column) const = 0;
    virtual std::int64_t get_int64(int column) const = 0;
    virtual double get_double(int column) const = 0;
    virtual std::string_view get_text(int column) const = 0;
    virtual int column_count() const = 0;
    Value get_value(int column) const;

    virtual std::int64_t rows_affected() const = 0;

  protected:
    virtual void do_bind(int index, const Value& value) = 0;
    virtual void do_bind_borrowed(int index, const Value& value) { do_bind(index, value); }
    virtual void do_bind_text_borrowed(int index, std::string_view text) {
        do_bind(index, Value{std::string(text)});
    }
    virtual bool do_step() = 0;
    virtual void do_reset() = 0;
    Connection& connection() const { return connection_; }

  private:
    void remember(int index, const Value& value);  // for echo
    friend class StatementHandle;
    friend class Connection;
    Connection& connection_;
    std::string sql_;
    std::vector<Value> echo_values_;
    // bind_text_copy(), by parameter: a deque, so that growing it moves no
    // text already bound (a short one lives inside its string).
    std::deque<std::string> copies_;
    bool started_ = false;
    bool in_use_ = false;
};

// Borrowed use of a prepared statement; resets it and returns it to the cache.
class StatementHandle {
  public:
    StatementHandle() = default;
    explicit StatementHandle(Statement* cached);
    explicit StatementHandle(std::unique_ptr<Statement> owned);
    StatementHandle(StatementHandle&& other) noexcept;
    StatementHandle& operator=(StatementHandle&& other) noexcept;
    ~StatementHandle();

    Statement* operator->() const { return statement_; }
    Statement& operator*() const { return *statement_; }
    explicit operator bool() const { return statement_ != nullptr; }
    // From the connection's cache (not a one-off statement of its own).
    bool cached() const { return statement_ && !owned_; }

  private:
    void release() noexcept;
    Statement* statement_ = nullptr;
    std::unique_ptr<Statement> owned_;
};

}  // namespace orm
