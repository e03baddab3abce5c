#include "connection.hpp"

#include <errmsg.h>
#include <fmt/format.h>
#include <mysqld_error.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <utility>

#include "errors.hpp"
#include "orm/errors.hpp"

namespace orm {

namespace {

// Columns start with buffers this big and grow to the longest value seen;
// buffers beyond kKeepBuffer are given back when the statement is reset.
constexpr std::size_t kInitialBuffer = 256;
constexpr std::size_t kKeepBuffer = 64 * 1024;

// Lock waits (rows, metadata, the writer lock) last the busy timeout, in whole seconds.
std::int64_t lock_seconds(const EngineOptions& options) {
    return std::max<long long>(1, (options.busy_timeout.count() + 999) / 1000);
}

[[noreturn]] void connection_gone(const std::string& statement) {
    throw_mysql_error(CR_SERVER_GONE_ERROR, "the connection to the server is closed", statement);
}

}  // namespace

// ---- link ---------------------------------------------------------------

MysqlLink::~MysqlLink() {
    if (mysql) mysql_close(mysql);
}

void MysqlLink::yield(const MysqlStatement* next) {
    if (streaming && streaming != next) streaming->spill();
}

// ---- statement ----------------------------------------------------------

MysqlStatement::MysqlStatement(Connection& connection, std::shared_ptr<MysqlLink> link,
                               const std::string& sql)
    : Statement(connection, sql), link_(std::move(link)) {
    ensure_prepared();
}

MysqlStatement::~MysqlStatement() {
    if (link_->streaming == this) {
        link_->streaming = nullptr;  // mysql_stmt_close reads and drops our rows
    } else {
        try {
            link_->yield(this);  // closing sends a command: another stream must not be in flight
        } catch (...) {
            // That statement reports the failure when it is read.
        }
    }
    // A statement of a closed session is only freed (the connector detached it).
    if (stmt_) mysql_stmt_close(stmt_);
}

void MysqlStatement::ensure_prepared() {
    if (stmt_ && generation_ == link_->generation) return;
    if (stmt_) {
        mysql_stmt_close(stmt_);  // from a session that was closed and reopened
        stmt_ = nullptr;
    }
    if (!link_->mysql) connection_gone(sql());
    link_->yield(this);
    stmt_ = mysql_stmt_init(link_->mysql);
    if (!stmt_) throw OperationalError("MySQL: out of memory preparing a statement", sql());
    if (mysql_stmt_prepare(stmt_, sql().data(), sql().size()) != 0) {
        const unsigned code = mysql_stmt_errno(stmt_);
        const std::string message = mysql_stmt_error(stmt_);
        mysql_stmt_close(stmt_);
        stmt_ = nullptr;
        throw_mysql_error(code, message, sql());
    }
    generation_ = link_->generation;
    params_.assign(mysql_stmt_param_count(stmt_), Value{});
}

void MysqlStatement::fail() {
    end_result();
    const unsigned code = stmt_ ? mysql_stmt_errno(stmt_) : CR_SERVER_GONE_ERROR;
    throw_mysql_error(code, stmt_ ? mysql_stmt_error(stmt_) : "no statement", sql());
}

void MysqlStatement::end_result() {
    if (link_->streaming == this) link_->streaming = nullptr;
    state_ = State::done;
    has_row_ = false;
}

void MysqlStatement::check_column(int column) const {
    if (column < 0 || static_cast<unsigned>(column) >= columns_ || !has_row_)
        throw std::out_of_range(fmt::format("column {} of a statement with {} (no row: {}): {}",
                                            column, columns_, !has_row_, sql()));
}

bool MysqlStatement::is_null(int column) const {
    check_column(column);
    return nulls_[column] != 0;
}

std::string_view MysqlStatement::get_text(int column) const {
    check_column(column);
    if (nulls_[column]) return {};
    return {buffers_[column].data(), lengths_[column]};
}

std::int64_t MysqlStatement::get_int64(int column) const {
    const auto text = get_text(column);
    if (text.empty()) return 0;
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc{} && end == text.data() + text.size()) return value;
    // DECIMAL or DOUBLE text: truncate toward zero, saturating, as SQLite does.
    const double d = get_double(column);
    if (std::isnan(d)) return 0;
    if (d >= 9223372036854775807.0) return std::numeric_limits<std::int64_t>::max();
    if (d <= -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
    return static_cast<std::int64_t>(d);
}

double MysqlStatement::get_double(int column) const {
    const auto text = get_text(column);
    if (text.empty()) return 0;
    double value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

int MysqlStatement::column_count() const {
    return stmt_ ? static_cast<int>(mysql_stmt_field_count(stmt_)) : 0;
}

void MysqlStatement::do_bind(int index, const Value& value) {
    if (generation_ != link_->generation) ensure_prepared();
    if (index < 1 || static_cast<std::size_t>(index) > params_.size())
        throw ProgrammingError(fmt::format("bind index {} out of range: the statement has {} "
                                           "parameters",
                                           index, params_.size()),
                               sql());
    params_[static_cast<std::size_t>(index) - 1] = value;
}

void MysqlStatement::execute() {
    ensure_prepared();
    link_->yield(this);
    const auto count = params_.size();
    param_binds_.assign(count, MYSQL_BIND{});
    param_lengths_.assign(count, 0);
    for (std::size_t i = 0; i < count; ++i) {
        auto& b = param_binds_[i];
        auto& v = params_[i];
        if (auto* n = std::get_if<std::int64_t>(&v)) {
            b.buffer_type = MYSQL_TYPE_LONGLONG;
            b.buffer = n;
        } else if (auto* d = std::get_if<double>(&v)) {
            b.buffer_type = MYSQL_TYPE_DOUBLE;
            b.buffer = d;
        } else if (auto* s = std::get_if<std::string>(&v)) {
            b.buffer_type = MYSQL_TYPE_STRING;
            b.buffer = s->data();
            b.buffer_length = s->size();
            param_lengths_[i] = s->size();
            b.length = &param_lengths_[i];
        } else {
            b.buffer_type = MYSQL_TYPE_NULL;
        }
    }
    if (count && mysql_stmt_bind_param(stmt_, param_binds_.data())) fail();
    link_->before_statement(sql());
    if (mysql_stmt_execute(stmt_)) fail();

    columns_ = mysql_stmt_field_count(stmt_);
    if (columns_ == 0) {
        affected_ = static_cast<std::int64_t>(mysql_stmt_affected_rows(stmt_));
        if (const auto id = mysql_stmt_insert_id(stmt_))
            link_->last_insert_id = static_cast<std::int64_t>(id);
        return;
    }
    affected_ = 0;
    buffers_.resize(columns_);
    lengths_.assign(columns_, 0);
    nulls_.assign(columns_, 0);
    errors_.assign(columns_, 0);
    result_binds_.assign(columns_, MYSQL_BIND{});
    for (unsigned i = 0; i < columns_; ++i) {
        if (buffers_[i].size() < kInitialBuffer) buffers_[i].resize(kInitialBuffer);
        auto& b = result_binds_[i];
        b.buffer_type = MYSQL_TYPE_STRING;
        b.buffer = buffers_[i].data();
        b.buffer_length = buffers_[i].size();
        b.length = &lengths_[i];
        b.is_null = &nulls_[i];
        b.error = &errors_[i];
    }
    if (mysql_stmt_bind_result(stmt_, result_binds_.data())) fail();
    link_->streaming = this;
}

void MysqlStatement::fetch_truncated() {
    for (unsigned i = 0; i < columns_; ++i) {
        if (!errors_[i]) continue;
        errors_[i] = 0;
        buffers_[i].resize(std::max<std::size_t>(lengths_[i], buffers_[i].size() * 2));
        auto& b = result_binds_[i];
        b.buffer = buffers_[i].data();
        b.buffer_length = buffers_[i].size();
        if (mysql_stmt_fetch_column(stmt_, &b, i, 0)) fail();
    }
    // Later rows go straight into the bigger buffers.
    if (mysql_stmt_bind_result(stmt_, result_binds_.data())) fail();
}

bool MysqlStatement::fetch() {
    const int rc = mysql_stmt_fetch(stmt_);
    if (rc == MYSQL_NO_DATA) {
        end_result();
        return false;
    }
    if (rc == 1) fail();
    if (rc == MYSQL_DATA_TRUNCATED) fetch_truncated();
    has_row_ = true;
    return true;
}

bool MysqlStatement::do_step() {
    switch (state_) {
        case State::idle:
            state_ = State::done;  // until execution succeeds
            execute();
            if (columns_ == 0) return false;
            state_ = State::streaming;
            return fetch();
        case State::streaming:
            return fetch();
        case State::spilled:
            if (spilled_.empty()) {
                end_result();
                return false;
            }
            load(std::move(spilled_.front()));
            spilled_.pop_front();
            return true;
        case State::done:
            break;
    }
    return false;
}

MysqlStatement::Row MysqlStatement::snapshot() const {
    Row row(columns_);
    for (unsigned i = 0; i < columns_; ++i)
        if (!nulls_[i]) row[i].emplace(buffers_[i].data(), lengths_[i]);
    return row;
}

void MysqlStatement::load(Row row) {
    for (unsigned i = 0; i < columns_; ++i) {
        nulls_[i] = !row[i];
        buffers_[i] = row[i] ? std::move(*row[i]) : std::string();
        lengths_[i] = buffers_[i].size();
    }
    has_row_ = true;
}

void MysqlStatement::spill() {
    if (link_->streaming != this) return;
    std::optional<Row> current;
    if (has_row_) current = snapshot();
    std::deque<Row> rows;
    while (fetch())
        rows.push_back(snapshot());  // fetch() ends the stream at the last row
    spilled_ = std::move(rows);
    state_ = State::spilled;
    has_row_ = false;
    if (current) load(std::move(*current));
}

void MysqlStatement::do_reset() {
    if (link_->streaming == this) {
        link_->streaming = nullptr;
        if (stmt_ && generation_ == link_->generation) mysql_stmt_free_result(stmt_);
    }
    state_ = State::idle;
    has_row_ = false;
    spilled_.clear();
    std::fill(params_.begin(), params_.end(), Value{});
    for (auto& buffer : buffers_)
        if (buffer.capacity() > kKeepBuffer) std::string().swap(buffer);
}

// ---- connection ---------------------------------------------------------

MysqlConnection::MysqlConnection(const Dialect& dialect, const Url& url,
                                 const EngineOptions& options)
    : Connection(dialect), url_(url), options_(options), link_(std::make_shared<MysqlLink>()) {
    for (const auto& [key, value] : url_.query)
        // charset: SQLAlchemy URLs often carry it; every session is utf8mb4 anyway.
        if (key != "socket" && !(key == "charset" && (value == "utf8mb4" || value == "utf8")))
            throw UrlError(
                fmt::format("invalid database URL '{}': unknown parameter '{}' "
                            "(mysql URLs take ?socket=/path and ?charset=utf8mb4)",
                            url_.redacted(), key));
    static const bool library_ready = mysql_library_init(0, nullptr, nullptr) == 0;
    if (!library_ready) throw OperationalError("cannot initialise the MariaDB client library");
    auto fault = std::make_unique<MysqlTestFault>([this]() -> MYSQL* {
        try {
            return connect_session();
        } catch (const Error&) {
            return nullptr;
        }
    });
    if (fault->active()) link_->fault = std::move(fault);
    open();
}

MysqlConnection::~MysqlConnection() {
    // Statements close while the session is still open.
    drop_statements();
}

MYSQL* MysqlConnection::connect_session() const {
    MYSQL* mysql = mysql_init(nullptr);
    if (!mysql) throw OperationalError("cannot connect: the MariaDB client is out of memory");
    const auto seconds = [](auto duration) {
        return static_cast<unsigned>(std::max<long long>(1, duration.count()));
    };
    const unsigned connect_timeout = seconds(options_.connect_timeout);
    // A reply may legitimately take as long as a lock wait: never give up sooner.
    const unsigned read_timeout = static_cast<unsigned>(
        std::max<long long>(seconds(options_.read_timeout), lock_seconds(options_) + 10));
    const my_bool report_truncation = 1;
    const unsigned no_local_infile = 0;
    mysql_optionsv(mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    mysql_optionsv(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
    mysql_optionsv(mysql, MYSQL_OPT_READ_TIMEOUT, &read_timeout);
    mysql_optionsv(mysql, MYSQL_OPT_WRITE_TIMEOUT, &read_timeout);
    mysql_optionsv(mysql, MYSQL_REPORT_DATA_TRUNCATION, &report_truncation);
    mysql_optionsv(mysql, MYSQL_OPT_LOCAL_INFILE, &no_local_infile);

    const auto socket = url_.query.find("socket");
    if (socket != url_.query.end()) {
        const unsigned protocol = MYSQL_PROTOCOL_SOCKET;
        mysql_optionsv(mysql, MYSQL_OPT_PROTOCOL, &protocol);
    }
    const auto or_null = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
    // "localhost" goes through unchanged: the client library takes it to mean
    // the default unix socket. Found rows (not changed rows) are reported, as
    // SQLite does; scripts may hold several statements.
    if (!mysql_real_connect(mysql, or_null(url_.host), or_null(url_.user), or_null(url_.password),
                            url_.database.c_str(), url_.port.value_or(0),
                            socket != url_.query.end() ? socket->second.c_str() : nullptr,
                            CLIENT_MULTI_STATEMENTS | CLIENT_FOUND_ROWS)) {
        const unsigned code = mysql_errno(mysql);
        std::string message = mysql_error(mysql);
        mysql_close(mysql);
        // The server does not echo passwords, but make sure of it.
        if (!url_.password.empty())
            for (auto at = message.find(url_.password); at != std::string::npos;
                 at = message.find(url_.password, at + 3))
                message.replace(at, url_.password.size(), "***");
        throw_mysql_error(code, fmt::format("cannot connect to {}: {}", url_.redacted(), message),
                          {});
    }
    return mysql;
}

void MysqlConnection::open() {
    link_->mysql = connect_session();

    // Strict: over-long or invalid values are errors, never silently cut.
    // UTC: CURRENT_TIMESTAMP defaults and stored times are UTC, as on SQLite.
    // Lock waits follow the busy timeout (5 s by default), DDL waits for
    // metadata locks as long; READ COMMITTED: each statement sees the
    // latest committed rows, like SQLite's WAL readers.
    const auto lock_wait = lock_seconds(options_);
    run_script(fmt::format(
        "SET @@SESSION.sql_mode = 'STRICT_ALL_TABLES,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,"
        "NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', "
        "@@SESSION.time_zone = '+00:00', @@SESSION.innodb_lock_wait_timeout = {0}, "
        "@@SESSION.lock_wait_timeout = {0}; "
        "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
        lock_wait));
}

void MysqlConnection::reconnect() {
    MYSQL* old = std::exchange(link_->mysql, nullptr);
    link_->streaming = nullptr;  // its rows went with the old session
    ++link_->generation;         // statements prepare again on first use
    writer_locked_ = false;      // the server released it with the old session
    if (old) mysql_close(old);
    open();
}

void MysqlConnection::run_script(const std::string& sql) {
    MYSQL* mysql = link_->mysql;
    if (!mysql) connection_gone(sql);
    link_->yield(nullptr);
    const auto fail = [&] { throw_mysql_error(mysql_errno(mysql), mysql_error(mysql), sql); };
    link_->before_statement(sql);
    if (mysql_real_query(mysql, sql.data(), sql.size())) fail();
    // Every statement's result must be read before the connection is free;
    // the first failing statement ends the script with its error.
    for (;;) {
        if (MYSQL_RES* result = mysql_store_result(mysql))
            mysql_free_result(result);
        else if (mysql_field_count(mysql) != 0)
            fail();
        if (const auto id = mysql_insert_id(mysql))  // the last INSERT's, as on SQLite
            link_->last_insert_id = static_cast<std::int64_t>(id);
        const int more = mysql_next_result(mysql);
        if (more > 0) fail();
        if (more < 0) break;
    }
}

std::unique_ptr<Statement> MysqlConnection::do_prepare(const std::string& sql) {
    return std::make_unique<MysqlStatement>(*this, link_, sql);
}

void MysqlConnection::do_execute_script(const std::string& sql) {
    run_script(sql);
}

void MysqlConnection::do_begin(bool write) {
    // "READ WRITE" is MySQL's default access mode: the two spellings mean the
    // same to the server and tell a reader of the log which kind began.
    start(write ? "START TRANSACTION READ WRITE" : "START TRANSACTION");
    if (write) lock_writers();
}

void MysqlConnection::do_begin_snapshot() {
    // Sessions run READ COMMITTED (each statement sees the latest commits); a
    // snapshot is one REPEATABLE READ transaction whose statements all read
    // the state of its start, as a SQLite read transaction does. SET
    // TRANSACTION without SESSION applies to the next transaction only.
    start(
        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; "
        "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
}

void MysqlConnection::start(const std::string& sql) {
    try {
        execute_script(sql);
    } catch (const OperationalError& e) {
        // Before a transaction's first statement nothing can be lost: reopen
        // the session once and begin again.
        if (!mysql_connection_lost(static_cast<unsigned>(e.code()))) throw;
        reconnect();
        run_script(sql);
    }
}

void MysqlConnection::do_commit() {
    try {
        execute_script("COMMIT");  // when it fails, the rollback that follows unlocks
    } catch (const OperationalError& e) {
        // The server may have committed and then lost us, or lost us first:
        // nobody can tell from here, so nobody may run the work again.
        if (!mysql_connection_lost(static_cast<unsigned>(e.code()))) throw;
        throw CommitUnknown(fmt::format("the connection to the server was lost during COMMIT, so "
                                        "the change may or may not have been applied ({})",
                                        e.what()),
                            "COMMIT", e.code(), false);
    }
    unlock_writers();
}

void MysqlConnection::do_rollback() {
    try {
        execute_script("ROLLBACK");
    } catch (...) {
        unlock_writers();
        throw;
    }
    unlock_writers();
}

void MysqlConnection::lock_writers() {
    if (writer_locked_) return;
    if (writer_lock_.empty()) {
        // One lock per database (names are server-wide), spelled in hex so
        // that no name needs quoting; GET_LOCK names stop at 64 characters.
        const auto name = ("orm-writer:" + url_.database).substr(0, 64);
        writer_lock_ = "X'";
        for (unsigned char c : name)
            writer_lock_ += fmt::format("{:02x}", c);
        writer_lock_ += "'";
    }
    const auto seconds = lock_seconds(options_);
    const auto sql = fmt::format("SELECT GET_LOCK({}, {})", writer_lock_, seconds);
    MYSQL* mysql = link_->mysql;
    link_->before_statement(sql);
    if (mysql_real_query(mysql, sql.data(), sql.size()))
        throw_mysql_error(mysql_errno(mysql), mysql_error(mysql), sql);
    MYSQL_RES* result = mysql_store_result(mysql);
    if (!result) throw_mysql_error(mysql_errno(mysql), mysql_error(mysql), sql);
    MYSQL_ROW row = mysql_fetch_row(result);
    const bool locked = row && row[0] && std::string_view(row[0]) == "1";
    mysql_free_result(result);
    if (locked) {
        writer_locked_ = true;
        return;
    }
    try {
        run_script("ROLLBACK");
    } catch (const DatabaseError&) {
        // The transaction goes with the session anyway.
    }
    throw OperationalError(
        fmt::format("another writer held {} for more than {} s (MySQL writer lock wait timeout)",
                    url_.redacted(), seconds),
        sql, ER_LOCK_WAIT_TIMEOUT, true);
}

void MysqlConnection::unlock_writers() noexcept {
    if (!writer_locked_) return;
    writer_locked_ = false;
    try {
        run_script(fmt::format("DO RELEASE_LOCK({})", writer_lock_));
    } catch (...) {
        // A lost session has released it already.
    }
}

}  // namespace orm
