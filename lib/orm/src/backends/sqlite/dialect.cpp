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
