#include "orm/dialect/dialect.hpp"

#include <fmt/format.h>

#include "orm/connection.hpp"
#include "orm/dialect/compiler.hpp"
#include "orm/errors.hpp"

namespace orm {

Dialect::~Dialect() = default;

std::string Dialect::quote(std::string_view identifier) const {
    return compiler().quote(identifier);
}

void Dialect::create_table(Connection& connection, const TableDef& table) const {
    const auto& sql = compiler();
    connection.execute_script(sql.create_table(table));
    for (const auto& index : sql.create_indexes(table))
        connection.execute_script(index.sql);
}

std::vector<std::string> Dialect::table_columns(Connection&, std::string_view table) const {
    throw std::logic_error(
        fmt::format("orm: the {} dialect cannot list the columns of {}", name(), table));
}

void Dialect::add_columns(Connection& connection, const TableDef& table,
                          const std::vector<const ColumnDef*>& missing) const {
    if (!missing.empty()) connection.execute_script(compiler().add_columns(table, missing));
}

void Dialect::conform_columns(Connection&, const TableDef&) const {}

void Dialect::set_foreign_keys(Connection&, bool) const {}

std::vector<std::string> Dialect::suspend_indexes(Connection&, const TableDef&) const {
    return {};
}

void Dialect::resume_indexes(Connection&, const std::vector<std::string>&) const {}

std::optional<std::int64_t> Dialect::suspend_fulltext(Connection&, const TableDef&,
                                                      const ColumnDef&) const {
    return std::nullopt;
}

void Dialect::resume_fulltext(Connection&, const TableDef&, const ColumnDef&, std::int64_t) const {}

std::size_t Dialect::count_tables(Connection& connection,
                                  const std::vector<std::string>& tables) const {
    std::size_t n = 0;
    for (const auto& table : tables)
        n += has_table(connection, table) ? 1 : 0;
    return n;
}

std::optional<std::int64_t> Dialect::suspend_counter(Connection&, const TableDef&,
                                                     const ColumnDef&) const {
    return std::nullopt;
}

void Dialect::resume_counter(Connection&, const TableDef&, const ColumnDef&, std::int64_t) const {}

}  // namespace orm
