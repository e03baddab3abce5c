// The SQLite backend, built into the ORM (backends/backend.hpp).
#include <fmt/format.h>
#include <sqlite3.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "../backend.hpp"
#include "dialect.hpp"

namespace orm {

namespace {

LibraryVersions versions() {
    // SQLiteCpp spells 3.2.1 as 3002001.
    const long n = SQLITECPP_VERSION_NUMBER;
    return {{"sqlite", sqlite3_libversion()},  // the loaded library, not the header
            {"SQLiteCpp", fmt::format("{}.{}.{}", n / 1000000, n / 1000 % 1000, n % 1000)}};
}

}  // namespace

const Backend& sqlite_backend() {
    static const SqliteDialect dialect;
    static const Backend backend{.name = "sqlite", .dialect = &dialect, .versions = &versions};
    return backend;
}

}  // namespace orm
