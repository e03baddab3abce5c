#pragma once
// SQLite result codes onto the ORM's error types, in one place: by the
// (extended) result code, never by message text.
#include <SQLiteCpp/Exception.h>

#include <string>

namespace orm {

// Throws the ORM error for a SQLiteCpp exception raised running `statement`.
[[noreturn]] void throw_sqlite_error(const SQLite::Exception& e, const std::string& statement);

}  // namespace orm
