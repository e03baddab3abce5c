// The MySQL / MariaDB backend module, orm-mysql.so (backends/backend.hpp).
// Its only exported symbol is orm_backend(); everything else, its copy of
// the ORM's core included, is hidden.
#include <mysql.h>

#include "../backend.hpp"
#include "dialect.hpp"

namespace {

orm::LibraryVersions versions() {
    return {{"mariadb-client", mysql_get_client_info()}};
}

}  // namespace

extern "C" __attribute__((visibility("default"))) const orm::Backend* orm_backend() {
    static const orm::MysqlDialect dialect;
    static const orm::Backend backend{.name = "mysql", .dialect = &dialect, .versions = &versions};
    return &backend;
}
