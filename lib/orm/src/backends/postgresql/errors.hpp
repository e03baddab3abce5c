#pragma once
// PostgreSQL SQLSTATEs onto the ORM's error types, in one place. The SQLSTATE
// decides, never the message text. DatabaseError::code() holds the SQLSTATE
// as a base-36 number (sqlstate_code), so that "23505" stays recognisable;
// the message names it as written.
#include <string>
#include <string_view>

namespace orm {

// "23505" -> its base-36 value (every SQLSTATE is 5 digits or capital letters).
int sqlstate_code(std::string_view sqlstate);

// Throws the ORM error for `sqlstate`; the message keeps the server's text
// (which names the value and the constraint) and adds the SQLSTATE.
[[noreturn]] void throw_postgresql_error(std::string_view sqlstate, std::string_view message,
                                         const std::string& statement);

// The session is unusable: the server went away, shut down or ended it.
bool postgresql_connection_lost(std::string_view sqlstate);

}  // namespace orm
