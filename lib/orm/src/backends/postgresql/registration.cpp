// The PostgreSQL backend module, orm-postgresql.so (backends/backend.hpp).
// Its only exported symbol is orm_backend(); everything else, its copy of
// the ORM's core included, is hidden.
#include <fmt/format.h>
#include <libpq-fe.h>

#include "../backend.hpp"
#include "dialect.hpp"

namespace {

orm::LibraryVersions versions() {
    // PQlibVersion: 150014 is 15.14 (PostgreSQL 10 and later).
    const int v = PQlibVersion();
    return {{"libpq", fmt::format("{}.{}", v / 10000, v % 10000)}};
}

}  // namespace

extern "C" __attribute__((visibility("default"))) const orm::Backend* orm_backend() {
    static const orm::PostgresqlDialect dialect;
    static const orm::Backend backend{
        .name = "postgresql", .dialect = &dialect, .versions = &versions};
    return &backend;
}
