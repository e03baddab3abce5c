#include "errors.hpp"

#include <fmt/format.h>

#include "orm/errors.hpp"

namespace orm {

int sqlstate_code(std::string_view sqlstate) {
    int out = 0;
    for (char c : sqlstate.substr(0, 5)) {
        const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : 0;
        out = out * 36 + digit;
    }
    return out;
}

bool postgresql_connection_lost(std::string_view sqlstate) {
    // Class 08 (connection exception), 57P01 admin_shutdown, 57P02
    // crash_shutdown, 57P03 cannot_connect_now; "" is libpq's own failure
    // (no server reply at all).
    return sqlstate.empty() || sqlstate.starts_with("08") || sqlstate == "57P01" ||
           sqlstate == "57P02" || sqlstate == "57P03";
}

void throw_postgresql_error(std::string_view sqlstate, std::string_view message,
                            const std::string& statement) {
    std::string text(message);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    text = fmt::format("{} (PostgreSQL SQLSTATE {})", text, sqlstate.empty() ? "none" : sqlstate);
    const int code = sqlstate_code(sqlstate);
    const auto klass = sqlstate.substr(0, 2);
    // 23: integrity constraint violation (unique 23505, foreign key 23503,
    // not null 23502, check 23514). 22: a value the column refuses (too long
    // 22001, out of range 22003, invalid text 22P02/22021): the ORM validates
    // before SQL runs, so these only come from values written around the
    // models; like MySQL's strict-mode errors they are IntegrityError.
    if (klass == "23" || klass == "22") throw IntegrityError(text, statement, code);
    // 42: syntax error or access rule violation, except 42501
    // insufficient_privilege, which is the database refusing, not a bug.
    // 26000: no such prepared statement; 34000: no such cursor; 0A: not supported.
    if ((klass == "42" && sqlstate != "42501") || sqlstate == "26000" || sqlstate == "34000" ||
        klass == "0A")
        throw ProgrammingError(text, statement, code);
    // Worth retrying the transaction: serialization failure, deadlock, lock
    // not available (lock_timeout), too many connections, connection lost.
    const bool transient = sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03" ||
                           sqlstate == "53300" || postgresql_connection_lost(sqlstate);
    throw OperationalError(text, statement, code, transient);
}

}  // namespace orm
