#include "connection.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "compiler.hpp"
#include "errors.hpp"
#include "orm/errors.hpp"

namespace orm {

namespace {

// The SQLSTATE of a failed result, or of the connection when there is none.
std::string sqlstate_of(PGconn* conn, const PGresult* result) {
    if (result)
        if (const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE)) return state;
    // No reply from the server: libpq's own failure, usually the connection.
    return !conn || PQstatus(conn) == CONNECTION_BAD ? "08006" : "";
}

std::string message_of(PGconn* conn, const PGresult* result) {
    if (result) {
        const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
        const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
        if (primary) return detail ? fmt::format("{}: {}", primary, detail) : primary;
    }
    return conn ? PQerrorMessage(conn) : "no connection";
}

[[noreturn]] void fail(PGconn* conn, PGresult* result, const std::string& sql) {
    const auto state = sqlstate_of(conn, result);
    const auto message = message_of(conn, result);
    if (result) PQclear(result);
    throw_postgresql_error(state, message, sql);
}

bool succeeded(const PGresult* result) {
    const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
}

[[noreturn]] void connection_gone(const std::string& statement) {
    throw_postgresql_error("08003", "the connection to the server is closed", statement);
}

// Lock waits (rows, tables, the writer lock) last the busy timeout.
std::int64_t lock_milliseconds(const EngineOptions& options) {
    return std::max<long long>(1, options.busy_timeout.count());
}

}  // namespace

// ---- link ---------------------------------------------------------------

PostgresqlLink::~PostgresqlLink() {
    if (conn) PQfinish(conn);
}

// ---- statement ----------------------------------------------------------

PostgresqlStatement::PostgresqlStatement(Connection& connection,
                                         std::shared_ptr<PostgresqlLink> link,
                                         const std::string& sql)
    : Statement(connection, sql), link_(std::move(link)) {
    param_count_ = 0;
    server_sql_ = to_dollar_placeholders(sql, param_count_);
    params_.assign(static_cast<std::size_t>(param_count_), Value{});
    ensure_prepared();
}

PostgresqlStatement::~PostgresqlStatement() {
    clear_result();
    if (!name_.empty() && link_->conn && !link_->closing && generation_ == link_->generation &&
        PQstatus(link_->conn) == CONNECTION_OK &&
        PQtransactionStatus(link_->conn) != PQTRANS_INERROR) {
        // A failed transaction refuses every command until it ends: the
        // statement then goes with the session instead.
        if (PGresult* r = PQexec(link_->conn, ("DEALLOCATE " + name_).c_str())) PQclear(r);
    }
}

void PostgresqlStatement::ensure_prepared() {
    if (!name_.empty() && generation_ == link_->generation) return;
    name_.clear();
    if (!link_->conn) connection_gone(sql());
    auto name = fmt::format("orm_{}", ++link_->next_name);
    PGresult* result = PQprepare(link_->conn, name.c_str(), server_sql_.c_str(), 0, nullptr);
    if (!succeeded(result)) fail(link_->conn, result, sql());
    PQclear(result);
    name_ = std::move(name);
    generation_ = link_->generation;
}

void PostgresqlStatement::clear_result() {
    if (result_) PQclear(result_);
    result_ = nullptr;
    rows_ = 0;
    row_ = -1;
}

void PostgresqlStatement::check_column(int column) const {
    if (!result_ || row_ < 0 || row_ >= rows_ || column < 0 || column >= PQnfields(result_))
        throw std::out_of_range(fmt::format("column {} of a statement with {} (row {} of {}): {}",
                                            column, result_ ? PQnfields(result_) : 0, row_, rows_,
                                            sql()));
}

bool PostgresqlStatement::is_null(int column) const {
    check_column(column);
    return PQgetisnull(result_, row_, column) != 0;
}

std::string_view PostgresqlStatement::get_text(int column) const {
    check_column(column);
    if (PQgetisnull(result_, row_, column)) return {};
    return {PQgetvalue(result_, row_, column),
            static_cast<std::size_t>(PQgetlength(result_, row_, column))};
}

std::int64_t PostgresqlStatement::get_int64(int column) const {
    const auto text = get_text(column);
    if (text.empty()) return 0;
    if (text == "t") return 1;  // booleans read as t / f
    if (text == "f") return 0;
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc{} && end == text.data() + text.size()) return value;
    // NUMERIC or DOUBLE PRECISION text: truncate toward zero, saturating, as SQLite does.
    const double d = get_double(column);
    if (std::isnan(d)) return 0;
    if (d >= 9223372036854775807.0) return std::numeric_limits<std::int64_t>::max();
    if (d <= -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
    return static_cast<std::int64_t>(d);
}

