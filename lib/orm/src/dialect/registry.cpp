// The one place that knows every backend: a URL's backend name to its dialect.
#include "mysql/mysql_dialect.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/errors.hpp"
#include "sqlite/sqlite_dialect.hpp"

namespace orm {

const Dialect& dialect_for(const Url& url) {
    static const SqliteDialect sqlite;
    static const MysqlDialect mysql;
    if (url.backend == "sqlite") return sqlite;
    if (url.backend == "mysql") return mysql;
    throw UrlError("no dialect for the '" + url.backend + "' backend in this build");
}

}  // namespace orm
