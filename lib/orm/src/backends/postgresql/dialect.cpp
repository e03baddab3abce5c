#include "dialect.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "connection.hpp"
#include "orm/connection.hpp"
#include "orm/errors.hpp"

namespace orm {

std::unique_ptr<Connection> PostgresqlDialect::connect(const Url& url,
                                                       const EngineOptions& options) const {
    return std::make_unique<PostgresqlConnection>(*this, url, options);
}

bool PostgresqlDialect::has_table(Connection& connection, std::string_view table) const {
    auto statement = connection.prepare(
        "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
        "AND tablename = ?");
    statement->bind(1, std::string(table));
    return statement->step();
}

std::vector<std::string> PostgresqlDialect::table_columns(Connection& connection,
                                                          std::string_view table) const {
    auto statement = connection.prepare(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = ? ORDER BY ordinal_position");
    statement->bind(1, std::string(table));
    std::vector<std::string> out;
    while (statement->step())
        out.emplace_back(statement->get_text(0));
    return out;
}

void PostgresqlDialect::conform_columns(Connection& connection, const TableDef& table) const {
    struct Existing {
        std::string name, type, collation;
        std::int64_t length = 0;
    };
    std::vector<Existing> existing;
    {
        auto statement = connection.prepare(
            "SELECT column_name, data_type, COALESCE(character_maximum_length, 0), "
            "COALESCE(collation_name, '') FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ?");
        statement->bind(1, table.name());
        while (statement->step())
            existing.push_back({std::string(statement->get_text(0)),
                                std::string(statement->get_text(1)),
                                std::string(statement->get_text(3)), statement->get_int64(2)});
    }
    std::string changes;
    for (const auto& column : table.columns()) {
        if (column.primary_key) continue;
        const auto found = std::find_if(existing.begin(), existing.end(),
                                        [&](const Existing& e) { return e.name == column.name; });
        if (found == existing.end()) continue;
        const auto& e = *found;
        const bool varchar = e.type == "character varying" || e.type == "character";
        std::string type;
        if (column.type == ColumnType::Varchar && varchar &&
            (e.length < column.length || e.collation != "C")) {
            // Keeps a longer VARCHAR: only ever widens.
            auto wider = column;
            wider.length = static_cast<int>(std::max<std::int64_t>(e.length, column.length));
            type = compiler_.column_type(wider);
        } else if (column.type == ColumnType::Text &&
                   (varchar || (e.type == "text" && e.collation != "C"))) {
            type = compiler_.column_type(column);
        }
        if (type.empty()) continue;
        // Defaults and NOT NULL stay as they are.
        changes += fmt::format("{}ALTER COLUMN {} TYPE {}", changes.empty() ? " " : ", ",
                               quote(column.name), type);
    }
    if (changes.empty()) return;
    connection.clear_statement_cache();
    connection.execute_script("ALTER TABLE " + quote(table.name()) + changes);
}

}  // namespace orm