double PostgresqlStatement::get_double(int column) const {
    const auto text = get_text(column);
    if (text.empty()) return 0;
    if (text == "t") return 1;
    if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (text == "Infinity") return std::numeric_limits<double>::infinity();
    if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
    double value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

int PostgresqlStatement::column_count() const {
    return result_ ? PQnfields(result_) : 0;
}

void PostgresqlStatement::do_bind(int index, const Value& value) {
    if (index < 1 || index > param_count_)
        throw ProgrammingError(fmt::format("bind index {} out of range: the statement has {} "
                                           "parameters",
                                           index, param_count_),
                               sql());
    params_[static_cast<std::size_t>(index) - 1] = value;
}

void PostgresqlStatement::execute() {
    ensure_prepared();
    std::vector<std::string> texts(params_.size());
    std::vector<const char*> values(params_.size(), nullptr);
    for (std::size_t i = 0; i < params_.size(); ++i) {
        const auto& v = params_[i];
        if (auto* n = std::get_if<std::int64_t>(&v)) {
            texts[i] = std::to_string(*n);
        } else if (auto* d = std::get_if<double>(&v)) {
            texts[i] = std::isnan(*d)   ? "NaN"
                       : std::isinf(*d) ? (*d > 0 ? "Infinity" : "-Infinity")
                                        : fmt::format("{}", *d);
        } else if (auto* s = std::get_if<std::string>(&v)) {
            // Text parameters end at a NUL byte, which no PostgreSQL text can hold.
            if (s->find('\0') != std::string::npos)
                throw_postgresql_error("22021", "invalid byte sequence: text contains 0x00", sql());
            texts[i] = *s;
        } else {
            continue;  // NULL
        }
        values[i] = texts[i].c_str();
    }
    clear_result();
    PGresult* result = PQexecPrepared(link_->conn, name_.c_str(), param_count_, values.data(),
                                      nullptr, nullptr, 0);
    if (!succeeded(result)) fail(link_->conn, result, sql());
    result_ = result;
    rows_ = PQntuples(result);
    const char* tuples = PQcmdTuples(result);
    affected_ = tuples && *tuples ? std::stoll(tuples) : 0;
    if (std::string_view(PQcmdStatus(result)).starts_with("INSERT")) link_->inserted = true;
}

bool PostgresqlStatement::do_step() {
    if (!executed_) {
        executed_ = true;
        execute();
    }
    if (row_ + 1 >= rows_) {
        row_ = rows_;
        return false;
    }
    ++row_;
    return true;
}

void PostgresqlStatement::do_reset() {
    clear_result();
    executed_ = false;
    std::fill(params_.begin(), params_.end(), Value{});
}

// ---- connection ---------------------------------------------------------

PostgresqlConnection::PostgresqlConnection(const Dialect& dialect, const Url& url,
                                           const EngineOptions& options)
    : Connection(dialect), url_(url), options_(options), link_(std::make_shared<PostgresqlLink>()) {
    for (const auto& [key, value] : url_.query)
        if (key != "host" && key != "sslmode" && key != "application_name")
            throw UrlError(
                fmt::format("invalid database URL '{}': unknown parameter '{}' "
                            "(postgresql URLs take ?host=/socket/folder, ?sslmode=... "
                            "and ?application_name=...)",
                            url_.redacted(), key));
    open();
}

PostgresqlConnection::~PostgresqlConnection() {
    // The session's end frees its prepared statements: no DEALLOCATE each.
    link_->closing = true;
    drop_statements();
}

void PostgresqlConnection::open() {
    const auto connect_timeout =
        std::to_string(std::max<long long>(1, options_.connect_timeout.count()));
    // UTC: timestamps and now() defaults; ISO: 'YYYY-MM-DD HH:MM:SS' text.
    const auto session_options = fmt::format(
        "-c TimeZone=UTC -c DateStyle=ISO -c lock_timeout={} "
        "-c client_min_messages=warning",
        lock_milliseconds(options_));
    std::vector<std::pair<const char*, std::string>> params;
    const auto host = url_.query.find("host");
    if (host != url_.query.end())
        params.emplace_back("host", host->second);
    else if (!url_.host.empty())
        params.emplace_back("host", url_.host);
    if (url_.port) params.emplace_back("port", std::to_string(*url_.port));
    if (!url_.user.empty()) params.emplace_back("user", url_.user);
    if (!url_.password.empty()) params.emplace_back("password", url_.password);
    params.emplace_back("dbname", url_.database);
    params.emplace_back("connect_timeout", connect_timeout);
    params.emplace_back("client_encoding", "UTF8");
    params.emplace_back("options", session_options);
    params.emplace_back("fallback_application_name", "orm");
    for (const char* key : {"sslmode", "application_name"})
        if (const auto it = url_.query.find(key); it != url_.query.end())
            params.emplace_back(key, it->second);
    std::vector<const char*> keys, values;
    for (const auto& [k, v] : params) {
        keys.push_back(k);
        values.push_back(v.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);

    PGconn* conn = PQconnectdbParams(keys.data(), values.data(), 0);
    if (!conn) throw OperationalError("cannot connect: the PostgreSQL client is out of memory");
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string message = PQerrorMessage(conn);
        PQfinish(conn);
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        // The server does not echo passwords, but make sure of it.
        if (!url_.password.empty())
            for (auto at = message.find(url_.password); at != std::string::npos;
                 at = message.find(url_.password, at + 3))
                message.replace(at, url_.password.size(), "***");
        throw_postgresql_error(
            "08001", fmt::format("cannot connect to {}: {}", url_.redacted(), message), {});
    }
    // Notices ("relation already exists, skipping") are not errors: not on stderr.
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    link_->conn = conn;
}

void PostgresqlConnection::reconnect() {
    PGconn* old = std::exchange(link_->conn, nullptr);
    ++link_->generation;  // statements prepare again on first use
    link_->inserted = false;
    if (old) PQfinish(old);
    open();
}

void PostgresqlConnection::run_script(const std::string& sql) const {
    PGconn* conn = link_->conn;
    if (!conn) connection_gone(sql);
    // Several statements in one string run as one implicit transaction
    // unless they manage their own; each result but the last is freed by libpq.
    PGresult* result = PQexec(conn, sql.c_str());
    if (!succeeded(result)) fail(conn, result, sql);
    PQclear(result);
}

std::unique_ptr<Statement> PostgresqlConnection::do_prepare(const std::string& sql) {
    return std::make_unique<PostgresqlStatement>(*this, link_, sql);
}

void PostgresqlConnection::do_execute_script(const std::string& sql) {
    run_script(sql);
}

void PostgresqlConnection::do_begin(bool write) {
    try {
        execute_script("BEGIN");
    } catch (const OperationalError&) {
        // Before a transaction's first statement nothing can be lost: reopen
        // the session once and begin again.
        if (link_->conn && PQstatus(link_->conn) == CONNECTION_OK) throw;
        reconnect();
        execute_script("BEGIN");
    }
    if (!write) return;
    try {
        // One lock per database (advisory locks are per database); the key is arbitrary.
        execute_script("SELECT pg_catalog.pg_advisory_xact_lock(7283105744318960913)");
    } catch (const DatabaseError&) {
        // Not granted within lock_timeout: the transaction it opened ends here.
        if (link_->conn && PQstatus(link_->conn) == CONNECTION_OK)
            if (PGresult* r = PQexec(link_->conn, "ROLLBACK")) PQclear(r);
        throw;
    }
}

void PostgresqlConnection::do_commit() {
    execute_script("COMMIT");  // the writer lock ends with the transaction
}

void PostgresqlConnection::do_rollback() {
    execute_script("ROLLBACK");
}

std::int64_t PostgresqlConnection::last_insert_id() const {
    // lastval(): the value the session's last nextval() returned, i.e. the
    // id the last INSERT generated (the backend adds no sequences of its own,
    // such as in triggers). Read only when asked, once per INSERT.
    if (!link_->inserted || !link_->conn) return link_->last_insert_id;
    link_->inserted = false;
    PGresult* result = PQexec(link_->conn, "SELECT lastval()");
    if (!succeeded(result)) {
        // 55000: no sequence used yet in this session (an INSERT of explicit ids).
        if (sqlstate_of(link_->conn, result) == "55000") {
            PQclear(result);
            return link_->last_insert_id;
        }
        fail(link_->conn, result, "SELECT lastval()");
    }
    if (PQntuples(result) == 1 && !PQgetisnull(result, 0, 0))
        link_->last_insert_id = std::stoll(PQgetvalue(result, 0, 0));
    PQclear(result);
    return link_->last_insert_id;
}

}  // namespace orm
