#include "errors.hpp"

#include <sqlite3.h>

#include "orm/errors.hpp"

namespace orm {

void throw_sqlite_error(const SQLite::Exception& e, const std::string& statement) {
    const int code = e.getExtendedErrorCode();
    const std::string message = e.what();
    switch (code & 0xFF) {
        case SQLITE_CONSTRAINT:
            throw IntegrityError(message, statement, code);
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            throw OperationalError(message, statement, code, true);
        case SQLITE_ERROR:
        case SQLITE_MISUSE:
        case SQLITE_RANGE:
            throw ProgrammingError(message, statement, code);
        default:
            // CANTOPEN, NOTADB, CORRUPT, READONLY, IOERR, FULL, PERM, TOOBIG...
            throw OperationalError(message, statement, code);
    }
}

}  // namespace orm
