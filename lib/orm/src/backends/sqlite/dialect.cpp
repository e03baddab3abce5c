#include "dialect.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "connection.hpp"
#include "orm/connection.hpp"
#include "orm/errors.hpp"

namespace orm {

std::unique_ptr<Connection> SqliteDialect::connect(const Url& url,
                                                   const EngineOptions& options) const {
    return std::make_unique<SqliteConnection>(*this, url, options);
}

bool SqliteDialect::database_exists(const Url& url) const {
    std::error_code ec;
    return url.memory || std::filesystem::exists(url.path, ec);
}

std::vector<std::string> SqliteDialect::suspend_indexes(Connection& connection,
                                                        const TableDef& table) const {
    bool empty = true;
    {
        auto any = connection.prepare("SELECT 1 FROM " + quote(table.name()) + " LIMIT 1");
        empty = !any->step();
    }
    if (!empty) {
        // Loading into a filled table updates its indexes row by row; a
        // larger page cache keeps the pages they touch (16 MiB does as well
        // as 64 MiB at 1,000,000 notes, measured, at a quarter of the memory).
        connection.execute_script("PRAGMA cache_size = -16384");
        return {};
    }
    // Empty: the indexes are built after the load, in one sorted pass each,
    // which needs no more than the connection's own cache (a 1,000,000-note
    // import: as fast as row by row with 16 MiB, in 10 MiB instead of 28).
    // SQL that is NULL belongs to UNIQUE and PRIMARY KEY constraints, which stay.
    std::vector<std::string> names;
    std::vector<std::string> suspended;
    {
        auto indexes = connection.prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND "
            "sql IS NOT NULL");
        indexes->bind(1, table.name());
        while (indexes->step()) {
            names.emplace_back(indexes->get_text(0));
            suspended.emplace_back(indexes->get_text(1));
        }
    }
    for (const auto& name : names)
        connection.execute_script("DROP INDEX " + quote(name));
    return suspended;
}

void SqliteDialect::resume_indexes(Connection& connection,
                                   const std::vector<std::string>& suspended) const {
    for (const auto& sql : suspended)
        connection.execute_script(sql);
}

bool SqliteDialect::has_table(Connection& connection, std::string_view table) const {
    auto statement =
        connection.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    statement->bind(1, std::string(table));
    return statement->step();
}

std::size_t SqliteDialect::count_tables(Connection& connection,
                                        const std::vector<std::string>& tables) const {
    if (tables.empty()) return 0;
    std::string sql = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?";
    for (std::size_t i = 1; i < tables.size(); ++i)
        sql += ", ?";
    sql += ")";
    auto statement = connection.prepare(sql);
    for (std::size_t i = 0; i < tables.size(); ++i)
        statement->bind(static_cast<int>(i) + 1, tables[i]);
    return statement->step() ? static_cast<std::size_t>(statement->get_int64(0)) : 0;
}

std::vector<std::string> SqliteDialect::table_columns(Connection& connection,
                                                      std::string_view table) const {
    auto statement = connection.prepare("SELECT name FROM pragma_table_info(?)");
    statement->bind(1, std::string(table));
    std::vector<std::string> out;
    while (statement->step())
        out.emplace_back(statement->get_text(0));
    return out;
}

void SqliteDialect::add_columns(Connection& connection, const TableDef& table,
                                const std::vector<const ColumnDef*>&) const {
    // SQLite cannot ADD COLUMN with a non-constant default such as
    // CURRENT_TIMESTAMP, so the table is rebuilt (SQLite's documented
    // procedure; foreign keys are off around it, see set_foreign_keys).
    const auto existing = table_columns(connection, table.name());
    std::string common;
    for (const auto& column : table.columns()) {
        if (std::find(existing.begin(), existing.end(), column.name) == existing.end()) continue;
        if (!common.empty()) common += ", ";
        common += quote(column.name);
    }
    const auto name = quote(table.name());
    const auto rebuilt = quote(table.name() + "__rebuilt");
    auto create = compiler_.create_table(table);
    create.replace(create.find(name), name.size(), rebuilt);
    connection.execute_script(create);
    connection.execute_script(
        fmt::format("INSERT INTO {} ({}) SELECT {} FROM {}", rebuilt, common, common, name));
    connection.execute_script("DROP TABLE " + name);
    connection.execute_script(fmt::format("ALTER TABLE {} RENAME TO {}", rebuilt, name));
}

void SqliteDialect::set_foreign_keys(Connection& connection, bool on) const {
    connection.execute_script(on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
}

}  // namespace orm
