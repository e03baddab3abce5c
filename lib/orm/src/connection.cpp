#include "orm/connection.hpp"

#include <fmt/format.h>

#include <utility>

#include "orm/dialect/compiler.hpp"
#include "orm/errors.hpp"

namespace orm {

// ---- Statement ----------------------------------------------------------

Statement::Statement(Connection& connection, std::string sql)
    : connection_(connection), sql_(std::move(sql)) {}

Statement::~Statement() = default;

void Statement::bind(int index, const Value& value) {
    if (connection_.echo()) remember(index, value);
    do_bind(index, value);
}

void Statement::bind_borrowed(int index, const Value& value) {
    if (connection_.echo()) remember(index, value);
    do_bind_borrowed(index, value);
}

void Statement::bind_text_borrowed(int index, std::string_view text) {
    if (connection_.echo()) remember(index, Value{std::string(text)});
    do_bind_text_borrowed(index, text);
}

void Statement::bind_text_copy(int index, std::string_view text) {
    if (copies_.size() < static_cast<std::size_t>(index))
        copies_.resize(static_cast<std::size_t>(index));
    auto& copy = copies_[static_cast<std::size_t>(index) - 1];
    copy.assign(text);
    bind_text_borrowed(index, copy);
}

void Statement::remember(int index, const Value& value) {
    if (echo_values_.size() < static_cast<std::size_t>(index))
        echo_values_.resize(static_cast<std::size_t>(index));
    echo_values_[static_cast<std::size_t>(index) - 1] = value;
}

void Statement::bind_all(const std::vector<Value>& values) {
    for (std::size_t i = 0; i < values.size(); ++i)
        bind(static_cast<int>(i) + 1, values[i]);
}

bool Statement::step() {
    if (!started_) {
        started_ = true;
        connection_.on_run(*this, echo_values_);
    }
    return do_step();
}

std::int64_t Statement::execute() {
    while (step()) {
    }
    return rows_affected();
}

void Statement::reset() {
    started_ = false;
    echo_values_.clear();
    do_reset();
}

Value Statement::get_value(int column) const {
    // As text: every backend can give that for every type, and FieldTraits
    // convert it back (value_to_int64 / value_to_double).
    if (is_null(column)) return Value{};
    return Value{std::string(get_text(column))};
}

// ---- StatementHandle ----------------------------------------------------

StatementHandle::StatementHandle(Statement* cached) : statement_(cached) {
    statement_->in_use_ = true;
}

StatementHandle::StatementHandle(std::unique_ptr<Statement> owned)
    : statement_(owned.get()), owned_(std::move(owned)) {}

StatementHandle::StatementHandle(StatementHandle&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)), owned_(std::move(other.owned_)) {}

StatementHandle& StatementHandle::operator=(StatementHandle&& other) noexcept {
    if (this != &other) {
        release();
        statement_ = std::exchange(other.statement_, nullptr);
        owned_ = std::move(other.owned_);
    }
    return *this;
}

StatementHandle::~StatementHandle() {
    release();
}

void StatementHandle::release() noexcept {
    if (!statement_) return;
    try {
        statement_->reset();
    } catch (...) {
        // A failed reset reports the error of the last step, already thrown.
    }
    statement_->in_use_ = false;
    statement_ = nullptr;
    owned_.reset();
}

// ---- Connection ---------------------------------------------------------

Connection::Connection(const Dialect& dialect) : dialect_(dialect), echo_sink_(&log_statement) {}

Connection::~Connection() = default;

StatementHandle Connection::prepare(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        it = cache_.emplace(sql, do_prepare(sql)).first;
    } else if (it->second->in_use_) {
        // Already stepping (a nested query with the same text): use a fresh one.
        return StatementHandle(do_prepare(sql));
    }
    return StatementHandle(it->second.get());
}

StatementHandle Connection::prepare_cached(Rendered& rendered) {
    if (rendered.statement && !rendered.statement->in_use_)
        return StatementHandle(rendered.statement);
    auto handle = prepare(rendered.sql);
    if (handle.cached()) rendered.statement = &*handle;
    return handle;
}

std::int64_t Connection::execute(const std::string& sql, const std::vector<Value>& params) {
    return run(prepare(sql), params);
}

std::int64_t Connection::run(StatementHandle statement, const std::vector<Value>& params) {
    for (std::size_t i = 0; i < params.size(); ++i)
        statement->bind_borrowed(static_cast<int>(i) + 1, params[i]);
    return statement->execute();
}

void Connection::execute_script(const std::string& sql) {
    ++statements_run_;
    if (echo_) echo_sink_(fmt::format("SQL: {}", sql));
    do_execute_script(sql);
}

void Connection::begin(bool write) {
    do_begin(write);
}

void Connection::begin_snapshot() {
    do_begin_snapshot();
}

void Connection::commit() {
    do_commit();
}

void Connection::rollback() {
    do_rollback();
}

void Connection::savepoint(std::string_view name) {
    do_savepoint(name);
}

void Connection::release_savepoint(std::string_view name) {
    do_release_savepoint(name);
}

void Connection::rollback_to_savepoint(std::string_view name) {
    do_rollback_to_savepoint(name);
}

void Connection::do_savepoint(std::string_view name) {
    execute_script(dialect_.compiler().savepoint(name));
}

void Connection::do_release_savepoint(std::string_view name) {
    execute_script(dialect_.compiler().release_savepoint(name));
}

void Connection::do_rollback_to_savepoint(std::string_view name) {
    execute_script(dialect_.compiler().rollback_to_savepoint(name));
}

void Connection::drop_statements() {
    for (auto& [shape, rendered] : rendered_)
        rendered.statement = nullptr;
    cache_.clear();
}

void Connection::clear_statement_cache() {
    for (auto& [shape, rendered] : rendered_)
        rendered.statement = nullptr;
    for (auto it = cache_.begin(); it != cache_.end();) {
        if (it->second->in_use_) {
            ++it;  // still stepping; dropped with the connection
        } else {
            it = cache_.erase(it);
        }
    }
}

void Connection::on_run(const Statement& statement, const std::vector<Value>& values) {
    ++statements_run_;
    if (!echo_) return;
    std::string params;
    for (const auto& v : values) {
        if (!params.empty()) params += ", ";
        params += describe(v);
    }
    echo_sink_(fmt::format("SQL: {} [{}]", statement.sql(), params));
}

}  // namespace orm
