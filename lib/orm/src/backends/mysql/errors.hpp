#pragma once
// MySQL / MariaDB error numbers onto the ORM's error types, in one place.
// Codes decide, never message text: server errors (1xxx, 3xxx, 4xxx) come
// from mysql_errno / mysql_stmt_errno, client errors (2xxx) from the
// connector itself.
#include <string>
#include <string_view>

namespace orm {

// Throws the ORM error for MySQL error `code`; the message keeps the server's
// text (which names the value and key) and adds the code.
[[noreturn]] void throw_mysql_error(unsigned code, std::string_view message,
                                    const std::string& statement);

// The connection is unusable: the server went away, closed or killed it.
bool mysql_connection_lost(unsigned code);

// Worth retrying the whole transaction: gone away, lock wait timeout, deadlock.
bool mysql_transient(unsigned code);

}  // namespace orm
